/**
 * House rule 5: every domain error code reaches the client as its HTTP status. The expected table is
 * written out here (not read from `httpStatusOf`) so a changed mapping fails this test.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { assertGolden } from '../../../test/golden.ts';
import { DomainError, errorCodes, errors, type ErrorCode } from '../../domain/errors.ts';
import { api, errorMessageOf, fixturePath, startHarness, type Harness } from './testing/harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.app.close());

const expected: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  AMBIGUOUS_NAME: 409,
  REFUSED_IN_STATE: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  VIM_FAILED: 502,
  TIMEOUT: 504,
  MAINTENANCE: 503,
  RATE_LIMITED: 429,
  SHUTTING_DOWN: 503,
  INTERNAL: 500,
};

for (const code of errorCodes) {
  test(`engine error ${code} → HTTP ${expected[code]} with the engine's message`, async () => {
    h.engine.failNext('getDeployment', new DomainError(code, `deployment [dep-1]: ${code} happened`));
    const res = await h.app.inject({ method: 'GET', url: api('/deployments/dep-1') });
    assert.equal(res.statusCode, expected[code]);
    assert.equal(errorMessageOf(res.body), `deployment [dep-1]: ${code} happened`);
  });
}

test('MAINTENANCE → 503 with Retry-After: 60 (a manager in maintenance is worth asking again later)', async () => {
  h.engine.failNext('undeploy', errors.maintenanceMode());
  const res = await h.app.inject({ method: 'DELETE', url: api('/deployments/dep-1') });
  assert.equal(res.statusCode, 503);
  assert.equal(res.headers['retry-after'], '60');
  assert.equal(errorMessageOf(res.body), 'ESC is in maintenance mode');
});

test('an unexpected error → 500 naming the request id, never its own text', async () => {
  h.engine.failNext('listTenants', new Error('secret connection string'));
  const res = await h.app.inject({ method: 'GET', url: api('/tenants') });
  assert.equal(res.statusCode, 500);
  assert.equal(errorMessageOf(res.body), `internal error; see the server log for request ${res.headers['x-request-id']}`);
});

test('error body through the server, XML (golden)', async () => {
  const res = await h.app.inject({ method: 'DELETE', url: api('/deployments/dep-9') });
  assert.equal(res.statusCode, 404);
  assertGolden(fixturePath('error-not-found.xml'), res.body);
});

test('error body through the server, JSON (golden)', async () => {
  const res = await h.app.inject({ method: 'DELETE', url: api('/deployments/dep-9'), headers: { accept: 'application/json' } });
  assert.equal(res.statusCode, 404);
  assertGolden(fixturePath('error-not-found.json'), res.body);
});
