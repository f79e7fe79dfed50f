import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, test } from 'node:test';
import { egressFetch, type EgressFetch, type Resolver } from './egress-fetch.ts';
import type { buildConnector } from 'undici';

// Issue 13 item 6: host names are judged on the resolved address, which is the one connected to.
// The resolver and the connector are stubs wherever an address is not loopback: no test sends a
// packet off this host.
const defaults = '127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7';
const names: Record<string, string[]> = {
  'metadata.test': ['169.254.169.254'],
  'public.test': ['8.8.8.8'],
  'mixed.test': ['169.254.169.254', '10.1.2.3'],
  'loop.test': ['127.0.0.1'],
};
const resolved: string[] = [];
const resolve: Resolver = async (host) => {
  resolved.push(host);
  return (names[host] ?? []).map((address) => ({ address }));
};

/** A connector that opens nothing: it records where it was asked to connect and fails. */
function stubConnector(): { connect: buildConnector.connector; asked: string[] } {
  const asked: string[] = [];
  return { asked, connect: (options, callback) => (asked.push(options.hostname), callback(new Error('stub: no connection'), null)) };
}

async function failure(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(() => assert.fail('expected the fetch to fail'), (e: unknown) => e as Error & { cause?: Error });
  return err.cause?.message ?? err.message;
}

const closers: (() => Promise<void>)[] = [];
after(async () => {
  for (const close of closers) await close();
});
/**
 * The two ways out through the checked connector, each POSTing and answering the status: `fetch`
 * (day-0 files), asked to follow redirects to show it will not, and `post` (callbacks, issue 14).
 */
const ways: Record<string, (egress: EgressFetch, url: string) => Promise<number>> = {
  fetch: async (egress, url) => (await egress.fetch(url, { method: 'POST', body: '{}', redirect: 'follow' })).status,
  post: async (egress, url) => (await egress.post(url, { headers: {}, body: '{}', signal: AbortSignal.timeout(10_000) })).status,
};

for (const [way, send] of Object.entries(ways)) {
  const sender = (connect?: buildConnector.connector) => {
    const egress = egressFetch({ allowedNetworks: () => defaults, resolve, connect });
    closers.push(egress.close);
    return (url: string) => send(egress, url);
  };

  const refused: [url: string, message: RegExp][] = [
    ['http://metadata.test/latest/meta-data', /egress to metadata\.test refused: 169\.254\.169\.254 is the cloud metadata address/],
    ['http://public.test/cb', /egress to public\.test refused: 8\.8\.8\.8 is not in the allowed networks/],
    ['http://169.254.169.254/latest', /egress to 169\.254\.169\.254 refused/],
    ['http://[fe80::1]/cb', /egress to fe80::1 refused: fe80::1 is link-local/],
    ['http://[::ffff:a9fe:a9fe]/cb', /the cloud metadata address/],
    ['http://nowhere.test/cb', /egress to nowhere\.test refused: no address/],
  ];
  for (const [url, message] of refused) {
    test(`egress at send time (${way}): ${url} is refused and no connection is attempted`, async () => {
      const stub = stubConnector();
      assert.match(await failure(sender(stub.connect)(url)), message);
      assert.deepEqual(stub.asked, []);
    });
  }

  test(`egress at send time (${way}): a name with a refused and an allowed address connects to the allowed one only`, async () => {
    const stub = stubConnector();
    assert.match(await failure(sender(stub.connect)('http://mixed.test/cb')), /stub: no connection/);
    assert.deepEqual([...new Set(stub.asked)], ['10.1.2.3']);
  });

  test(`egress at send time (${way}): a literal address is judged without resolving it`, async () => {
    resolved.length = 0;
    const stub = stubConnector();
    await failure(sender(stub.connect)('http://8.8.4.4/cb'));
    assert.deepEqual(resolved, []);
    assert.deepEqual(stub.asked, []);
  });

  test(`egress at send time (${way}): an allowed name reaches the receiver on its resolved address, with its own Host`, async () => {
    const seen: { host?: string }[] = [];
    const server = createServer((req, res) => (seen.push({ host: req.headers.host }), res.writeHead(204).end()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => server.close(() => r())));
    const port = (server.address() as AddressInfo).port;
    assert.equal(await sender()(`http://loop.test:${port}/cb`), 204);
    assert.deepEqual(seen, [{ host: `loop.test:${port}` }]);
  });

  test(`egress at send time (${way}): a redirect is not followed (its 3xx is the answer)`, async () => {
    let requests = 0;
    const server = createServer((_req, res) => (requests++, res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data' }).end()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => server.close(() => r())));
    const port = (server.address() as AddressInfo).port;
    assert.equal(await sender()(`http://127.0.0.1:${port}/cb`), 307);
    assert.equal(requests, 1);
  });
}
