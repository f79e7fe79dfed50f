/**
 * Records every request's duration in the `Metrics` histogram (labelled by route pattern, never by
 * raw URL, so deployment names cannot blow up label cardinality) and serves GET /metrics for
 * Prometheus, outside `/ESCManager/v0`; `check` decides who may read it (issue 13: with REST auth on,
 * a client off this machine authenticates).
 */
import type { FastifyInstance } from 'fastify';
import type { RequestCheck } from './basic-auth.ts';
import type { Metrics } from './metrics.ts';
import { syncHook } from './sync-hook.ts';

export const metricsPath = '/metrics';

export function registerMetrics(app: FastifyInstance, metrics: Metrics, check: RequestCheck): void {
  app.addHook(
    'onResponse',
    syncHook((request, reply) => {
      metrics.observeHttpRequest(
        { route: request.routeOptions.url ?? 'unmatched', method: request.method, statusCode: reply.statusCode },
        reply.elapsedTime / 1000,
      );
    }),
  );
  app.get(
    metricsPath,
    {
      onRequest: check,
      schema: { summary: 'Prometheus metrics', tags: ['operability'], response: { 200: { description: 'Prometheus text exposition', type: 'string' } } },
    },
    async (_request, reply) => {
      const { contentType, text } = await metrics.exposition();
      return reply.type(contentType).send(text);
    },
  );
}
