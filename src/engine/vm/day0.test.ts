import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import type { ConfigurationSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import { isDomainError } from '../../domain/errors.ts';
import { vm as vmRecord } from '../../store/contract/fixtures.ts';
import { renderDay0, substitute } from './day0.ts';

const dir = mkdtempSync(join(tmpdir(), 'openvnfm-day0-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const files = { dir, maxBytes: 1024 };

const vars = new Map([
  ['HOST', 'r1'],
  ['HOST_NAME', 'router-1'],
  ['IP', '10.0.0.5'],
]);
const substitutions: { name: string; text: string; expected: string }[] = [
  { name: 'the ${NAME} form', text: 'hostname ${HOST}', expected: 'hostname r1' },
  { name: 'the bare $NAME form', text: 'hostname $HOST', expected: 'hostname r1' },
  { name: 'a bare name runs to the longest identifier', text: '$HOST_NAME $HOST-x', expected: 'router-1 r1-x' },
  { name: 'a braced name ends at its brace', text: '${HOST}_NAME', expected: 'r1_NAME' },
  { name: 'several tokens on a line', text: 'ip $IP/${IP}', expected: 'ip 10.0.0.5/10.0.0.5' },
  { name: 'an unknown variable is left as it is', text: '$NOPE ${NOPE} ${HOST}', expected: '$NOPE ${NOPE} r1' },
  { name: 'a $ not followed by a name is left as it is', text: 'cost $5, ${ }, $', expected: 'cost $5, ${ }, $' },
  { name: 'a bare name that extends a known one is unknown', text: '$HOSTS', expected: '$HOSTS' },
];
for (const c of substitutions) {
  test(`day-0 substitution: ${c.name}`, () => {
    assert.equal(substitute(c.text, vars), c.expected);
  });
}

const vm = (index = 0): Vm =>
  vmRecord('v1', 'd1', {
    index,
    name: `dep_g1_${index}_v1`,
    vimName: 'csr',
    interfaces: [
      { nicid: 0, network: 'net-a', portOwned: true, ipAddress: '10.0.0.5', macAddress: 'fa:16:3e:00:00:01', netmask: '255.255.255.0', gateway: '10.0.0.1', model: 'virtio', type: 'virtual' },
      { nicid: 1, network: 'net-b', portOwned: true, ipAddress: '10.1.0.7', model: 'virtio', type: 'virtual' },
    ],
  });
const inline = (data: string, variables: ConfigurationSpec['variables'] = []): ConfigurationSpec => ({ dst: 'day0.cfg', data, variables });

test('day-0 built-in variables name the VM and each interface', async () => {
  const template = [
    'VM_NAME=$VM_NAME GENERATED_VM_NAME=${GENERATED_VM_NAME}',
    'nic0 $NICID_0_IP_ADDRESS $NICID_0_MAC_ADDRESS $NICID_0_NETMASK $NICID_0_GATEWAY',
    'nic1 $NICID_1_IP_ADDRESS $NICID_1_MAC_ADDRESS $NICID_1_NETMASK $NICID_1_GATEWAY',
  ].join('\n');
  assert.deepEqual(await renderDay0([inline(template)], vm(3), files), [
    {
      path: 'day0.cfg',
      contents: [
        'VM_NAME=csr GENERATED_VM_NAME=dep_g1_3_v1',
        'nic0 10.0.0.5 fa:16:3e:00:00:01 255.255.255.0 10.0.0.1',
        'nic1 10.1.0.7 $NICID_1_MAC_ADDRESS $NICID_1_NETMASK $NICID_1_GATEWAY',
      ].join('\n'),
    },
  ]);
});

const pool = [{ name: 'SITE', values: ['a', 'b', 'c'] }];
for (const [index, site] of [[0, 'a'], [1, 'b'], [2, 'c'], [3, 'a'], [7, 'b']] as const) {
  test(`day-0 pool: VM index ${index} takes value ${site} (index modulo the pool)`, async () => {
    const [file] = await renderDay0([inline('site ${SITE}', pool)], vm(index), files);
    assert.equal(file?.contents, `site ${site}`);
  });
}

test('day-0 a variable without values is left as it is', async () => {
  const [file] = await renderDay0([inline('site $SITE', [{ name: 'SITE', values: [] }])], vm(), files);
  assert.equal(file?.contents, 'site $SITE');
});

test('day-0 each configuration becomes one file named by its dst, in order', async () => {
  const rendered = await renderDay0([{ ...inline('one $VM_NAME'), dst: 'a.txt' }, { ...inline('two'), dst: 'b/c.txt' }], vm(), files);
  assert.deepEqual(rendered, [
    { path: 'a.txt', contents: 'one csr' },
    { path: 'b/c.txt', contents: 'two' },
  ]);
});


test('day-0 a file:// template is read from the manager\u2019s host and substituted', async () => {
  const path = join(dir, 'template.cfg');
  writeFileSync(path, 'hostname ${VM_NAME}\nsite $SITE\n');
  const [file] = await renderDay0([{ dst: 'iosxe_config.txt', file: pathToFileURL(path).href, variables: pool }], vm(1), files);
  assert.deepEqual(file, { path: 'iosxe_config.txt', contents: 'hostname csr\nsite b\n' });
});

const invalid: { name: string; config: ConfigurationSpec; message: RegExp }[] = [
  {
    name: 'an unreadable file:// template is invalid input naming the element',
    config: { dst: 'day0.cfg', file: pathToFileURL(join(dir, 'missing.cfg')).href, variables: [] },
    message: /^vm_group\[g1\]\/config_data\/configuration\[day0\.cfg\]\/file file:\/\/.*missing\.cfg cannot be read$/,
  },
  {
    name: 'a template that is neither inline nor file:// is invalid input naming the element',
    config: { dst: 'day0.cfg', file: 'http://example.com/t.cfg', variables: [] },
    message: /^vm_group\[g1\]\/config_data\/configuration\[day0\.cfg\]\/file http:\/\/example\.com\/t\.cfg is not a file:\/\/ URL/,
  },
];
for (const c of invalid) {
  test(`day-0 ${c.name}`, async () => {
    await assert.rejects(renderDay0([c.config], vm(), files), (err) => isDomainError(err, 'INVALID_INPUT') && c.message.test(err.message));
  });
}
