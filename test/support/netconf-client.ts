/**
 * A small NETCONF client for the end-to-end tests: real SSH (ssh2's Client) to the manager's
 * NETCONF port, the hello exchange (base:1.1 → chunked framing, unless told to speak 1.0 only),
 * `rpc` with increasing message-ids, and raw writes for the bad-input tests.
 */
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { encodeFrame, FrameDecoder, type FramingMode } from '../../src/northbound/netconf/framing.ts';
import { parseXml, type XmlNode } from '../../src/xml/parse.ts';

export interface ConnectOptions {
  port: number;
  username?: string;
  password?: string;
  privateKey?: string;
  /** Advertise only base:1.0 (end-of-message framing throughout). */
  base10Only?: boolean;
  /** Send no hello: the test writes its own. */
  noHello?: boolean;
}

const base = 'urn:ietf:params:xml:ns:netconf:base:1.0';

export class NetconfTestClient {
  readonly serverHello: XmlNode;
  readonly sessionId: number;
  readonly framing: FramingMode;
  /** Every notification received, as text. */
  readonly notifications: string[] = [];
  readonly closed: Promise<void>;
  readonly #client: ssh2.Client;
  readonly #channel: ClientChannel;
  readonly #waiting: ((message: string) => void)[] = [];
  readonly #queued: string[] = [];
  #nextId = 1;

  private constructor(client: ssh2.Client, channel: ClientChannel, decoder: FrameDecoder, hello: string, framing: FramingMode) {
    this.#client = client;
    this.#channel = channel;
    this.serverHello = parseXml(hello);
    this.sessionId = Number(this.serverHello.children.find((c) => c.name === 'session-id')?.text);
    this.framing = framing;
    this.closed = new Promise((resolve) => client.once('close', () => resolve()));
    channel.on('data', (chunk: Buffer) => {
      for (const message of decoder.push(chunk)) this.#deliver(message);
    });
  }

  static async connect(o: ConnectOptions): Promise<NetconfTestClient> {
    const client = new ssh2.Client();
    await new Promise<void>((resolve, reject) => {
      client.once('ready', resolve).once('error', reject);
      client.connect({ host: '127.0.0.1', port: o.port, username: o.username ?? 'admin', ...(o.privateKey ? { privateKey: o.privateKey } : { password: o.password ?? 'admin' }) });
    });
    client.setNoDelay(true);
    const channel = await new Promise<ClientChannel>((resolve, reject) => client.subsys('netconf', (err, ch) => (err ? reject(err) : resolve(ch))));
    const decoder = new FrameDecoder(64 << 20);
    const hello = await new Promise<string>((resolve) => {
      const onData = (chunk: Buffer) => {
        const [message] = decoder.push(chunk);
        if (message !== undefined) {
          channel.off('data', onData);
          resolve(message);
        }
      };
      channel.on('data', onData);
    });
    const framing: FramingMode = o.base10Only ? 'eom' : 'chunked';
    if (!o.noHello) {
      const capabilities = o.base10Only ? ['urn:ietf:params:netconf:base:1.0'] : ['urn:ietf:params:netconf:base:1.0', 'urn:ietf:params:netconf:base:1.1'];
      channel.write(encodeFrame(`<hello xmlns="${base}"><capabilities>${capabilities.map((c) => `<capability>${c}</capability>`).join('')}</capabilities></hello>`, 'eom'));
      decoder.mode = framing;
    }
    const client2 = new NetconfTestClient(client, channel, decoder, hello, o.noHello ? 'eom' : framing);
    for (const message of decoder.drain()) client2.#deliver(message);
    return client2;
  }

  /** Sends `<rpc message-id="n">operation</rpc>` and resolves with the parsed rpc-reply. */
  async rpc(operation: string): Promise<XmlNode> {
    const id = String(this.#nextId++);
    this.write(`<rpc xmlns="${base}" message-id="${id}">${operation}</rpc>`);
    const reply = parseXml(await this.nextMessage());
    if (reply.attributes['message-id'] !== id) throw new Error(`reply to message-id ${reply.attributes['message-id']}, expected ${id}`);
    return reply;
  }

  /** One framed message, in the session's framing. */
  write(message: string): void {
    this.writeRaw(encodeFrame(message, this.framing));
  }

  writeRaw(bytes: Buffer | string): void {
    this.#channel.write(bytes);
  }

  /** The next message that is not a notification. */
  nextMessage(): Promise<string> {
    const queued = this.#queued.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  async close(): Promise<void> {
    this.#client.end();
    await this.closed;
  }

  #deliver(message: string): void {
    if (/^(<\?xml[^>]*>\s*)?<notification[\s>]/.test(message)) {
      this.notifications.push(message);
      return;
    }
    const waiter = this.#waiting.shift();
    if (waiter) waiter(message);
    else this.#queued.push(message);
  }
}

/** The reply's single child element (ok, data or rpc-error). */
export function replyBody(reply: XmlNode): XmlNode {
  if (reply.children.length !== 1) throw new Error(`expected one element in the reply, got ${reply.children.map((c) => c.name).join(', ')}`);
  return reply.children[0]!;
}

/** `error-tag`, `error-app-tag` and `error-message` of an rpc-error reply. */
export function rpcError(reply: XmlNode): { tag: string; appTag: string; message: string; type: string } {
  const error = replyBody(reply);
  if (error.name !== 'rpc-error') throw new Error(`expected rpc-error, got <${error.name}>`);
  const leaf = (name: string) => error.children.find((c) => c.name === name)?.text ?? '';
  return { tag: leaf('error-tag'), appTag: leaf('error-app-tag'), message: leaf('error-message'), type: leaf('error-type') };
}
