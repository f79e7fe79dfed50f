/**
 * The benchmarks' NETCONF load client: ssh2's Client on the `netconf` subsystem, the hello
 * exchange, chunked framing (`framing.ts`, the server's own) and pipelined RPCs matched to their
 * replies by message-id. Like the REST benchmark's fetch loop, which reads answer bytes without
 * parsing them, it never parses a message: a reply is told by its message-id and `<ok/>` or
 * `<rpc-error>`, a notification by its `eventTime`, so the figures are the server's work and not
 * an XML parser's in the load generator. `esc_nc_cli`'s session (src/cli/netconf-client/) is the
 * full client.
 */
import { Client, type ClientChannel } from 'ssh2';
import { encodeFrame, FrameDecoder, type FramingMode } from '../src/northbound/netconf/framing.ts';

const base = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const hello = `<hello xmlns="${base}"><capabilities><capability>urn:ietf:params:netconf:base:1.0</capability><capability>urn:ietf:params:netconf:base:1.1</capability></capabilities></hello>`;

/** The manager settings the NETCONF benchmarks run with: an ephemeral port and the default login. */
export const netconfBenchSettings = { 'netconf.port': '0', 'netconf.username': 'admin', 'netconf.password': 'admin' };

/** Where and as whom a benchmark logs in to a manager started with `netconfBenchSettings`. */
export function netconfLogin(manager: { netconfPort: number | undefined }): { port: number; username: string; password: string } {
  if (manager.netconfPort === undefined) throw new Error('the manager runs no NETCONF server');
  return { port: manager.netconfPort, username: 'admin', password: 'admin' };
}

export interface Reply {
  text: string;
  ok: boolean;
}

/** A notification as it arrived: its eventTime and the wall-clock ms at which its last bytes came in. */
export interface Arrival {
  eventTime: string;
  at: number;
  text: string;
}

export interface BenchSession {
  rpc(operation: string): Promise<Reply>;
  onNotification(listener: (n: Arrival) => void): void;
  close(): Promise<void>;
}

export async function openBenchSession(o: { port: number; username: string; password: string }): Promise<BenchSession> {
  const client = new Client();
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve).once('error', reject);
    client.connect({ host: '127.0.0.1', port: o.port, username: o.username, password: o.password, readyTimeout: 30_000 });
  });
  // As the server does: Nagle's algorithm would hold each small rpc until the previous one's ACK.
  client.setNoDelay(true);
  const channel = await new Promise<ClientChannel>((resolve, reject) => client.subsys('netconf', (err, ch) => (err ? reject(err) : resolve(ch))));
  const decoder = new FrameDecoder(64 * 1024 * 1024);
  let mode: FramingMode = 'eom';
  let helloDone: (text: string) => void = () => undefined;
  const serverHello = new Promise<string>((resolve) => (helloDone = resolve));
  const waiting = new Map<string, (r: Reply) => void>();
  let listener: (n: Arrival) => void = () => undefined;
  let nextId = 1;

  const receive = (text: string, at: number) => {
    if (text.includes('<hello')) return helloDone(text);
    const id = /message-id="([^"]+)"/.exec(text)?.[1];
    if (id !== undefined && waiting.has(id)) {
      const settle = waiting.get(id)!;
      waiting.delete(id);
      return settle({ text, ok: !text.includes('rpc-error') });
    }
    const eventTime = /<eventTime>([^<]+)<\/eventTime>/.exec(text)?.[1];
    if (eventTime !== undefined) listener({ eventTime, at, text });
  };
  channel.on('data', (chunk: Buffer) => {
    const at = Date.now();
    for (let messages = decoder.push(chunk); messages.length > 0; messages = decoder.drain()) {
      for (const message of messages) receive(message, at);
    }
  });
  const send = (message: string) => channel.write(encodeFrame(message, mode));

  send(hello);
  if ((await serverHello).includes('urn:ietf:params:netconf:base:1.1')) {
    mode = 'chunked';
    decoder.mode = 'chunked';
  }
  const session: BenchSession = {
    rpc(operation) {
      const id = String(nextId++);
      const reply = new Promise<Reply>((resolve) => waiting.set(id, resolve));
      send(`<rpc xmlns="${base}" message-id="${id}">${operation}</rpc>`);
      return reply;
    },
    onNotification(l) {
      listener = l;
    },
    async close() {
      await Promise.race([session.rpc('<close-session/>'), new Promise((r) => setTimeout(r, 1000))]);
      client.end();
    },
  };
  return session;
}
