/**
 * The admin routes over fastify's inject, with a fake admin service and a real credential store:
 * bodies and their refusals, the archive a backup answers and the checks a restore makes before the
 * admin service is asked. The real service and store are end to end in `test/e2e/escadm.test.ts`.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { create } from 'tar';
import { packBackup, unpackBackup } from '../backup-archive.ts';
import { api, errorMessageOf, startHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ 'admin.restore.limit.bytes': '4096' });
});
afterEach(() => h.app.close());

const put = (path: string, body: string) => h.app.inject({ method: 'PUT', url: api(path), headers: { 'content-type': 'application/json', accept: 'application/json' }, payload: body });
const restore = (payload: Buffer, type = 'application/gzip') => h.app.inject({ method: 'POST', url: api('/admin/restore'), headers: { 'content-type': type, accept: 'application/json' }, payload });
const workDir = () => mkdtempSync(join(tmpdir(), 'openvnfm-archive-'));

test('op_mode: GET shows it; PUT sets it in any letter case; ipt_check refuses while operations are in flight', async () => {
  assert.deepEqual(JSON.parse((await h.app.inject({ method: 'GET', url: api('/admin/op_mode') })).body), { op_mode: 'OPERATION' });
  h.admin.inFlight = 2;
  const refused = await put('/admin/op_mode', '{"mode":"maintenance","ipt_check":"true"}');
  assert.equal(refused.statusCode, 409);
  assert.equal(errorMessageOf(refused.body), 'cannot enter maintenance mode: 2 operation(s) in flight; wait for them to finish');
  const set = await put('/admin/op_mode', '{"mode":"Maintenance"}');
  assert.equal(set.statusCode, 200);
  assert.deepEqual(JSON.parse(set.body), { op_mode: 'MAINTENANCE' });
  assert.equal(h.admin.mode, 'MAINTENANCE');
});

test('op_mode: a bad body is 400 naming what is wrong, and changes nothing', async () => {
  const cases: [string, string][] = [
    ['{"mode":"maint"}', 'mode must be maintenance or operation, got [maint]'],
    ['{"mode":1}', 'mode must be maintenance or operation, got [1]'],
    ['', 'mode must be maintenance or operation, got [null]'],
    ['["maintenance"]', 'request body must be a JSON object with "mode": "maintenance" or "operation", and "ipt_check": true or false'],
    ['{"mode":', 'malformed JSON: '],
  ];
  for (const [body, message] of cases) {
    const res = await put('/admin/op_mode', body);
    assert.equal(res.statusCode, 400, body);
    assert.ok(errorMessageOf(res.body).startsWith(message), `${body}: ${errorMessageOf(res.body)}`);
  }
  assert.equal(h.admin.mode, 'OPERATION');
});

test('rest-user: sets the REST user, {} resets it to admin/cisco123; bad users are 400 and change nothing', async () => {
  assert.deepEqual(JSON.parse((await put('/admin/rest-user', '{"username":"orch","password":"s3cret"}')).body), { username: 'orch' });
  assert.equal(await h.credentials.verify('rest', 'orch', 's3cret'), true);
  for (const [body, message] of [
    ['{"username":"orch"}', 'REST user needs both "username" and "password" as strings'],
    ['{"username":"a:b","password":"p"}', 'REST user username must not contain control characters or ":"'],
    ['{"username":"x","password":""}', 'REST user password must be 1 to 128 characters'],
  ]) {
    const res = await put('/admin/rest-user', body!);
    assert.equal(res.statusCode, 400, body);
    assert.equal(errorMessageOf(res.body), message);
  }
  assert.equal(await h.credentials.verify('rest', 'orch', 's3cret'), true, 'still the user set first');
  assert.deepEqual(JSON.parse((await put('/admin/rest-user', '{}')).body), { username: 'admin' });
  assert.equal(await h.credentials.verify('rest', 'admin', 'cisco123'), true);
});

test('status answers status 0, ESC Master Healthy, and the mode', async () => {
  const res = await h.app.inject({ method: 'GET', url: api('/admin/status') });
  assert.deepEqual(JSON.parse(res.body), { status: 0, message: 'ESC Master Healthy', op_mode: 'OPERATION' });
});

test('backup: 409 outside maintenance; in maintenance a .tar.gz whose manifest describes the database', async () => {
  const refused = await h.app.inject({ method: 'POST', url: api('/admin/backup') });
  assert.equal(refused.statusCode, 409);
  assert.equal(errorMessageOf(refused.body), 'backup needs maintenance mode: run escadm op_mode set --mode=maintenance first');
  h.admin.mode = 'MAINTENANCE';
  const res = await h.app.inject({ method: 'POST', url: api('/admin/backup') });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/gzip');
  assert.match(String(res.headers['content-disposition']), /^attachment; filename="openvnfm-backup-\d{4}-.*\.tar\.gz"$/);
  const dir = workDir();
  writeFileSync(join(dir, 'got.tar.gz'), res.rawPayload);
  const { database, manifest } = await unpackBackup(join(dir, 'got.tar.gz'), dir, 4096);
  assert.equal(readFileSync(database, 'utf8'), 'a stand-in for the database copy');
  assert.equal(manifest.format, 'openvnfm-backup');
  assert.equal(manifest.schemaVersion, 3);
  assert.ok(manifest.notIncluded.includes("the embedded OpenStack emulator's state"));
});

/** A backup archive of `content` as the database, made by the real packer; `tamper` runs before packing. */
async function archiveOf(content: string, tamper?: (dir: string) => void): Promise<Buffer> {
  const dir = workDir();
  writeFileSync(join(dir, 'openvnfm.sqlite'), content);
  const path = await packBackup(dir, { createdAt: '2026-01-01T00:00:00.000Z', managerVersion: 'test', schemaVersion: 3 });
  if (!tamper) return readFileSync(path);
  tamper(dir);
  await create({ gzip: true, file: path, cwd: dir }, ['manifest.json', 'openvnfm.sqlite']);
  return readFileSync(path);
}

