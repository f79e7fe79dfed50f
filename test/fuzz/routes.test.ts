/**
 * Issue 13 item 9: every route of the REST API (as its OpenAPI document lists them, /metrics too),
 * over real HTTP, with hostile path segments, headers and bodies: never a 5xx, and a 4xx changes
 * nothing in the store (row counts and the highest event sequence). A 2xx may change it: the run
 * waits for the operation it started and takes that as the new baseline.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { oneVmDeployment } from '../support/one-vm-deployment.ts';
import { startTestManager } from '../support/manager.ts';
import { body, fuzzRuns, fuzzSeed, headers, pathSegment } from './arbitraries.ts';

const manager = await startTestManager();
after(() => manager.close());
const api = `${manager.url}/ESCManager/v0`;

// Something to address: a deployment `fuzzed` of tenant `fuzz` (its VM is fuzzed_g_0_…).
const seeded = await fetch(`${api}/deployments/fuzzed`, { method: 'POST', body: oneVmDeployment({ tenant: 'fuzz', name: 'fuzzed' }), headers: { 'content-type': 'application/xml' } });
assert.equal(seeded.status, 201, await seeded.text());
await manager.engine.runner.idle();

const openapi = (await (await fetch(`${api}/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
const routes = Object.entries(openapi.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path: `${manager.url}${path}` })));

/** The store as the last 2xx left it: a 4xx must leave it so. */
let baseline: number[] = [];
async function fingerprint(): Promise<number[]> {
  const s = manager.store;
  const counts = await Promise.all([s.listTenants(), s.listDeployments(), s.listVms(), s.listSnapshots(), s.listOperations({}), s.listOutbox()]);
  return [...counts.map((rows) => rows.length), await s.lastEventSeq()];
}

baseline = await fingerprint();

test('fuzz: the routes come from the OpenAPI document', () => {
  assert.ok(routes.length >= 20, `${routes.length} routes`);
  assert.ok(routes.some((r) => r.path.endsWith('/metrics')));
});

for (const route of routes)
  test(`fuzz: ${route.method} ${route.path.replace(manager.url, '')} never answers 5xx, and a 4xx changes nothing`, async () => {
    const params = route.path.match(/\{[^}]+\}/g) ?? [];
    await fc.assert(
      fc.asyncProperty(fc.array(pathSegment, { minLength: params.length, maxLength: params.length }), headers, body, async (segments, sent, payload) => {
        const url = params.reduce((path, param, i) => path.replace(param, segments[i]!), route.path);
        const hasBody = route.method !== 'GET' && route.method !== 'DELETE';
        const res = await fetch(url, {
          method: route.method,
          headers: { ...sent, ...(hasBody && payload.type ? { 'content-type': payload.type } : {}) },
          body: hasBody ? payload.text : undefined,
        });
        const answer = await res.text();
        assert.ok(res.status < 500, `${res.status} ${answer}`);
        if (res.status >= 400) assert.deepEqual(await fingerprint(), baseline, `a ${res.status} changed the store: ${answer}`);
        else {
          await manager.engine.runner.idle();
          baseline = await fingerprint();
        }
      }),
      { seed: fuzzSeed, numRuns: fuzzRuns },
    );
  });
