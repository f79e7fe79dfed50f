/**
 * The REST northbound: builds (does not start) the fastify server. Root level: body parsers, error
 * replies, OpenAPI collection, metrics and request ids; under `/ESCManager/v0`, in one
 * encapsulated scope, optional Basic authentication and the route plugins, each given the engine
 * (the settings routes: the settings service) and nothing else (no singletons; house rule 8). The caller listens and closes.
 *
 * Logging: fastify logs each request and its completion through the given pino logger, tagged with
 * a request id (a UUID, or the client's `X-Request-Id`), which is echoed back on every answer.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type pino from 'pino';
import packageJson from '../../../package.json' with { type: 'json' };
import type { Config } from '../../config/config.ts';
import type { SettingsService } from '../../config/settings-service.ts';
import type { EngineApi } from '../../engine/api.ts';
import { registerBasicAuth } from './basic-auth.ts';
import { checkCallbackEgress } from './callbacks.ts';
import { errorReply, registerErrorReplies } from './error-reply.ts';
import type { Metrics } from './metrics.ts';
import { registerMetrics } from './metrics-route.ts';
import { openApiRoute, registerOpenApi } from './openapi.ts';
import { deploymentRoutes } from './routes/deployments.ts';
import { eventRoutes } from './routes/events.ts';
import { operationRoutes } from './routes/operations.ts';
import { settingsRoutes } from './routes/settings.ts';
import { snapshotRoutes } from './routes/snapshots.ts';
import { tenantRoutes } from './routes/tenants.ts';
import { registerBodyParsers } from './xml-body.ts';

export const apiPrefix = '/ESCManager/v0';
export const requestIdHeader = 'x-request-id';

export interface RestServerOptions {
  engine: EngineApi;
  config: Config;
  /** The settings API's service (CONF-1..3), over the same `config`. */
  settings: SettingsService;
  logger: pino.Logger | false;
  metrics: Metrics;
}

export async function buildRestServer(opts: RestServerOptions): Promise<FastifyInstance> {
  const { engine, config } = opts;
  const bodyLimit = config.number('rest.body.limit.bytes');
  const app = Fastify({
    // FastifyBaseLogger is pino's logger typed loosely; the cast only widens the generic.
    ...(opts.logger === false ? { logger: false } : { loggerInstance: opts.logger as FastifyBaseLogger }),
    bodyLimit,
    // Room for any name up to ESC's 256 characters, percent-encoded; longer is refused with 414.
    routerOptions: { maxParamLength: 1024 },
    frameworkErrors: errorReply({ bodyLimit }),
    requestIdHeader,
    genReqId: () => randomUUID(),
  });

  registerErrorReplies(app, { bodyLimit });
  registerBodyParsers(app, bodyLimit, () => ({ maxDepth: config.number('limits.xml.depth.max'), maxElements: config.number('limits.xml.elements.max') }));
  await registerOpenApi(app, packageJson.version);
  registerMetrics(app, opts.metrics);
  app.addHook('onSend', async (request, reply) => {
    reply.header(requestIdHeader, request.id);
  });

  await app.register(
    async (api) => {
      registerBasicAuth(api, config);
      api.addHook('preHandler', async (request) => checkCallbackEgress(request.headers, config.string('egress.allowed.networks')));
      await api.register(tenantRoutes, { engine });
      await api.register(deploymentRoutes, { engine });
      await api.register(eventRoutes, { engine });
      await api.register(operationRoutes, { engine });
      await api.register(settingsRoutes, { settings: opts.settings });
      await api.register(snapshotRoutes, { engine });
      openApiRoute(api);
    },
    { prefix: apiPrefix },
  );
  return app;
}
