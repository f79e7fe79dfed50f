/**
 * The guest inside each server, for liveness monitoring (IMPL-2) without real VMs. A guest starts
 * booting when its server reaches ACTIVE (build, start, reboot, rebuild) and answers once
 * `guestBoot` ms have passed (plus `lateMs` in `late` mode). `never-boots` never answers;
 * `stops-answering` stops now and recovers at the next boot (so a reboot can heal it, as
 * with a hung guest). Paused, suspended or stopped servers never answer.
 *
 * A guest also reports metrics (`{"cpu": 93}`) to the manager's metrics collectors (IMPL-2); tests
 * set them with `metrics` in the same control, and only an answering guest reports them.
 */
import type { EmuState, GuestMode, Server } from '../state/model.ts';

export const GUEST_MODES: readonly GuestMode[] = ['ok', 'never-boots', 'stops-answering', 'late'];

export interface GuestControl {
  serverId?: string;
  serverName?: string;
  /** Unchanged when absent (a control may set only metrics). */
  mode?: GuestMode;
  lateMs?: number;
  /** Merged into what the guest reports; a metric set here stays until set again. */
  metrics?: Record<string, number>;
}

export function guestBoots(s: Server, now: number): void {
  s.guest.bootedAt = now;
  if (s.guest.mode === 'stops-answering') s.guest.mode = 'ok';
}

export function guestDown(s: Server): void {
  s.guest.bootedAt = null;
}

/** `timeScale` applies to `lateMs` as to every other duration. */
export function guestAlive(s: Server | undefined, now: number, bootMs: number, timeScale: number): boolean {
  if (!s || s.deletedAt !== null || s.vmState !== 'active' || s.powerState !== 1 || s.guest.bootedAt === null) return false;
  switch (s.guest.mode) {
    case 'ok':
      return now >= s.guest.bootedAt + bootMs;
    case 'late':
      return now >= s.guest.bootedAt + bootMs + s.guest.lateMs * timeScale;
    case 'never-boots':
    case 'stops-answering':
      return false;
  }
}

/** The metrics an answering guest reports; undefined while it does not answer. */
export function guestMetrics(s: Server | undefined, now: number, bootMs: number, timeScale: number): Record<string, number> | undefined {
  return guestAlive(s, now, bootMs, timeScale) ? { ...s!.guest.metrics } : undefined;
}

/**
 * Applies a control to the named or given server; by name it also becomes the preset for
 * servers created later with that name. Returns the servers changed.
 */
export function setGuest(state: EmuState, control: GuestControl): Server[] {
  if (control.mode === undefined && control.metrics === undefined) throw new Error('guest control needs mode or metrics');
  if (control.mode !== undefined && !GUEST_MODES.includes(control.mode)) throw new Error(`unknown guest mode ${String(control.mode)}`);
  const metrics = checkedMetrics(control.metrics);
  const live = Object.values(state.servers).filter((s) => s.deletedAt === null);
  let targets: Server[];
  if (control.serverId !== undefined) {
    targets = live.filter((s) => s.id === control.serverId);
    if (targets.length === 0) throw new Error(`no server ${control.serverId}`);
  } else if (control.serverName !== undefined) {
    const preset = state.guestPresets[control.serverName] ?? { mode: 'ok', lateMs: 0 };
    state.guestPresets[control.serverName] = applied(preset, control, metrics);
    targets = live.filter((s) => s.name === control.serverName);
  } else {
    throw new Error('guest control needs serverId or serverName');
  }
  for (const s of targets) Object.assign(s.guest, applied(s.guest, control, metrics));
  return targets;
}

function applied<T extends { mode: GuestMode; lateMs: number; metrics?: Record<string, number> }>(guest: T, control: GuestControl, metrics: Record<string, number>): T {
  const mode = control.mode === undefined ? {} : { mode: control.mode, lateMs: control.lateMs ?? 0 };
  return { ...guest, ...mode, metrics: { ...guest.metrics, ...metrics } };
}

function checkedMetrics(metrics: unknown): Record<string, number> {
  if (metrics === undefined) return {};
  if (typeof metrics !== 'object' || metrics === null || Array.isArray(metrics)) throw new Error('guest metrics must be an object of numbers');
  for (const [name, value] of Object.entries(metrics))
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`guest metric ${name} must be a number`);
  return metrics as Record<string, number>;
}
