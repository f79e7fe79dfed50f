/**
 * Bad input changes nothing (architecture principle 6): each row is a request the REST layer must
 * refuse with the given status and a message naming the problem, without calling the engine.
 */
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, test } from 'node:test';
import pino from 'pino';
import { Config } from '../../config/config.ts';
import { Metrics } from './metrics.ts';
import { buildRestServer } from './server.ts';
import { FakeEngine } from './testing/fake-engine.ts';
import { api, errorMessageOf, fixture, settingsOver, adminAndCredentials, startHarness, type Harness } from './testing/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.app.close());

const xml = { 'content-type': 'application/xml' };
const json = { 'content-type': 'application/json', accept: 'application/json' };
const deployXml = fixture('deploy-request.xml');
const long = 'n'.repeat(257);
const oneMiB = 1024 * 1024;

interface BadInput {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  message: RegExp;
}

const badInputs: BadInput[] = [
  { name: 'malformed XML', method: 'POST', path: '/deployments/dep-1', headers: xml, body: '<esc_datamodel><tenants>', status: 400, message: /malformed XML/ },
  { name: 'malformed JSON', method: 'POST', path: '/deployments/dep-1', headers: json, body: '{"esc_datamodel": {', status: 400, message: /malformed JSON/ },
  { name: 'malformed XML on update', method: 'PUT', path: '/deployments/dep-1', headers: xml, body: '<a><b></a>', status: 400, message: /malformed XML/ },
  {
    name: 'a DTD is refused, never expanded',
    method: 'POST',
    path: '/deployments/dep-1',
    headers: xml,
    body: '<?xml version="1.0"?><!DOCTYPE esc_datamodel [<!ENTITY lol "lol">]><esc_datamodel>&lol;</esc_datamodel>',
    status: 400,
    message: /DTDs and entity declarations are not accepted/,
  },
  {
    name: 'an entity declaration without Content-Type is refused too',
    method: 'POST',
    path: '/deployments/dep-1',
    body: '<!ENTITY x SYSTEM "file:///etc/passwd"><esc_datamodel/>',
    status: 400,
    message: /DTDs and entity declarations are not accepted/,
  },
  {
    name: 'a DTD in a tenant body',
    method: 'POST',
    path: '/tenants/t1',
    headers: { 'content-type': 'text/xml' },
    body: '<!DOCTYPE tenant SYSTEM "http://evil/x.dtd"><tenant><name>t1</name></tenant>',
    status: 400,
    message: /DTDs and entity declarations are not accepted/,
  },
  {
    name: 'a vm_group name over 256 characters',
    method: 'POST',
    path: '/deployments/dep-1',
    headers: xml,
    body: deployXml.replace('<name>g1</name>', `<name>${long}</name>`),
    status: 400,
    message: /vm_group.*\/name must be 1\.\.256 characters \(got 257\)/,
  },
  { name: 'a deployment id over 256 characters', method: 'GET', path: `/deployments/${long}`, status: 400, message: /params\/id must NOT have more than 256 characters/ },
  { name: 'a tenant id over 256 characters', method: 'POST', path: `/tenants/${long}`, status: 400, message: /params\/id must NOT have more than 256 characters/ },
  {
    name: 'a missing mandatory element',
    method: 'POST',
    path: '/deployments/dep-1',
    headers: json,
    body: fixture('deploy-request.json').replace('"flavor": "m1.tiny",', ''),
    status: 400,
    message: /vm_group\[g1\]\/flavor is mandatory/,
  },
  { name: 'a deployment name other than the path id', method: 'POST', path: '/deployments/dep-2', headers: xml, body: deployXml, status: 400, message: /deployment name \[dep-1\] does not match the id \[dep-2\]/ },
  { name: 'an empty deploy body', method: 'POST', path: '/deployments/dep-1', headers: xml, status: 400, message: /request body is empty/ },
  { name: 'a relative callback URL', method: 'POST', path: '/deployments/dep-1', headers: { ...xml, callback: '/done' }, body: deployXml, status: 400, message: /header callback is not an absolute URL/ },
  { name: 'a non-http event callback URL', method: 'DELETE', path: '/deployments/dep-1', headers: { 'Callback-ESC-Events': 'file:///tmp/x' }, status: 400, message: /header Callback-ESC-Events must be an http or https URL/ },
  { name: 'a non-integer limit', method: 'GET', path: '/deployments?limit=many', status: 400, message: /querystring\/limit must be integer/ },
  { name: 'an unsupported Content-Type', method: 'POST', path: '/deployments/dep-1', headers: { 'content-type': 'text/plain' }, body: deployXml, status: 415, message: /unsupported Content-Type text\/plain/ },
  { name: 'a body of 1 MiB + 1 byte', method: 'POST', path: '/deployments/dep-1', headers: xml, body: ' '.repeat(oneMiB + 1), status: 413, message: /request body exceeds the limit of 1048576 bytes/ },
];

