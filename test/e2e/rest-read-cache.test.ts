/**
 * Issue 14 over real HTTP: GETs are answered from bodies rendered at the store's current version,
 * so every change — made through the API or by a running operation — shows in the next read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { eventually, startTestManager } from '../support/manager.ts';

const deploymentXml = readFileSync(new URL('fixtures/two-group.xml', import.meta.url), 'utf8');

test('issue 14: repeated reads answer the same bytes; each change, the operation\'s own steps included, shows in the next read', async () => {
  const manager = await startTestManager();
  const api = `${manager.url}/ESCManager/v0`;
  const get = async (path: string, accept = 'application/xml') => (await fetch(`${api}${path}`, { headers: { accept } })).text();
  const post = (path: string, body: string) => fetch(`${api}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/xml' } });
  try {
    const before = await get('/tenants', 'application/json');
    assert.equal(await get('/tenants', 'application/json'), before);
    assert.equal((await post('/tenants/north', '')).status, 201);
    const after = JSON.parse(await get('/tenants', 'application/json')) as unknown;
    assert.match(JSON.stringify(after), /"north"/);
    assert.notEqual(JSON.stringify(after), before);

    assert.equal((await post('/deployments/shop', deploymentXml)).status, 201);
    // Every poll below reads while the deploy's steps write: a body kept past a step would stall it.
    const seen = new Set<string>();
    await eventually(async () => {
      const body = await get('/deployments/shop');
      seen.add(/<state>([A-Z_]+)<\/state>/.exec(body)?.[1] ?? '');
      return body.includes('SERVICE_ACTIVE_STATE') ? true : undefined;
    }, 30_000, 'shop active');
    assert.ok(seen.size > 1, `the reads followed the deploy: ${[...seen].join(', ')}`);
    assert.equal(await get('/deployments/shop'), await get('/deployments/shop'));
    assert.equal(await get('/deployments/shop', 'application/json'), await get('/deployments/shop', 'application/json'));
    assert.match(await get('/deployments/shop', 'application/json'), /^\{/, 'JSON and XML kept apart');
  } finally {
    await manager.close();
  }
});
