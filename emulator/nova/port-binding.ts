/**
 * A Neutron port bound to a server, and unbound again, as Nova leaves it: `device_id`,
 * `device_owner`, the host binding and the port status (ACTIVE once the server runs).
 */
import type { NeutronRecord, Server } from '../state/model.ts';
import { hostOf } from './server-view.ts';

export function bindPort(port: NeutronRecord, s: Server): void {
  const running = s.vmState === 'active';
  Object.assign(port, { device_id: s.id, device_owner: 'compute:nova', 'binding:host_id': hostOf(s), status: running ? 'ACTIVE' : 'DOWN', 'binding:vif_type': 'ovs' });
}

export function unbindPort(port: NeutronRecord): void {
  Object.assign(port, { device_id: '', device_owner: '', status: 'DOWN', 'binding:host_id': '', 'binding:vif_type': 'unbound' });
}
