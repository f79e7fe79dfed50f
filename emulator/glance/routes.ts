/**
 * Glance v2 under `/image` (spec §3): 300 version list at the root, images with Glance's filters
 * (name, status, visibility, os_hidden, tag, custom properties) and `next` paging, create, JSON
 * patch, data upload (queued → saving → active) and download, delete.
 */
import type { Route } from '../http/router.ts';
import { byId, type Ctx, type ServiceDef } from '../http/service.ts';
import { ApiError, badRequest, json, noContent, notFound, type EmuReply, type EmuRequest } from '../http/types.ts';
import { pageFrom, startAfter } from '../http/paging.ts';
import type { Image } from '../state/model.ts';
import { imageRecord, setImageData } from './records.ts';
import { CORE, READ_ONLY, imageView } from './view.ts';

const LIST_PARAMS = new Set(['limit', 'marker', 'sort_key', 'sort_dir', 'sort', 'member_status']);

function versions(req: EmuRequest): unknown {
  const href = `${req.baseUrl}/image/v2/`;
  const ids = ['v2.15', 'v2.9', 'v2.7', 'v2.6', 'v2.5', 'v2.4', 'v2.3', 'v2.2', 'v2.1', 'v2.0'];
  return { versions: ids.map((id, i) => ({ id, status: i === 0 ? 'CURRENT' : 'SUPPORTED', links: [{ rel: 'self', href }] })) };
}

function visible(ctx: Ctx, image: Image): boolean {
  return ctx.auth.isAdmin || image.visibility === 'public' || image.visibility === 'community' || image.owner === ctx.auth.projectId;
}

function image(ctx: Ctx, id: string): Image {
  const img = ctx.cloud.state.images[id];
  if (!img || !visible(ctx, img)) throw notFound(`No image found with ID ${id}`);
  return img;
}

function matches(img: Image, key: string, value: string): boolean {
  if (key === 'tag') return img.tags.includes(value);
  if (key === 'os_hidden') return String(img.os_hidden) === value.toLowerCase();
  const view = imageView(img);
  const actual = view[key];
  if (actual === undefined) return false;
  const wanted = value.startsWith('in:') ? value.slice(3).split(',') : [value];
  return wanted.includes(String(actual));
}

function list(ctx: Ctx, req: EmuRequest) {
  const q = req.query;
  const filters = [...q.entries()].filter(([k]) => !LIST_PARAMS.has(k));
  if (!q.has('os_hidden')) filters.push(['os_hidden', 'false']);
  const all = Object.values(ctx.cloud.state.images)
    .filter((img) => visible(ctx, img) && img.status !== 'deleted')
    .filter((img) => filters.every(([k, v]) => matches(img, k, v)))
    .sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1));
  const start = startAfter(all, q.get('marker'), (marker) => badRequest(`Invalid marker. Image ${marker} could not be found.`));
  const limit = Math.min(Number(q.get('limit') ?? 25), 1000);
  const { page, next } = pageFrom(all, start, limit);
  const body: Record<string, unknown> = { images: page.map(imageView), first: '/v2/images', schema: '/v2/schemas/images' };
  if (next !== undefined) {
    const query = new URLSearchParams(filters.filter(([k]) => k !== 'os_hidden' || q.has('os_hidden')));
    query.set('limit', String(limit));
    query.set('marker', next);
    body.next = `/v2/images?${query.toString()}`;
  }
  return json(200, body);
}

function applyField(img: Image, key: string, value: unknown): void {
  if (READ_ONLY.has(key)) throw new ApiError(403, `Attribute '${key}' is read-only.`);
  if (key === 'id') throw new ApiError(403, "Attribute 'id' is read-only.");
  if (CORE.has(key)) (img as unknown as Record<string, unknown>)[key] = value;
  else if (value === undefined) delete img.properties[key];
  else img.properties[key] = String(value);
}

function create(ctx: Ctx, req: EmuRequest) {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const id = typeof body.id === 'string' ? body.id : undefined;
  if (id && ctx.cloud.state.images[id]) throw new ApiError(409, `Image with identifier ${id} already exists!`);
  const img = imageRecord({ name: null, owner: ctx.auth.projectId, ...(id !== undefined && { id }) }, ctx.cloud.clock.now());
  for (const [k, v] of Object.entries(body)) if (k !== 'id') applyField(img, k, v);
  ctx.cloud.state.images[img.id] = img;
  return json(201, imageView(img), { Location: `${req.baseUrl}/image/v2/images/${img.id}` });
}

