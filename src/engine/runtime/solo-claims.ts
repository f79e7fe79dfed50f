/**
 * The claims of a store only one manager uses (SQLite, `npm start`): that manager owns every key
 * for good, so there is nothing to claim, renew, fence or hand over, and the runner behaves as it
 * always has (its own queue per key, `resumeAll` at start). The cluster view shows this one instance.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Claims, ClusterInstance, Lease } from '../../store/claims.ts';
import type { Store } from '../../store/store.ts';

export function soloClaims(store: Store): Claims {
  const id = randomUUID();
  return {
    shared: false,
    instanceId: () => id,
    start: async () => undefined,
    heartbeat: async () => 'alive',
    fresh: () => true,
    claim: async () => ({ claimed: [], takenOver: [] }),
    owned: async () => [],
    release: async () => true,
    fenced: (_lease: Lease, _onLost: () => void) => store,
    requestCancel: async () => undefined,
    takeCancelRequests: async () => [],
    async instances(): Promise<ClusterInstance[]> {
      const running = await store.listOperations({ status: 'RUNNING' });
      return [{ id, host: hostname(), heartbeatAgeMs: 0, operations: running.map((op) => op.id) }];
    },
    stop: async () => undefined,
  };
}
