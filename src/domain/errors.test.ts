import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, errorCodes, errors, isDomainError, type ErrorCode, type ErrorName } from './errors.ts';

/**
 * The catalogue, listed: every entry with sample arguments, its code, the message those arguments
 * give and its requirement id. The type demands a row per entry, and the test below compares the
 * names at run time too, so an entry cannot be added without its code and text being pinned here.
 */
type Row<K extends ErrorName> = [args: Parameters<(typeof errors)[K]>, code: ErrorCode, message: string, requirement?: string];

const boom = new Error('boom');
const pool = 'vm_group[g1]/scaling/static_ip_address_pool[net-a]';

const catalogue: { [K in ErrorName]: Row<K> } = {
  tenantExists: [['t1'], 'ALREADY_EXISTS', 'tenant [t1] already exists', 'IMPL-1'],
  tenantNotFound: [['t1'], 'NOT_FOUND', 'tenant [t1] not found', 'IMPL-1'],
  tenantHasDeployments: [['t1', 2], 'CONFLICT', 'tenant [t1] still has 2 deployment(s); undeploy them first', 'IMPL-1'],
  deploymentExists: [['d1'], 'ALREADY_EXISTS', 'deployment [d1] already exists', 'IMPL-1'],
  deploymentNotFound: [['d1'], 'NOT_FOUND', 'deployment [d1] not found', 'IMPL-1'],
  deploymentNotInTenant: [['d1', 't1'], 'NOT_FOUND', 'deployment [d1] not found in tenant [t1]', 'IMPL-1'],
  deploymentOfOtherTenant: [['d1', 't1', 't2'], 'INVALID_INPUT', 'deployment [d1] belongs to tenant [t1], not [t2]', 'IMPL-1'],
  deploymentRefused: [
    ['start', 'd1', 'the service is already running'],
    'REFUSED_IN_STATE',
    'start of deployment [d1] refused: the service is already running',
    'OPS-2..5',
  ],
  vmNotFound: [['vm1'], 'NOT_FOUND', 'VM [vm1] not found', 'VMOP-1'],
  vmNotInTenant: [['vm1', 't1'], 'NOT_FOUND', 'VM [vm1] not found in tenant [t1]', 'VMOP-1'],
  vmRefused: [['stop', 'vm1', 'it is stopped'], 'REFUSED_IN_STATE', 'stop of VM [vm1] refused: it is stopped', 'VMOP-1'],
  belowMinActive: [
    ['vm1', 'g1', 2],
    'REFUSED_IN_STATE',
    'VM [vm1] refused: vm_group [g1] would fall below its min_active 2; use force=true to act anyway (VMOP-2)',
    'VMOP-2',
  ],
  operationNotFound: [['op1'], 'NOT_FOUND', 'operation [op1] not found'],
  tenantOfDeploymentMissing: [['t1', 'd1'], 'INTERNAL', 'tenant [t1] of deployment [d1] is missing'],
  deploymentGone: [['id1'], 'NOT_FOUND', 'deployment id1 no longer exists'],
  tenantOfDeploymentGone: [['t1', 'd1'], 'NOT_FOUND', 'tenant [t1] of deployment [d1] no longer exists'],
  vmGone: [['vm1'], 'NOT_FOUND', 'VM [vm1] no longer exists'],
  deploymentBeingUndeployed: [['d1'], 'CONFLICT', 'deployment [d1] is being undeployed', 'IMPL-1'],
  operationCancelled: [['shut down'], 'CONFLICT', 'shut down'],
  leaseLost: [['deployment:d1'], 'CONFLICT', 'the lease on deployment:d1 was lost to another manager; the run is left to it'],
  groupMissing: [['g1', 'd1'], 'INTERNAL', 'vm_group [g1] of deployment [d1] is missing from its spec'],
  noWorkflow: [['vm.start'], 'INTERNAL', 'no workflow for operation kind vm.start'],
  operationPoisoned: [['op1', 3], 'INTERNAL', 'operation op1 was resumed 3 times without finishing; giving up', 'IMPL-4'],
  imageNotOnVim: [['img', 'vim1'], 'INVALID_INPUT', 'image [img] was not found on VIM vim1'],
  flavorNotOnVim: [['m1', 'g1', 'vim1'], 'INVALID_INPUT', 'flavor [m1] of vm_group [g1] was not found on VIM vim1'],
  externalVolumeNotFound: [['e1', 'v'], 'INVALID_INPUT', 'external volume [e1] of volume [v] was not found in the tenant project', 'REST-3'],
  externalVolumeNotAvailable: [['e1', 'v', 'in-use'], 'INVALID_INPUT', 'external volume [e1] of volume [v] is in-use, not available', 'REST-3'],
  externalVolumeShared: [['e1', 'v', 'g', 2], 'INVALID_INPUT', 'external volume [e1] of volume [v] cannot be attached to the 2 VMs of vm_group [g]', 'REST-3'],
  volumeImageNotOnVim: [['img', 'vol', 'vim1'], 'INVALID_INPUT', 'image [img] of volume [vol] was not found on VIM vim1'],
  networkNotOnVim: [['net', 'g1', 0, 'vim1'], 'INVALID_INPUT', 'network [net] of vm_group [g1] interface 0 was not found on VIM vim1'],
  subnetNotOnVim: [['sub', 'net', 'vim1'], 'INVALID_INPUT', 'subnet [sub] of network [net] was not found on VIM vim1'],
  portNotFound: [['p1', 'g1', 1], 'INVALID_INPUT', 'port [p1] of vm_group [g1] interface 1 was not found'],
  vimWaitTimedOut: [
    ['server s1', ['ACTIVE', 'SHUTOFF'], 'server', 20],
    'TIMEOUT',
    'timed out waiting for server s1 to become ACTIVE/SHUTOFF (vim.asyncpoller.server.timeout.mins=20)',
  ],
  serverGone: [['vm-1', 'srv1'], 'VIM_FAILED', 'server vm-1 (srv1) went away'],
  serverInError: [['vm-1', 'No valid host'], 'VIM_FAILED', 'server vm-1 went to ERROR: No valid host'],
  noLiveness: [[300], 'TIMEOUT', 'no liveness within bootup_time 300 s', 'IMPL-2'],
  kpiEventNotRaised: [['app', 'DB_READY', 'db', 60], 'TIMEOUT', 'vm_group [app] waits for KPI event [DB_READY] of vm_group [db]: not raised TRUE within its bootup_time 60 s', 'COMP-1'],
  snapshotNotFound: [['snap-1'], 'NOT_FOUND', 'Snapshot image [snap-1] not found.', 'SNAP-9'],
  snapshotNameAmbiguous: [['nightly', 2], 'AMBIGUOUS_NAME', 'snapshot name [nightly] is used by 2 snapshots; refer to one by its id', 'SNAP-9'],
  snapshotNameInvalid: [['is empty'], 'INVALID_INPUT', 'snapshot name is empty', 'SNAP-4'],
  vmBeingSnapshotted: [['vm1', 'nightly', 's1'], 'CONFLICT', 'VM [vm1] is being snapshotted (snapshot [nightly] s1); wait for it to finish', 'SNAP-2'],
  restoreBodyMissing: [['restore_vm_operation'], 'INVALID_INPUT', 'a restore_vm_operation body naming a snapshot is mandatory', 'REST-1'],
  restoreRefused: [['vm1', 's1', 'why'], 'CONFLICT', 'restore of VM [vm1] from snapshot [s1] refused: why', 'REST-1'],
  snapshotNeededByRestore: [['s1', 'op1'], 'CONFLICT', 'Snapshot image [s1] is being restored from by operation [op1]; wait for it to finish', 'SNAP-9'],
  restoreSourceNotOnVim: [['s1', 'image i1', 'vim1'], 'INVALID_INPUT', 'image i1 of snapshot [s1] was not found on VIM vim1', 'REST-1'],
  restoreSourceNotReady: [['s1', 'volume snapshot v1', 'error', 'available'], 'CONFLICT', 'volume snapshot v1 of snapshot [s1] is error, not available', 'REST-1'],
  snapshotBusy: [['s1', 'deleting'], 'CONFLICT', 'Snapshot image [s1] is deleting; wait for it to finish', 'SNAP-9'],
  volumeSnapshotMissing: [['vs1', 'nightly'], 'VIM_FAILED', 'volume snapshot vs1 named by the image of snapshot [nightly] is not on the VIM', 'SNAP-12'],
  snapshotGone: [['s1'], 'NOT_FOUND', 'snapshot s1 no longer exists'],
  snapshotVmWithoutServer: [['vm1'], 'REFUSED_IN_STATE', 'VM [vm1] has no server on the VIM to snapshot', 'SNAP-3'],
  snapshotOperationInvalid: [['backup'], 'INVALID_INPUT', 'snapshot operation must be snapshot or export, got [backup]', 'SNAP-2'],
  exportOfVolumeBootedVm: [['vm1'], 'INVALID_INPUT', 'VM [vm1] boots from a volume: its snapshot image holds no data to export', 'SNAP-5'],
  exportChecksumMismatch: [['image.qcow2', 'aa', 'bb'], 'INTERNAL', 'exported image.qcow2 does not match: SHA-256 bb on disk, aa downloaded', 'SNAP-5'],
  exportSizeMismatch: [['i1', 10, 9], 'INTERNAL', 'image i1 downloaded 9 bytes, Glance said 10', 'SNAP-5'],
  exportPathPartInvalid: [['../x'], 'INTERNAL', '[../x] cannot name an export file (letters, digits, - and _ only)', 'SNAP-5'],
  snapshotBodyMissing: [['snapshot_operation'], 'INVALID_INPUT', 'a snapshot_operation body with operation snapshot and a name is mandatory', 'SNAP-2'],
  tenantHasSnapshots: [['t1', 3], 'CONFLICT', 'tenant [t1] still has 3 snapshot(s); delete them first', 'SNAP-9'],
  volumeRequestInvalid: [['name', 'is mandatory'], 'INVALID_INPUT', 'volume name is mandatory', 'REST-4'],
  snapshotNotAvailable: [['s1', 'error'], 'INVALID_INPUT', 'Snapshot image [s1] is error, not available', 'REST-4'],
  snapshotWithoutVolumeSnapshot: [
    ['s1'], 'INVALID_INPUT', 'Snapshot image [s1] has no volume snapshot (it was taken of a VM not booted from a volume)', 'REST-4',
  ],
  recoveryFailed: [['vm1', 'REBOOT_THEN_REDEPLOY', 'boom'], 'VIM_FAILED', 'Recovery: failed to recover VM [vm1] (REBOOT_THEN_REDEPLOY): boom', 'IMPL-2'],
  recoveryRefused: [['vm1', 'the VM is stopped'], 'REFUSED_IN_STATE', 'recovery of VM [vm1] refused: the VM is stopped', 'IMPL-2'],
  vmGroupNotFound: [['g1', 'd1'], 'NOT_FOUND', 'vm_group [g1] not found in deployment [d1]', 'COMP-4'],
  scaleRefused: [
    ['out', 'g1', 'd1', 'the group is not elastic'],
    'REFUSED_IN_STATE',
    'scale-out of vm_group [g1] of deployment [d1] refused: the group is not elastic',
    'COMP-4',
  ],
  scaledOutVmRemoved: [['vm1', 'server went to ERROR'], 'VIM_FAILED', 'VM [vm1] did not come up and was removed: server went to ERROR', 'COMP-4'],
  rulesInvalid: [['vm_group [g] admin_rules rule [VM_ALIVE]: action [NEVER log] does not start with ALWAYS, TRUE or FALSE'], 'INVALID_INPUT', 'vm_group [g] admin_rules rule [VM_ALIVE]: action [NEVER log] does not start with ALWAYS, TRUE or FALSE', 'IMPL-2'],
  day0FileUnreadable: [['c[day0.cfg]/file', 'file:///x', boom], 'INVALID_INPUT', 'c[day0.cfg]/file file:///x cannot be read'],
  day0FileNotLocal: [['c[d]/file', 'file://h/x'], 'INVALID_INPUT', "c[d]/file file://h/x is not a file:// URL of a path on the manager's host"],
  day0FileOutside: [['c[d]/file', 'file:///etc/passwd'], 'INVALID_INPUT', 'c[d]/file file:///etc/passwd is outside the day-0 folder (setting day0.file.dir)'],
  day0FileLinksOutside: [
    ['c[d]/file', 'file:///x'],
    'INVALID_INPUT',
    'c[d]/file file:///x leads outside the day-0 folder (setting day0.file.dir) through a symbolic link',
  ],
  day0FileNotText: [['c[d]/file', 'file:///x'], 'INVALID_INPUT', 'c[d]/file file:///x is not a regular file of UTF-8 text'],
  boundExceeded: [
    [{ subject: 'deployment [d] vm_groups', got: 65, max: 64, setting: 'limits.deployment.groups.max' }],
    'INVALID_INPUT',
    'deployment [d] vm_groups: 65 exceeds the bound of 64 (setting limits.deployment.groups.max)',
  ],
  tenantNameNotAProjectName: [['t', 'has 65 characters'], 'INVALID_INPUT', 'tenant name [t] has 65 characters', 'IMPL-1'],
  documentTooDeep: [[64], 'INVALID_INPUT', 'document nests deeper than 64 elements (setting limits.xml.depth.max)'],
  documentTooManyElements: [[10], 'INVALID_INPUT', 'document holds more than 10 elements (setting limits.xml.elements.max)'],
  bodyNotUtf8: [[], 'INVALID_INPUT', 'request body is not valid UTF-8'],
  callbackHeaderEgressRefused: [
    ['callback', '169.254.169.254 is link-local, always refused'],
    'INVALID_INPUT',
    'header callback names an address the manager does not call: 169.254.169.254 is link-local, always refused',
  ],
  egressRefused: [['cb.example', ['8.8.8.8 is not in the allowed networks']], 'INVALID_INPUT', 'egress to cb.example refused: 8.8.8.8 is not in the allowed networks'],
  day0WithoutSource: [['day0.cfg'], 'INVALID_INPUT', 'config_data/configuration[day0.cfg] needs inline data or a file:// template'],
  day0FetchFailed: [
    ['vm_group[g1]/config_data/configuration[day0.cfg]/file', 'http://127.0.0.1:9/t.cfg', 'HTTP 404'],
    'INVALID_INPUT',
    'vm_group[g1]/config_data/configuration[day0.cfg]/file http://127.0.0.1:9/t.cfg cannot be fetched: HTTP 404',
  ],
  day0UrlRefused: [
    ['vm_group[g1]/config_data/configuration[day0.cfg]/file', 'http://169.254.169.254/x', '169.254.169.254 is the cloud metadata address, always refused'],
    'INVALID_INPUT',
    'vm_group[g1]/config_data/configuration[day0.cfg]/file http://169.254.169.254/x is refused: 169.254.169.254 is the cloud metadata address, always refused',
  ],
  day0PoolExhausted: [
    ['g1', 'day0.cfg', 'SITE', 2],
    'INVALID_INPUT',
    'vm_group[g1]/config_data/configuration[day0.cfg]/variable[SITE] has no free value: all 2 are held by other VMs; add values to the pool',
    'COMP-3',
  ],
  ipPoolInvalid: [[pool, '10.0.0.x is not an IP address'], 'INVALID_INPUT', `${pool}: 10.0.0.x is not an IP address`, 'COMP-3'],
  ipPoolOutsideSubnet: [[pool, '10.9.0.1', ['10.0.0.0/24']], 'INVALID_INPUT', `${pool}: 10.9.0.1 is outside its subnet (10.0.0.0/24)`, 'COMP-3'],
  ipPoolAddressUsed: [[pool, '10.0.0.5', 'VM [d_g2_0_x]'], 'INVALID_INPUT', `${pool}: 10.0.0.5 is already used by VM [d_g2_0_x]`, 'COMP-3'],
  ipPoolExhausted: [
    [pool, 2n],
    'INVALID_INPUT',
    `${pool} has no free address: all 2 are held by other VMs; add addresses to the pool in the same update`,
    'COMP-3',
  ],
  xmlDeclarationsRefused: [[], 'INVALID_INPUT', 'DTDs and entity declarations are not accepted (<!DOCTYPE/<!ENTITY found)'],
  xmlInvalidAt: [['Unclosed tag', 3, 7], 'INVALID_INPUT', 'malformed XML: Unclosed tag (line 3, column 7)'],
  xmlUnparsable: [[boom], 'INVALID_INPUT', 'malformed XML: boom'],
  xmlNotOneRoot: [[], 'INVALID_INPUT', 'malformed XML: a document has exactly one root element and no text outside it'],
  xmlCharRefInvalid: [['name', '&#0;'], 'INVALID_INPUT', '<name>: character reference &#0; is not a valid XML character'],
  xmlEntityRefused: [['name', '&x;'], 'INVALID_INPUT', '<name>: entity &x; is not accepted (only the XML predefined entities are)'],
  jsonUnparsable: [[boom], 'INVALID_INPUT', 'malformed JSON: boom'],
  jsonNotOneRoot: [[], 'INVALID_INPUT', 'a JSON document is an object with exactly one root member'],
  jsonRootNotOneElement: [['tenant'], 'INVALID_INPUT', 'tenant: the root member holds exactly one element'],
  jsonNestedArray: [['a/b'], 'INVALID_INPUT', 'a/b: nested arrays have no XML form'],
  jsonControlCharacter: [['a/b'], 'INVALID_INPUT', 'a/b contains a control character XML cannot carry'],
  invalidElement: [['deployment/vm_group[g1]', '/name is mandatory'], 'INVALID_INPUT', 'deployment/vm_group[g1]/name is mandatory'],
  documentRootWrong: [['esc_datamodel', 'tenant'], 'INVALID_INPUT', 'the document root must be esc_datamodel (got tenant)'],
  nameNotPathId: [['tenant', 'a', 'b'], 'INVALID_INPUT', 'tenant name [a] does not match the id [b] in the request path', 'IMPL-1'],
  tenantPathIdInvalid: [['is empty'], 'INVALID_INPUT', 'tenant id in the request path is empty', 'IMPL-1'],
  operationBodyMissing: [['vm_operation'], 'INVALID_INPUT', 'a vm_operation body is mandatory (operation start, stop or reboot)', 'OPS-1'],
  recoveryBodyMissing: [[], 'INVALID_INPUT', 'a recovery_vm_operation body is mandatory (operation DO)', 'IMPL-2'],
  unauthenticated: [[], 'UNAUTHORIZED', 'authentication required: send HTTP Basic credentials of the REST user'],
  tooManyFailedLogins: [[42], 'RATE_LIMITED', 'too many failed logins from this address; try again in 42 s (rest.auth.failures.per.minute)'],
  tooManyRequests: [[60, 7], 'RATE_LIMITED', 'more than 60 changing requests a minute from this address; try again in 7 s (rest.ratelimit.mutating.per.minute)'],
  pathParameterInvalid: [['id', 'must not contain control character U+0000'], 'INVALID_INPUT', 'path parameter id must not contain control character U+0000'],
  shuttingDown: [[], 'SHUTTING_DOWN', 'the manager is shutting down; send the request again once it has started again'],
  requestBodyEmpty: [['a deployment'], 'INVALID_INPUT', 'request body is empty: expected a deployment'],
  callbackHeaderNotOneUrl: [['callback', 'a b'], 'INVALID_INPUT', 'header callback must be one URL, without spaces: "a b"', 'SNAP-2'],
  callbackHeaderNotAbsolute: [['callback', 'x'], 'INVALID_INPUT', 'header callback is not an absolute URL: "x"', 'SNAP-2'],
  callbackHeaderNotHttp: [['callback', 'ftp:'], 'INVALID_INPUT', 'header callback must be an http or https URL, not ftp:', 'SNAP-2'],
  netconfMessageTooLarge: [[1024], 'PAYLOAD_TOO_LARGE', 'NETCONF message exceeds the 1024-byte bound (netconf.max.message.bytes)'],
  netconfChunkHeaderInvalid: [['\n#x'], 'INVALID_INPUT', 'bad NETCONF chunk framing (RFC 6242 §4.2): expected "\\n#<size>\\n" or "\\n##\\n", found "\\n#x"'],
  netconfAuthorizedKeyInvalid: [['keys', 'bad'], 'INVALID_INPUT', 'keys: not an OpenSSH public key line: bad (netconf.authorized.keys.file)'],
  unknownSetting: [['vmware.host'], 'INVALID_INPUT', 'unknown configuration key [vmware.host]', 'CONF-3'],
  settingNeedsRestart: [['server.port'], 'INVALID_INPUT', '[server.port] needs a restart', 'CONF-3'],
  settingsFileUnreadable: [['/data/application.properties', 'EACCES: permission denied'], 'INTERNAL', 'configuration file /data/application.properties cannot be read: EACCES: permission denied', 'CONF-1'],
  settingValueInvalid: [
    ['vim.asyncpoller.server.create.poll.secs', 'soon', 'a number above 0', '/data/application.properties'],
    'INVALID_INPUT',
    '/data/application.properties: configuration key [vim.asyncpoller.server.create.poll.secs]: value [soon] is not a number above 0',
    'CONF-1..3',
  ],
  settingsBodyNotObject: [[], 'INVALID_INPUT', 'settings body must be a JSON object of "key": "value" members', 'CONF-3'],
  subscriptionStreamUnknown: [['foo', ['NETCONF', 'escEvent']], 'INVALID_INPUT', 'create-subscription: stream [foo] does not exist (streams: NETCONF, escEvent)'],
  subscriptionTimeInvalid: [['startTime', 'yesterday'], 'INVALID_INPUT', 'create-subscription: startTime [yesterday] is not a date-and-time such as 2026-01-01T10:00:00Z'],
  subscriptionStopWithoutStart: [[], 'INVALID_INPUT', 'create-subscription: stopTime needs a startTime'],
  subscriptionStartInFuture: [['2099-01-01T00:00:00Z'], 'INVALID_INPUT', 'create-subscription: startTime [2099-01-01T00:00:00Z] is in the future'],
  subscriptionStopBeforeStart: [
    ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'],
    'INVALID_INPUT',
    'create-subscription: stopTime [2026-01-01T00:00:00Z] is earlier than startTime [2026-01-02T00:00:00Z]',
  ],
  subscriptionElementUnsupported: [['colour'], 'INVALID_INPUT', 'create-subscription: <colour> is not supported (stream, filter, startTime and stopTime are)'],
  subscriptionFilterTypeUnsupported: [['xpath'], 'INVALID_INPUT', 'create-subscription: a filter of type [xpath] is not supported (subtree is)'],
  maintenanceMode: [[], 'MAINTENANCE', 'ESC is in maintenance mode'],
  adminNeedsMaintenance: [['backup'], 'REFUSED_IN_STATE', 'backup needs maintenance mode: run escadm op_mode set --mode=maintenance first'],
  operationsInFlight: [['restore', 2], 'CONFLICT', 'cannot restore: 2 operation(s) in flight; wait for them to finish'],
  opModeInvalid: [['maint'], 'INVALID_INPUT', 'mode must be maintenance or operation, got [maint]'],
  adminBodyInvalid: [['with "mode"'], 'INVALID_INPUT', 'request body must be a JSON object with "mode"'],
  credentialsInvalid: [['username is empty'], 'INVALID_INPUT', 'REST user username is empty'],
  credentialsUnusable: [['username is empty'], 'INVALID_INPUT', 'cannot start with the configured users: username is empty'],
  insecureListen: [
    ['REST', '0.0.0.0:8080', 'authentication is off'],
    'INVALID_INPUT',
    'refusing to listen on 0.0.0.0:8080 (REST): authentication is off; listen on a loopback address, or set security.allow.insecure.listen=true',
  ],
  emulatorHostNotLoopback: [['0.0.0.0'], 'INVALID_INPUT', 'the embedded emulator listens on a loopback address only, not 0.0.0.0 (emulator.host)'],
  emulatorWithSharedDatabase: [
    [],
    'INVALID_INPUT',
    'with a PostgreSQL database (database.url) the manager does not start the embedded emulator: point OS_CLOUD or OS_AUTH_URL at a cloud, or at `npm run emulator`',
  ],
  restListensNowhere: [[], 'INVALID_INPUT', 'rest.http.enabled and rest.tls.enabled are both false: REST would listen nowhere'],
  tlsUnusable: [['no openssl'], 'INVALID_INPUT', 'cannot serve HTTPS: no openssl'],
  backupArchiveInvalid: [['has no manifest.json'], 'INVALID_INPUT', 'backup archive has no manifest.json'],
  backupDatabaseInvalid: [['file is not a database'], 'INVALID_INPUT', 'backup database is not usable: file is not a database'],
  backupTooLarge: [[10], 'PAYLOAD_TOO_LARGE', 'backup archive exceeds the limit of 10 bytes (admin.restore.limit.bytes)'],
  dataDirInUse: [['/d', '/d/manager.lock'], 'CONFLICT', 'data folder /d is in use by another manager (/d/manager.lock is locked); stop it first, or give this one its own data.dir'],
  migrateSourceMissing: [['/d/openvnfm.sqlite'], 'INVALID_INPUT', 'no SQLite store at /d/openvnfm.sqlite: --from sqlite:<dir> names the data folder a manager kept its state in'],
  migrateTargetInUse: [
    ['postgres://h/db', ['a', 'a', 'b'], 5],
    'CONFLICT',
    'the database at postgres://h/db is in use by 3 running managers (on a, b: a heartbeat within ha.lease.secs 5); stop them first (--replace does not override this)',
  ],
  migrateTargetNotEmpty: [
    ['postgres://h/db', 'tenants 1'],
    'CONFLICT',
    'the database at postgres://h/db already holds openvnfm state (tenants 1); move into an empty database, or pass --replace to empty it first',
  ],
  deploymentNameTaken: [
    ['d1', boom],
    'ALREADY_EXISTS',
    'deployment name d1 is already used by another deployment (names are unique across tenants)',
  ],
  vmNameTaken: [['vm1', boom], 'ALREADY_EXISTS', 'VM name vm1 is already used by another VM'],
  deploymentOfVmMissing: [['id1', 'vm1', boom], 'NOT_FOUND', 'deployment id1 of VM vm1 does not exist'],
  stepRecorded: [['op1', 4, boom], 'ALREADY_EXISTS', 'step 4 of operation op1 is already recorded: a step is written once', 'IMPL-4'],
  operationOfStepMissing: [['op1', 4, boom], 'NOT_FOUND', 'operation op1 of step 4 does not exist'],
  outboxMessageMissing: [['m1'], 'NOT_FOUND', 'outbox message m1 does not exist'],
  pageCountInvalid: [['limit', -1], 'INVALID_INPUT', 'page limit must be a non-negative integer, got -1'],
  schemaTooNew: [[9, 3], 'INTERNAL', 'database schema version 9 is newer than this openvnfm knows (3)'],
  databaseUnusable: [['postgres://u:****@h/db', 'connection refused', boom], 'INTERNAL', 'cannot use the database at postgres://u:****@h/db (database.url, VNFM_DATABASE_URL): connection refused'],
  storeClosedByTransaction: [[], 'INTERNAL', 'a transaction handle cannot close the store'],
  notInTransaction: [['a backup'], 'INTERNAL', "a backup cannot run on a transaction's handle"],
  transactionEnded: [[], 'INTERNAL', 'transaction handle used after its transaction ended'],
  storeClosed: [[], 'INTERNAL', 'the store is closed'],
  updateRefused: [['interface 1 of vm_group [g]', 'no'], 'INVALID_INPUT', 'service update refused: interface 1 of vm_group [g]: no', 'COMP-2'],
};

