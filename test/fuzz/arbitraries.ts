/**
 * Hostile request material for the fuzz tests (issue 13 item 9): documents in XML and JSON that
 * look like ESC's (its element names, deep nesting, huge numbers, wrong types, unicode edge cases,
 * duplicate keys, prototype keys), mutations of a valid deployment, path segments and headers.
 */
import fc from 'fast-check';
import { oneVmDeployment } from '../support/one-vm-deployment.ts';

/** Runs per property: 200 in `npm test`, `FUZZ_RUNS` (10,000 with `npm run fuzz`) when asked. */
export const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 200);
/** Fixed, so a failure in `npm test` is the same failure on the next run. */
export const fuzzSeed = 13;

const names = fc.constantFrom(
  'esc_datamodel', 'tenants', 'tenant', 'name', 'deployments', 'deployment', 'vm_group', 'image', 'flavor', 'bootup_time',
  'recovery_wait_time', 'interfaces', 'interface', 'nicid', 'network', 'scaling', 'min_active', 'max_active', 'config_data',
  'configuration', 'dst', 'file', 'data', 'operation', 'force', 'service_operation', 'vm_operation', 'recovery_vm_operation',
  'snapshot', 'volumes', 'volume', 'size', 'vim_mapping', 'description', 'policies', 'startup', 'kpi_data', 'kpi', 'event_name',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'x',
);

/** Leaf values: the edges of numbers, booleans, names and text. */
export const hostileText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '', ' ', '-1', '0', '1', '1e308', '-1e308', '1e-400', '99999999999999999999999', '9007199254740993', 'NaN', 'Infinity', '0x10', '1_000',
    'true', 'TRUE', 'null', 'undefined', 'file:///etc/passwd', 'file:///proc/self/environ', '../../etc', 'a/b', '\u0000', '\u0001',
    '\u202e', '\ufeff', '\ud800', '\udfff', '😀', 'é', 'x'.repeat(300), '&amp;', ']]>', '<![CDATA[x]]>', '${VM_NAME}', "'; DROP TABLE x;--",
  ),
  fc.integer().map(String),
  fc.double().map(String),
);

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Element trees shaped like ESC documents; text sometimes left unescaped (malformed on purpose). */
const xmlElement: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(names, hostileText, fc.boolean()).map(([n, text, raw]) => `<${n}>${raw ? text : escapeXml(text)}</${n}>`),
    fc.tuple(names, fc.array(tie('node'), { maxLength: 5 })).map(([n, kids]) => `<${n}>${kids.join('')}</${n}>`),
  ),
})).node;

export const xmlDocument = fc.oneof(
  xmlElement,
  xmlElement.map((e) => `<?xml version="1.0" encoding="UTF-8"?>${e}`),
  fc.tuple(names, fc.integer({ min: 60, max: 1200 })).map(([n, depth]) => `<${n}>`.repeat(depth) + `</${n}>`.repeat(depth)),
  fc.constantFrom(
    '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
    '<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>',
    '<x>&#0;</x>',
    '<x>&#x110000;</x>',
    '<x>&unknown;</x>',
    '<a><b></a></b>',
    '<a/><b/>',
    '<a>',
    'not xml',
  ),
);

/** JSON values with ESC's member names, prototype keys among them. */
const jsonTree: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileText,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(names, tie('value'), { maxKeys: 4 }),
  ),
})).value;

export const jsonDocument = fc.oneof(
  fc.tuple(names, jsonTree).map(([root, value]) => JSON.stringify({ [root]: value })),
  jsonTree.map((v) => JSON.stringify(v) ?? 'null'),
  fc.json(),
  fc.integer({ min: 60, max: 3000 }).map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
  fc.integer({ min: 2, max: 3000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.constantFrom(
    '{"tenant":{"name":"a","name":"b"}}',
    '{"__proto__":{"polluted":true}}',
    '{"esc_datamodel":{"constructor":{"prototype":{"polluted":true}}}}',
    '{"tenant":{"name":"\\ud800"}}',
    '{"tenant":{"name":1e400}}',
    '{"name":"x","volume_type":{"a":1},"bootable":"yes"}',
    '{',
    '',
  ),
);

/** A valid one-VM deployment with one leaf replaced by hostile text or one element dropped. */
export const mutatedDeployment = fc.tuple(fc.nat(), hostileText, fc.boolean()).map(([at, text, drop]) => {
  const valid = oneVmDeployment({ tenant: 'fuzz', name: 'fuzzed' });
  const leaves = [...valid.matchAll(/<([a-z_]+)>([^<]*)<\/\1>/g)];
  const leaf = leaves[at % leaves.length]!;
  return valid.replace(leaf[0], drop ? '' : `<${leaf[1]}>${escapeXml(text)}</${leaf[1]}>`);
});

export const body = fc.oneof(
  fc.record({ text: xmlDocument, type: fc.constantFrom('application/xml', 'text/xml', undefined) }),
  fc.record({ text: jsonDocument, type: fc.constantFrom('application/json', 'application/json; charset=utf-16', undefined) }),
  fc.record({ text: mutatedDeployment, type: fc.constantFrom('application/xml', undefined) }),
  fc.record({ text: hostileText, type: fc.constantFrom('text/plain', 'application/xml', 'application/json', undefined) }),
);

/** A path segment: names, hostile text (percent-encoded), and raw escapes that decode badly. */
export const pathSegment = fc.oneof(
  fc.constantFrom('fuzz', 'fuzzed', 'acme', 'fuzzed_g_0', '..', '.', '%FF', '%C3%28', '%00', '%2F', '%2e%2e', 'a%2Fb', '%', 'x'.repeat(300)),
  hostileText.filter((s) => s !== '').map(percentEncode),
);

function percentEncode(s: string): string {
  return [...s].map((ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80'; // a lone surrogate, as the bytes it would be
    }
  }).join('');
}

/** Header values fetch can send (no control characters but tab): ESC's callback headers and content negotiation. */
const headerValue = fc.oneof(
  fc.string({ unit: 'binary-ascii', maxLength: 60 }).map((s) => s.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '')),
  fc.constantFrom(
    'http://169.254.169.254/latest/meta-data/', 'http://[::ffff:169.254.169.254]/', 'http://[fe80::1]/', 'http://8.8.8.8/',
    'http://127.0.0.1:1/cb', 'file:///etc/passwd', 'gopher://x', 'http://a b', 'http://0x7f.1/', 'http://2130706433/',
  ),
);
export const headers = fc.record(
  {
    accept: fc.constantFrom('application/json', 'application/xml', '*/*', 'text/html', 'application/json;q=0, application/xml;q=x'),
    callback: headerValue,
    'callback-esc-events': headerValue,
    'x-request-id': headerValue,
  },
  { requiredKeys: [] },
);
