/**
 * Maintenance mode's one gate (`escadm op_mode`; esc-interface.md §1.1): the edges get the engine
 * through it, so every intent that changes something is refused with `maintenanceMode` while the
 * manager is in MAINTENANCE, and every read goes through. Which intent is which is the table below,
 * typed over `EngineApi`, so a new intent does not compile until it is sorted into one kind.
 *
 * The mode is read when the intent arrives: one asked a moment before the switch is accepted and
 * runs on, as ESC lets transactions in flight continue; `--ipt_check` and restore count those.
 */
import { adminRefusal, type OpMode } from '../domain/op-mode.ts';
import type { EngineApi } from './api.ts';

export const intentKinds = {
  createTenant: 'change',
  deleteTenant: 'change',
  deploy: 'change',
  update: 'change',
  undeploy: 'change',
  serviceAction: 'change',
  vmAction: 'change',
  recoverVm: 'change',
  scaleVmGroup: 'change',
  announceVm: 'change',
  restoreVm: 'change',
  snapshot: 'change',
  deleteSnapshot: 'change',
  createVolumeFromSnapshot: 'change',
  getTenant: 'read',
  listTenants: 'read',
  listSnapshots: 'read',
  getDeployment: 'read',
  listDeployments: 'read',
  getOperation: 'read',
  listEvents: 'read',
  cluster: 'read',
} as const satisfies Record<keyof EngineApi, 'change' | 'read'>;

export function maintenanceGate(engine: EngineApi, mode: () => OpMode): EngineApi {
  const gated: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(intentKinds)) {
    const intent = (engine[name as keyof EngineApi] as (...args: unknown[]) => Promise<unknown>).bind(engine);
    gated[name] =
      kind === 'read'
        ? intent
        : async (...args: unknown[]) => {
            const refusal = adminRefusal('change', { mode: mode(), inFlight: 0 });
            if (refusal) throw refusal;
            return intent(...args);
          };
  }
  return gated as unknown as EngineApi;
}
