/**
 * A NETCONF client session (RFC 6241 §8.1, RFC 6242 §4) over any byte stream: the SSH channel of
 * `connect.ts` in use, an in-memory pair in tests. Both sides send `<hello>` at once in
 * end-of-message framing; when both name base:1.1, every later message in either direction is
 * chunked. Requests carry increasing message-ids and each reply settles the request it names, so
 * replies and notifications may interleave (RFC 5277 interleave). Every message that arrives is
 * read through `src/xml/parse.ts` (DTDs and entities refused); its text is kept too, because the
 * CLI prints the server's document as it came.
 */
import type { Duplex } from 'node:stream';
import { netconfBaseNamespace } from '../../datamodel/namespaces.ts';
import { encodeFrame, FrameDecoder, type FramingMode } from '../../northbound/netconf/framing.ts';
import { parseXml, type XmlNode } from '../../xml/parse.ts';

export const base10 = 'urn:ietf:params:netconf:base:1.0';
export const base11 = 'urn:ietf:params:netconf:base:1.1';

/** One message from the server: its text as sent and its element tree. */
export interface Message {
  readonly text: string;
  readonly document: XmlNode;
}

export interface SessionOptions {
  /** How long the server may take to send its hello. */
  readonly helloTimeoutMs?: number;
  /** The largest message accepted from the server (a whole opdata document fits). */
  readonly maxMessageBytes?: number;
}

interface Pending {
  resolve(reply: Message): void;
  reject(err: Error): void;
}

export class NetconfSession {
  readonly #stream: Duplex;
  readonly #decoder: FrameDecoder;
  #framing: FramingMode = 'eom';
  #nextId = 1;
  readonly #pending = new Map<string, Pending>();
  #hello: Pending | undefined;
  #onNotification: ((n: Message) => void) | undefined;
  #closedBy: Error | undefined;
  readonly #closed: Promise<Error>;
  #serverHello: XmlNode | undefined;

  private constructor(stream: Duplex, opts: SessionOptions) {
    this.#stream = stream;
    this.#decoder = new FrameDecoder(opts.maxMessageBytes ?? 256 * 1024 * 1024);
    this.#closed = new Promise((resolve) => {
      const end = (err?: Error) => {
        if (this.#closedBy) return;
        this.#closedBy = err ?? new Error('the NETCONF session was closed by the server');
        this.#failAll(this.#closedBy);
        resolve(this.#closedBy);
      };
      stream.on('data', (chunk: Buffer) => {
        try {
          // The decoder hands the hello back alone; what follows it is read once the framing is settled.
          for (let messages = this.#decoder.push(chunk); messages.length > 0; messages = this.#decoder.drain()) {
            for (const message of messages) this.#receive(message);
          }
        } catch (err) {
          end(new Error(`the server sent a message this client cannot read: ${(err as Error).message}`));
          stream.destroy();
        }
      });
      stream.on('error', (err: Error) => end(err));
      stream.on('close', () => end());
      stream.on('end', () => end());
    });
  }

  /** Sends our hello, waits for the server's and settles the framing. */
  static async open(stream: Duplex, opts: SessionOptions = {}): Promise<NetconfSession> {
    const session = new NetconfSession(stream, opts);
    await session.#exchangeHellos(opts.helloTimeoutMs ?? 10_000);
    return session;
  }

  get sessionId(): string | undefined {
    return this.#serverHello?.children.find((c) => c.name === 'session-id')?.text.trim();
  }

  get serverCapabilities(): string[] {
    const list = this.#serverHello?.children.find((c) => c.name === 'capabilities');
    return (list?.children ?? []).filter((c) => c.name === 'capability').map((c) => c.text.trim());
  }

  /** Resolves with the reason once the session has ended, whoever ended it. */
  get closed(): Promise<Error> {
    return this.#closed;
  }

  /** Sends `operation` (the element inside `<rpc>`) and resolves with the `<rpc-reply>` naming it. */
  rpc(operation: string): Promise<Message> {
    if (this.#closedBy) return Promise.reject(this.#closedBy);
    const id = String(this.#nextId++);
    const reply = new Promise<Message>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    this.#send(`<rpc xmlns="${netconfBaseNamespace}" message-id="${id}">${operation}</rpc>`);
    return reply;
  }

  /** Every `<notification>` that arrives from now on goes to `listener`. */
  onNotification(listener: (notification: Message) => void): void {
    this.#onNotification = listener;
  }

  /**
   * `<close-session>` (RFC 6241 §7.8), then the stream is ended. A session already gone just ends; a
   * server that does not answer within a few seconds is not waited for longer.
   */
  async close(): Promise<void> {
    if (!this.#closedBy) await within(this.rpc('<close-session/>'), 5_000, 'no answer to close-session').catch(() => undefined);
    this.#stream.end();
  }

  async #exchangeHellos(timeoutMs: number): Promise<void> {
    const hello = new Promise<Message>((resolve, reject) => (this.#hello = { resolve, reject }));
    this.#send(`<hello xmlns="${netconfBaseNamespace}"><capabilities><capability>${base10}</capability><capability>${base11}</capability></capabilities></hello>`);
    try {
      await within(hello, timeoutMs, `the server sent no NETCONF hello within ${timeoutMs} ms`);
    } catch (err) {
      this.#stream.destroy();
      throw err;
    }
  }

  #send(message: string): void {
    this.#stream.write(encodeFrame(`<?xml version="1.0" encoding="UTF-8"?>\n${message}`, this.#framing));
  }

  #receive(text: string): void {
    const document = parseXml(text);
    const message = { text, document };
    if (this.#hello) {
      const hello = this.#hello;
      this.#hello = undefined;
      if (document.name !== 'hello') return hello.reject(new Error(`the server's first message was <${document.name}>, not <hello>`));
      this.#serverHello = document;
      // RFC 6242 §4.1: chunked framing once both hellos name base:1.1, for the rest of the session.
      if (this.serverCapabilities.includes(base11)) {
        this.#framing = 'chunked';
        this.#decoder.mode = 'chunked';
      }
      hello.resolve(message);
    } else if (document.name === 'rpc-reply') {
      this.#settle(document.attributes['message-id'], message);
    } else if (document.name === 'notification') {
      this.#onNotification?.(message);
    }
  }

  /** A reply names its request; one without a message-id (the server could not read ours) answers the only one waiting. */
  #settle(id: string | undefined, reply: Message): void {
    const key = id ?? (this.#pending.size === 1 ? [...this.#pending.keys()][0] : undefined);
    const pending = key === undefined ? undefined : this.#pending.get(key);
    if (!pending) return;
    this.#pending.delete(key!);
    pending.resolve(reply);
  }

  #failAll(err: Error): void {
    this.#hello?.reject(err);
    this.#hello = undefined;
    for (const pending of this.#pending.values()) pending.reject(err);
    this.#pending.clear();
  }
}

/** `work`, or a rejection with `message` if `ms` pass first. */
async function within<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
