import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { assertGolden } from '../../../../test/golden.ts';
import { renderDeploymentOpdata, renderDeploymentsOpdata } from '../../../datamodel/opdata.ts';
import { api, fixture, fixturePath, seedDeployment, startHarness, type Harness } from '../testing/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.app.close());

const callbacks = { callback: 'http://orch:9000/done', 'Callback-ESC-Events': 'http://orch:9000/events' };

test('IMPL-1 deploy: POST XML → 201, ESC-Transaction-Id, the deployment read back as opdata XML', async () => {
  const res = await h.app.inject({
    method: 'POST',
    url: api('/deployments/dep-1'),
    headers: { 'content-type': 'application/xml', ...callbacks },
    body: fixture('deploy-request.xml'),
  });
  assert.equal(res.statusCode, 201);
  assert.equal(res.headers['esc-transaction-id'], 'op-1');
  assert.match(String(res.headers['content-type']), /^application\/xml/);
  assert.deepEqual(h.engine.methodsCalled(), ['deploy', 'getDeployment']);
  const [call] = h.engine.calls;
  assert.equal(call?.method, 'deploy');
  const req = call.method === 'deploy' ? call.args[0] : undefined;
  assert.equal(req?.tenant, 'tenant-a');
  assert.equal(req?.spec.name, 'dep-1');
  assert.equal(req?.spec.vmGroups[0]?.flavor, 'm1.tiny');
  assert.deepEqual(req?.notify, { format: 'xml', completionUrl: callbacks.callback, eventsUrl: callbacks['Callback-ESC-Events'] });
  assert.equal(res.body, renderDeploymentOpdata(h.engine.views.get('dep-1')!, 'xml'));
});

test('IMPL-1 deploy: POST JSON with Accept JSON → 201 and the opdata JSON mirror; no headers, no callbacks', async () => {
  const res = await h.app.inject({
    method: 'POST',
    url: api('/deployments/dep-1'),
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: fixture('deploy-request.json'),
  });
  assert.equal(res.statusCode, 201);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.equal(res.body, renderDeploymentOpdata(h.engine.views.get('dep-1')!, 'json'));
  const call = h.engine.calls[0];
  assert.deepEqual(call?.method === 'deploy' && call.args[0].notify, { format: 'json' });
});

test('deploy without Content-Type: a body starting with { is taken as JSON', async () => {
  const res = await h.app.inject({ method: 'POST', url: api('/deployments/dep-1'), body: fixture('deploy-request.json') });
  assert.equal(res.statusCode, 201);
  const call = h.engine.calls[0];
  assert.equal(call?.method === 'deploy' && call.args[0].notify.format, 'json');
});

test('COMP-2 service update: PUT → 200, ESC-Transaction-Id, the deployment as now recorded', async () => {
  seedDeployment(h.engine, 'dep-1');
  const res = await h.app.inject({
    method: 'PUT',
    url: api('/deployments/dep-1'),
    headers: { 'content-type': 'text/xml', callback: callbacks.callback },
    body: fixture('deploy-request.xml'),
  });
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['esc-transaction-id'], 'op-1');
  assert.deepEqual(h.engine.methodsCalled(), ['update', 'getDeployment']);
  assert.match(res.body, /SERVICE_UPDATING_STATE/);
  const call = h.engine.calls[0];
  assert.deepEqual(call?.method === 'update' && call.args[0].notify, { format: 'xml', completionUrl: callbacks.callback });
});

test('IMPL-1 undeploy: DELETE → 200, empty body, ESC-Transaction-Id; callbacks in the Accept format', async () => {
  seedDeployment(h.engine, 'dep-1');
  const res = await h.app.inject({
    method: 'DELETE',
    url: api('/deployments/dep-1'),
    headers: { accept: 'application/json', callback: callbacks.callback },
  });
  assert.equal(res.statusCode, 200);
  assert.equal(res.body, '');
  assert.equal(res.headers['esc-transaction-id'], 'op-1');
  assert.deepEqual(h.engine.calls, [
    { method: 'undeploy', args: [{ deploymentName: 'dep-1', notify: { format: 'json', completionUrl: callbacks.callback } }] },
  ]);
});

test('IMPL-1 read one deployment as opdata, XML by default (golden)', async () => {
  seedDeployment(h.engine, 'dep-1');
  const res = await h.app.inject({ method: 'GET', url: api('/deployments/dep-1') });
  assert.equal(res.statusCode, 200);
  assertGolden(fixturePath('deployment-get.xml'), res.body);
});

test('IMPL-1 read one deployment as opdata JSON by Accept (golden)', async () => {
  seedDeployment(h.engine, 'dep-1');
  const res = await h.app.inject({ method: 'GET', url: api('/deployments/dep-1'), headers: { accept: 'application/json' } });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assertGolden(fixturePath('deployment-get.json'), res.body);
});

test('list deployments passes tenant, limit and offset to the engine and renders every view', async () => {
  seedDeployment(h.engine, 'dep-1');
  seedDeployment(h.engine, 'dep-2', 'tenant-b');
  const res = await h.app.inject({ method: 'GET', url: api('/deployments?tenant=tenant-a&limit=2&offset=1') });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(h.engine.calls, [{ method: 'listDeployments', args: [{ tenant: 'tenant-a', limit: 2, offset: 1 }] }]);
  assert.equal(res.body, renderDeploymentsOpdata([...h.engine.views.values()], 'xml'));
});

test('reading, updating or undeploying an unknown deployment → 404 naming it', async () => {
  for (const method of ['GET', 'PUT', 'DELETE'] as const) {
    const res = await h.app.inject({
      method,
      url: api('/deployments/dep-1'),
      headers: { 'content-type': 'application/xml' },
      ...(method === 'PUT' ? { body: fixture('deploy-request.xml') } : {}),
    });
    assert.equal(res.statusCode, 404, method);
    assert.match(res.body, /<error_message>deployment \[dep-1\] not found<\/error_message>/, method);
  }
});

test('deploying a deployment that already exists → 409 naming it', async () => {
  seedDeployment(h.engine, 'dep-1');
  const res = await h.app.inject({
    method: 'POST',
    url: api('/deployments/dep-1'),
    headers: { 'content-type': 'application/xml', accept: 'application/json' },
    body: fixture('deploy-request.xml'),
  });
  assert.equal(res.statusCode, 409);
  assert.deepEqual(JSON.parse(res.body), { error: { error_code: 409, error_message: 'deployment [dep-1] already exists' } });
});
