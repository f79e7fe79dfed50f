/**
 * The live servers of each project, so a list call reads its own project's servers instead of
 * filtering every server the cloud ever held (deleted ones stay in the state for `changes-since`):
 * issue 14, a list among 10,000 servers. Beside it the live servers by name (Nova's `name` filter
 * as the manager sends it, `^name$`) and by the ports they list (a port delete drops the port from
 * its server), so neither reads every server either.
 * Derived from the state, never stored: built on first use for a given `state.servers` record (a
 * state read from its file is a new record, so a new index). A server is filed by `addServer`, again
 * under a new name by `serverRenamed` and under a new port by `portListed`; an entry that no longer
 * holds (deleted server, other name, port no longer listed) is dropped when a read meets it, since
 * it can only come back through those calls, so deletion, renaming and unlisting need no hook.
 */
import type { EmuState, Server } from '../state/model.ts';

type Servers = Map<string, Map<string, Server>>;

interface Index {
  byProject: Servers;
  byName: Servers;
  byPort: Servers;
}

const indexes = new WeakMap<EmuState['servers'], Index>();

function indexOf(servers: EmuState['servers']): Index {
  let index = indexes.get(servers);
  if (!index) {
    index = { byProject: new Map(), byName: new Map(), byPort: new Map() };
    for (const s of Object.values(servers)) if (s.deletedAt === null) place(index, s);
    indexes.set(servers, index);
  }
  return index;
}

function put(map: Servers, key: string, s: Server): void {
  let group = map.get(key);
  if (!group) map.set(key, (group = new Map()));
  group.set(s.id, s);
}

function place(index: Index, s: Server): void {
  put(index.byProject, s.projectId, s);
  put(index.byName, s.name, s);
  for (const portId of s.ports) put(index.byPort, portId, s);
}

/** The group's servers that still hold (`holds`), the others dropped from it. */
function live(map: Servers, key: string, holds: (s: Server) => boolean): Server[] {
  const group = map.get(key);
  if (!group) return [];
  const out: Server[] = [];
  for (const s of group.values()) {
    if (s.deletedAt === null && holds(s)) out.push(s);
    else group.delete(s.id);
  }
  if (group.size === 0) map.delete(key);
  return out;
}

/**
 * Records a new server in the state and in the index. The index holds the server as read back
 * from the state: with a state file that is the change-tracking view (`change-tracker.ts`), so a
 * write through a listed server is still logged.
 */
export function addServer(state: EmuState, s: Server): void {
  state.servers[s.id] = s;
  place(indexOf(state.servers), state.servers[s.id]!);
}

/** The server's name changed (update, rebuild). */
export function serverRenamed(state: EmuState, s: Server): void {
  put(indexOf(state.servers).byName, s.name, s);
}

/** The server lists one more port (an interface attached). */
export function portListed(state: EmuState, s: Server, portId: string): void {
  put(indexOf(state.servers).byPort, portId, s);
}

/** The port is gone from Neutron: no server can list it again. */
export function portGone(state: EmuState, portId: string): void {
  indexOf(state.servers).byPort.delete(portId);
}

/** The project's servers not deleted (every project's with `projectId` undefined). */
export function liveServers(state: EmuState, projectId: string | undefined): Server[] {
  const { byProject } = indexOf(state.servers);
  const keys = projectId === undefined ? [...byProject.keys()] : [projectId];
  return keys.flatMap((key) => live(byProject, key, () => true));
}

/** `liveServers` narrowed to those named `name`. */
export function liveServersNamed(state: EmuState, projectId: string | undefined, name: string): Server[] {
  return live(indexOf(state.servers).byName, name, (s) => s.name === name).filter((s) => projectId === undefined || s.projectId === projectId);
}

/** The servers not deleted that list the port. */
export function serversListingPort(state: EmuState, portId: string): Server[] {
  return live(indexOf(state.servers).byPort, portId, (s) => s.ports.includes(portId));
}
