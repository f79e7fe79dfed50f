/**
 * The NETCONF protocol's own rules over real SSH: the lock on running (issue 11 item 2), kill-session,
 * get-schema, logins by password and by public key, and bad input (issue 11 "Bad input"): malformed
 * XML, a missing message-id, an oversized message, bad framing, a bad hello, a wrong password — each an
 * rpc-error or a refused login, the server unharmed and nothing changed.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import ssh2 from 'ssh2';
import type { Manager } from '../../../src/app/manager.ts';
import { loadOrCreateHostKey } from '../../../src/northbound/netconf/host-key.ts';
import { escYangFile } from '../../../src/northbound/netconf/start.ts';
import { parseXml, type XmlNode } from '../../../src/xml/parse.ts';
import { startTestManager, storeSnapshot } from '../../support/manager.ts';
import { NetconfTestClient, replyBody, rpcError } from '../../support/netconf-client.ts';

let manager: Manager;
let clientKey: string;
const maxMessageBytes = 8192;
const helloTimeoutSecs = 2;

before(async () => {
  const keyDir = mkdtempSync(join(tmpdir(), 'netconf-client-key-'));
  clientKey = loadOrCreateHostKey(keyDir);
  const publicKey = ssh2.utils.parseKey(clientKey) as ssh2.ParsedKey;
  const authorized = join(keyDir, 'authorized_keys');
  writeFileSync(authorized, `# the operator's key\nssh-ed25519 ${publicKey.getPublicSSH().toString('base64')} operator\n`);
  manager = await startTestManager({
    settings: { 'netconf.max.message.bytes': String(maxMessageBytes), 'netconf.authorized.keys.file': authorized, 'netconf.hello.timeout.secs': String(helloTimeoutSecs) },
  });
});
after(() => manager.close());

const connect = (o: { base10Only?: boolean; noHello?: boolean; password?: string } = {}) => NetconfTestClient.connect({ port: manager.netconfPort!, ...o });
const lock = '<lock><target><running/></target></lock>';
const unlock = '<unlock><target><running/></target></unlock>';
const stop = '<serviceAction xmlns="http://www.cisco.com/esc/esc"><actionType>STOP</actionType><tenantName>t</tenantName><depName>d</depName></serviceAction>';
const createTenant = '<edit-config><target><running/></target><config><esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>locked-out</name></tenant></tenants></esc_datamodel></config></edit-config>';

function errorInfo(reply: XmlNode, name: string): string | undefined {
  return replyBody(reply).children.find((c) => c.name === 'error-info')?.children.find((c) => c.name === name)?.text;
}

test('a lock blocks other sessions\' edits and RPCs (lock-denied naming the holder), not their reads, and goes with its session', async () => {
  const a = await connect();
  const b = await connect();
  assert.equal(replyBody(await a.rpc(lock)).name, 'ok');
  const again = await a.rpc(lock);
  assert.equal(rpcError(again).tag, 'lock-denied');
  for (const operation of [lock, createTenant, stop]) {
    const denied = await b.rpc(operation);
    assert.deepEqual(rpcError(denied), { type: 'protocol', tag: 'lock-denied', appTag: '409', message: `the running datastore is locked by session ${a.sessionId}` });
    assert.equal(errorInfo(denied, 'session-id'), String(a.sessionId));
  }
  assert.equal(replyBody(await b.rpc('<get-config><source><running/></source></get-config>')).name, 'data');
  assert.equal(rpcError(await b.rpc(unlock)).tag, 'operation-failed', 'only the holder unlocks');
  assert.equal(replyBody(await a.rpc(unlock)).name, 'ok');
  assert.equal(rpcError(await a.rpc(unlock)).tag, 'operation-failed');

  assert.equal(replyBody(await a.rpc(lock)).name, 'ok');
  await a.close();
  assert.equal(replyBody(await b.rpc(lock)).name, 'ok', 'the holder\'s session ended: the lock went with it');
  assert.equal(replyBody(await b.rpc(unlock)).name, 'ok');
  await b.close();
});

test('kill-session ends another session and frees its lock; not one\'s own, nor an unknown one', async () => {
  const victim = await connect();
  const killer = await connect();
  assert.equal(replyBody(await victim.rpc(lock)).name, 'ok');
  assert.equal(rpcError(await killer.rpc(`<kill-session><session-id>${killer.sessionId}</session-id></kill-session>`)).tag, 'invalid-value');
  assert.equal(rpcError(await killer.rpc('<kill-session><session-id>99999</session-id></kill-session>')).tag, 'invalid-value');
  assert.equal(replyBody(await killer.rpc(`<kill-session><session-id>${victim.sessionId}</session-id></kill-session>`)).name, 'ok');
  await victim.closed;
  assert.equal(replyBody(await killer.rpc(lock)).name, 'ok');
  await killer.close();
});

test('get-schema serves the esc module (invalid-value while the YANG file is absent, and for any other module)', async () => {
  const client = await connect();
  const reply = await client.rpc('<get-schema xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"><identifier>esc</identifier><version>2026-11-30</version><format>yang</format></get-schema>');
  if (existsSync(escYangFile)) assert.match(replyBody(reply).text, /module esc/);
  else assert.equal(rpcError(reply).tag, 'invalid-value');
  assert.deepEqual(rpcError(await client.rpc('<get-schema xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring"><identifier>ietf-nope</identifier></get-schema>')), {
    type: 'protocol', tag: 'invalid-value', appTag: '404', message: 'no schema [ietf-nope] is available',
  });
  await client.close();
});

test('a wrong password is a refused login; a listed public key logs in', async () => {
  await assert.rejects(connect({ password: 'wrong' }), /authentication methods failed/);
  const byKey = await NetconfTestClient.connect({ port: manager.netconfPort!, privateKey: clientKey });
  assert.equal(replyBody(await byKey.rpc('<get-config><source><running/></source></get-config>')).name, 'data');
  await byKey.close();
  const otherKey = loadOrCreateHostKey(mkdtempSync(join(tmpdir(), 'netconf-other-key-')));
  await assert.rejects(NetconfTestClient.connect({ port: manager.netconfPort!, privateKey: otherKey }), /authentication methods failed/);
});

test('malformed XML, a foreign root, a missing message-id or two operations: an rpc-error each, and the session goes on', async () => {
  const before = await storeSnapshot(manager);
  for (const base10Only of [false, true]) {
    const client = await connect({ base10Only });
    client.write('<rpc message-id="1"><get>');
    assert.equal(rpcError(parseXml(await client.nextMessage())).tag, 'malformed-message');
    client.write('<hello/>');
    assert.match(rpcError(parseXml(await client.nextMessage())).message, /expected an <rpc> element, got <hello>/);
    client.write('<rpc><get/></rpc>');
    const noId = parseXml(await client.nextMessage());
    assert.deepEqual({ ...rpcError(noId), info: errorInfo(noId, 'bad-attribute') }, {
      type: 'rpc', tag: 'missing-attribute', appTag: '400', message: 'the rpc element has no message-id attribute', info: 'message-id',
    });
    assert.equal(rpcError(await client.rpc('<get/><get/>')).tag, 'unknown-element');
    assert.equal(rpcError(await client.rpc(`<edit-config><target><running/></target><config><bogus/></config></edit-config>`)).tag, 'unknown-element');
    assert.equal(replyBody(await client.rpc('<get-config><source><running/></source></get-config>')).name, 'data', 'still serving');
    await client.close();
  }
  assert.equal(await storeSnapshot(manager), before);
});

test('an oversized message gets too-big and bad chunk framing malformed-message; each ends that session only', async () => {
  const big = await connect();
  big.write(`<rpc message-id="1"><get><filter>${'<x/>'.repeat(maxMessageBytes / 4)}</filter></get></rpc>`);
  assert.deepEqual(rpcError(parseXml(await big.nextMessage())), {
    type: 'rpc', tag: 'too-big', appTag: '413', message: `NETCONF message exceeds the ${maxMessageBytes}-byte bound (netconf.max.message.bytes)`,
  });
  await big.closed;

  const badFrame = await connect();
  badFrame.writeRaw('\n#abc\n<rpc/>\n##\n');
  assert.equal(rpcError(parseXml(await badFrame.nextMessage())).tag, 'malformed-message');
  await badFrame.closed;

  const eom = await connect({ base10Only: true });
  eom.writeRaw(`<rpc message-id="1">${'x'.repeat(maxMessageBytes + 10)}`);
  assert.equal(rpcError(parseXml(await eom.nextMessage())).tag, 'too-big');
  await eom.closed;

  const fine = await connect();
  assert.equal(replyBody(await fine.rpc('<get-config><source><running/></source></get-config>')).name, 'data', 'the server is unharmed');
  await fine.close();
});

test('a hello without a base capability, or an rpc before the hello, ends the session', async () => {
  for (const first of ['<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities><capability>urn:x</capability></capabilities></hello>', '<rpc message-id="1"><get/></rpc>']) {
    const client = await connect({ noHello: true });
    client.write(first);
    await client.closed;
  }
});

test('a client that sends no hello within netconf.hello.timeout.secs is disconnected; one that did stays', async () => {
  const started = Date.now();
  const silent = await NetconfTestClient.connect({ port: manager.netconfPort!, noHello: true });
  const talker = await NetconfTestClient.connect({ port: manager.netconfPort! });
  await silent.closed;
  assert.ok(Date.now() - started >= helloTimeoutSecs * 1000, 'not before the timeout');
  assert.equal(replyBody(await talker.rpc('<get-config><source><running/></source></get-config>')).name, 'data', 'a session past its hello stays');
  await talker.close();
});
