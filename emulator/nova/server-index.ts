/**
 * The live servers of each project, so a list call reads its own project's servers instead of
 * filtering every server the cloud ever held (deleted ones stay in the state for `changes-since`):
 * issue 14, a list among 10,000 servers. Derived from the state, never stored: built on first use
 * for a given `state.servers` record (a state read from its file is a new record, so a new index),
 * a server added by `addServer`, and a deleted one dropped when a read meets it (a server never
 * comes back from deletion), so deletion needs no hook.
 */
import type { EmuState, Server } from '../state/model.ts';

type Index = Map<string, Map<string, Server>>;

const indexes = new WeakMap<EmuState['servers'], Index>();

function indexOf(servers: EmuState['servers']): Index {
  let index = indexes.get(servers);
  if (!index) {
    index = new Map();
    for (const s of Object.values(servers)) if (s.deletedAt === null) place(index, s);
    indexes.set(servers, index);
  }
  return index;
}

function place(index: Index, s: Server): void {
  let project = index.get(s.projectId);
  if (!project) index.set(s.projectId, (project = new Map()));
  project.set(s.id, s);
}

/**
 * Records a new server in the state and in its project's index. The index holds the server as
 * read back from the state: with a state file that is the change-tracking view (`change-tracker.ts`),
 * so a write through a listed server is still logged.
 */
export function addServer(state: EmuState, s: Server): void {
  state.servers[s.id] = s;
  place(indexOf(state.servers), state.servers[s.id]!);
}

/** The project's servers not deleted (every project's with `projectId` undefined). */
export function liveServers(state: EmuState, projectId: string | undefined): Server[] {
  const index = indexOf(state.servers);
  const projects = projectId === undefined ? [...index.values()] : [index.get(projectId) ?? new Map<string, Server>()];
  const live: Server[] = [];
  for (const project of projects)
    for (const s of project.values()) {
      if (s.deletedAt === null) live.push(s);
      else project.delete(s.id);
    }
  return live;
}
