/**
 * The admin routes `escadm` speaks to (esc-interface.md §5.2), JSON in and out, behind the API's
 * authentication like the settings routes; the maintenance gate does not cover them, so they work
 * in maintenance:
 *
 * - `GET|PUT /admin/op_mode` — `{"op_mode":"OPERATION"}`; PUT `{"mode":"maintenance","ipt_check":true}`.
 * - `PUT /admin/rest-user` — `{"username":"U","password":"P"}`, or `{}` for the default user.
 * - `GET /admin/status` — `{"status":0,"message":"ESC Master Healthy","op_mode":…}` [I].
 * - `POST /admin/backup` — the database as a .tar.gz (`backup-archive.ts`); in maintenance.
 * - `POST /admin/restore` — such a .tar.gz as `application/gzip`; in maintenance, nothing in flight.
 *
 * Backup and restore work in a temporary folder removed afterwards; the upload streams to disk, at
 * most `admin.restore.limit.bytes`.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../../config/config.ts';
import { credentialProblem, type Credentials } from '../../../config/credentials.ts';
import { errors } from '../../../domain/errors.ts';
import { parseOpMode } from '../../../domain/op-mode.ts';
import type { AdminApi } from '../../../engine/api.ts';
import { isoTime, type Clock } from '../../../time/clock.ts';
import { databaseEntry, packBackup, unpackBackup } from '../backup-archive.ts';
import { mediaTypeOf, requiredBody } from '../content.ts';
import { errorResponses } from '../schemas.ts';

export interface AdminRouteOptions {
  admin: AdminApi;
  credentials: Credentials;
  config: Config;
  clock: Clock;
  managerVersion: string;
}

const tags = ['admin'];
const gzipTypes = ['application/gzip', 'application/x-gzip'];
const json = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const gzip = (description: string) => ({ description, content: { 'application/gzip': { schema: { type: 'string', format: 'binary' } } } });

export async function adminRoutes(app: FastifyInstance, o: AdminRouteOptions): Promise<void> {
  // An archive streams to disk as it arrives; its size is bounded there, not buffered here.
  app.addContentTypeParser(gzipTypes, (_request, payload, done) => done(null, payload));

  app.get('/admin/op_mode', { schema: { summary: 'The operation mode (escadm op_mode show)', tags, response: { 200: json('{"op_mode": "OPERATION" | "MAINTENANCE"}'), ...errorResponses() } } }, async (_request, reply) =>
    sendJson(reply, { op_mode: o.admin.opMode() }),
  );

  app.put(
    '/admin/op_mode',
    { schema: { summary: 'Set the operation mode, kept across restarts (escadm op_mode set)', tags, response: { 200: json('{"op_mode": …}'), ...errorResponses(400, 409, 415) } } },
    async (request, reply) => {
      const body = objectBody(request, 'with "mode": "maintenance" or "operation", and "ipt_check": true or false');
      const given = typeof body.mode === 'string' ? body.mode : JSON.stringify(body.mode ?? null);
      const mode = parseOpMode(given);
      if (!mode) throw errors.opModeInvalid(given);
      const iptCheck = body.ipt_check === true || String(body.ipt_check).toLowerCase() === 'true';
      return sendJson(reply, { op_mode: await o.admin.setOpMode({ mode, iptCheck }) });
    },
  );

  app.put(
    '/admin/rest-user',
    { schema: { summary: 'Set the REST user, or reset it to admin/cisco123 with {} (escadm rest set)', tags, response: { 200: json('{"username": …}'), ...errorResponses(400, 415) } } },
    async (request, reply) => {
      const body = objectBody(request, 'with "username" and "password", or empty for the default user');
      const { username, password } = body;
      if (username === undefined && password === undefined) await o.credentials.reset('rest');
      else {
        if (typeof username !== 'string' || typeof password !== 'string') throw errors.credentialsInvalid('needs both "username" and "password" as strings');
        const problem = credentialProblem(username, password);
        if (problem) throw errors.credentialsInvalid(problem);
        await o.credentials.set('rest', username, password);
      }
      return sendJson(reply, { username: o.credentials.username('rest') });
    },
  );

  app.get('/admin/status', { schema: { summary: 'Health of the manager (escadm status)', tags, response: { 200: json('{"status": 0, "message": "ESC Master Healthy", "op_mode": …}'), ...errorResponses() } } }, async (_request, reply) =>
    sendJson(reply, { status: 0, message: 'ESC Master Healthy', op_mode: o.admin.opMode() }),
  );

  app.post('/admin/backup', { schema: { summary: 'A consistent copy of the database as .tar.gz (escadm backup); in maintenance', tags, response: { 200: gzip('manifest.json and openvnfm.sqlite'), ...errorResponses(409) } } }, async (_request, reply) => {
    const dir = await mkdtemp(join(tmpdir(), 'openvnfm-backup-'));
    try {
      const { schemaVersion } = await o.admin.backup(join(dir, databaseEntry));
      const createdAt = isoTime(o.clock);
      const archive = await packBackup(dir, { createdAt, managerVersion: o.managerVersion, schemaVersion });
      const stream = createReadStream(archive);
      stream.once('close', () => void rm(dir, { recursive: true, force: true }));
      const name = `openvnfm-backup-${createdAt.replace(/[:.]/g, '-')}.tar.gz`;
      return reply.code(200).type('application/gzip').header('Content-Disposition', `attachment; filename="${name}"`).send(stream);
    } catch (err) {
      await rm(dir, { recursive: true, force: true });
      throw err;
    }
  });

  app.post(
    '/admin/restore',
    { schema: { summary: 'Replace the database with a backup, then resume its open operations (escadm restore)', tags, response: { 200: json('{"restored_from": createdAt, "resumed": n}'), ...errorResponses(400, 409, 413) } } },
    async (request, reply) => {
      if (!(request.body instanceof Readable)) throw errors.backupArchiveInvalid('must be sent as the body, Content-Type application/gzip');
      const limit = o.config.number('admin.restore.limit.bytes');
      const dir = await mkdtemp(join(tmpdir(), 'openvnfm-restore-'));
      try {
        const archive = join(dir, 'upload.tar.gz');
        await saveBounded(request.body, archive, limit);
        const { database, manifest } = await unpackBackup(archive, dir, limit);
        const { resumed } = await o.admin.restore(database);
        return sendJson(reply, { restored_from: manifest.createdAt, resumed });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
}

function sendJson(reply: FastifyReply, body: object): FastifyReply {
  return reply.code(200).type(mediaTypeOf.json).send(JSON.stringify(body));
}

/** The body as a JSON object; an empty body is the empty object. */
function objectBody(request: FastifyRequest, expected: string): Record<string, unknown> {
  if (typeof request.body !== 'string' || request.body.trim() === '') return {};
  const { text } = requiredBody(request, expected);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw errors.jsonUnparsable(err);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.adminBodyInvalid(expected);
  return body as Record<string, unknown>;
}

/**
 * Writes `source` to `path`, at most `limit` bytes: past that it fails with `backupTooLarge`, and
 * the rest of the upload is read and dropped (not destroyed), so the client still gets its 413.
 */
function saveBounded(source: Readable, path: string, limit: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path);
    let seen = 0;
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      source.unpipe(out);
      source.resume();
      out.destroy();
      reject(err);
    };
    // Registered before the pipe, so it sees each chunk before the file does.
    source.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > limit) fail(errors.backupTooLarge(limit));
    });
    source.once('error', fail);
    out.once('error', fail);
    out.once('finish', () => failed || resolve());
    source.pipe(out);
  });
}
