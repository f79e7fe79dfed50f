/**
 * The NETCONF server as the manager starts it: settings `netconf.*` (read at start), the host key
 * (the composition root's: made once into the data folder, or the one the managers sharing a
 * database keep), the login checks, and the parts every session shares.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import type { Config } from '../../config/config.ts';
import { errors } from '../../domain/errors.ts';
import type { EngineApi } from '../../engine/api.ts';
import type { EventBus } from '../../events/bus.ts';
import type { Clock } from '../../time/clock.ts';
import { escModuleRevision } from './hello.ts';
import type { NotificationDeps } from './notifications/deps.ts';
import { streamsSubtree } from './notifications/streams.ts';
import { startNetconfServer, type NetconfServer } from './server.ts';
import { SessionRegistry } from './sessions.ts';
import { documentLimits } from '../../xml/parse.ts';

export interface NetconfDeps {
  engine: EngineApi;
  bus: Pick<EventBus, 'subscribe'>;
  clock: Clock;
  config: Config;
  /** The SSH host key, OpenSSH private-key format (`host-key.ts`). */
  hostKey: string;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** The NETCONF user's login check (the credential store's `netconf` realm). */
  verifyPassword: (user: string, password: string) => Promise<boolean>;
}

export const escYangFile = fileURLToPath(new URL(`./yang/esc@${escModuleRevision}.yang`, import.meta.url));

export function startNetconf(deps: NetconfDeps): Promise<NetconfServer> {
  const { engine, config } = deps;
  const notifications: NotificationDeps = { bus: deps.bus, listEvents: (filter) => engine.listEvents(filter), clock: deps.clock, log: deps.log };
  const sessions = new SessionRegistry();
  return startNetconfServer({
    host: config.string('netconf.host'),
    port: config.number('netconf.port'),
    hostKey: deps.hostKey,
    maxMessageBytes: config.number('netconf.max.message.bytes'),
    helloTimeoutMs: config.number('netconf.hello.timeout.secs') * 1000,
    maxSessions: config.number('netconf.sessions.max'),
    maxLoginFailuresPerMinute: config.number('netconf.auth.failures.per.minute'),
    documentLimits: () => documentLimits(config.number('limits.xml.depth.max'), config.number('limits.xml.elements.max')),
    verifyPassword: deps.verifyPassword,
    authorizedKeys: authorizedKeys(config.string('netconf.authorized.keys.file')),
    log: deps.log,
    clock: deps.clock,
    parts: { engine, sessions, notifications, yangFile: escYangFile, data: { engine, sessions, streams: () => streamsSubtree(notifications) } },
  });
}

/** The keys of an OpenSSH authorized_keys file (blank lines and comments skipped; a bad line is an error). */
function authorizedKeys(file: string): ParsedKey[] {
  if (file === '') return [];
  return readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const key = ssh2.utils.parseKey(line);
      if (key instanceof Error) throw errors.netconfAuthorizedKeyInvalid(file, key.message);
      return Array.isArray(key) ? key[0]! : key;
    });
}
