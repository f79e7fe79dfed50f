/**
 * Issue 13 items 3 and 7 over real sockets: the listeners `listenRest` opens for one fastify app
 * (plain HTTP and HTTPS on their ports), a slowloris client cut at the header timeout while others
 * are served, and the connection cap.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { Agent, fetch as undiciFetch } from 'undici';
import { Config } from '../../config/config.ts';
import { listenRest, type TlsMaterial } from './listen.ts';

async function served(settings: Record<string, string>, tls?: TlsMaterial) {
  const app = Fastify();
  app.get('/hello', async () => 'hello');
  const config = new Config({}, { 'server.port': '0', 'rest.tls.port': '0', ...settings });
  return { app, listeners: await listenRest(app, { config, tls }) };
}

function open(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the server writes until it closes the connection. */
function untilClosed(socket: Socket): Promise<string> {
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString()));
  return new Promise((resolve) => socket.once('close', () => resolve(text)));
}

test('issue 13 item 7: a client trickling its headers is cut at rest.header.timeout.secs (408) while another is served', async () => {
  const { app, listeners } = await served({ 'rest.header.timeout.secs': '1' });
  const slow = await open(listeners.http!);
  const answer = untilClosed(slow);
  slow.write('GET /hello HTTP/1.1\r\nHost: x\r\n');
  const trickle = setInterval(() => slow.writable && slow.write('X-Slow: y\r\n'), 200);
  try {
    const meanwhile = await fetch(`${listeners.http}/hello`);
    assert.equal(await meanwhile.text(), 'hello', 'another client is served while the slow one trickles');
    assert.match(await answer, /^HTTP\/1\.1 408 /, 'the slow client gets 408 and its connection is closed');
  } finally {
    clearInterval(trickle);
    await app.close();
    await listeners.close();
  }
});

test('issue 13 item 7: past rest.connections.max open connections, a new one is dropped as it arrives', async () => {
  const { app, listeners } = await served({ 'rest.connections.max': '2' });
  const held = [await open(listeners.http!), await open(listeners.http!)];
  try {
    const third = await open(listeners.http!);
    assert.equal(await untilClosed(third), '', 'dropped without an answer');
    held[0]!.destroy();
    await new Promise((r) => held[0]!.once('close', r));
    await eventuallyServed(`${listeners.http}/hello`);
  } finally {
    for (const socket of held) socket.destroy();
    await app.close();
    await listeners.close();
  }
});

async function eventuallyServed(url: string): Promise<void> {
  // The server learns of the freed slot when the close reaches it; a few tries cover the gap.
  for (let tries = 0; ; tries++) {
    const res = await fetch(url, { headers: { connection: 'close' } }).catch((err: unknown) => err);
    if (res instanceof Response) return assert.equal(await res.text(), 'hello');
    if (tries === 50) throw res;
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('issue 13 item 3: HTTPS beside HTTP, or alone with rest.http.enabled=false', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'openvnfm-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=test',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const tls = { cert: readFileSync(join(dir, 'cert.pem'), 'utf8'), key: readFileSync(join(dir, 'key.pem'), 'utf8') };
  const trusting = new Agent({ connect: { ca: tls.cert } });
  for (const httpEnabled of ['true', 'false']) {
    const { app, listeners } = await served({ 'rest.http.enabled': httpEnabled }, tls);
    try {
      assert.match(listeners.https!, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(await (await undiciFetch(`${listeners.https}/hello`, { dispatcher: trusting })).text(), 'hello');
      if (httpEnabled === 'true') assert.equal(await (await fetch(`${listeners.http}/hello`)).text(), 'hello');
      else assert.equal(listeners.http, undefined);
    } finally {
      await app.close();
      await listeners.close();
    }
  }
  await trusting.close();
});
