/**
 * The yardstick for benchmark 2: a bare `node:http` server in its own process answering every
 * request with the bytes of one file and a given Content-Type, as the manager answers them.
 * Usage: `node bench/bare-http-server.ts <body-file> <content-type> [work-us]`; prints its port on
 * stdout. With `work-us` it spins that many microseconds per request before answering: the
 * yardstick of a server doing that much more work than bare, on the same machine and client.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const [bodyFile, contentType, workUsArg] = process.argv.slice(2);
if (!bodyFile || !contentType) throw new Error('usage: bare-http-server.ts <body-file> <content-type> [work-us]');
const body = readFileSync(bodyFile);
const workMs = Number(workUsArg ?? 0) / 1000;
const work = () => {
  for (const until = performance.now() + workMs; performance.now() < until; );
};
const server = createServer((_req, res) => {
  if (workMs > 0) work();
  res.writeHead(200, { 'content-type': contentType, 'content-length': body.byteLength }).end(body);
});
server.listen(0, '127.0.0.1', () => console.log((server.address() as AddressInfo).port));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
