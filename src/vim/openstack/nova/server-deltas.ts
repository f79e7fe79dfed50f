/**
 * @module The batched poller's server reads by Nova's `changes-since` (issue 14). The poller asks
 * for the servers it waits on by id (`listServers(scope, { ids })`), once per cycle; Nova cannot
 * filter by id, so a plain list returns the whole project every cycle, a cost that grows with the
 * servers under management on both sides. Here the project is listed whole once, then only what
 * changed since (servers deleted since come back with status DELETED), merged into what is known.
 *
 * The mark is the newest `updated` seen, less MARGIN_MS: a change committed while a list was being
 * read, stamped a moment before the newest one it returned, is read again rather than missed (Nova
 * stamps to the second). Every FULL_EVERY-th read of a project lists it whole again, so nothing a
 * delta could miss (a deleted row purged by `nova-manage db archive`) stays wrong for long. Reads of
 * one project are serialized: merging two answers in the wrong order would bring back an old status.
 */
import type { ListFilter, Scope, VimServer } from '../../driver.ts';

const MARGIN_MS = 1_000;
const FULL_EVERY = 30;

interface Known {
  servers: Map<string, VimServer>;
  /** Ids seen DELETED since the last whole list: gone, without listing the whole project to learn it. */
  deleted: Set<string>;
  /** Epoch ms: ask for changes since this; undefined when no server said when it changed (ask whole again). */
  mark: number | undefined;
  reads: number;
}

type List = (scope: Scope, filter?: ListFilter) => Promise<VimServer[]>;

export function serverDeltas(list: List): (scope: Scope, ids: string[]) => Promise<VimServer[]> {
  const projects = new Map<string, { known?: Known; queue: Promise<unknown> }>();
  const read = async (scope: Scope, known: Known | undefined, ids: string[]): Promise<Known> => {
    if (known?.mark !== undefined && known.reads % FULL_EVERY !== 0) {
      const changed = await list(scope, { changesSince: new Date(known.mark).toISOString() });
      for (const s of changed) {
        if (s.status === 'DELETED') {
          known.servers.delete(s.id);
          known.deleted.add(s.id);
        } else known.servers.set(s.id, s);
      }
      known.mark = Math.max(known.mark, markOf(changed) ?? 0);
      known.reads++;
      // An id never seen, neither listed nor deleted since: only a whole list can tell what it is.
      if (ids.every((id) => known.servers.has(id) || known.deleted.has(id))) return known;
    }
    const all = await list(scope);
    return { servers: new Map(all.map((s) => [s.id, s])), deleted: new Set(), mark: markOf(all), reads: 1 };
  };
  return (scope, ids) => {
    const key = scope.projectId ?? '';
    let project = projects.get(key);
    if (!project) projects.set(key, (project = { queue: Promise.resolve() }));
    const p = project;
    const answer = p.queue.then(async () => {
      p.known = await read(scope, p.known, ids);
      return ids.flatMap((id) => p.known!.servers.get(id) ?? []);
    });
    p.queue = answer.catch(() => {});
    return answer;
  };
}

/**
 * The newest `updated` among `servers`, less the margin; undefined when none says: asking for every
 * change since 1970 would bring back every server the project ever deleted.
 */
function markOf(servers: VimServer[]): number | undefined {
  let newest = 0;
  for (const s of servers) newest = Math.max(newest, s.updated ? Date.parse(s.updated) || 0 : 0);
  return newest > 0 ? newest - MARGIN_MS : undefined;
}
