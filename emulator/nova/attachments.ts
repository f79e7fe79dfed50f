/**
 * Nova volume attachments and interfaces (spec §2.6): attach reserves the volume (attaching →
 * in-use), detach frees it (detaching → available); the attachment shape follows the microversion
 * (2.70 tag, 2.79 delete_on_termination, 2.89 attachment_id/bdm_uuid without id).
 * An interface attach (Nova API reference "Port Interfaces") binds a free port (`port_id`) or one
 * Nova makes on `net_id` to the server, whose `addresses` then show it; a detach unbinds the port,
 * or deletes it when Nova made it, as a server delete does.
 */
import type { Route } from '../http/router.ts';
import { byId, type Ctx } from '../http/service.ts';
import { badRequest, conflict, json, noContent, notFound, type EmuReply, type EmuRequest } from '../http/types.ts';
import { createPort, removePort } from '../neutron/port-ops.ts';
import type { BlockDeviceMapping, NeutronRecord, Server } from '../state/model.ts';
import { startAttach, startDetach, volume } from '../cinder/volume-ops.ts';
import { uuid } from '../state/ids.ts';
import { nextDevice } from './block-devices.ts';
import { bindPort, unbindPort } from './port-binding.ts';
import { portListed } from './server-index.ts';
import { checkState } from './server-status.ts';
import { checkUnlocked, server, touch } from './server-lookup.ts';

const P = '/v2.1/servers/:id/os-volume_attachments';

function attachmentView(s: Server, b: BlockDeviceMapping, mv: number): Record<string, unknown> {
  const view: Record<string, unknown> = { id: b.volumeId, volumeId: b.volumeId, serverId: s.id, device: b.device };
  if (mv >= 70) view.tag = null;
  if (mv >= 79) view.delete_on_termination = b.deleteOnTermination;
  if (mv >= 89) {
    delete view.id;
    view.attachment_id = b.attachmentId;
    view.bdm_uuid = b.attachmentId;
  }
  return view;
}

function mapping(s: Server, volumeId: string): BlockDeviceMapping {
  const b = s.bdms.find((x) => x.volumeId === volumeId);
  if (!b) throw notFound(`Volume ${volumeId} is not attached to ${s.id}`);
  return b;
}

function attach(ctx: Ctx, s: Server, req: EmuRequest): EmuReply {
  checkUnlocked(ctx, s);
  const body = (req.body as { volumeAttachment?: { volumeId?: string; delete_on_termination?: boolean } } | undefined)?.volumeAttachment;
  if (!body?.volumeId) throw badRequest("Invalid input for field/attribute volumeAttachment. 'volumeId' is a required property");
  checkState(s, 'attach_volume');
  let v;
  try {
    v = volume(ctx.cloud, body.volumeId);
  } catch {
    throw notFound(`Volume ${body.volumeId} could not be found.`);
  }
  if (s.bdms.some((b) => b.volumeId === v.id)) throw badRequest(`Invalid volume: volume ${v.id} already attached`);
  const b: BlockDeviceMapping = { volumeId: v.id, bootIndex: null, deleteOnTermination: ctx.mv >= 79 && body.delete_on_termination === true, device: nextDevice(s), attachmentId: uuid() };
  startAttach(ctx.cloud, v, { serverId: s.id, device: b.device, attachmentId: b.attachmentId });
  s.bdms.push(b);
  touch(ctx, s);
  return json(200, { volumeAttachment: attachmentView(s, b, ctx.mv) });
}

function detach(ctx: Ctx, s: Server, req: EmuRequest): EmuReply {
  checkUnlocked(ctx, s);
  checkState(s, 'detach_volume');
  const b = mapping(s, req.params.volumeId ?? '');
  if (b.bootIndex === 0) throw badRequest('Cannot detach a root device volume');
  const v = volume(ctx.cloud, b.volumeId);
  if (v.status !== 'in-use') throw badRequest(`Invalid volume: Unable to detach volume. Volume status must be 'in-use' and attach_status must be 'attached' to detach.`);
  startDetach(ctx.cloud, v, s.id);
  touch(ctx, s);
  return noContent(202);
}

function interfaceView(p: NeutronRecord): Record<string, unknown> {
  return { net_id: p.network_id, port_id: p.id, mac_addr: p.mac_address, port_state: p.status, fixed_ips: p.fixed_ips };
}

