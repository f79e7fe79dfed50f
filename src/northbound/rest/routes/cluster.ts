/**
 * `GET /cluster` (issue 15 item 6, ours): the managers sharing this one's database and the
 * operations each runs — `{"instances":[{"id","host","heartbeatAgeMs","operations":[ids]}]}`,
 * oldest instance first; with SQLite, the one local manager. JSON only, like the settings routes:
 * it is an operator's view with no ESC counterpart. It sits in the API's scope, so its
 * authentication covers it.
 */
import type { FastifyInstance } from 'fastify';
import type { EngineApi } from '../../../engine/api.ts';
import { mediaTypeOf } from '../content.ts';
import { errorResponses } from '../schemas.ts';

const instance = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'the instance id, fresh at each start' },
    host: { type: 'string' },
    heartbeatAgeMs: { type: 'integer', description: 'how old its last heartbeat is, by the database clock' },
    operations: { type: 'array', items: { type: 'string' }, description: 'the RUNNING operations of the keys it owns, in accepted order' },
  },
} as const;

export async function clusterRoutes(app: FastifyInstance, opts: { engine: EngineApi }): Promise<void> {
  app.get(
    '/cluster',
    {
      schema: {
        summary: 'The managers sharing the database, and what each runs (issue 15)',
        tags: ['cluster'],
        response: {
          200: { description: 'the instances', content: { 'application/json': { schema: { type: 'object', properties: { instances: { type: 'array', items: instance } } } } } },
          ...errorResponses(),
        },
      },
    },
    async (_request, reply) => {
      const instances = await opts.engine.cluster();
      const body = { instances: instances.map((i) => ({ id: i.id, host: i.host, heartbeatAgeMs: i.heartbeatAgeMs, operations: i.operations })) };
      return reply.code(200).type(mediaTypeOf.json).send(`${JSON.stringify(body, null, 2)}\n`);
    },
  );
}
