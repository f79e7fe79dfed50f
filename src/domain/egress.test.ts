import assert from 'node:assert/strict';
import { test } from 'node:test';
import { egressRefusal, literalAddress } from './egress.ts';

// Issue 13 item 6: the one egress rule, with the default allowed networks.
const defaults = '127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7';
const rows: [address: string, refusal: RegExp | undefined][] = [
  ['127.0.0.1', undefined],
  ['127.8.9.10', undefined],
  ['::1', undefined],
  ['10.1.2.3', undefined],
  ['172.31.255.255', undefined],
  ['192.168.0.7', undefined],
  ['fd12:3456::1', undefined],
  ['::ffff:127.0.0.1', undefined],
  ['169.254.169.254', /the cloud metadata address, always refused/],
  ['::ffff:169.254.169.254', /the cloud metadata address/],
  ['::ffff:a9fe:a9fe', /the cloud metadata address/],
  ['fd00:ec2::254', /the cloud metadata address/],
  ['169.254.1.1', /link-local, always refused/],
  ['fe80::1', /link-local/],
  ['0.0.0.0', /unspecified/],
  ['::', /unspecified/],
  ['8.8.8.8', /not in the allowed networks \(setting egress\.allowed\.networks\)/],
  ['172.32.0.1', /not in the allowed networks/],
  ['2001:db8::1', /not in the allowed networks/],
  ['100.64.0.1', /not in the allowed networks/],
  ['not-an-ip', /is not an IP address/],
];
for (const [address, refusal] of rows) {
  test(`egress ${address} is ${refusal ? 'refused' : 'allowed'} under the default networks`, () => {
    const found = egressRefusal(address, defaults);
    if (refusal === undefined) assert.equal(found, undefined);
    else assert.match(found ?? '(allowed)', refusal);
  });
}

test('egress: link-local and the metadata address stay refused even when listed as allowed', () => {
  assert.match(egressRefusal('169.254.169.254', '0.0.0.0/0,169.254.0.0/16')!, /metadata/);
  assert.match(egressRefusal('fe80::1', '::/0')!, /link-local/);
  assert.equal(egressRefusal('8.8.8.8', '0.0.0.0/0'), undefined);
});

test('egress: an empty list allows nothing', () => {
  assert.match(egressRefusal('127.0.0.1', '')!, /not in the allowed networks/);
});

const literals: [host: string, address: string | undefined][] = [
  ['127.0.0.1', '127.0.0.1'],
  ['[::1]', '::1'],
  ['[::ffff:a9fe:a9fe]', '::ffff:a9fe:a9fe'],
  ['callback.example', undefined],
  ['localhost', undefined],
  ['1.2.3', undefined],
];
for (const [host, address] of literals) {
  test(`egress: host ${host} is ${address ? `the literal ${address}` : 'a name, resolved at send time'}`, () => {
    assert.equal(literalAddress(host), address);
  });
}
