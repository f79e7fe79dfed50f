/**
 * `POST /servers` (spec §2.3): validates the whole request first (flavor, image, networks, block
 * devices, user data, microversion rules such as 2.37 `networks` required and 2.57 no
 * `personality`), then creates the ports and volumes Nova would, records the server in BUILD and
 * schedules BUILD→ACTIVE.
 */
import { randomBytes } from 'node:crypto';
import type { Ctx } from '../http/service.ts';
import { ApiError, badRequest, conflict, json, type EmuReply, type EmuRequest } from '../http/types.ts';
import type { NeutronRecord, Server } from '../state/model.ts';
import { uuid } from '../state/ids.ts';
import { createPort, removePort } from '../neutron/port-ops.ts';
import { flavor } from './flavors.ts';
import { links } from './links.ts';
import { createBlockDevices, planBlockDevices } from './block-devices.ts';
import { configDriveFiles, type PersonalityFile } from './config-drive.ts';
import { splitAvailabilityZone } from './placement.ts';
import { addServer } from './server-index.ts';

type NetworkRequest = { port: string } | { network: string; fixedIp: string | undefined };

interface CreateBody {
  name?: unknown;
  imageRef?: unknown;
  flavorRef?: unknown;
  networks?: unknown;
  metadata?: unknown;
  user_data?: unknown;
  config_drive?: unknown;
  key_name?: unknown;
  security_groups?: { name?: string }[];
  availability_zone?: unknown;
  block_device_mapping_v2?: unknown;
  personality?: PersonalityFile[];
  description?: unknown;
  tags?: unknown;
}

function reqString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 255) {
    throw badRequest(`Invalid input for field/attribute ${field}. Value: ${String(value)}.`);
  }
  return value;
}

function usableNetworks(ctx: Ctx): NeutronRecord[] {
  return Object.values(ctx.cloud.state.neutron.networks).filter(
    (n) => n['router:external'] !== true && (n.shared === true || n.project_id === ctx.auth.projectId),
  );
}

function planNetworks(ctx: Ctx, raw: unknown): NetworkRequest[] {
  const { state } = ctx.cloud;
  if (raw === undefined && ctx.mv >= 37) {
    throw badRequest("Invalid input for field/attribute server. Value: ... 'networks' is a required property");
  }
  if (raw === 'none') return [];
  if (raw === undefined || raw === 'auto') {
    const nets = usableNetworks(ctx);
    if (raw === undefined && nets.length > 1) throw conflict('Multiple possible networks found, use a Network ID to be more specific.');
    return nets.slice(0, 1).map((n) => ({ network: n.id, fixedIp: undefined }));
  }
  if (!Array.isArray(raw)) throw badRequest(`Invalid input for field/attribute networks. Value: ${String(raw)}.`);
  return (raw as { port?: string; uuid?: string; fixed_ip?: string }[]).map((n) => {
    if (n.port) {
      const port = state.neutron.ports[n.port];
      if (!port) throw badRequest(`Port id ${n.port} could not be found.`);
      if (port.device_id) throw conflict(`Port ${n.port} is still in use.`);
      return { port: n.port };
    }
    if (!n.uuid || !state.neutron.networks[n.uuid]) throw badRequest(`Network ${String(n.uuid)} could not be found.`);
    return { network: n.uuid, fixedIp: n.fixed_ip };
  });
}

function decodeUserData(raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'string' || !/^[A-Za-z0-9+/=\s]*$/.test(raw)) throw badRequest('User data needs to be valid base 64.');
  return raw.replace(/\s+/g, '');
}

function stringMap(raw: unknown, field: string): Record<string, string> {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badRequest(`Invalid input for field/attribute ${field}.`);
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string' || k.length > 255 || v.length > 255) throw badRequest(`Invalid input for field/attribute ${field}. Value: ${k}.`);
  }
  return raw as Record<string, string>;
}

