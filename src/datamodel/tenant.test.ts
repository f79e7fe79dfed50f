import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGolden } from '../../test/golden.ts';
import type { Tenant } from '../domain/entities.ts';
import { isDomainError } from '../domain/errors.ts';
import { parseTenantRequest, renderTenant, renderTenants } from './tenant.ts';

const fixture = (name: string) => new URL(`fixtures/${name}`, import.meta.url).pathname;
const ns = 'urn:ietf:params:xml:ns:netconf:base:1.0';

const accepted: [string, string, 'xml' | 'json', ReturnType<typeof parseTenantRequest>][] = [
  [
    'the REST tenant element',
    `<tenant xmlns="${ns}"><name>acme</name><description>Acme &amp; Co</description><vim_mapping>false</vim_mapping></tenant>`,
    'xml',
    { name: 'acme', description: 'Acme & Co', vimMapping: false },
  ],
  [
    'the esc_datamodel form',
    '<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>acme</name></tenant></tenants></esc_datamodel>',
    'xml',
    { name: 'acme', description: undefined, vimMapping: true },
  ],
  ['the JSON form', '{"tenant":{"name":"acme","vim_mapping":true}}', 'json', { name: 'acme', description: undefined, vimMapping: true }],
  ['an empty body (name from the path)', '  \n', 'xml', { name: 'acme', vimMapping: true }],
  ['a body without a name', `<tenant xmlns="${ns}"><description>d</description></tenant>`, 'xml', { name: 'acme', description: 'd', vimMapping: true }],
];
for (const [what, body, format, expected] of accepted) {
  test(`IMPL-1 tenant create accepts ${what}`, () => assert.deepEqual(parseTenantRequest(body, format, 'acme'), expected));
}

const refused: [string, string, 'xml' | 'json', string, string][] = [
  ['a name other than the path id', '<tenant><name>other</name></tenant>', 'xml', 'acme', 'tenant name [other] does not match the id [acme] in the request path'],
  ['a 257-character path id', '', 'xml', 'x'.repeat(257), 'tenant id in the request path must be 1..256 characters (got 257)'],
  ['a non-boolean vim_mapping', '{"tenant":{"vim_mapping":"maybe"}}', 'json', 'acme', "tenant/vim_mapping must be true or false (got 'maybe')"],
  ['two tenants', '<esc_datamodel><tenants><tenant/><tenant/></tenants></esc_datamodel>', 'xml', 'acme', 'esc_datamodel/tenants/tenant appears 2 times'],
  ['another root', '<deployment/>', 'xml', 'acme', 'the document root must be tenant or esc_datamodel (got deployment)'],
  ['a DOCTYPE', '<!DOCTYPE tenant><tenant/>', 'xml', 'acme', 'DTDs and entity declarations are not accepted'],
  ['malformed JSON', '{"tenant":', 'json', 'acme', 'malformed JSON'],
];
for (const [what, body, format, pathId, message] of refused) {
  test(`IMPL-1 tenant create refuses ${what}`, () => {
    assert.throws(
      () => parseTenantRequest(body, format, pathId),
      (err) => isDomainError(err, 'INVALID_INPUT') && err.message.includes(message),
    );
  });
}

const tenants: Tenant[] = [
  {
    name: 'acme',
    id: '6d1c7f5e-0000-4000-8000-000000000001',
    description: 'Acme <edge>',
    enabled: true,
    vimMapping: true,
    vimProjectId: 'b2a3c4d5e6f7',
    createdBy: 'api',
    createdAt: '2026-01-01T00:00:00.000Z',
  },
  {
    name: 'local',
    id: '6d1c7f5e-0000-4000-8000-000000000002',
    enabled: true,
    vimMapping: false,
    createdBy: 'deployment',
    createdAt: '2026-01-01T00:00:00.000Z',
  },
];

for (const format of ['xml', 'json'] as const) {
  test(`IMPL-1 renders a tenant and the tenant list in ${format} (golden)`, () => {
    assertGolden(fixture(`tenant.golden.${format}`), renderTenant(tenants[0]!, format));
    assertGolden(fixture(`tenants.golden.${format}`), renderTenants(tenants, format));
  });
}
