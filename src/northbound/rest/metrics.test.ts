import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { Metrics } from './metrics.ts';
import { api, startHarness, type Harness } from './testing/harness.ts';

let h: Harness | undefined;
afterEach(() => h?.app.close());

test('GET /metrics exposes the request duration histogram by route pattern, method and status', async () => {
  h = await startHarness();
  await h.app.inject({ method: 'GET', url: api('/deployments/dep-x') });
  const res = await h.app.inject({ method: 'GET', url: '/metrics' });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  assert.match(res.body, /# TYPE openvnfm_http_request_duration_seconds histogram/);
  assert.match(res.body, /openvnfm_http_request_duration_seconds_count\{route="\/ESCManager\/v0\/deployments\/:id",method="GET",status_code="404"\} 1/);
});

test('engine, outbox and cluster (issue 15) counters are exposed with their labels', async () => {
  const metrics = new Metrics({ processMetrics: false });
  metrics.operationStarted('deploy');
  metrics.operationFinished('deploy', 'COMPLETED');
  metrics.eventPublished('VM_ALIVE');
  metrics.eventPublished('VM_ALIVE');
  metrics.outboxDelivered();
  metrics.outboxFailed();
  metrics.claimed(3);
  metrics.tookOver(2);
  metrics.leaseLost(1);
  const { text } = await metrics.exposition();
  assert.match(text, /openvnfm_operations_started_total\{kind="deploy"\} 1/);
  assert.match(text, /openvnfm_operations_finished_total\{kind="deploy",status="COMPLETED"\} 1/);
  assert.match(text, /openvnfm_events_published_total\{type="VM_ALIVE"\} 2/);
  assert.match(text, /openvnfm_outbox_delivered_total 1/);
  assert.match(text, /openvnfm_outbox_failed_total 1/);
  assert.match(text, /openvnfm_ha_claims_total 3/);
  assert.match(text, /openvnfm_ha_takeovers_total 2/);
  assert.match(text, /openvnfm_ha_lease_losses_total 1/);
  assert.doesNotMatch(text, /openvnfm_process_cpu/);
});

test('issue 14: the time in the database is read from the store\'s counts at each scrape', async () => {
  const counts = { statements: 30, statementSeconds: 0.25, commits: 2, commitSeconds: 0.125 };
  const metrics = new Metrics({ processMetrics: false, databaseTime: counts });
  assert.match((await metrics.exposition()).text, /^openvnfm_store_statements_total 30$/m);
  counts.statements = 31;
  counts.commitSeconds = 0.5;
  const { text } = await metrics.exposition();
  assert.match(text, /^openvnfm_store_statements_total 31$/m);
  assert.match(text, /^openvnfm_store_statement_seconds_total 0.25$/m);
  assert.match(text, /^openvnfm_store_commits_total 2$/m);
  assert.match(text, /^openvnfm_store_commit_seconds_total 0.5$/m);
  assert.doesNotMatch((await new Metrics({ processMetrics: false }).exposition()).text, /openvnfm_store_/, 'no store given: none exposed');
});

test('process metrics are on by default, in a registry of their own', async () => {
  const { text } = await new Metrics().exposition();
  assert.match(text, /openvnfm_process_cpu_user_seconds_total/);
});
