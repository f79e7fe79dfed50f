/**
 * The yardstick for benchmark 2: a bare `node:http` server in its own process answering every
 * request with the bytes of one file and a given Content-Type, as the manager answers them.
 * Usage: `node bench/bare-http-server.ts <body-file> <content-type>`; prints its port on stdout.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const [bodyFile, contentType] = process.argv.slice(2);
if (!bodyFile || !contentType) throw new Error('usage: bare-http-server.ts <body-file> <content-type>');
const body = readFileSync(bodyFile);
const server = createServer((_req, res) => res.writeHead(200, { 'content-type': contentType, 'content-length': body.byteLength }).end(body));
server.listen(0, '127.0.0.1', () => console.log((server.address() as AddressInfo).port));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
