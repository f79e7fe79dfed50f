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
import type { Day0Fetch } from '../deployment/day0-fetch.ts';
import { checkDay0Template, renderDay0, substitute } from './day0.ts';

const dir = mkdtempSync(join(tmpdir(), 'openvnfm-day0-'));
after(() => rmSync(dir, { recursive: true, force: true }));

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

const vm = (index = 0, day0Values?: Vm['day0Values']): Vm =>
  vmRecord('v1', 'd1', {
    index,
    group: 'g1',
    name: `dep_g1_${index}_v1`,
    vimName: 'csr',
    interfaces: [
      {
        nicid: 0, network: 'net-a', networkId: 'n-uuid', portId: 'p-uuid', portOwned: true, ipAddress: '10.0.0.5', macAddress: 'fa:16:3e:00:00:01',
        netmask: '255.255.255.128', model: 'virtio', type: 'virtual',
      },
      { nicid: 1, network: 'net-b', portOwned: true, ipAddress: 'fd00:1::7', model: 'virtio', type: 'virtual' },
    ],
    ...(day0Values && { day0Values }),
  });
const inline = (data: string, variables: ConfigurationSpec['variables'] = []): ConfigurationSpec => ({ dst: 'day0.cfg', data, variables });

/** The fetch port as the build sees it; `answers` maps a URL to its text or to the reason it fails with. */
function sources(answers: Record<string, string | Error> = {}) {
  const asked: { url: string; maxBytes: number; timeoutMs: number }[] = [];
  const fetch: Day0Fetch = async (url, o) => {
    asked.push({ url, maxBytes: o.maxBytes, timeoutMs: o.timeoutMs });
    const answer = answers[url];
    if (answer === undefined || answer instanceof Error) throw answer ?? new Error('HTTP 404');
    return answer;
  };
  const subnets = { 0: { cidr: '10.0.0.0/24', gatewayIp: '10.0.0.1' }, 1: { cidr: 'fd00:1::/64' } };
  return { asked, context: { deployment: 'dep', tenant: 't1', subnets, sources: { dir, maxBytes: 1024, fetchTimeoutMs: 30_000, allowedNetworks: '10.0.0.0/8', fetch } } };
}
const { context } = sources();

test('day-0 built-in variables [I] name the VM, its deployment and each interface; a pool\u2019s netmask comes before the subnet\u2019s (issue 12 item 7)', async () => {
  const template = [
    'VM_NAME=$VM_NAME GENERATED_VM_NAME=${GENERATED_VM_NAME} DEP_NAME=$DEP_NAME TENANT=$TENANT VM_GROUP=$VM_GROUP',
    'nic0 $NICID_0_IP_ADDRESS $NICID_0_MAC_ADDRESS $NICID_0_NETMASK $NICID_0_GATEWAY',
    'nic0 $NICID_0_CIDR_ADDRESS/$NICID_0_CIDR_PREFIX $NICID_0_NETWORK_ID $NICID_0_PORT_ID',
    'nic1 $NICID_1_IP_ADDRESS $NICID_1_CIDR_ADDRESS/$NICID_1_CIDR_PREFIX $NICID_1_NETMASK $NICID_1_MAC_ADDRESS $NICID_1_GATEWAY $NICID_1_PORT_ID',
  ].join('\n');
  assert.deepEqual(await renderDay0([inline(template)], vm(3), context), [
    {
      path: 'day0.cfg',
      contents: [
        'VM_NAME=csr GENERATED_VM_NAME=dep_g1_3_v1 DEP_NAME=dep TENANT=t1 VM_GROUP=g1',
        'nic0 10.0.0.5 fa:16:3e:00:00:01 255.255.255.128 10.0.0.1',
        'nic0 10.0.0.0/24 n-uuid p-uuid',
        'nic1 fd00:1::7 fd00:1::/64 ffff:ffff:ffff:ffff:: $NICID_1_MAC_ADDRESS $NICID_1_GATEWAY $NICID_1_PORT_ID',
      ].join('\n'),
    },
  ]);
});

const pool = [{ name: 'SITE', values: ['a', 'b', 'c'] }];
const values: { name: string; variables: ConfigurationSpec['variables']; held?: Vm['day0Values']; expected: string }[] = [
  { name: 'a pool variable takes the value the VM record holds (COMP-3)', variables: pool, held: [{ dst: 'day0.cfg', variable: 'SITE', value: 'c' }], expected: 'site c' },
  { name: 'a value held for another configuration is not this one\u2019s', variables: pool, held: [{ dst: 'other.cfg', variable: 'SITE', value: 'c' }], expected: 'site ${SITE}' },
  { name: 'a variable with one value [I] is a constant every VM shares', variables: [{ name: 'SITE', values: ['x'] }], expected: 'site x' },
  { name: 'a variable whose values are all one is a constant too', variables: [{ name: 'SITE', values: ['x', 'x'] }], expected: 'site x' },
  { name: 'a variable without values is left as it is', variables: [{ name: 'SITE', values: [] }], expected: 'site ${SITE}' },
];
for (const c of values) {
  test(`day-0 values: ${c.name}`, async () => {
    const [file] = await renderDay0([inline('site ${SITE}', c.variables)], vm(0, c.held), context);
    assert.equal(file?.contents, c.expected);
  });
}

