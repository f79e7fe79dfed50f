import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { renderTenant, renderTenants } from '../../../datamodel/tenant.ts';
import { sampleTenant } from '../testing/sample-views.ts';
import { api, startHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.app.close());

const tenantXml =
  '<tenant xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><name>t1</name><description>lab</description></tenant>';

test('IMPL-1 create tenant: POST XML → 201, ESC-Transaction-Id, the tenant as recorded', async () => {
  const res = await h.app.inject({
    method: 'POST',
    url: api('/tenants/t1'),
    headers: { 'content-type': 'application/xml', callback: 'http://orch/done' },
    body: tenantXml,
  });
  assert.equal(res.statusCode, 201);
  assert.equal(res.headers['esc-transaction-id'], 'op-1');
  assert.deepEqual(h.engine.calls, [
    {
      method: 'createTenant',
      args: [{ name: 't1', description: 'lab', vimMapping: true, notify: { format: 'xml', completionUrl: 'http://orch/done' } }],
    },
    { method: 'getTenant', args: ['t1'] },
  ]);
  assert.equal(res.body, renderTenant(h.engine.tenants.get('t1')!, 'xml'));
});

test('create tenant with an empty body asks for a tenant named by the path; JSON answer by Accept', async () => {
  const res = await h.app.inject({ method: 'POST', url: api('/tenants/t2'), headers: { accept: 'application/json' } });
  assert.equal(res.statusCode, 201);
  const call = h.engine.calls[0];
  assert.equal(call?.method === 'createTenant' && call.args[0].name, 't2');
  assert.equal(res.body, renderTenant(h.engine.tenants.get('t2')!, 'json'));
});

test('creating a tenant that exists → 409 naming it', async () => {
  h.engine.tenants.set('t1', sampleTenant('t1'));
  const res = await h.app.inject({ method: 'POST', url: api('/tenants/t1'), headers: { 'content-type': 'application/xml' }, body: tenantXml });
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /tenant \[t1\] already exists/);
});

test('IMPL-1 list and read tenants, XML by default and JSON by Accept', async () => {
  h.engine.tenants.set('t1', sampleTenant('t1'));
  const list = await h.app.inject({ method: 'GET', url: api('/tenants?limit=5') });
  assert.equal(list.statusCode, 200);
  assert.equal(list.body, renderTenants([sampleTenant('t1')], 'xml'));
  const one = await h.app.inject({ method: 'GET', url: api('/tenants/t1'), headers: { accept: 'application/json' } });
  assert.equal(one.statusCode, 200);
  assert.equal(one.body, renderTenant(sampleTenant('t1'), 'json'));
  assert.deepEqual(h.engine.calls, [
    { method: 'listTenants', args: [{ limit: 5 }] },
    { method: 'getTenant', args: ['t1'] },
  ]);
});

test('IMPL-1 delete tenant: DELETE → 200, empty body, ESC-Transaction-Id', async () => {
  h.engine.tenants.set('t1', sampleTenant('t1'));
  const res = await h.app.inject({ method: 'DELETE', url: api('/tenants/t1') });
  assert.equal(res.statusCode, 200);
  assert.equal(res.body, '');
  assert.equal(res.headers['esc-transaction-id'], 'op-1');
  assert.deepEqual(h.engine.calls, [{ method: 'deleteTenant', args: [{ name: 't1', notify: { format: 'xml' } }] }]);
});

test('reading or deleting an unknown tenant → 404 naming it', async () => {
  for (const method of ['GET', 'DELETE'] as const) {
    const res = await h.app.inject({ method, url: api('/tenants/nobody') });
    assert.equal(res.statusCode, 404, method);
    assert.match(res.body, /tenant \[nobody\] not found/, method);
  }
});
