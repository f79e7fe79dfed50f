import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { api, startHarness, type Harness } from './testing/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.app.close());

const routes: [string, string][] = [
  ['get', '/ESCManager/v0/tenants'],
  ['get', '/ESCManager/v0/tenants/{id}'],
  ['post', '/ESCManager/v0/tenants/{id}'],
  ['delete', '/ESCManager/v0/tenants/{id}'],
  ['get', '/ESCManager/v0/deployments'],
  ['get', '/ESCManager/v0/deployments/{id}'],
  ['post', '/ESCManager/v0/deployments/{id}'],
  ['put', '/ESCManager/v0/deployments/{id}'],
  ['delete', '/ESCManager/v0/deployments/{id}'],
  ['get', '/ESCManager/v0/events'],
  ['post', '/ESCManager/v0/{tenant}/deployments/service/{deployment}'],
  ['post', '/ESCManager/v0/{tenant}/deployments/vm/{vm}'],
  ['get', '/ESCManager/v0/admin/settings'],
  ['patch', '/ESCManager/v0/admin/settings'],
  ['post', '/ESCManager/v0/admin/settings/reload'],
  ['get', '/ESCManager/v0/admin/op_mode'],
  ['put', '/ESCManager/v0/admin/op_mode'],
  ['put', '/ESCManager/v0/admin/rest-user'],
  ['get', '/ESCManager/v0/admin/status'],
  ['post', '/ESCManager/v0/admin/backup'],
  ['post', '/ESCManager/v0/admin/restore'],
  ['post', '/ESCManager/v0/{tenant}/deployments/snapshot-vm/{vm}'],
  ['get', '/ESCManager/v0/snapshots'],
  ['delete', '/ESCManager/v0/snapshots/{ref}'],
  ['post', '/ESCManager/v0/snapshots/{ref}/volumes'],
  ['post', '/ESCManager/v0/{tenant}/deployments/recovery/{vm}'],
  ['post', '/ESCManager/v0/{tenant}/deployments/restore-vm/{vm}'],
  ['get', '/ESCManager/v0/cluster'],
  ['get', '/ESCManager/v0/openapi.json'],
  ['get', '/metrics'],
];

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, { headers?: object }> }>>;
}

async function document(): Promise<OpenApiDoc> {
  const res = await h.app.inject({ method: 'GET', url: api('/openapi.json') });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  return JSON.parse(res.body) as OpenApiDoc;
}

test('openapi.json is an OpenAPI 3 document listing every route, and only those', async () => {
  const doc = await document();
  assert.match(doc.openapi, /^3\./);
  const listed = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method} ${path}`));
  assert.deepEqual(listed.sort(), routes.map(([method, path]) => `${method} ${path}`).sort());
});

test('openapi.json documents the callback headers and the ESC-Transaction-Id answer header', async () => {
  const deploy = (await document()).paths['/ESCManager/v0/deployments/{id}']?.post;
  const headers = (deploy?.parameters ?? []).filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());
  assert.deepEqual(headers.sort(), ['callback', 'callback-esc-events']);
  assert.ok(deploy?.responses['201']?.headers && 'ESC-Transaction-Id' in deploy.responses['201'].headers);
});
