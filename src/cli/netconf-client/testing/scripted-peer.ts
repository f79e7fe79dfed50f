/**
 * A scripted NETCONF server end for client tests: an in-memory stream pair, the server side framing
 * with the same `framing.ts`, recording what the client sends and sending what a test says.
 */
import assert from 'node:assert/strict';
import { duplexPair, type Duplex } from 'node:stream';
import { encodeFrame, FrameDecoder, type FramingMode } from '../../../northbound/netconf/framing.ts';
import { parseXml, type XmlNode } from '../../../xml/parse.ts';
import { base10, base11, NetconfSession } from '../session.ts';

export const ns = 'urn:ietf:params:xml:ns:netconf:base:1.0';
export const serverHello = (caps: string[]) =>
  `<hello xmlns="${ns}"><capabilities>${caps.map((c) => `<capability>${c}</capability>`).join('')}</capabilities><session-id>7</session-id></hello>`;
export const reply = (id: string, body = '<ok/>') => `<rpc-reply xmlns="${ns}" message-id="${id}">${body}</rpc-reply>`;
export const notification = (event: string) => `<notification xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"><eventTime>2026-11-30T00:00:00Z</eventTime>${event}</notification>`;

/** The server's end: what it received, decoded in the framing it expects, and a way to send. */
export class Peer {
  readonly received: XmlNode[] = [];
  readonly rawReceived: Buffer[] = [];
  readonly #decoder = new FrameDecoder(1 << 20);
  readonly #waiters: (() => void)[] = [];
  mode: FramingMode = 'eom';
  readonly stream: Duplex;

  constructor(stream: Duplex) {
    this.stream = stream;
    stream.on('data', (chunk: Buffer) => {
      this.rawReceived.push(chunk);
      for (let m = this.#decoder.push(chunk); m.length > 0; m = this.#decoder.drain()) {
        for (const text of m) this.received.push(parseXml(text));
      }
      this.#waiters.splice(0).forEach((w) => w());
    });
  }

  /** Switches both directions after the hellos, as a base:1.1 server does. */
  chunked(): void {
    this.mode = 'chunked';
    this.#decoder.mode = 'chunked';
    this.#decoder.drain().forEach((text) => this.received.push(parseXml(text)));
  }

  send(...messages: string[]): void {
    this.stream.write(Buffer.concat(messages.map((m) => encodeFrame(m, this.mode))));
  }

  async nth(n: number): Promise<XmlNode> {
    while (this.received.length <= n) await new Promise<void>((r) => this.#waiters.push(r));
    return this.received[n]!;
  }
}

/** A session past its hellos, the peer naming `caps`. */
export async function opened(caps: string[]): Promise<{ session: NetconfSession; peer: Peer }> {
  const [client, server] = duplexPair();
  const peer = new Peer(server);
  const opening = NetconfSession.open(client, { helloTimeoutMs: 2000 });
  const hello = await peer.nth(0);
  assert.equal(hello.name, 'hello');
  assert.deepEqual(hello.children[0]!.children.map((c) => c.text), [base10, base11]);
  peer.send(serverHello(caps));
  if (caps.includes(base11)) peer.chunked();
  return { session: await opening, peer };
}
