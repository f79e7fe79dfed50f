/** `/_emulator/` over HTTP (no token): the `EmulatorAdmin` operations for out-of-process tests. */
import type { Route } from '../http/router.ts';
import type { Ctx, ServiceDef } from '../http/service.ts';
import { badRequest, json, noContent, notFound } from '../http/types.ts';
import type { FaultConfig } from '../faults/rules.ts';
import type { GuestControl } from '../guest/guest.ts';
import type { EmulatorAdmin } from './admin.ts';

/** Admin errors are caller mistakes: a thrown Error becomes a 400 with its message. */
function guarded(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (err) {
    throw badRequest(err instanceof Error ? err.message : String(err));
  }
}

export function adminService(admin: EmulatorAdmin): ServiceDef {
  const routes: Route<Ctx>[] = [
    { method: 'GET', pattern: '/state', action: 'admin.state', auth: false, handler: () => json(200, admin.dump()) },
    { method: 'GET', pattern: '/faults', action: 'admin.faults', auth: false, handler: () => json(200, admin.faults()) },
    {
      method: 'POST',
      pattern: '/faults',
      action: 'admin.faults.set',
      auth: false,
      handler: (_c, req) => {
        guarded(() => admin.setFaults((req.body ?? { rules: [] }) as FaultConfig));
        return json(200, admin.faults());
      },
    },
    {
      method: 'DELETE',
      pattern: '/faults',
      action: 'admin.faults.clear',
      auth: false,
      handler: () => {
        admin.setFaults({ rules: [] });
        return noContent(204);
      },
    },
    {
      method: 'POST',
      pattern: '/latency',
      action: 'admin.latency',
      auth: false,
      handler: (_c, req) => {
        admin.setLatency((req.body ?? {}) as Record<string, number>);
        return noContent(204);
      },
    },
    {
      method: 'POST',
      pattern: '/durations',
      action: 'admin.durations',
      auth: false,
      handler: (_c, req) => {
        admin.setDurations((req.body ?? {}) as Record<string, number>);
        return noContent(204);
      },
    },
    {
      method: 'POST',
      pattern: '/guests',
      action: 'admin.guests',
      auth: false,
      handler: (_c, req) => {
        guarded(() => admin.setGuest((req.body ?? {}) as GuestControl));
        return noContent(204);
      },
    },
    {
      method: 'GET',
      pattern: '/guests/:id/alive',
      action: 'admin.guests.alive',
      auth: false,
      handler: (_c, req) => json(200, { alive: admin.guestAlive(req.params.id ?? '') }),
    },
    {
      method: 'GET',
      pattern: '/guests/:id/metrics',
      action: 'admin.guests.metrics',
      auth: false,
      // `metrics` is null while the guest does not answer (a collector reads no value then).
      handler: (_c, req) => json(200, { metrics: admin.guestMetrics(req.params.id ?? '') ?? null }),
    },
    {
      method: 'GET',
      pattern: '/servers/:id/config-drive',
      action: 'admin.configDrive',
      auth: false,
      handler: (_c, req) => {
        const files = admin.configDrive(req.params.id ?? '');
        if (!files) throw notFound(`server ${req.params.id} has no config drive`);
        return json(200, { files });
      },
    },
  ];
  return { name: 'admin', prefix: '/_emulator', routes };
}
