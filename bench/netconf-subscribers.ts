/**
 * The fan-out benchmark's subscribers, in a worker thread so that their SSH decryption and framing
 * run beside the manager rather than on its event loop: `count` NETCONF sessions each subscribed
 * to the escEvent stream. Each notification is told by its text (the same on every session) and
 * keeps its eventTime, how many sessions got it and when the last one did (wall-clock ms, the
 * clock the manager stamps eventTime with). Messages: in `{ ready }` or `{ error }`; then out
 * `{ expect: n }` → in `{ arrivals, perSession }` once every session has n notifications (or 60 s
 * passed); out `{ close: true }` → in `{ closed: true }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openBenchSession } from './netconf-client.ts';

export interface FanoutArrival {
  eventTime: string;
  received: number;
  last: number;
}

const { login, count } = workerData as { login: { port: number; username: string; password: string }; count: number };
const port = parentPort!;
const subscribe = '<create-subscription xmlns="urn:ietf:params:xml:ns:netconf:notification:1.0"><stream>escEvent</stream></create-subscription>';

try {
  const sessions = await Promise.all(Array.from({ length: count }, () => openBenchSession(login)));
  const arrivals = new Map<string, FanoutArrival>();
  const perSession = sessions.map(() => 0);
  sessions.forEach((session, i) =>
    session.onNotification((n) => {
      perSession[i]!++;
      const seen = arrivals.get(n.text) ?? { eventTime: n.eventTime, received: 0, last: 0 };
      seen.received++;
      seen.last = Math.max(seen.last, n.at);
      arrivals.set(n.text, seen);
    }),
  );
  for (const session of sessions) {
    const reply = await session.rpc(subscribe);
    if (!reply.ok) throw new Error(`create-subscription refused: ${reply.text}`);
  }
  port.postMessage({ ready: true });
  port.on('message', async (m: { expect?: number; close?: boolean }) => {
    if (m.expect !== undefined) {
      const deadline = Date.now() + 60_000;
      while (perSession.some((n) => n < m.expect!) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      port.postMessage({ arrivals: [...arrivals.values()], perSession });
    } else if (m.close) {
      await Promise.all(sessions.map((s) => s.close()));
      port.postMessage({ closed: true });
    }
  });
} catch (err) {
  port.postMessage({ error: (err as Error).message });
}
