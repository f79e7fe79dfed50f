/**
 * Records every request's duration in the `Metrics` histogram (labelled by route pattern, never by
 * raw URL, so deployment names cannot blow up label cardinality) and serves GET /metrics for
 * Prometheus, outside `/ESCManager/v0` and without authentication, as scrapers expect.
 */
import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.ts';

export const metricsPath = '/metrics';

export function registerMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.observeHttpRequest(
      { route: request.routeOptions.url ?? 'unmatched', method: request.method, statusCode: reply.statusCode },
      reply.elapsedTime / 1000,
    );
  });
  app.get(
    metricsPath,
    { schema: { summary: 'Prometheus metrics', tags: ['operability'], response: { 200: { description: 'Prometheus text exposition', type: 'string' } } } },
    async (_request, reply) => {
      const { contentType, text } = await metrics.exposition();
      return reply.type(contentType).send(text);
    },
  );
}