function patch(ctx: Ctx, img: Image, req: EmuRequest): EmuReply {
  const ops = req.body as { op?: string; path?: string; value?: unknown }[] | undefined;
  if (!Array.isArray(ops)) throw badRequest('Request body must be a JSON array of operation objects.');
  for (const op of ops) {
    const key = (op.path ?? '').replace(/^\//, '');
    if (op.op === 'remove') {
      if (CORE.has(key)) throw new ApiError(403, `Properties ${key} must be present.`);
      if (!(key in img.properties)) throw new ApiError(409, `Property ${key} does not exist.`);
      applyField(img, key, undefined);
    } else if (op.op === 'add' || op.op === 'replace') {
      applyField(img, key, op.value);
    } else {
      throw badRequest(`Operation objects must contain exactly one member named "add", "remove", or "replace".`);
    }
  }
  img.updated_at = ctx.cloud.clock.now();
  return json(200, imageView(img));
}

function remove(ctx: Ctx, img: Image): EmuReply {
  if (img.protected) throw new ApiError(403, `Image ${img.id} is protected and cannot be deleted.`);
  delete ctx.cloud.state.images[img.id];
  ctx.cloud.scheduler.cancel(img.id);
  ctx.cloud.blobs.delete(img.id);
  return noContent(204);
}

function upload(ctx: Ctx, img: Image, req: EmuRequest): EmuReply {
  if (img.status !== 'queued') throw new ApiError(409, `Image status transition from ${img.status} to saving is not allowed`);
  if (!img.disk_format || !img.container_format) throw badRequest('Properties disk_format, container_format must be set prior to saving data.');
  img.status = 'saving';
  ctx.cloud.blobs.put(img.id, req.raw);
  setImageData(img, req.raw, ctx.cloud.clock.now());
  return noContent(204);
}

function download(ctx: Ctx, img: Image): EmuReply {
  const data = img.status === 'active' ? ctx.cloud.blobs.get(img.id) : undefined;
  if (!data) return noContent(204);
  return { status: 200, raw: data, contentType: 'application/octet-stream', headers: { 'Content-MD5': img.checksum ?? '' } };
}

function addTag(_ctx: Ctx, img: Image, req: EmuRequest): EmuReply {
  if (!img.tags.includes(req.params.tag ?? '')) img.tags.push(req.params.tag ?? '');
  return noContent(204);
}

function deleteTag(_ctx: Ctx, img: Image, req: EmuRequest): EmuReply {
  if (!img.tags.includes(req.params.tag ?? '')) throw notFound(`Tag ${req.params.tag} not found`);
  img.tags = img.tags.filter((t) => t !== req.params.tag);
  return noContent(204);
}

const routes: Route<Ctx>[] = [
  { method: 'GET', pattern: '', action: 'image.versions', auth: false, handler: (_c, req) => json(300, versions(req)) },
  { method: 'GET', pattern: '/versions', action: 'image.versions', auth: false, handler: (_c, req) => json(200, versions(req)) },
  { method: 'GET', pattern: '/v2/images', action: 'image.list', handler: list },
  { method: 'POST', pattern: '/v2/images', action: 'image.create', handler: create },
  { method: 'GET', pattern: '/v2/images/:id', action: 'image.get', handler: byId(image, (_ctx, img) => json(200, imageView(img))) },
  { method: 'PATCH', pattern: '/v2/images/:id', action: 'image.update', handler: byId(image, patch) },
  { method: 'DELETE', pattern: '/v2/images/:id', action: 'image.delete', handler: byId(image, remove) },
  { method: 'PUT', pattern: '/v2/images/:id/file', action: 'image.upload', handler: byId(image, upload) },
  { method: 'GET', pattern: '/v2/images/:id/file', action: 'image.download', handler: byId(image, download) },
  { method: 'PUT', pattern: '/v2/images/:id/tags/:tag', action: 'image.tag.add', handler: byId(image, addTag) },
  { method: 'DELETE', pattern: '/v2/images/:id/tags/:tag', action: 'image.tag.delete', handler: byId(image, deleteTag) },
];

export const glanceService: ServiceDef = { name: 'image', prefix: '/image', routes };
