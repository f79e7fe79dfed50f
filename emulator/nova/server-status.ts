/**
 * Nova's state rules as data (spec §2.4, §2.5; nova/api/openstack/common.py and
 * nova/compute/api.py `check_instance_state`): the API status for each (vm_state, task_state), the
 * states each action accepts, and the 409 text Nova gives otherwise.
 */
import { ApiError } from '../http/types.ts';
import type { Server } from '../state/model.ts';

const STATUS_BY_VM: Record<string, { status: string; byTask?: Record<string, string> }> = {
  building: { status: 'BUILD' },
  active: {
    status: 'ACTIVE',
    byTask: {
      rebooting: 'REBOOT',
      reboot_pending: 'REBOOT',
      reboot_started: 'REBOOT',
      rebooting_hard: 'HARD_REBOOT',
      reboot_pending_hard: 'HARD_REBOOT',
      reboot_started_hard: 'HARD_REBOOT',
      rebuilding: 'REBUILD',
      rebuild_spawning: 'REBUILD',
      resize_prep: 'RESIZE',
      resize_migrating: 'RESIZE',
      resize_migrated: 'RESIZE',
      resize_finish: 'RESIZE',
    },
  },
  stopped: {
    status: 'SHUTOFF',
    byTask: { rebuilding: 'REBUILD', rebuild_spawning: 'REBUILD', resize_prep: 'RESIZE', resize_migrating: 'RESIZE', resize_migrated: 'RESIZE', resize_finish: 'RESIZE' },
  },
  paused: { status: 'PAUSED' },
  suspended: { status: 'SUSPENDED' },
  resized: { status: 'VERIFY_RESIZE', byTask: { resize_reverting: 'REVERT_RESIZE' } },
  error: { status: 'ERROR', byTask: { rebuilding: 'REBUILD', rebuild_spawning: 'REBUILD' } },
  deleted: { status: 'DELETED' },
  'soft-delete': { status: 'SOFT_DELETED' },
};

export function serverStatus(s: Pick<Server, 'vmState' | 'taskState'>): string {
  const row = STATUS_BY_VM[s.vmState];
  if (!row) return 'UNKNOWN';
  return (s.taskState && row.byTask?.[s.taskState]) || row.status;
}

/** Power state numbers and the words osc prints for them. */
export const POWER = { NOSTATE: 0, RUNNING: 1, PAUSED: 3, SHUTDOWN: 4, CRASHED: 6, SUSPENDED: 7 } as const;

export type ServerAction =
  | 'stop'
  | 'start'
  | 'reboot'
  | 'reboot_hard'
  | 'pause'
  | 'unpause'
  | 'suspend'
  | 'resume'
  | 'createImage'
  | 'rebuild'
  | 'resize'
  | 'confirmResize'
  | 'revertResize'
  | 'attach_volume'
  | 'detach_volume'
  | 'attach_interface'
  | 'detach_interface';

const REBOOTING = ['rebooting', 'reboot_pending', 'reboot_started', 'rebooting_hard', 'reboot_pending_hard', 'reboot_started_hard'];

/** Allowed vm_states and task_states per action (null = idle). */
export const ACTION_STATES: Record<ServerAction, { vm: string[]; task: (string | null)[] }> = {
  stop: { vm: ['active', 'error'], task: [null] },
  start: { vm: ['stopped'], task: [null] },
  reboot: { vm: ['active'], task: [null] },
  reboot_hard: { vm: ['active', 'stopped', 'paused', 'suspended', 'error'], task: [null, ...REBOOTING] },
  pause: { vm: ['active'], task: [null] },
  unpause: { vm: ['paused'], task: [null] },
  suspend: { vm: ['active'], task: [null] },
  resume: { vm: ['suspended'], task: [null] },
  createImage: { vm: ['active', 'stopped', 'paused', 'suspended'], task: [null] },
  rebuild: { vm: ['active', 'stopped', 'error'], task: [null] },
  resize: { vm: ['active', 'stopped'], task: [null] },
  confirmResize: { vm: ['resized'], task: [null] },
  revertResize: { vm: ['resized'], task: [null] },
  attach_volume: { vm: ['active', 'paused', 'stopped', 'resized', 'suspended'], task: [null] },
  detach_volume: { vm: ['active', 'paused', 'stopped', 'resized', 'suspended'], task: [null] },
  attach_interface: { vm: ['active', 'paused', 'stopped'], task: [null] },
  detach_interface: { vm: ['active', 'paused', 'stopped'], task: [null] },
};

/** Throws Nova's 409 when the server is not in a state the action accepts. */
export function checkState(s: Server, action: ServerAction): void {
  const rule = ACTION_STATES[action];
  const name = action === 'reboot_hard' ? 'reboot' : action;
  if (!rule.vm.includes(s.vmState)) {
    throw new ApiError(409, `Cannot '${name}' instance ${s.id} while it is in vm_state ${s.vmState}`);
  }
  if (!rule.task.includes(s.taskState)) {
    throw new ApiError(409, `Cannot '${name}' instance ${s.id} while it is in task_state ${s.taskState}`);
  }
}
