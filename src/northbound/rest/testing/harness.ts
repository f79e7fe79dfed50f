/**
 * Test harness for the REST northbound: a server built exactly as production builds it (no logger,
 * no process metrics), over a fresh `FakeEngine`, plus fixture reading and error-body decoding.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Config } from '../../../config/config.ts';
import { Credentials } from '../../../config/credentials.ts';
import { SettingsService } from '../../../config/settings-service.ts';
import { Metrics } from '../metrics.ts';
import { apiPrefix, buildRestServer } from '../server.ts';
import { FakeAdmin } from './fake-admin.ts';
import { FakeEngine } from './fake-engine.ts';
import { sampleSpec, sampleTenant, sampleView, sampleVm } from './sample-views.ts';

export interface Harness {
  app: FastifyInstance;
  engine: FakeEngine;
  metrics: Metrics;
  config: Config;
  admin: FakeAdmin;
  credentials: Credentials;
}

export async function startHarness(configFile: Record<string, string> = {}): Promise<Harness> {
  const engine = new FakeEngine();
  const metrics = new Metrics({ processMetrics: false });
  const config = new Config(configFile);
  const extras = await adminAndCredentials(configFile);
  const app = await buildRestServer({ engine, config, settings: settingsOver(config), logger: false, metrics, ...extras });
  return { app, engine, metrics, config, ...extras };
}

let defaultCredentials: Promise<Credentials> | undefined;

/**
 * What the REST server needs besides the engine: a fake admin service and a credential store. A
 * REST user in `configFile` is hashed in, as the manager does at start, into a store of its own;
 * otherwise the default users' store is shared (scrypt makes each new one cost a little).
 */
export async function adminAndCredentials(configFile: Record<string, string> = {}): Promise<{ admin: FakeAdmin; credentials: Credentials }> {
  const given = { username: configFile['rest.auth.username'], password: configFile['rest.auth.password'] };
  let credentials: Credentials;
  if (given.username || given.password) {
    credentials = await Credentials.open(join(mkdtempSync(join(tmpdir(), 'openvnfm-cred-')), 'credentials.json'));
    await credentials.adopt('rest', given);
  } else {
    defaultCredentials ??= Credentials.open(join(mkdtempSync(join(tmpdir(), 'openvnfm-cred-')), 'credentials.json'));
    credentials = await defaultCredentials;
  }
  return { admin: new FakeAdmin(), credentials };
}

/** A settings service over `config`, as the manager makes one; its properties file (in a fresh folder) is absent. */
export function settingsOver(config: Config): SettingsService {
  const file = join(mkdtempSync(join(tmpdir(), 'openvnfm-settings-')), 'application.properties');
  return new SettingsService({ config, file, log: { warn: () => {} } });
}

export function api(path: string): string {
  return `${apiPrefix}${path}`;
}

export function fixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export function fixturePath(name: string): string {
  return new URL(`../fixtures/${name}`, import.meta.url).pathname;
}

/** Puts deployment `name` (one alive VM) of `tenant` into the engine, as if deployed earlier. */
export function seedDeployment(engine: FakeEngine, name: string, tenant = 'tenant-a'): void {
  const t = sampleTenant(tenant);
  engine.tenants.set(tenant, t);
  engine.views.set(name, sampleView({ tenant: t, spec: sampleSpec(name), state: 'SERVICE_ACTIVE_STATE', vms: [sampleVm(name)] }));
}

/** The `error_message` of an error body in either format. */
export function errorMessageOf(body: string): string {
  if (body.trimStart().startsWith('{')) return (JSON.parse(body) as { error: { error_message: string } }).error.error_message;
  return /<error_message>([^<]*)<\/error_message>/.exec(body)?.[1] ?? '';
}
