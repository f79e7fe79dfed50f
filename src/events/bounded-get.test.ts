import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { boundedGet } from './bounded-get.ts';
import { egressFetch } from './egress-fetch.ts';

// Issue 12 item 7: a day-0 template over http(s) — through the egress rule, size- and time-bounded.
// A loopback server answers each path its own way.
const routes: Record<string, (res: ServerResponse) => void> = {
  '/ok': (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('hostname $VM_NAME\n'),
  '/missing': (res) => res.writeHead(404).end('no'),
  '/moved': (res) => res.writeHead(302, { location: '/ok' }).end(),
  '/declared-large': (res) => res.writeHead(200, { 'content-length': '64' }).end('x'.repeat(64)),
  '/streamed-large': (res) => {
    res.writeHead(200);
    for (let k = 0; k < 8; k++) res.write('x'.repeat(8));
    res.end();
  },
  '/binary': (res) => res.writeHead(200).end(Buffer.from([0xff, 0xfe, 0x00])),
  '/hang': () => undefined,
};
const server = createServer((req, res) => routes[req.url ?? '']!(res));
let base = '';
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  for (const e of senders) await e.close();
});

const senders: ReturnType<typeof egressFetch>[] = [];
function fetchAllowing(networks: string): typeof fetch {
  const e = egressFetch({ allowedNetworks: () => networks });
  senders.push(e);
  return e.fetch;
}
const loopback = '127.0.0.0/8';

test('issue 12 item 7 a 200 of UTF-8 text is the template', async () => {
  assert.equal(await boundedGet(fetchAllowing(loopback), `${base}/ok`, { maxBytes: 1024, timeoutMs: 5000 }), 'hostname $VM_NAME\n');
});

const failures: [path: string, o: { maxBytes: number; timeoutMs: number }, reason: string][] = [
  ['/missing', { maxBytes: 1024, timeoutMs: 5000 }, 'HTTP 404'],
  ['/moved', { maxBytes: 1024, timeoutMs: 5000 }, 'HTTP 302 (redirects are not followed)'],
  ['/declared-large', { maxBytes: 32, timeoutMs: 5000 }, 'larger than 32 bytes (setting limits.day0.bytes.max)'],
  ['/streamed-large', { maxBytes: 32, timeoutMs: 5000 }, 'larger than 32 bytes (setting limits.day0.bytes.max)'],
  ['/binary', { maxBytes: 1024, timeoutMs: 5000 }, 'the answer is not UTF-8 text'],
  ['/hang', { maxBytes: 1024, timeoutMs: 200 }, 'no complete answer within 0.2 s (setting day0.fetch.timeout.secs)'],
];
for (const [path, o, reason] of failures) {
  test(`issue 12 item 7 ${path}: ${reason}`, async () => {
    await assert.rejects(boundedGet(fetchAllowing(loopback), `${base}${path}`, o), { message: reason });
  });
}

test('issue 12 item 7 an address the egress rule refuses is not connected to, and the refusal is the reason', async () => {
  await assert.rejects(boundedGet(fetchAllowing('10.0.0.0/8'), `${base}/ok`, { maxBytes: 1024, timeoutMs: 5000 }), {
    message: 'egress to 127.0.0.1 refused: 127.0.0.1 is not in the allowed networks (setting egress.allowed.networks)',
  });
});

test('a bound of 0 is no bound', async () => {
  assert.equal((await boundedGet(fetchAllowing(loopback), `${base}/streamed-large`, { maxBytes: 0, timeoutMs: 5000 })).length, 64);
});
