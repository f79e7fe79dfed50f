import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { credentialProblem, Credentials } from './credentials.ts';

const freshFile = () => join(mkdtempSync(join(tmpdir(), 'openvnfm-cred-')), 'credentials.json');

test('a new file holds the defaults, REST admin/cisco123 and NETCONF admin/admin, as hashes only, mode 0600', async () => {
  const file = freshFile();
  const c = await Credentials.open(file);
  assert.equal(await c.verify('rest', 'admin', 'cisco123'), true);
  assert.equal(await c.verify('netconf', 'admin', 'admin'), true);
  assert.equal(await c.verify('rest', 'admin', 'admin'), false, 'the realms are apart');
  assert.equal(await c.verify('netconf', 'admin', 'cisco123'), false);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const text = readFileSync(file, 'utf8');
  assert.doesNotMatch(text, /cisco123|password/, 'no password, in any form but its hash');
});

test('verify refuses a wrong user or password, also after a success was remembered', async () => {
  const c = await Credentials.open(freshFile());
  assert.equal(await c.verify('rest', 'admin', 'cisco123'), true);
  assert.equal(await c.verify('rest', 'admin', 'cisco123'), true, 'the remembered success');
  assert.equal(await c.verify('rest', 'root', 'cisco123'), false);
  assert.equal(await c.verify('rest', 'admin', 'cisco1234'), false);
  assert.equal(await c.verify('rest', 'admin', ''), false);
});

test('set replaces the user, forgets the old one, and survives a reopen; reset brings the default back', async () => {
  const file = freshFile();
  const c = await Credentials.open(file);
  assert.equal(await c.verify('rest', 'admin', 'cisco123'), true);
  await c.set('rest', 'orch', 's3cret');
  assert.equal(await c.verify('rest', 'admin', 'cisco123'), false, 'the remembered success is forgotten');
  const reopened = await Credentials.open(file);
  assert.equal(reopened.username('rest'), 'orch');
  assert.equal(await reopened.verify('rest', 'orch', 's3cret'), true);
  assert.equal(await reopened.verify('netconf', 'admin', 'admin'), true, 'the other realm untouched');
  await reopened.reset('rest');
  assert.equal(await reopened.verify('rest', 'admin', 'cisco123'), true);
  assert.equal(statSync(file).mode & 0o777, 0o600);
});

test('adopt hashes in a password given in configuration; a user name alone renames the user', async () => {
  const c = await Credentials.open(freshFile());
  assert.equal(await c.adopt('rest', {}), false);
  assert.equal(await c.adopt('rest', { password: 'fromfile' }), true);
  assert.equal(await c.verify('rest', 'admin', 'fromfile'), true);
  assert.equal(await c.adopt('rest', { username: 'ops' }), true);
  assert.equal(await c.verify('rest', 'ops', 'fromfile'), true);
});

test('a looser file mode is tightened to 0600 at open; a malformed file is refused naming it', async () => {
  const file = freshFile();
  await Credentials.open(file);
  chmodSync(file, 0o644);
  await Credentials.open(file);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  writeFileSync(file, '{"rest":{}}');
  await assert.rejects(Credentials.open(file), { message: `credential file ${file} has no valid rest user; remove it to start again from the defaults` });
});

const problems: [username: string, password: string, problem: string | undefined][] = [
  ['admin', 'cisco123', undefined],
  ['', 'p', 'username must be 1 to 64 characters'],
  ['x'.repeat(65), 'p', 'username must be 1 to 64 characters'],
  ['a:b', 'p', 'username must not contain control characters or ":"'],
  ['a\u0001b', 'p', 'username must not contain control characters or ":"'],
  ['admin', '', 'password must be 1 to 128 characters'],
  ['admin', 'p'.repeat(129), 'password must be 1 to 128 characters'],
  ['admin', 'p\nq', 'password must not contain control characters'],
  ['admin', 'pä:ss wörd', undefined],
];
for (const [username, password, problem] of problems) {
  test(`credentialProblem(${JSON.stringify(username.slice(0, 8))}, ${JSON.stringify(password.slice(0, 8))}): ${problem ?? 'fine'}`, () => {
    assert.equal(credentialProblem(username, password), problem);
  });
}

test('issue 15 item 4: two holders of one store — a change by one reaches the other by refresh, and a change of the other realm keeps it', async () => {
  const file = freshFile();
  const a = await Credentials.open(file);
  const b = await Credentials.open(file);
  assert.equal(await b.verify('rest', 'admin', 'cisco123'), true);
  await a.set('rest', 'orch', 's3cret');
  await b.set('netconf', 'ops', 'pw'); // B has not refreshed: it must not write A's change away
  const later = await Credentials.open(file);
  assert.equal(await later.verify('rest', 'orch', 's3cret'), true);
  assert.equal(await later.verify('netconf', 'ops', 'pw'), true);
  await a.refresh();
  assert.equal(await a.verify('netconf', 'ops', 'pw'), true);
  assert.equal(await b.verify('rest', 'admin', 'cisco123'), false, 'the remembered success went with the change');
  assert.equal(await b.verify('rest', 'orch', 's3cret'), true);
});