function build(name: ErrorName, args: readonly unknown[]): DomainError {
  return (errors[name] as (...a: readonly unknown[]) => DomainError)(...args);
}

test('the listing names every catalogue entry, and nothing else', () => {
  assert.deepEqual(Object.keys(catalogue).sort(), Object.keys(errors).sort());
});

for (const [name, [args, code, message, requirement]] of Object.entries(catalogue) as [ErrorName, Row<ErrorName>][]) {
  test(`${name}: ${code}${requirement ? ` (${requirement})` : ''}`, () => {
    const err = build(name, args);
    assert.ok(isDomainError(err, code));
    assert.equal(err.name, 'DomainError');
    assert.equal(err.message, message);
    assert.equal(err.requirement, requirement);
    assert.ok(errorCodes.includes(err.code));
    const cause = args.find((a) => a instanceof Error);
    assert.equal(err.cause, cause, 'an entry given a caught error keeps it as the cause');
  });
}

test('an entry without a cause argument has no cause property at all', () => {
  assert.equal(Object.hasOwn(errors.tenantNotFound('t1'), 'cause'), false);
});

test('a requirement id is written as the spec writes it: PREFIX-n or PREFIX-n..m', () => {
  for (const [name, [args]] of Object.entries(catalogue) as [ErrorName, Row<ErrorName>][]) {
    const { requirement } = build(name, args);
    if (requirement !== undefined) assert.match(requirement, /^[A-Z]+-\d+(\.\.\d+)?$/, name);
  }
});

test('serverInError without a fault says only that the server went to ERROR', () => {
  assert.equal(errors.serverInError('vm-1').message, 'server vm-1 went to ERROR');
});

test('vimWaitTimedOut on a deletion says deleted', () => {
  assert.match(errors.vimWaitTimedOut('volume v', 'deleted', 'volume', 5).message, /to become deleted \(/);
});

test('xmlInvalidAt without a column names only the line', () => {
  assert.equal(errors.xmlInvalidAt('Unclosed tag', 3).message, 'malformed XML: Unclosed tag (line 3)');
});