for (const c of badInputs) {
  for (const accept of ['application/xml', 'application/json']) {
    test(`bad input: ${c.name} → ${c.status} (${accept}), engine not called`, async () => {
      const res = await h.app.inject({
        method: c.method,
        url: api(c.path),
        headers: { ...c.headers, accept },
        ...(c.body === undefined ? {} : { body: c.body }),
      });
      assert.equal(res.statusCode, c.status, res.body);
      assert.match(String(res.headers['content-type']), new RegExp(`^${accept}`));
      assert.match(errorMessageOf(res.body), c.message);
      assert.deepEqual(h.engine.calls, []);
    });
  }
}

test('a body of exactly 1 MiB is accepted by the size check', async () => {
  const body = deployXml + ' '.repeat(oneMiB - Buffer.byteLength(deployXml));
  const res = await h.app.inject({ method: 'POST', url: api('/deployments/dep-1'), headers: xml, body });
  assert.equal(res.statusCode, 201);
});

test('rest.body.limit.bytes sets the limit', async () => {
  const small = await startHarness({ 'rest.body.limit.bytes': '100' });
  const res = await small.app.inject({ method: 'POST', url: api('/deployments/dep-1'), headers: xml, body: deployXml });
  assert.equal(res.statusCode, 413);
  assert.match(errorMessageOf(res.body), /limit of 100 bytes/);
  await small.app.close();
});

test('an unknown route → 404 in the requested format', async () => {
  const res = await h.app.inject({ method: 'GET', url: api('/nothing?x=1'), headers: { accept: 'application/json' } });
  assert.equal(res.statusCode, 404);
  assert.deepEqual(JSON.parse(res.body), { error: { error_code: 404, error_message: 'no route GET /ESCManager/v0/nothing' } });
});

test('every answer carries a request id; a client X-Request-Id is kept', async () => {
  const fresh = await h.app.inject({ method: 'GET', url: api('/tenants') });
  assert.match(String(fresh.headers['x-request-id']), /^[0-9a-f-]{36}$/);
  const given = await h.app.inject({ method: 'GET', url: api('/tenants'), headers: { 'x-request-id': 'trace-42' } });
  assert.equal(given.headers['x-request-id'], 'trace-42');
});

test('over real HTTP the transaction header is spelled ESC-Transaction-Id, and an oversized chunked body is 413', async () => {
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = h.app.server.address() as AddressInfo;
  const send = (headers: Record<string, string>, chunks: string[]) =>
    new Promise<{ status: number; rawHeaders: string[] }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: api('/deployments/dep-1'), headers }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders }));
      });
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });
  const ok = await send({ 'content-type': 'application/xml' }, [deployXml]);
  assert.equal(ok.status, 201);
  assert.ok(ok.rawHeaders.includes('ESC-Transaction-Id'), ok.rawHeaders.join(' '));
  const big = await send({ 'content-type': 'application/xml', 'transfer-encoding': 'chunked' }, [' '.repeat(oneMiB), '  ']);
  assert.equal(big.status, 413);
  assert.deepEqual(h.engine.methodsCalled(), ['deploy', 'getDeployment']);
});

test('a path parameter past the router limit → 414 in our error shape', async () => {
  const res = await h.app.inject({ method: 'GET', url: api(`/deployments/${'n'.repeat(2000)}`) });
  assert.equal(res.statusCode, 414);
  assert.match(errorMessageOf(res.body), /exceeding the max param length/);
});

test('structured JSON logs with log.requests: every line of a request carries its request id', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  const config = new Config({}, { 'log.requests': 'true' });
  const extras = await adminAndCredentials();
  const app = await buildRestServer({ engine: new FakeEngine(), config, settings: settingsOver(config), logger, metrics: new Metrics({ processMetrics: false }), ...extras });
  const res = await app.inject({ method: 'GET', url: api('/tenants/nobody') });
  await app.close();
  const mine = lines.map((line) => JSON.parse(line)).filter((entry) => entry.reqId === res.headers['x-request-id']);
  assert.ok(mine.some((entry) => entry.msg === 'incoming request' && entry.req.url === api('/tenants/nobody')), lines.join(''));
  assert.ok(mine.some((entry) => entry.msg === 'request refused' && /tenant \[nobody\] not found/.test(entry.reason)), lines.join(''));
  assert.ok(mine.some((entry) => entry.msg === 'request completed' && entry.res.statusCode === 404), lines.join(''));
});

test('log.requests off (the default): no per-request lines; turned on at run time, the next request is logged', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  const config = new Config();
  const extras = await adminAndCredentials();
  const app = await buildRestServer({ engine: new FakeEngine(), config, settings: settingsOver(config), logger, metrics: new Metrics({ processMetrics: false }), ...extras });
  try {
    const quiet = await app.inject({ method: 'GET', url: api('/tenants') });
    const requestLines = (id: unknown) => lines.map((line) => JSON.parse(line)).filter((e) => e.reqId === id && /^(incoming request|request completed)$/.test(e.msg));
    assert.deepEqual(requestLines(quiet.headers['x-request-id']), []);
    config.set('log.requests', 'true');
    const logged = await app.inject({ method: 'GET', url: api('/tenants') });
    assert.deepEqual(requestLines(logged.headers['x-request-id']).map((e) => e.msg), ['incoming request', 'request completed']);
  } finally {
    await app.close();
  }
});
