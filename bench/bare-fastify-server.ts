/**
 * A second yardstick for benchmark 2: fastify with its defaults (no logger, no hooks, no schema) in
 * a process of its own, answering every request with the bytes of one file and a given Content-Type.
 * The manager's REST server is fastify (the house rule), so this is the floor its answers stand
 * on: what fastify itself costs above bare `node:http` on this machine and client.
 * Usage: `node bench/bare-fastify-server.ts <body-file> <content-type>`; prints its port on stdout.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [bodyFile, contentType] = process.argv.slice(2);
if (!bodyFile || !contentType) throw new Error('usage: bare-fastify-server.ts <body-file> <content-type>');
const body = readFileSync(bodyFile);
const app = Fastify();
app.get('/*', (_request, reply) => {
  reply.header('content-type', contentType).send(body);
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
console.log(typeof address === 'object' && address ? address.port : '');
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