test('day-0 a request variable replaces the built-in of its name', async () => {
  const [file] = await renderDay0([inline('$TENANT', [{ name: 'TENANT', values: ['mine'] }])], vm(), context);
  assert.equal(file?.contents, 'mine');
});

test('day-0 each configuration becomes one file named by its dst, in order', async () => {
  const rendered = await renderDay0([{ ...inline('one $VM_NAME'), dst: 'a.txt' }, { ...inline('two'), dst: 'b/c.txt' }], vm(), context);
  assert.deepEqual(rendered, [
    { path: 'a.txt', contents: 'one csr' },
    { path: 'b/c.txt', contents: 'two' },
  ]);
});

test('day-0 a file:// template is read from the manager\u2019s host and substituted', async () => {
  const path = join(dir, 'template.cfg');
  writeFileSync(path, 'hostname ${VM_NAME}\nsite $SITE\n');
  const held = [{ dst: 'iosxe_config.txt', variable: 'SITE', value: 'b' }];
  const [file] = await renderDay0([{ dst: 'iosxe_config.txt', file: pathToFileURL(path).href, variables: pool }], vm(1, held), context);
  assert.deepEqual(file, { path: 'iosxe_config.txt', contents: 'hostname csr\nsite b\n' });
});

test('day-0 an http(s) template is fetched through the port with the size and time bounds, then substituted (issue 12 item 7)', async () => {
  const s = sources({ 'https://cfg.example/t.cfg': 'hostname $VM_NAME' });
  const [file] = await renderDay0([{ dst: 'day0.cfg', file: 'https://cfg.example/t.cfg', variables: [] }], vm(), s.context);
  assert.equal(file?.contents, 'hostname csr');
  assert.deepEqual(s.asked, [{ url: 'https://cfg.example/t.cfg', maxBytes: 1024, timeoutMs: 30_000 }]);
});

test('day-0 an http(s) template that cannot be fetched fails naming the element, the URL and the reason', async () => {
  const s = sources({ 'http://cfg.example/t.cfg': new Error('HTTP 503') });
  await assert.rejects(
    renderDay0([{ dst: 'day0.cfg', file: 'http://cfg.example/t.cfg', variables: [] }], vm(), s.context),
    (err) => isDomainError(err, 'INVALID_INPUT') && err.message === 'vm_group[g1]/config_data/configuration[day0.cfg]/file http://cfg.example/t.cfg cannot be fetched: HTTP 503',
  );
});

test('day-0 at accept time an http(s) template is not fetched', async () => {
  const s = sources();
  for (const file of ['http://cfg.example/t.cfg', 'https://10.1.2.3:8443/t.cfg'])
    assert.equal(await checkDay0Template({ dst: 'day0.cfg', file, variables: [] }, 'g1', s.context.sources), '');
  assert.deepEqual(s.asked, []);
});

const refusedUrls: [file: string, reason: string][] = [
  ['http://169.254.169.254/latest/user-data', '169.254.169.254 is the cloud metadata address, always refused'],
  ['http://192.168.1.1/t.cfg', '192.168.1.1 is not in the allowed networks (setting egress.allowed.networks)'],
  ['http://[::1/t.cfg', 'not a valid URL'],
];
for (const [file, reason] of refusedUrls) {
  test(`day-0 at accept time an http(s) template is refused as a callback would be (issue 13): ${reason}`, async () => {
    await assert.rejects(checkDay0Template({ dst: 'day0.cfg', file, variables: [] }, 'g1', context.sources), {
      message: `vm_group[g1]/config_data/configuration[day0.cfg]/file ${file} is refused: ${reason}`,
    });
  });
}

const invalid: { name: string; config: ConfigurationSpec; message: RegExp }[] = [
  {
    name: 'an unreadable file:// template is invalid input naming the element',
    config: { dst: 'day0.cfg', file: pathToFileURL(join(dir, 'missing.cfg')).href, variables: [] },
    message: /^vm_group\[g1\]\/config_data\/configuration\[day0\.cfg\]\/file file:\/\/.*missing\.cfg cannot be read$/,
  },
  {
    name: 'a template that is neither inline, file:// nor http(s) is invalid input naming the element',
    config: { dst: 'day0.cfg', file: 'ftp://example.com/t.cfg', variables: [] },
    message: /^vm_group\[g1\]\/config_data\/configuration\[day0\.cfg\]\/file ftp:\/\/example\.com\/t\.cfg is not a file:\/\/ URL/,
  },
];
for (const c of invalid) {
  test(`day-0 ${c.name}`, async () => {
    await assert.rejects(renderDay0([c.config], vm(), context), (err) => isDomainError(err, 'INVALID_INPUT') && c.message.test(err.message));
  });
}