function interfaces(ctx: Ctx, s: Server): EmuReply {
  const ports = s.ports.map((id) => ctx.cloud.state.neutron.ports[id]).filter((p) => p !== undefined);
  return json(200, { interfaceAttachments: ports.map(interfaceView) });
}

function attachedPort(ctx: Ctx, s: Server, portId: string): NeutronRecord {
  const port = ctx.cloud.state.neutron.ports[portId];
  if (!port || !s.ports.includes(portId)) throw notFound(`Port id ${portId} could not be found.`);
  return port;
}

function attachInterface(ctx: Ctx, s: Server, req: EmuRequest): EmuReply {
  checkUnlocked(ctx, s);
  const body = (req.body as { interfaceAttachment?: { port_id?: string; net_id?: string; fixed_ips?: { ip_address?: string }[] } } | undefined)?.interfaceAttachment;
  if (!body?.port_id && !body?.net_id) throw badRequest('Invalid input for field/attribute interfaceAttachment: a port_id or a net_id is required');
  checkState(s, 'attach_interface');
  let port: NeutronRecord;
  if (body.port_id) {
    const found = ctx.cloud.state.neutron.ports[body.port_id];
    if (!found) throw notFound(`Port id ${body.port_id} could not be found.`);
    if (found.device_id) throw conflict(`Port ${body.port_id} is still in use.`);
    port = found;
  } else {
    if (!ctx.cloud.state.neutron.networks[body.net_id!]) throw notFound(`Network ${body.net_id} could not be found.`);
    const ip = body.fixed_ips?.[0]?.ip_address;
    port = createPort(ctx.cloud, { projectId: s.projectId, networkId: body.net_id!, ...(ip !== undefined && { fixedIps: [{ ip_address: ip }] }), securityGroups: s.securityGroups });
    s.ownedPorts.push(port.id);
  }
  bindPort(port, s);
  s.ports.push(port.id);
  portListed(ctx.cloud.state, s, port.id);
  touch(ctx, s);
  return json(200, { interfaceAttachment: interfaceView(port) });
}

function detachInterface(ctx: Ctx, s: Server, req: EmuRequest): EmuReply {
  checkUnlocked(ctx, s);
  checkState(s, 'detach_interface');
  const port = attachedPort(ctx, s, req.params.portId ?? '');
  s.ports = s.ports.filter((id) => id !== port.id);
  if (s.ownedPorts.includes(port.id)) {
    s.ownedPorts = s.ownedPorts.filter((id) => id !== port.id);
    removePort(ctx.cloud, port.id);
  } else unbindPort(port);
  touch(ctx, s);
  return noContent(202);
}

export const attachmentRoutes: Route<Ctx>[] = [
  { method: 'GET', pattern: P, action: 'server.attachments.list', handler: byId(server, (ctx, s) => json(200, { volumeAttachments: s.bdms.map((b) => attachmentView(s, b, ctx.mv)) })) },
  { method: 'GET', pattern: `${P}/:volumeId`, action: 'server.attachments.get', handler: byId(server, (ctx, s, req) => json(200, { volumeAttachment: attachmentView(s, mapping(s, req.params.volumeId ?? ''), ctx.mv) })) },
  { method: 'POST', pattern: P, action: 'server.attachments.create', handler: byId(server, attach) },
  { method: 'DELETE', pattern: `${P}/:volumeId`, action: 'server.attachments.delete', handler: byId(server, detach) },
  { method: 'GET', pattern: '/v2.1/servers/:id/os-interface', action: 'server.interfaces.list', handler: byId(server, interfaces) },
  { method: 'GET', pattern: '/v2.1/servers/:id/os-interface/:portId', action: 'server.interfaces.get', handler: byId(server, (ctx, s, req) => json(200, { interfaceAttachment: interfaceView(attachedPort(ctx, s, req.params.portId ?? '')) })) },
  { method: 'POST', pattern: '/v2.1/servers/:id/os-interface', action: 'server.interfaces.create', handler: byId(server, attachInterface) },
  { method: 'DELETE', pattern: '/v2.1/servers/:id/os-interface/:portId', action: 'server.interfaces.delete', handler: byId(server, detachInterface) },
];
