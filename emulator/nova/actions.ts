/**
 * `POST /servers/{id}/action` (spec §2.5): one key per body, each checked against Nova's state
 * table (409 otherwise), setting the task state and scheduling the transition that ends it.
 */
import type { Route } from '../http/router.ts';
import { byId, type Ctx } from '../http/service.ts';
import { badRequest, json, noContent, type EmuReply, type EmuRequest } from '../http/types.ts';
import type { Server } from '../state/model.ts';
import type { DurationKey } from '../faults/timing.ts';
import { POWER, checkState, type ServerAction } from './server-status.ts';
import { checkUnlocked, server, touch } from './server-lookup.ts';
import { createImage } from './create-image.ts';
import { flavor } from './flavors.ts';
import { serverView } from './server-view.ts';
import { serverRenamed } from './server-index.ts';

interface PowerChange {
  action: ServerAction;
  task: string;
  vm: string;
  power: number;
  /** The guest boots (start, resume...) or goes down (stop). */
  guest: 'boot' | 'down' | 'keep';
}

const POWER_ACTIONS: Record<string, PowerChange> = {
  'os-stop': { action: 'stop', task: 'powering-off', vm: 'stopped', power: POWER.SHUTDOWN, guest: 'down' },
  'os-start': { action: 'start', task: 'powering-on', vm: 'active', power: POWER.RUNNING, guest: 'boot' },
  pause: { action: 'pause', task: 'pausing', vm: 'paused', power: POWER.PAUSED, guest: 'keep' },
  unpause: { action: 'unpause', task: 'unpausing', vm: 'active', power: POWER.RUNNING, guest: 'keep' },
  suspend: { action: 'suspend', task: 'suspending', vm: 'suspended', power: POWER.SUSPENDED, guest: 'keep' },
  resume: { action: 'resume', task: 'resuming', vm: 'active', power: POWER.RUNNING, guest: 'keep' },
};

function begin(ctx: Ctx, s: Server, task: string, kind: string, after: DurationKey, data: Record<string, unknown> = {}): void {
  s.taskState = task;
  touch(ctx, s);
  ctx.cloud.scheduler.schedule(kind, s.id, after, data);
}

type ActionHandler = (ctx: Ctx, s: Server, arg: unknown, req: EmuRequest) => EmuReply;

const ACTIONS: Record<string, ActionHandler> = {
  ...Object.fromEntries(
    Object.entries(POWER_ACTIONS).map(([key, change]): [string, ActionHandler] => [
      key,
      (ctx, s) => {
        checkState(s, change.action);
        begin(ctx, s, change.task, 'server.power', 'serverPower', { task: change.task, vm: change.vm, power: change.power, guest: change.guest });
        return noContent(202);
      },
    ]),
  ),
  reboot: (ctx, s, arg) => {
    const type = String((arg as { type?: string } | null)?.type ?? '').toUpperCase();
    if (type !== 'SOFT' && type !== 'HARD') throw badRequest("Invalid input for field/attribute type. Value: " + type + ". 'type' must be one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']");
    checkState(s, type === 'HARD' ? 'reboot_hard' : 'reboot');
    (s.rebootTypes ??= []).push(type);
    ctx.cloud.scheduler.cancel(s.id, ['server.reboot']);
    begin(ctx, s, type === 'HARD' ? 'rebooting_hard' : 'rebooting', 'server.reboot', 'serverReboot');
    return noContent(202);
  },
  createImage,
  lock: (ctx, s, arg) => {
    s.locked = true;
    s.lockedReason = (arg as { locked_reason?: string } | null)?.locked_reason ?? null;
    touch(ctx, s);
    return noContent(202);
  },
  unlock: (ctx, s) => {
    s.locked = false;
    s.lockedReason = null;
    touch(ctx, s);
    return noContent(202);
  },
  rebuild: (ctx, s, arg, req) => {
    checkState(s, 'rebuild');
    const body = (arg ?? {}) as { imageRef?: string; name?: string; metadata?: Record<string, string> };
    const image = ctx.cloud.state.images[body.imageRef ?? ''];
    if (!image || image.status !== 'active') throw badRequest(`Image ${String(body.imageRef)} could not be found.`);
    if (body.name !== undefined) {
      s.name = body.name;
      serverRenamed(ctx.cloud.state, s);
    }
    if (body.metadata !== undefined) s.metadata = { ...body.metadata };
    s.imageId = image.id;
    begin(ctx, s, 'rebuilding', 'server.rebuild', 'serverBuild', { vm: s.vmState === 'stopped' ? 'stopped' : 'active' });
    return json(202, { server: { ...serverView(ctx.cloud, s, ctx.mv, req), adminPass: 'emulated' } });
  },
  resize: (ctx, s, arg) => {
    checkState(s, 'resize');
    const target = flavor(ctx, String((arg as { flavorRef?: string } | null)?.flavorRef ?? ''));
    if (target.id === s.flavorId) throw badRequest('When resizing, instances must change flavor!');
    begin(ctx, s, 'resize_prep', 'server.resize', 'serverResize', { flavorId: target.id });
    return noContent(202);
  },
  confirmResize: (ctx, s) => {
    checkState(s, 'confirmResize');
    s.vmState = s.previousVmState ?? 'active';
    s.previousVmState = null;
    s.previousFlavorId = null;
    touch(ctx, s);
    return noContent(204);
  },
  revertResize: (ctx, s) => {
    checkState(s, 'revertResize');
    begin(ctx, s, 'resize_reverting', 'server.revertResize', 'serverResize');
    return noContent(202);
  },
};

/** One key in the body names the action; lock and unlock are the ones a locked server takes. */
function act(ctx: Ctx, s: Server, req: EmuRequest): EmuReply {
  const body = req.body;
  const keys = body && typeof body === 'object' ? Object.keys(body) : [];
  const key = keys[0];
  const handler = key === undefined ? undefined : ACTIONS[key];
  if (keys.length !== 1 || !handler || key === undefined) throw badRequest(`There is no such action: ${keys.join(',') || 'None'}`);
  if (key !== 'unlock' && key !== 'lock') checkUnlocked(ctx, s);
  return handler(ctx, s, (body as Record<string, unknown>)[key], req);
}

export const actionRoutes: Route<Ctx>[] = [
  {
    method: 'POST',
    pattern: '/v2.1/servers/:id/action',
    action: (req) => `server.action.${Object.keys((req.body as object | undefined) ?? {})[0] ?? 'none'}`,
    handler: byId(server, act),
  },
];
