import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import ssh2 from 'ssh2';
import { hostKeyFileName, loadOrCreateHostKey } from './host-key.ts';

test('the host key is generated once into the data folder, mode 0600, as an Ed25519 key ssh2 reads, and reused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netconf-key-'));
  const first = loadOrCreateHostKey(dir);
  const parsed = ssh2.utils.parseKey(first);
  assert.ok(!(parsed instanceof Error), String(parsed));
  assert.equal(parsed.type, 'ssh-ed25519');
  const signed = parsed.sign(Buffer.from('hello'));
  assert.ok(!(signed instanceof Error) && parsed.verify(Buffer.from('hello'), signed) === true);
  assert.equal(statSync(join(dir, hostKeyFileName)).mode & 0o777, 0o600);
  assert.equal(loadOrCreateHostKey(dir), first);
});
