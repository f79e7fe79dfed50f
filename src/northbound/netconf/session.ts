/**
 * One NETCONF session over one SSH channel: the hello exchange, then `rpc` after `rpc`, each answered
 * in order with an `rpc-reply` echoing the rpc's attributes (message-id included, RFC 6241 §4.2).
 * Bad input never ends the session unless the stream itself is broken: malformed XML, an unknown
 * operation or a missing message-id each get an `rpc-error`; a framing error or an oversized message
 * gets one too, then the session ends (the byte stream cannot be resynchronised). A bad client hello
 * ends the session at once (RFC 6241 §8.1). Transport-agnostic: it writes bytes and asks to end.
 */
import type { Logger } from 'pino';
import { isDomainError } from '../../domain/errors.ts';
import { parseXml, type DocumentLimits, type XmlNode } from '../../xml/parse.ts';
import { XmlWriter } from '../../xml/writer.ts';
import { encodeFrame, FrameDecoder, type FramingMode } from './framing.ts';
import { readClientHello, renderHello } from './hello.ts';
import type { Subscription } from './notifications/deps.ts';
import type { Reply, ServerParts, SessionContext } from './operation-context.ts';
import { runOperation } from './operations.ts';
import { protocolErrors, rpcErrorFieldsOf, writeRpcError, type RpcErrorFields } from './rpc-error.ts';
import { namespaces, writeNode } from './xml-tree.ts';

export interface SessionOptions {
  id: number;
  parts: ServerParts;
  maxMessageBytes: number;
  /** `limits.xml.*` as they are now (asked per message, so a run-time change reaches the next one); default the parser's ceiling. */
  documentLimits?(): DocumentLimits;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** False when the transport's buffer is full: `drained()` resolves when it has room again. */
  write(bytes: Buffer): boolean;
  drained(): Promise<void>;
  /** Closes the transport; `closed()` follows. */
  end(): void;
  /** The client's hello was accepted (the server stops its hello deadline). */
  onHello?(): void;
}

export class NetconfSession implements SessionContext {
  readonly id: number;
  readonly parts: ServerParts;
  subscription: Subscription | undefined;
  readonly #opts: SessionOptions;
  readonly #decoder: FrameDecoder;
  #framing: FramingMode = 'eom';
  #helloDone = false;
  #ending = false;
  #closed = false;
  #endAfterReply = false;
  /** RPCs run one at a time, so replies leave in request order. */
  #queue: Promise<void> = Promise.resolve();

  constructor(opts: SessionOptions) {
    this.id = opts.id;
    this.parts = opts.parts;
    this.#opts = opts;
    this.#decoder = new FrameDecoder(opts.maxMessageBytes);
  }

  start(): void {
    this.#write(renderHello(this.id));
  }

  receive(chunk: Buffer): void {
    if (this.#ending) return;
    this.#decodeWith(() => this.#decoder.push(chunk));
  }

  send(xml: string): void | Promise<void> {
    if (!this.#write(xml)) return this.#opts.drained();
  }

  endAfterReply(): void {
    this.#endAfterReply = true;
  }

  /** The transport closed, however: the lock and the subscription go with the session. */
  closed(): void {
    this.#ending = true;
    this.#closed = true;
    this.subscription?.close();
    this.subscription = undefined;
    this.parts.sessions.remove(this.id);
  }

  #decodeWith(decode: () => string[]): void {
    let messages: string[];
    try {
      messages = decode();
    } catch (err) {
      // The stream is broken: say why (no message-id can be known), then end the session.
      this.#ending = true;
      const refusal = isDomainError(err, 'INVALID_INPUT') ? protocolErrors.malformedMessage(err.message) : err;
      this.#queue = this.#queue.then(() => {
        this.#reply({}, rpcErrorFieldsOf(refusal));
        this.#opts.end();
      });
      return;
    }
    for (const message of messages) this.#accept(message);
  }

  #accept(message: string): void {
    if (this.#ending) return;
    if (!this.#helloDone) {
      this.#clientHello(message);
      return;
    }
    this.#queue = this.#queue.then(() => this.#rpc(message)).catch((err: unknown) => this.#opts.log.error({ err, session: this.id }, 'NETCONF session failed'));
  }

  #clientHello(message: string): void {
    let root: XmlNode | undefined;
    try {
      root = parseXml(message, this.#opts.documentLimits?.());
    } catch (err) {
      return this.#refuseHello(isDomainError(err) ? err.message : String(err));
    }
    const hello = readClientHello(root);
    if ('refused' in hello) return this.#refuseHello(hello.refused);
    this.#helloDone = true;
    this.#opts.onHello?.();
    this.#framing = hello.framing;
    this.#decoder.mode = hello.framing;
    this.#decodeWith(() => this.#decoder.drain());
  }

  #refuseHello(reason: string): void {
    this.#opts.log.warn({ session: this.id, reason }, 'NETCONF client hello refused; session ended');
    this.#ending = true;
    this.#opts.end();
  }

  async #rpc(message: string): Promise<void> {
    if (this.#ending) return;
    let root: XmlNode;
    try {
      root = parseXml(message, this.#opts.documentLimits?.());
    } catch (err) {
      return this.#reply({}, rpcErrorFieldsOf(isDomainError(err) ? protocolErrors.malformedMessage(err.message) : err));
    }
    if (root.name !== 'rpc') return this.#reply({}, rpcErrorFieldsOf(protocolErrors.notAnRpc(root.name)));
    const attributes = root.attributes;
    if (attributes['message-id'] === undefined) return this.#reply(attributes, rpcErrorFieldsOf(protocolErrors.missingMessageId()));
    const [operation, ...extra] = root.children;
    if (!operation) return this.#reply(attributes, rpcErrorFieldsOf(protocolErrors.missingElement('operation', 'rpc')));
    if (extra.length > 0) return this.#reply(attributes, rpcErrorFieldsOf(protocolErrors.unknownElement(extra[0]!.name, 'rpc (one operation per rpc)')));
    let reply: Reply | RpcErrorFields;
    try {
      reply = await runOperation(this, operation);
    } catch (err) {
      reply = rpcErrorFieldsOf(err);
      if (reply.appTag === '500') this.#opts.log.error({ err, session: this.id, operation: operation.name }, 'NETCONF operation failed');
    }
    this.#reply(attributes, reply);
    if (this.#endAfterReply) {
      this.#ending = true;
      this.#opts.end();
    }
  }

  #reply(attributes: Readonly<Record<string, string>>, reply: Reply | RpcErrorFields): void {
    const w = new XmlWriter().declaration().start('rpc-reply', { xmlns: namespaces.base, ...attributes });
    if (reply === 'ok') w.start('ok').end();
    else if (Array.isArray(reply)) for (const node of reply as readonly XmlNode[]) writeNode(w, node, namespaces.base);
    else writeRpcError(w, reply as RpcErrorFields);
    this.#write(w.end().toString());
  }

  /**
   * Nothing is written once the transport is gone (a reply still being computed then is dropped).
   * False when the transport's buffer is full (`drained()` then); a gone transport has nothing to wait for.
   */
  #write(xml: string): boolean {
    if (this.#closed) return true;
    return this.#opts.write(encodeFrame(xml, this.#framing));
  }
}
