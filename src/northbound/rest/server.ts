/**
 * The REST northbound: builds (does not start) the fastify server. Root level: body parsers, error
 * replies, OpenAPI collection, metrics and request ids; under `/ESCManager/v0`, in one
 * encapsulated scope, optional Basic authentication and the route plugins, each given the engine
 * (the settings routes: the settings service; the admin routes: the admin service and the
 * credentials) and nothing else (no singletons; house rule 8). The caller listens and closes.
 *
 * Logging: with `log.requests` (read per request, so a run-time change applies at once), fastify
 * logs each request and its completion through the given pino logger; every line a request causes
 * is tagged with its request id (a UUID, or the client's `X-Request-Id`), echoed back on every answer.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type pino from 'pino';
import packageJson from '../../../package.json' with { type: 'json' };
import type { Config } from '../../config/config.ts';
import type { Credentials } from '../../config/credentials.ts';
import type { SettingsService } from '../../config/settings-service.ts';
import type { AdminApi, EngineApi } from '../../engine/api.ts';
import { systemClock, type Clock } from '../../time/clock.ts';
import { authHook, basicAuthCheck, metricsAuthCheck } from './basic-auth.ts';
import { checkCallbackEgress } from './callbacks.ts';
import { errorReply, registerErrorReplies } from './error-reply.ts';
import type { Metrics } from './metrics.ts';
import { registerMetrics } from './metrics-route.ts';
import { openApiRoute, registerOpenApi } from './openapi.ts';
import { refuseControlCharactersInPath } from './path-parameters.ts';
import { registerMutatingRateLimit } from './rate-limit.ts';
import { adminRoutes } from './routes/admin.ts';
import { clusterRoutes } from './routes/cluster.ts';
import { deploymentRoutes } from './routes/deployments.ts';
import { eventRoutes } from './routes/events.ts';
import { operationRoutes } from './routes/operations.ts';
import { settingsRoutes } from './routes/settings.ts';
import { snapshotRoutes } from './routes/snapshots.ts';
import { tenantRoutes } from './routes/tenants.ts';
import { RenderedReads, uncached } from './rendered-reads.ts';
import { registerBodyParsers } from './xml-body.ts';
import { refuseWhileClosing } from './shutdown.ts';
import { syncHook, syncOnSend } from './sync-hook.ts';
import { documentLimits } from '../../xml/parse.ts';

export const apiPrefix = '/ESCManager/v0';
export const requestIdHeader = 'x-request-id';

export interface RestServerOptions {
  engine: EngineApi;
  config: Config;
  /** The settings API's service (CONF-1..3), over the same `config`. */
  settings: SettingsService;
  logger: pino.Logger | false;
  metrics: Metrics;
  /** Operation mode, backup and restore (`escadm`). */
  admin: AdminApi;
  /** The REST user (basic auth, `escadm rest set`). */
  credentials: Credentials;
  clock?: Clock;
  /** The store's change count (`store/change-count.ts`): while it stands, a repeated GET is answered as rendered before. */
  storeVersion?: () => number;
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
    logController: new LogController({ disableRequestLogging: () => !config.bool('log.requests') }),
    genReqId: () => randomUUID(),
    // Refused in our error format instead (shutdown.ts).
    return503OnClosing: false,
  });
  const clock = opts.clock ?? systemClock;
  const authCheck = basicAuthCheck({ config, credentials: opts.credentials, clock });
  const reads = opts.storeVersion ? new RenderedReads(opts.storeVersion) : uncached;

  registerErrorReplies(app, { bodyLimit });
  refuseWhileClosing(app);
  registerBodyParsers(app, bodyLimit, () => documentLimits(config.number('limits.xml.depth.max'), config.number('limits.xml.elements.max')));
  await registerOpenApi(app, packageJson.version);
  registerMetrics(app, opts.metrics, metricsAuthCheck(config, authCheck));
  app.addHook(
    'onSend',
    syncOnSend((request, reply) => {
      reply.header(requestIdHeader, request.id);
    }),
  );

  await app.register(
    async (api) => {
      registerMutatingRateLimit(api, { config, clock });
      api.addHook('onRequest', authHook(config, authCheck));
      refuseControlCharactersInPath(api);
      api.addHook(
        'preHandler',
        syncHook((request) => checkCallbackEgress(request.headers, config.string('egress.allowed.networks'))),
      );
      await api.register(tenantRoutes, { engine, reads });
      await api.register(deploymentRoutes, { engine, reads });
      await api.register(eventRoutes, { engine });
      await api.register(operationRoutes, { engine });
      await api.register(settingsRoutes, { settings: opts.settings });
      await api.register(snapshotRoutes, { engine });
      await api.register(clusterRoutes, { engine });
      await api.register(adminRoutes, { admin: opts.admin, credentials: opts.credentials, config, clock, managerVersion: packageJson.version });
      openApiRoute(api);
    },
    { prefix: apiPrefix },
  );
  return app;
}
