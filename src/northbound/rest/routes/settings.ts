/**
 * The settings API (CONF-1..3; esc-interface.md §5.2, what `escadm vimmanager show|set|restart`
 * does on ESC): `GET /admin/settings` shows every effective key, `PATCH /admin/settings` changes
 * some at run time, all or none, `POST /admin/settings/reload` re-reads `application.properties`.
 * Each answers 200 with the effective settings as one JSON object, values as strings, sorted by
 * key, secrets as `****`. Refusals are 400 with the first bad key named, in the negotiated error
 * format like every route. The routes sit in the API's scope, so its authentication covers them.
 *
 * They call the settings service of `config/`, not the engine: settings are no intent on a VNF.
 * A PATCH body's shape is checked first (a JSON object of string, number or boolean members), then
 * its keys in order by the service.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SettingProblem } from '../../../config/settings-rules.ts';
import type { SettingsAnswer, SettingsService } from '../../../config/settings-service.ts';
import { errors, type DomainError } from '../../../domain/errors.ts';
import { mediaTypeOf, requiredBody, type Format } from '../content.ts';
import { errorResponses } from '../schemas.ts';

const tags = ['settings'];
const settingsObject = { type: 'object', additionalProperties: { type: 'string' } } as const;
const settingsResponse = { description: 'every effective key, sorted; secrets (*.password, *.secret, *.token) as ****', content: { 'application/json': { schema: settingsObject } } };

export async function settingsRoutes(app: FastifyInstance, opts: { settings: SettingsService }): Promise<void> {
  const { settings } = opts;

  app.get('/admin/settings', { schema: { summary: 'Show the effective configuration (CONF-2)', tags, response: { 200: settingsResponse, ...errorResponses() } } }, async (_request, reply) =>
    answer(reply, { settings: settings.show() }),
  );

  app.patch(
    '/admin/settings',
    {
      schema: {
        summary: 'Change settings at run time, all or none; lost at a restart (CONF-3)',
        tags,
        // Described, not validated: the body arrives as text (`xml-body.ts`) and `changesIn` reads it.
        body: { content: { 'application/json': { schema: { description: 'a JSON object: {"key": "value", ...}' } } } },
        response: { 200: settingsResponse, ...errorResponses(400, 413, 415) },
      },
    },
    async (request, reply) => {
      const body = requiredBody(request, 'a JSON object of "key": "value" settings');
      return answer(reply, await settings.change(changesIn(body.text, body.format)));
    },
  );

  app.post(
    '/admin/settings/reload',
    { schema: { summary: 'Re-read application.properties; run-time changes are dropped (CONF-1)', tags, response: { 200: settingsResponse, ...errorResponses(400) } } },
    async (_request, reply) => answer(reply, await settings.reload()),
  );
}

/** 200 with the settings, or the refusal as the error catalogue's entry. */
function answer(reply: FastifyReply, outcome: SettingsAnswer): FastifyReply {
  if ('refused' in outcome) throw errorOf(outcome.refused);
  return reply.code(200).type(mediaTypeOf.json).send(JSON.stringify(outcome.settings));
}

function errorOf(problem: SettingProblem): DomainError {
  switch (problem.reason) {
    case 'unknown':
      return errors.unknownSetting(problem.key, problem.replacedBy);
    case 'restart':
      return errors.settingNeedsRestart(problem.key);
    case 'value':
      return errors.settingValueInvalid(problem.key, problem.value, problem.expected, problem.file);
    case 'unreadable':
      return errors.settingsFileUnreadable(problem.file, problem.detail);
  }
}

/** The changes a PATCH body asks for: a JSON object whose members are strings, numbers or booleans. */
function changesIn(text: string, format: Format): Record<string, string> {
  if (format !== 'json') throw errors.settingsBodyNotObject();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw errors.jsonUnparsable(err);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw errors.settingsBodyNotObject();
  const changes = new Map<string, string>();
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === 'string') changes.set(key, value);
    else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') changes.set(key, String(value));
    else throw errors.settingValueInvalid(key, JSON.stringify(value), 'a string, number or boolean');
  }
  return Object.fromEntries(changes);
}
