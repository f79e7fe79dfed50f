/**
 * The guest inside each server, for liveness monitoring (IMPL-2) without real VMs. A guest starts
 * booting when its server reaches ACTIVE (build, start, reboot, rebuild) and answers once
 * `guestBoot` ms have passed (plus `lateMs` in `late` mode). `never-boots` never answers;
 * `stops-answering` stops now and recovers at the next boot (so a reboot can heal it, as
 * with a hung guest). Paused, suspended or stopped servers never answer.
 */
import type { EmuState, GuestMode, Server } from '../state/model.ts';

export const GUEST_MODES: readonly GuestMode[] = ['ok', 'never-boots', 'stops-answering', 'late'];

export interface GuestControl {
  serverId?: string;
  serverName?: string;
  mode: GuestMode;
  lateMs?: number;
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

/**
 * Applies a control to the named or given server; by name it also becomes the preset for
 * servers created later with that name. Returns the servers changed.
 */
export function setGuest(state: EmuState, control: GuestControl): Server[] {
  if (!GUEST_MODES.includes(control.mode)) throw new Error(`unknown guest mode ${String(control.mode)}`);
  const setting = { mode: control.mode, lateMs: control.lateMs ?? 0 };
  const live = Object.values(state.servers).filter((s) => s.deletedAt === null);
  let targets: Server[];
  if (control.serverId !== undefined) {
    targets = live.filter((s) => s.id === control.serverId);
    if (targets.length === 0) throw new Error(`no server ${control.serverId}`);
  } else if (control.serverName !== undefined) {
    state.guestPresets[control.serverName] = setting;
    targets = live.filter((s) => s.name === control.serverName);
  } else {
    throw new Error('guest control needs serverId or serverName');
  }
  for (const s of targets) Object.assign(s.guest, setting);
  return targets;
}
