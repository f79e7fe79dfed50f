/**
 * @module Nova server calls (compute 2.1; createImage at 2.45): get / list / delete as the shared
 * resource binding (`resource.ts`), and one function per other API call, each stating its accepted
 * statuses (style §1). Power actions go through one `action` with a one-key body, as openstacksdk's
 * `_action`; they are replayable (a repeated stop is refused 409, never doubled), creates are not.
 */
import { vimTagKey, type CreateServerRequest, type ServerStatus, type VimServer } from '../../../driver.ts';
import { listAll } from '../../pager.ts';
import type { ResourceSpec } from '../../resource.ts';
import type { ServiceClient } from '../../service-client.ts';
import { serverActionUrl, serversDetailUrl, serversUrl, serverUrl } from './urls.ts';
import { createdServer, createServerBody, toVimServer, type WireServer } from './wire.ts';

/** First microversion whose createImage answers `{"image_id"}` in the body (openstack-api.md §2.5). */
export const createImageMicroversion = '2.45';

export async function createServer(nova: ServiceClient, req: CreateServerRequest): Promise<VimServer> {
  const body = await nova.post<{ server: { id: string } }>(serversUrl(), createServerBody(req), { ok: [202] });
  return createdServer(body.server.id, req);
}

/**
 * Servers: the tag is metadata `vnfm_tag`, filtered locally; the list is `GET /servers/detail` with
 * `name` (a regex in Nova, so anchored and escaped) and `changes-since`.
 */
export const serverResource: ResourceSpec<WireServer, VimServer> = {
  what: 'server',
  url: serverUrl,
  listUrl: serversDetailUrl(),
  keys: { one: 'server', many: 'servers' },
  ok: { get: [200, 203], delete: [204] },
  fromWire: toVimServer,
  tagOf: (w) => w.metadata?.[vimTagKey],
  query: (f) => ({
    name: f.name !== undefined ? `^${f.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` : undefined,
    'changes-since': f.changesSince,
  }),
};

/**
 * Items per page of the summary list: Nova's own most (`max_limit`, 1000). A page is about 300 KB,
 * parsed in a few milliseconds between other work; smaller pages would cost a project of 10,000
 * servers more round trips than a cycle of 3 s holds on a cloud 100 ms away.
 */
export const serverIdsPageSize = 1000;

/** `GET /servers?status=` (summary: id, name, links), every page; the ids. */
export async function listServerIds(nova: ServiceClient, status: ServerStatus): Promise<string[]> {
  const page = await listAll<{ id: string }>(nova, serversUrl(), { key: 'servers', query: { status }, limit: serverIdsPageSize });
  return page.map((s) => s.id);
}

async function action(nova: ServiceClient, id: string, body: Record<string, unknown>): Promise<void> {
  await nova.post(serverActionUrl(id), body, { ok: [202], idempotent: true });
}

export const startServer = (nova: ServiceClient, id: string): Promise<void> => action(nova, id, { 'os-start': null });
export const stopServer = (nova: ServiceClient, id: string): Promise<void> => action(nova, id, { 'os-stop': null });
export const rebootServer = (nova: ServiceClient, id: string, kind: 'SOFT' | 'HARD'): Promise<void> =>
  action(nova, id, { reboot: { type: kind } });

/** `createImage`: a create, so never replayed blind; the image carries `metadata` as properties. */
export async function createServerImage(
  nova: ServiceClient,
  id: string,
  image: { name: string; metadata: Record<string, string> },
): Promise<string> {
  const body = await nova.post<{ image_id: string }>(
    serverActionUrl(id),
    { createImage: { name: image.name, metadata: image.metadata } },
    { ok: [202], microversion: createImageMicroversion },
  );
  return body.image_id;
}
