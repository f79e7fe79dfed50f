/**
 * What benchmarks 1 and 1b's manager process and their client process (`operation-client.ts`) say
 * to each other, and the one-VM deployment the client sends.
 */
import { BENCH_NETWORK } from './harness.ts';

export function oneVmDeployment(name: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>bench</name><deployments><deployment>
<name>${name}</name>
<vm_group><name>g</name><image>cirros</image><flavor>m1.tiny</flavor><bootup_time>120</bootup_time><recovery_wait_time>10</recovery_wait_time>
<interfaces><interface><nicid>0</nicid><network>${BENCH_NETWORK}</network></interface></interfaces>
<scaling><min_active>1</min_active><max_active>1</max_active></scaling></vm_group>
</deployment></deployments></tenant></tenants></esc_datamodel>`;
}

/** What the client process is told to send: operations, `concurrency` at once. */
export interface OperationBatch {
  ops: ['POST' | 'DELETE', string][];
  concurrency: number;
}

/** What it answers: REST answer → callback ms per operation (in order), failed completions, its CPU ms. */
export interface BatchResult {
  overheads: number[];
  failures: string[];
  cpuMs: number;
}