export function createServer(ctx: Ctx, req: EmuRequest): EmuReply {
  const { cloud } = ctx;
  const { state, clock } = cloud;
  const root = req.body as { server?: CreateBody; 'os:scheduler_hints'?: { group?: string } } | undefined;
  const body = root?.server;
  if (!body) throw badRequest("Invalid input for field/attribute server. Value: None. 'server' is a required property");
  if (body.personality !== undefined && ctx.mv >= 57) {
    throw badRequest("Invalid input for field/attribute server. Value: ... Additional properties are not allowed ('personality' was unexpected)");
  }
  const name = reqString(body.name, 'name');
  const fl = flavor(ctx, String(body.flavorRef ?? ''));
  const { plans, localImage } = planBlockDevices(cloud, body.block_device_mapping_v2);
  const bootFromVolume = plans.some((p) => p.bootIndex === 0);
  const imageRef = bootFromVolume ? '' : String(body.imageRef ?? localImage ?? '');
  if (!bootFromVolume) {
    const image = state.images[imageRef];
    if (!image) throw badRequest(`Image ${imageRef} could not be found.`);
    if (image.status !== 'active') throw badRequest(`Image ${imageRef} is not active.`);
  }
  const networkPlan = planNetworks(ctx, body.networks);
  const metadata = stringMap(body.metadata, 'metadata');
  const userData = decodeUserData(body.user_data);
  if (body.key_name !== undefined && body.key_name !== null) throw badRequest('Invalid key_name provided.');
  const groupId = root?.['os:scheduler_hints']?.group;
  if (groupId !== undefined && !state.serverGroups[groupId]) throw badRequest(`Invalid server group ${groupId}`);
  const az = splitAvailabilityZone(typeof body.availability_zone === 'string' && body.availability_zone ? body.availability_zone : 'nova');
  if (az.host !== undefined && !ctx.auth.isAdmin) throw new ApiError(403, "Policy doesn't allow os_compute_api:servers:create:forced_host to be performed.");

  const now = clock.now();
  state.instanceSeq += 1;
  const preset = state.guestPresets[name];
  const s: Server = {
    id: uuid(),
    name,
    projectId: ctx.auth.projectId,
    userId: ctx.auth.userId,
    flavorId: fl.id,
    imageId: imageRef,
    vmState: 'building',
    taskState: 'scheduling',
    powerState: 0,
    metadata,
    created: now,
    updated: now,
    launchedAt: null,
    deletedAt: null,
    keyName: null,
    configDrive: body.config_drive === true || String(body.config_drive).toLowerCase() === 'true',
    userData,
    securityGroups: (body.security_groups ?? [{ name: 'default' }]).map((g) => g.name ?? 'default'),
    availabilityZone: az.zone,
    forcedHost: az.host,
    hostId: '',
    instanceName: `instance-${state.instanceSeq.toString(16).padStart(8, '0')}`,
    locked: false,
    lockedReason: null,
    description: ctx.mv >= 19 && typeof body.description === 'string' ? body.description : null,
    tags: ctx.mv >= 52 && Array.isArray(body.tags) ? body.tags.map(String) : [],
    ports: [],
    ownedPorts: [],
    bdms: [],
    serverGroupId: groupId ?? null,
    fault: null,
    configDriveFiles: null,
    guest: { mode: preset?.mode ?? 'ok', lateMs: preset?.lateMs ?? 0, bootedAt: null, metrics: { ...preset?.metrics } },
    previousVmState: null,
    previousFlavorId: null,
  };

  const created: string[] = [];
  try {
    for (const n of networkPlan) {
      if ('port' in n) {
        s.ports.push(n.port);
        continue;
      }
      const port = createPort(cloud, {
        projectId: s.projectId,
        networkId: n.network,
        ...(n.fixedIp !== undefined && { fixedIps: [{ ip_address: n.fixedIp }] }),
        securityGroups: s.securityGroups,
      });
      created.push(port.id);
      s.ports.push(port.id);
    }
  } catch (err) {
    for (const id of created) removePort(cloud, id);
    if (err instanceof ApiError && err.status === 409) throw conflict(`Fixed IP address is already in use on instance ${s.id}. ${err.message}`);
    throw err instanceof ApiError ? badRequest(err.message) : err;
  }
  s.ownedPorts = created;
  for (const portId of s.ports) {
    const port = state.neutron.ports[portId];
    if (port) Object.assign(port, { device_id: s.id, device_owner: 'compute:nova' });
  }
  createBlockDevices(cloud, s, plans);
  if (s.configDrive) s.configDriveFiles = configDriveFiles(cloud, s, body.personality ?? []);
  if (groupId) state.serverGroups[groupId]?.members.push(s.id);
  addServer(state, s);
  cloud.scheduler.schedule('server.build', s.id, 'serverBuild');

  const adminPass = randomBytes(9).toString('base64url').slice(0, 12);
  const reply = { id: s.id, links: links(req, 'servers', s.id), 'OS-DCF:diskConfig': 'MANUAL', security_groups: s.securityGroups.map((n) => ({ name: n })), adminPass };
  return json(202, { server: reply }, { Location: `${req.baseUrl}/compute/v2.1/servers/${s.id}` });
}
