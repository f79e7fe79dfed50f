import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDomainError } from '../domain/errors.ts';
import type { OpMode } from '../domain/op-mode.ts';
import { FakeEngine } from '../northbound/rest/testing/fake-engine.ts';
import type { EngineApi } from './api.ts';
import { intentKinds, maintenanceGate } from './maintenance-gate.ts';

/** Calls intent `name` with arguments the fake accepts; what it threw, if anything. */
async function attempt(engine: EngineApi, name: keyof EngineApi): Promise<unknown> {
  try {
    await (engine[name] as (arg: unknown) => Promise<unknown>)({ tenant: 't', name: 'n', notify: {}, spec: { name: 'd', vmGroups: [] } });
    return undefined;
  } catch (err) {
    return err;
  }
}

for (const [name, kind] of Object.entries(intentKinds) as [keyof EngineApi, 'change' | 'read'][]) {
  test(`maintenance: ${name} ${kind === 'change' ? 'refused with MAINTENANCE before the engine is called' : 'goes through'}; in operation it goes through`, async () => {
    let mode: OpMode = 'MAINTENANCE';
    const fake = new FakeEngine();
    const gated = maintenanceGate(fake, () => mode);
    const err = await attempt(gated, name);
    assert.equal(isDomainError(err, 'MAINTENANCE'), kind === 'change');
    assert.deepEqual(fake.methodsCalled(), kind === 'change' ? [] : [name]);
    mode = 'OPERATION';
    assert.equal(isDomainError(await attempt(gated, name), 'MAINTENANCE'), false);
    assert.equal(fake.methodsCalled().at(-1), name);
  });
}
