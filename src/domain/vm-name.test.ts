import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatedVmName, maxVmNameLength, vimServerName } from './vm-name.ts';

const uuid = 'af0148e2-e74c-4be7-b8c1-49bd53def6ba';

test('IMPL-1 generated name is <deployment>_<group>_<index>_<uuid>', () => {
  assert.equal(generatedVmName('dep', 'g1', 0, uuid), `dep_g1_0_${uuid}`);
});

test('a name that fits is never shortened (exactly 255 characters)', () => {
  const dep = 'd'.repeat(255 - `_g_0_${uuid}`.length);
  const name = generatedVmName(dep, 'g', 0, uuid);
  assert.equal(name.length, 255);
  assert.equal(name, `${dep}_g_0_${uuid}`);
});

test('long parts are cut to share the budget; index and uuid stay whole', () => {
  const name = generatedVmName('D'.repeat(256), 'G'.repeat(256), 12, uuid);
  assert.equal(name.length, maxVmNameLength);
  assert.ok(name.endsWith(`_12_${uuid}`));
  const [dep, group] = name.slice(0, -`_12_${uuid}`.length).split('_');
  assert.ok(dep && group);
  assert.ok(Math.abs(dep.length - group.length) <= 1);
});

test('a short part keeps all of itself; the long one takes the rest', () => {
  const name = generatedVmName('D'.repeat(256), 'grp', 0, uuid);
  assert.equal(name.length, maxVmNameLength);
  assert.ok(name.includes(`_grp_0_${uuid}`));
  const short = generatedVmName('dep', 'G'.repeat(256), 0, uuid);
  assert.equal(short.length, maxVmNameLength);
  assert.ok(short.startsWith('dep_GGG'));
});

test('vim_vm_name names the server, indexed after the first', () => {
  assert.equal(vimServerName('gen', undefined, 3), 'gen');
  assert.equal(vimServerName('gen', 'csr', 0), 'csr');
  assert.equal(vimServerName('gen', 'csr', 2), 'csr_2');
});
