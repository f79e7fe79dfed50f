/**
 * Every configuration key with its default. Keys follow ESC's VIM Manager properties where ESC has
 * one (SNAP-11, REST-6); ours use the same dotted style. Values are strings, as in
 * `application.properties` (CONF-1); `config.ts` reads them typed.
 */
export const defaults = {
  'server.host': '127.0.0.1',
  'server.port': '8080',
  'data.dir': './data',
  /**
   * Where the manager keeps its state (issue 15): empty for the SQLite file in data.dir (the
   * embedded default), or a `postgres://user:password@host:port/database` URL; env VNFM_DATABASE_URL.
   * With PostgreSQL the embedded emulator never starts: the VIM is a cloud or `npm run emulator`.
   */
  'database.url': '',
  'log.level': 'info',
  /**
   * One `incoming request` and one `request completed` line per REST request, at info. Off by
   * default: two log writes per request cost more than the rest of a cached read (issue 14).
   */
  'log.requests': 'false',
  'rest.auth.enabled': 'false',
  /**
   * The REST user lives in the credential store (`credentials.ts`: admin/cisco123 until `escadm
   * rest set`); a user or password given here is hashed into it at start, with a warning.
   */
  'rest.auth.username': '',
  'rest.auth.password': '',
  'rest.body.limit.bytes': '1048576',
  /** NETCONF over SSH (issue 11): its own listener and user, as on ESC (admin/admin); env VNFM_NETCONF_PORT overrides the port. */
  'netconf.host': '127.0.0.1',
  'netconf.port': '830',
  'netconf.username': '',
  'netconf.password': '',
  /** An OpenSSH authorized_keys file whose keys may log in to NETCONF; empty: password logins only. */
  'netconf.authorized.keys.file': '',
  /** The largest NETCONF message accepted; a bigger one gets too-big and ends the session. */
  'netconf.max.message.bytes': '4194304',
  /** A connection without a client hello by then is closed (an idle client holds a session otherwise). */
  'netconf.hello.timeout.secs': '30',

  'vim.asyncpoller.server.create.poll.secs': '2',
  'vim.asyncpoller.server.create.timeout.mins': '10',
  'vim.asyncpoller.server.action.poll.secs': '2',
  'vim.asyncpoller.server.action.timeout.mins': '5',
  'vim.asyncpoller.server.delete.poll.secs': '2',
  'vim.asyncpoller.server.delete.timeout.mins': '5',
  'vim.asyncpoller.snapshot.create.poll.secs': '15',
  'vim.asyncpoller.snapshot.create.timeout.mins': '20',
  'vim.asyncpoller.snapshot.delete.poll.secs': '15',
  'vim.asyncpoller.snapshot.delete.timeout.mins': '20',
  'vim.asyncpoller.volume.create.poll.secs': '15',
  'vim.asyncpoller.volume.create.timeout.mins': '20',
  'vim.asyncpoller.volume.delete.poll.secs': '5',
  'vim.asyncpoller.volume.delete.timeout.mins': '10',
  'vim.request.timeout.secs': '30',
  /**
   * The most HTTP requests in flight to one VIM (issue 14): every VM of an operation is acted on at
   * once and their VIM calls queue per VIM; a run-time change applies to the next request.
   */
  'vim.requests.inflight': '20',

  'callback.timeout.secs': '10',
  'callback.retry.initial.ms': '500',
  'callback.retry.max.ms': '60000',
  /** After this long undelivered, a callback is abandoned (kept in the outbox, logged). */
  'callback.retry.give.up.hours': '24',
  /** Events older than this are deleted (hourly); the oldest kept one is the NETCONF replay log's start. */
  'events.retention.days': '30',

  'engine.operation.max.resumes': '5',
  /**
   * Several managers on one PostgreSQL (issue 15): each renews its liveness every `ha.heartbeat.secs`;
   * one whose heartbeat (by the database's clock) is older than `ha.lease.secs` loses its run keys
   * to the others, and its callback claims expire alike. Unused with SQLite (one manager).
   */
  'ha.heartbeat.secs': '1',
  'ha.lease.secs': '5',
  /** Where the embedded OpenStack emulator listens when it is the default VIM (0: any free port). */
  'emulator.host': '127.0.0.1',
  'emulator.port': '5100',
  /** `vim` or `emulator`; empty: `emulator` with the embedded emulator, else `vim` (env VNFM_LIVENESS). */
  'liveness.mode': '',
  /** How many KPI collections (liveness checks, metric reads) the monitor runs at once (IMPL-2). */
  'monitor.collect.parallelism': '32',
  /** On SIGTERM/SIGINT: how long running steps get to reach a durable point before the process exits 1 (issue 13). */
  'shutdown.grace.secs': '10',
  /** Where an EXPORT writes `<snapshot-id>/image.<disk_format>` and `manifest.json` (SNAP-5); empty: `<data.dir>/exports`. */
  'backup.export.dir': '',

  // Bounds on input (issue 13), checked before anything is recorded; 0: no bound.
  'limits.deployment.vms.max': '1000',
  'limits.deployment.groups.max': '64',
  'limits.vm.interfaces.max': '16',
  'limits.vm.volumes.max': '16',
  /** A day-0 template read from a file; inline data is ESC's escbigdata, 16 KiB. */
  'limits.day0.bytes.max': '1048576',
  'limits.tenant.deployments.max': '0',
  'limits.xml.depth.max': '64',
  'limits.xml.elements.max': '100000',
  /** Day-0 `file://` templates are read only below this folder; empty: `<data.dir>/day0`. */
  'day0.file.dir': '',
  /** An http(s) day-0 template not fetched within this fails its VM's deploy (issue 12 item 7). */
  'day0.fetch.timeout.secs': '30',
  /**
   * Where callbacks may be sent (issue 13): CIDR networks, comma-separated. Link-local networks and
   * the cloud metadata address are refused whatever this says.
   */
  'egress.allowed.networks': '127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7',
  /** The largest database backup archive `POST /admin/restore` takes (`escadm restore`). */
  'admin.restore.limit.bytes': '1073741824',
  /** KPI rule scripts (issue 12 item 5): the folder a script action names a file in; empty: script actions are refused. */
  'monitor.scripts.dir': '',
  /** A rule script still running after this long is killed. */
  'monitor.script.timeout.secs': '30',

  // HTTPS, listening and abusive clients (issue 13 items 3, 4, 7).
  /** Plain HTTP on server.host:server.port; with it off, only HTTPS listens. */
  'rest.http.enabled': 'true',
  /** HTTPS on server.host:rest.tls.port; without cert and key files, a self-signed pair made once in `<data.dir>/tls/`. */
  'rest.tls.enabled': 'false',
  'rest.tls.port': '8443',
  'rest.tls.cert.file': '',
  'rest.tls.key.file': '',
  /** A client must have sent its request headers by then, and its whole body this long after (slowloris). */
  'rest.header.timeout.secs': '10',
  'rest.body.timeout.secs': '30',
  /** Open connections per listener; more are dropped as they arrive. */
  'rest.connections.max': '1024',
  /** POST/PUT/DELETE per client address and minute; 0: no limit. Loopback clients are exempt unless rest.ratelimit.loopback. */
  'rest.ratelimit.mutating.per.minute': '6000',
  'rest.ratelimit.loopback': 'false',
  /** Failed REST logins per client address and minute before 429 (both realms count apart). */
  'rest.auth.failures.per.minute': '10',
  /** With REST auth on, GET /metrics asks for it too, except from a loopback client. */
  'metrics.auth': 'true',
  /** NETCONF sessions at once; a connection past it is closed at once. */
  'netconf.sessions.max': '256',
  /** Failed NETCONF password logins per client address and minute; past it, every password is refused until the minute ends. */
  'netconf.auth.failures.per.minute': '10',
  /** Listening on a non-loopback address with REST auth off or a default password is refused unless true. */
  'security.allow.insecure.listen': 'false',
} as const satisfies Record<string, string>;

export type ConfigKey = keyof typeof defaults;
