/**
 * Benchmark 12's REST client, run as a process of its own (`node bench/list-client.ts URL COUNT`):
 * `COUNT` sequential GETs of `URL` over one keep-alive connection after ten to warm up, printing
 * `{"samples": [ms, ...], "cpuMs": per request, "stalls": its own loop's}` as JSON. In the manager's process its large bodies
 * and their strings would be the manager's garbage and its fetch the manager's loop; a REST user is
 * another process.
 */
import { Agent, fetch } from 'undici';
import { recordLoopStalls } from './loop-stalls.ts';

const [url, countArg] = process.argv.slice(2);
if (!url || !countArg) throw new Error('usage: list-client.ts URL COUNT');
const dispatcher = new Agent();
const once = async () => {
  const t0 = performance.now();
  const res = await fetch(url, { dispatcher });
  const body = await res.text();
  if (res.status !== 200 || !body.includes('<deployment')) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return performance.now() - t0;
};
for (let i = 0; i < 10; i++) await once();
const samples: number[] = [];
// Its own stalls too: a latency the manager's loop does not explain may be the client's.
const stalls = recordLoopStalls();
const cpu = process.cpuUsage();
for (let i = 0; i < Number(countArg); i++) samples.push(await once());
const used = process.cpuUsage(cpu);
await dispatcher.close();
console.log(JSON.stringify({ samples, cpuMs: (used.user + used.system) / 1000 / samples.length, stalls: stalls.stop() }));
