/**
 * The NETCONF server (RFC 6242: NETCONF over SSH, subsystem `netconf`) on the `ssh2` library. Logins
 * are by password (`verifyPassword`) or by a public key listed in `authorizedKeys`; a refused login
 * is an SSH authentication failure, nothing more. Each SSH connection carries one NETCONF session;
 * ending the session (close-session, kill-session, a broken stream) ends the connection.
 */
import { timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import ssh2 from 'ssh2';
import type { AuthContext, Connection, ParsedKey } from 'ssh2';
import { AddressWindows } from '../../domain/address-windows.ts';
import type { Clock } from '../../time/clock.ts';
import type { DocumentLimits } from '../../xml/parse.ts';
import type { ServerParts } from './operation-context.ts';
import { NetconfSession } from './session.ts';

export interface NetconfServerOptions {
  host: string;
  port: number;
  hostKey: string;
  parts: ServerParts;
  maxMessageBytes: number;
  documentLimits(): DocumentLimits;
  verifyPassword(user: string, password: string): boolean | Promise<boolean>;
  /** Public keys that may log in (as any user name: the NETCONF account is one). */
  authorizedKeys: readonly ParsedKey[];
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
  clock: Pick<Clock, 'now' | 'sleep'>;
  /** A connection whose client has not sent its hello by then is closed (`netconf.hello.timeout.secs`). */
  helloTimeoutMs: number;
  /** Connections (each one session) at once; one more is closed as it arrives (`netconf.sessions.max`, issue 13 item 7). */
  maxSessions: number;
  /** Failed password logins per client address and minute; past it, every password is refused until the minute ends (0: no limit). */
  maxLoginFailuresPerMinute: number;
}

export interface NetconfServer {
  port: number;
  close(): Promise<void>;
}

export async function startNetconfServer(opts: NetconfServerOptions): Promise<NetconfServer> {
  const connections = new Set<Connection>();
  const failures = new AddressWindows();
  const server = new ssh2.Server({ hostKeys: [opts.hostKey] }, (connection, info) => {
    if (connections.size >= opts.maxSessions) {
      opts.log.warn({ maxSessions: opts.maxSessions }, 'NETCONF connection closed: netconf.sessions.max sessions are open');
      connection.on('error', () => {});
      connection.end();
      return;
    }
    connections.add(connection);
    // One small rpc, one small reply: Nagle's algorithm against delayed ACKs would add ~40 ms to each.
    // (ssh2 has the method on server connections; its typings name it on the client only.)
    (connection as Connection & { setNoDelay(noDelay: boolean): void }).setNoDelay(true);
    connection.on('close', () => connections.delete(connection));
    const helloDone = helloDeadline(connection, opts);
    // A client that resets mid-handshake must not take the server down.
    connection.on('error', (err: Error) => opts.log.warn({ err }, 'NETCONF SSH connection error'));
    let user = '';
    connection.on('authentication', (ctx: AuthContext) => {
      user = ctx.username;
      void authenticate(ctx, opts, info.ip, failures).catch((err: unknown) => {
        opts.log.error({ err }, 'NETCONF authentication failed');
        ctx.reject();
      });
    });
    connection.on('ready', () => {
      connection.once('session', (acceptSession) => {
        const channel = acceptSession();
        channel.once('subsystem', (accept, reject, info) => {
          if (info.name !== 'netconf') return reject();
          const stream = accept();
          const { sessions } = opts.parts;
          const session = new NetconfSession({
            id: sessions.newId(),
            parts: opts.parts,
            maxMessageBytes: opts.maxMessageBytes,
            documentLimits: opts.documentLimits,
            log: opts.log,
            write: (bytes) => stream.write(bytes),
            drained: () => new Promise((resolve) => stream.once('drain', resolve)),
            end: () => connection.end(),
            onHello: helloDone,
          });
          // kill-session frees the victim's lock at once, not when its connection's close comes round (RFC 6241 §7.9).
          const kill = () => {
            session.closed();
            connection.end();
          };
          sessions.add({ id: session.id, user, startedAt: new Date(opts.clock.now()).toISOString(), kill });
          stream.on('error', (err: Error) => opts.log.warn({ err, session: session.id }, 'NETCONF channel error'));
          stream.on('data', (chunk: Buffer) => session.receive(chunk));
          stream.on('close', () => session.closed());
          connection.on('close', () => session.closed());
          session.start();
        });
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (err: Error) => opts.log.error({ err }, 'NETCONF server error'));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const connection of connections) connection.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Closes a connection that has not got as far as a NETCONF hello in time (an idle or half-open
 * client holds a session slot otherwise); returns what stops the deadline once the hello came.
 */
function helloDeadline(connection: Connection, opts: NetconfServerOptions): () => void {
  const deadline = new AbortController();
  connection.on('close', () => deadline.abort());
  opts.clock.sleep(opts.helloTimeoutMs, deadline.signal).then(
    () => {
      opts.log.warn({ timeoutMs: opts.helloTimeoutMs }, 'NETCONF client sent no hello in time (netconf.hello.timeout.secs); connection closed');
      connection.end();
    },
    () => {},
  );
  return () => deadline.abort();
}

async function authenticate(ctx: AuthContext, opts: NetconfServerOptions, address: string, failures: AddressWindows): Promise<void> {
  if (ctx.method === 'password') {
    // Issue 13 item 4: password guessing from one address is held to a few tries a minute.
    if (failures.retryAfterSecs(address, opts.maxLoginFailuresPerMinute, opts.clock.now()) !== undefined) {
      opts.log.warn({ address }, 'NETCONF login refused: too many failed logins from this address (netconf.auth.failures.per.minute)');
      return ctx.reject();
    }
    if (await opts.verifyPassword(ctx.username, ctx.password)) return ctx.accept();
    failures.count(address, opts.clock.now());
    return ctx.reject();
  }
  if (ctx.method === 'publickey') {
    const key = opts.authorizedKeys.find((k) => k.type === ctx.key.algo && sameBytes(k.getPublicSSH(), ctx.key.data));
    // Without a signature the client only asks whether the key would do (RFC 4252 §7).
    if (key && (!ctx.signature || key.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true)) return ctx.accept();
    return ctx.reject();
  }
  ctx.reject(['password', 'publickey']);
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