test('restore: a sound archive reaches the admin service; every bad one is refused before it', async () => {
  h.admin.mode = 'MAINTENANCE';
  const ok = await restore(await archiveOf('db'));
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(JSON.parse(ok.body), { restored_from: '2026-01-01T00:00:00.000Z', resumed: 0 });
  assert.equal(h.admin.restored.length, 1);
  const cases: [Buffer, string, number, RegExp][] = [
    [Buffer.from('{}'), 'application/json', 400, /^backup archive must be sent as the body, Content-Type application\/gzip$/],
    [Buffer.from('not gzip'), 'application/gzip', 400, /^backup archive is not a readable \.tar\.gz: /],
    [gzipSync('not a tar'.repeat(100)), 'application/gzip', 400, /^backup archive (is not a readable|has no readable manifest)/],
    [await archiveOf('db', (dir) => writeFileSync(join(dir, 'openvnfm.sqlite'), 'changed')), 'application/gzip', 400, /does not match its manifest/],
    [await archiveOf('db', (dir) => writeFileSync(join(dir, 'manifest.json'), '{"format":"other"}')), 'application/gzip', 400, /is not an openvnfm-backup version 1/],
    [Buffer.alloc(5000), 'application/gzip', 413, /exceeds the limit of 4096 bytes \(admin\.restore\.limit\.bytes\)/],
  ];
  for (const [payload, type, status, message] of cases) {
    const res = await restore(payload, type);
    assert.equal(res.statusCode, status, res.body);
    assert.match(errorMessageOf(res.body), message);
  }
  assert.equal(h.admin.restored.length, 1, 'none of them reached the admin service');
});

test('restore: 409 outside maintenance', async () => {
  const res = await restore(await archiveOf('db'));
  assert.equal(res.statusCode, 409);
  assert.match(errorMessageOf(res.body), /^restore needs maintenance mode/);
});
