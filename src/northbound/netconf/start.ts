/**
 * The NETCONF server as the manager starts it: settings `netconf.*` (read at start), the host key
 * in the data folder, the login checks, and the parts every session shares.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
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
import { loadOrCreateHostKey } from './host-key.ts';
import type { NotificationDeps } from './notifications/deps.ts';
import { streamsSubtree } from './notifications/streams.ts';
import { startNetconfServer, type NetconfServer } from './server.ts';
import { SessionRegistry } from './sessions.ts';

export interface NetconfDeps {
  engine: EngineApi;
  bus: Pick<EventBus, 'subscribe'>;
  clock: Clock;
  config: Config;
  dataDir: string;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
}

export const escYangFile = fileURLToPath(new URL(`./yang/esc@${escModuleRevision}.yang`, import.meta.url));

export function startNetconf(deps: NetconfDeps): Promise<NetconfServer> {
  const { engine, config } = deps;
  const notifications: NotificationDeps = { bus: deps.bus, listEvents: (filter) => engine.listEvents(filter), clock: deps.clock, log: deps.log };
  const sessions = new SessionRegistry();
  return startNetconfServer({
    host: config.string('netconf.host'),
    port: config.number('netconf.port'),
    hostKey: loadOrCreateHostKey(deps.dataDir),
    maxMessageBytes: config.number('netconf.max.message.bytes'),
    documentLimits: () => ({ maxDepth: config.number('limits.xml.depth.max'), maxElements: config.number('limits.xml.elements.max') }),
    verifyPassword: passwordCheck(config.string('netconf.username'), config.string('netconf.password')),
    authorizedKeys: authorizedKeys(config.string('netconf.authorized.keys.file')),
    log: deps.log,
    clock: deps.clock,
    parts: { engine, sessions, notifications, yangFile: escYangFile, data: { engine, sessions, streams: () => streamsSubtree(notifications) } },
  });
}

/** Constant-time over digests, so neither the length nor a prefix of the secret leaks through timing. */
function passwordCheck(user: string, password: string): (user: string, password: string) => boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const expected = digest(`${user}\0${password}`);
  return (u, p) => timingSafeEqual(digest(`${u}\0${p}`), expected);
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
