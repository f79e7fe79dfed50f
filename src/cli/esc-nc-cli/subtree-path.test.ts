import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PathError, subtreeFilter } from './subtree-path.ts';

const esc = 'xmlns="http://www.cisco.com/esc/esc"';

const cases: { path: string | undefined; filter: string | undefined }[] = [
  { path: undefined, filter: undefined },
  { path: '', filter: undefined },
  { path: '/', filter: undefined },
  { path: 'esc_datamodel', filter: `<esc_datamodel ${esc}/>` },
  { path: 'esc_datamodel/opdata', filter: `<esc_datamodel ${esc}><opdata/></esc_datamodel>` },
  { path: '/esc_datamodel/opdata/tenants', filter: `<esc_datamodel ${esc}><opdata><tenants/></opdata></esc_datamodel>` },
  {
    path: "esc_datamodel/opdata/tenants/tenant[name='acme']/deployments[deployment_name=\"shop/1\"]",
    filter: `<esc_datamodel ${esc}><opdata><tenants><tenant><name>acme</name><deployments><deployment_name>shop/1</deployment_name></deployments></tenant></tenants></opdata></esc_datamodel>`,
  },
  { path: 'esc_datamodel/tenants/tenant[name=a&b]', filter: `<esc_datamodel ${esc}><tenants><tenant><name>a&amp;b</name></tenant></tenants></esc_datamodel>` },
  { path: 'netconf/streams', filter: '<netconf xmlns="urn:ietf:params:xml:ns:netmod:notification"><streams/></netconf>' },
];

for (const c of cases) {
  test(`get path ${JSON.stringify(c.path)} becomes the nested subtree filter (item 7)`, () => {
    const expected = c.filter === undefined ? undefined : `<filter type="subtree">${c.filter}</filter>`;
    assert.equal(subtreeFilter(c.path), expected);
  });
}

const refused: { path: string; message: RegExp }[] = [
  { path: 'foo/bar', message: /unknown top-level node \[foo\]; a path starts with one of: esc_datamodel, netconf, netconf-state/ },
  { path: 'esc_datamodel//opdata', message: /bad step \[\] in path/ },
  { path: 'esc_datamodel/op<data', message: /bad step \[op<data\]/ },
  { path: "esc_datamodel/tenant[name='a", message: /unbalanced/ },
  { path: 'esc_datamodel/tenant[name]', message: /bad predicate in step \[tenant\[name\]\]/ },
  { path: 'esc_datamodel/tenant[1x=a]', message: /bad key \[1x\]/ },
];

for (const c of refused) {
  test(`get path ${JSON.stringify(c.path)} is refused before anything is sent`, () => {
    assert.throws(() => subtreeFilter(c.path), (err: unknown) => err instanceof PathError && c.message.test(err.message));
  });
}
