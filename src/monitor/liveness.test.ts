/**
 * IMPL-2 liveness modes. ICMP goes to loopback only: a VM given 127.0.0.1 answers a real ping;
 * the silent case uses an injected pinger (never a VM's real address).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { VmGroupSpec } from '../domain/deployment-spec.ts';
import type { Vm } from '../domain/entities.ts';
import type { VimServer } from '../vim/driver.ts';
import { icmpLiveness, livenessFor, pingNicid, systemPing } from './liveness.ts';

const vm = (ip?: string): Vm =>
  ({ interfaces: [{ nicid: 0, network: 'n', model: 'virtio', type: 'virtual', portOwned: true, ipAddress: '192.0.2.9' }, { nicid: 1, network: 'm', model: 'virtio', type: 'virtual', portOwned: true, ipAddress: ip }] }) as Vm;
const server = (status: string) => ({ id: 's', name: 's', status, metadata: {}, addresses: {} }) as VimServer;
const group = (nicid: number) =>
  ({ kpiData: { enabled: true, kpis: [{ eventName: 'VM_ALIVE', metricCollector: { type: 'ICMPPing', nicid, pollFrequency: 3, pollingUnit: 'seconds', continuousAlarm: false } }] } }) as unknown as VmGroupSpec;

const hasPing = (() => {
  try {
    execFileSync('ping', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

test('IMPL-2 the ICMPPing KPI names the interface to ping', () => {
  assert.equal(pingNicid(group(1)), 1);
  assert.equal(pingNicid({ kpiData: { enabled: true, kpis: [] } } as unknown as VmGroupSpec), 0);
});

test('IMPL-2 icmp: a VM whose watched address answers (loopback) is alive', { skip: hasPing ? false : 'no ping binary (apt-get install iputils-ping)' }, async () => {
  assert.equal(await systemPing('127.0.0.1', 2000), true);
  assert.equal(await icmpLiveness().isAlive(vm('127.0.0.1'), server('ACTIVE'), group(1)), true);
});

test('IMPL-2 icmp: silent address, no address, or not ACTIVE → not alive', async () => {
  const asked: string[] = [];
  const silent = icmpLiveness(async (address) => (asked.push(address), false));
  assert.equal(await silent.isAlive(vm('127.0.0.1'), server('ACTIVE'), group(1)), false);
  assert.deepEqual(asked, ['127.0.0.1']);
  assert.equal(await icmpLiveness(async () => true).isAlive(vm(undefined), server('ACTIVE'), group(1)), false);
  assert.equal(await icmpLiveness(async () => true).isAlive(vm('127.0.0.1'), server('BUILD'), group(1)), false);
});

test('an unknown liveness mode is a clear error', () => {
  assert.throws(() => livenessFor('telepathy'), /unknown liveness mode \[telepathy\]; expected one of icmp, vim, emulator/);
});
