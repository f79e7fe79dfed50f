/**
 * Every error the manager reports, once: a stable, format-free code, the message template and, where
 * a requirement states the rule, its id. Call sites name the error (`throw errors.tenantNotFound(name)`)
 * and never write its text; callers branch on `code`, never on the message. Every edge (REST, NETCONF,
 * CLI) maps every code with a `Record<ErrorCode, …>`, so a new code is a type error at each edge.
 * `errors.test.ts` lists the catalogue: a new entry without a row there fails the test.
 */
export const errorCodes = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'AMBIGUOUS_NAME',
  'REFUSED_IN_STATE',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'UNAUTHORIZED',
  'VIM_FAILED',
  'TIMEOUT',
  'MAINTENANCE',
  'RATE_LIMITED',
  'SHUTTING_DOWN',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface DomainErrorOptions extends ErrorOptions {
  /** The requirement that states the rule (`VMOP-2`, `OPS-2..5`), when one does. */
  requirement?: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly requirement: string | undefined;
  constructor(code: ErrorCode, message: string, options?: DomainErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
    this.code = code;
    this.requirement = options?.requirement;
  }
}

export function isDomainError(err: unknown, code?: ErrorCode): err is DomainError {
  return err instanceof DomainError && (code === undefined || err.code === code);
}

/** The text of whatever was thrown, for messages that pass a complaint on. */
export function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

export const errors = {
  // Tenants, deployments, VMs and operations as the engine finds them (IMPL-1, OPS, VMOP).
  tenantExists: (tenant: string) => new DomainError('ALREADY_EXISTS', `tenant [${tenant}] already exists`, { requirement: 'IMPL-1' }),
  tenantNotFound: (tenant: string) => new DomainError('NOT_FOUND', `tenant [${tenant}] not found`, { requirement: 'IMPL-1' }),
  tenantHasDeployments: (tenant: string, count: number) =>
    new DomainError('CONFLICT', `tenant [${tenant}] still has ${count} deployment(s); undeploy them first`, { requirement: 'IMPL-1' }),
  deploymentExists: (deployment: string) => new DomainError('ALREADY_EXISTS', `deployment [${deployment}] already exists`, { requirement: 'IMPL-1' }),
  deploymentNotFound: (deployment: string) => new DomainError('NOT_FOUND', `deployment [${deployment}] not found`, { requirement: 'IMPL-1' }),
  deploymentNotInTenant: (deployment: string, tenant: string) =>
    new DomainError('NOT_FOUND', `deployment [${deployment}] not found in tenant [${tenant}]`, { requirement: 'IMPL-1' }),
  deploymentOfOtherTenant: (deployment: string, owner: string, asked: string) =>
    new DomainError('INVALID_INPUT', `deployment [${deployment}] belongs to tenant [${owner}], not [${asked}]`, { requirement: 'IMPL-1' }),
  deploymentRefused: (operation: string, deployment: string, reason: string) =>
    new DomainError('REFUSED_IN_STATE', `${operation} of deployment [${deployment}] refused: ${reason}`, { requirement: 'OPS-2..5' }),
  vmNotFound: (vm: string) => new DomainError('NOT_FOUND', `VM [${vm}] not found`, { requirement: 'VMOP-1' }),
  vmNotInTenant: (vm: string, tenant: string) =>
    new DomainError('NOT_FOUND', `VM [${vm}] not found in tenant [${tenant}]`, { requirement: 'VMOP-1' }),
  vmRefused: (action: string, vm: string, reason: string) =>
    new DomainError('REFUSED_IN_STATE', `${action} of VM [${vm}] refused: ${reason}`, { requirement: 'VMOP-1' }),
  belowMinActive: (vm: string, group: string, minActive: number) =>
    new DomainError(
      'REFUSED_IN_STATE',
      `VM [${vm}] refused: vm_group [${group}] would fall below its min_active ${minActive}; use force=true to act anyway (VMOP-2)`,
      { requirement: 'VMOP-2' },
    ),
  operationNotFound: (id: string) => new DomainError('NOT_FOUND', `operation [${id}] not found`),
  tenantOfDeploymentMissing: (tenant: string, deployment: string) =>
    new DomainError('INTERNAL', `tenant [${tenant}] of deployment [${deployment}] is missing`),

  // An operation in flight: what it acts on is gone, or it cannot run (IMPL-4: operations resume after a restart).
  deploymentGone: (deploymentId: string) => new DomainError('NOT_FOUND', `deployment ${deploymentId} no longer exists`),
  tenantOfDeploymentGone: (tenant: string, deployment: string) =>
    new DomainError('NOT_FOUND', `tenant [${tenant}] of deployment [${deployment}] no longer exists`),
  vmGone: (vm: string | undefined) => new DomainError('NOT_FOUND', `VM [${vm}] no longer exists`),
  /** Why an operation on the deployment is cancelled when an undeploy cuts in. */
  deploymentBeingUndeployed: (deployment: string) =>
    new DomainError('CONFLICT', `deployment [${deployment}] is being undeployed`, { requirement: 'IMPL-1' }),
  /** An operation stopped by something other than an undeploy cutting in. */
  operationCancelled: (reason: string) => new DomainError('CONFLICT', reason),
  groupMissing: (group: string, deployment: string) =>
    new DomainError('INTERNAL', `vm_group [${group}] of deployment [${deployment}] is missing from its spec`),
  noWorkflow: (kind: string) => new DomainError('INTERNAL', `no workflow for operation kind ${kind}`),
  operationPoisoned: (id: string, timesResumed: number) =>
    new DomainError('INTERNAL', `operation ${id} was resumed ${timesResumed} times without finishing; giving up`, { requirement: 'IMPL-4' }),
  /** Issue 15: another manager took the run key over; this one drops the run unfinished (the new owner resumes it). */
  leaseLost: (key: string) => new DomainError('CONFLICT', `the lease on ${key} was lost to another manager; the run is left to it`),

  // The VIM: references a deployment names, waits, liveness and recovery (IMPL-2).
  imageNotOnVim: (image: string, vim: string) => new DomainError('INVALID_INPUT', `image [${image}] was not found on VIM ${vim}`),
  flavorNotOnVim: (flavor: string, group: string, vim: string) =>
    new DomainError('INVALID_INPUT', `flavor [${flavor}] of vm_group [${group}] was not found on VIM ${vim}`),
  externalVolumeNotFound: (id: string, volume: string) =>
    new DomainError('INVALID_INPUT', `external volume [${id}] of volume [${volume}] was not found in the tenant project`, { requirement: 'REST-3' }),
  externalVolumeNotAvailable: (id: string, volume: string, status: string) =>
    new DomainError('INVALID_INPUT', `external volume [${id}] of volume [${volume}] is ${status}, not available`, { requirement: 'REST-3' }),
  externalVolumeShared: (id: string, volume: string, group: string, vms: number) =>
    new DomainError('INVALID_INPUT', `external volume [${id}] of volume [${volume}] cannot be attached to the ${vms} VMs of vm_group [${group}]`, { requirement: 'REST-3' }),
  volumeImageNotOnVim: (image: string, volume: string, vim: string) =>
    new DomainError('INVALID_INPUT', `image [${image}] of volume [${volume}] was not found on VIM ${vim}`),
  networkNotOnVim: (network: string, group: string, nicid: number, vim: string) =>
    new DomainError('INVALID_INPUT', `network [${network}] of vm_group [${group}] interface ${nicid} was not found on VIM ${vim}`),
  subnetNotOnVim: (subnet: string, network: string, vim: string) =>
    new DomainError('INVALID_INPUT', `subnet [${subnet}] of network [${network}] was not found on VIM ${vim}`),
  portNotFound: (port: string, group: string, nicid: number) =>
    new DomainError('INVALID_INPUT', `port [${port}] of vm_group [${group}] interface ${nicid} was not found`),
  /** `want` is the statuses waited for, or 'deleted' for a wait on deletion; the setting is named. */
  vimWaitTimedOut: (label: string, want: readonly string[] | 'deleted', policy: string, mins: number) =>
    new DomainError(
      'TIMEOUT',
      `timed out waiting for ${label} to become ${want === 'deleted' ? want : want.join('/')} (vim.asyncpoller.${policy}.timeout.mins=${mins})`,
    ),
  serverGone: (vimName: string, serverId: string | undefined) => new DomainError('VIM_FAILED', `server ${vimName} (${serverId}) went away`),
  serverInError: (vimName: string, fault?: string) => new DomainError('VIM_FAILED', `server ${vimName} went to ERROR${fault ? `: ${fault}` : ''}`),
  noLiveness: (bootupTimeSecs: number) => new DomainError('TIMEOUT', `no liveness within bootup_time ${bootupTimeSecs} s`, { requirement: 'IMPL-2' }),
  kpiEventNotRaised: (dependant: string, event: string, group: string, bootupTimeSecs: number) =>
    new DomainError('TIMEOUT', `vm_group [${dependant}] waits for KPI event [${event}] of vm_group [${group}]: not raised TRUE within its bootup_time ${bootupTimeSecs} s`, { requirement: 'COMP-1' }),
  recoveryFailed: (vm: string, action: string, lastError: string) =>
    new DomainError('VIM_FAILED', `Recovery: failed to recover VM [${vm}] (${action}): ${lastError}`, { requirement: 'IMPL-2' }),
  recoveryRefused: (vm: string, reason: string) =>
    new DomainError('REFUSED_IN_STATE', `recovery of VM [${vm}] refused: ${reason}`, { requirement: 'IMPL-2' }),
  // Rule-driven scaling of a VM group (COMP-4; esc-interface.md §6.3).
  vmGroupNotFound: (group: string, deployment: string) =>
    new DomainError('NOT_FOUND', `vm_group [${group}] not found in deployment [${deployment}]`, { requirement: 'COMP-4' }),
  scaleRefused: (direction: 'out' | 'in', group: string, deployment: string, reason: string) =>
    new DomainError('REFUSED_IN_STATE', `scale-${direction} of vm_group [${group}] of deployment [${deployment}] refused: ${reason}`, { requirement: 'COMP-4' }),
  scaledOutVmRemoved: (vm: string, reason: string) =>
    new DomainError('VIM_FAILED', `VM [${vm}] did not come up and was removed: ${reason}`, { requirement: 'COMP-4' }),
  /** A KPI rule that cannot be run (`domain/rule-actions.ts` `rulesProblem` names it). */
  rulesInvalid: (problem: string) => new DomainError('INVALID_INPUT', problem, { requirement: 'IMPL-2' }),

  // VM snapshots (SNAP-1..12).
  snapshotNotFound: (ref: string) => new DomainError('NOT_FOUND', `Snapshot image [${ref}] not found.`, { requirement: 'SNAP-9' }),
  snapshotNameAmbiguous: (name: string, count: number) =>
    new DomainError('AMBIGUOUS_NAME', `snapshot name [${name}] is used by ${count} snapshots; refer to one by its id`, { requirement: 'SNAP-9' }),
  snapshotNameInvalid: (problem: string) => new DomainError('INVALID_INPUT', `snapshot name ${problem}`, { requirement: 'SNAP-4' }),
  vmBeingSnapshotted: (vm: string, snapshot: string, id: string) =>
    new DomainError('CONFLICT', `VM [${vm}] is being snapshotted (snapshot [${snapshot}] ${id}); wait for it to finish`, { requirement: 'SNAP-2' }),
  snapshotBusy: (id: string, status: string) =>
    new DomainError('CONFLICT', `Snapshot image [${id}] is ${status}; wait for it to finish`, { requirement: 'SNAP-9' }),
  restoreBodyMissing: (root: string) => new DomainError('INVALID_INPUT', `a ${root} body naming a snapshot is mandatory`, { requirement: 'REST-1' }),
  restoreRefused: (vm: string, snapshot: string, reason: string) =>
    new DomainError('CONFLICT', `restore of VM [${vm}] from snapshot [${snapshot}] refused: ${reason}`, { requirement: 'REST-1' }),
  snapshotNeededByRestore: (id: string, operation: string) =>
    new DomainError('CONFLICT', `Snapshot image [${id}] is being restored from by operation [${operation}]; wait for it to finish`, { requirement: 'SNAP-9' }),
  /** `what` names the piece: `image <id>` or `volume snapshot <id>`. */
  restoreSourceNotOnVim: (snapshot: string, what: string, vim: string) =>
    new DomainError('INVALID_INPUT', `${what} of snapshot [${snapshot}] was not found on VIM ${vim}`, { requirement: 'REST-1' }),
  restoreSourceNotReady: (snapshot: string, what: string, status: string, want: string) =>
    new DomainError('CONFLICT', `${what} of snapshot [${snapshot}] is ${status}, not ${want}`, { requirement: 'REST-1' }),
  volumeSnapshotMissing: (id: string, snapshot: string) =>
    new DomainError('VIM_FAILED', `volume snapshot ${id} named by the image of snapshot [${snapshot}] is not on the VIM`, { requirement: 'SNAP-12' }),
  snapshotGone: (id: string) => new DomainError('NOT_FOUND', `snapshot ${id} no longer exists`),
  snapshotVmWithoutServer: (vm: string) => new DomainError('REFUSED_IN_STATE', `VM [${vm}] has no server on the VIM to snapshot`, { requirement: 'SNAP-3' }),
  snapshotOperationInvalid: (operation: string) =>
    new DomainError('INVALID_INPUT', `snapshot operation must be snapshot or export, got [${operation}]`, { requirement: 'SNAP-2' }),
  exportOfVolumeBootedVm: (vm: string) =>
    new DomainError('INVALID_INPUT', `VM [${vm}] boots from a volume: its snapshot image holds no data to export`, { requirement: 'SNAP-5' }),
  exportChecksumMismatch: (file: string, expected: string, found: string) =>
    new DomainError('INTERNAL', `exported ${file} does not match: SHA-256 ${found} on disk, ${expected} downloaded`, { requirement: 'SNAP-5' }),
  exportSizeMismatch: (image: string, expected: number, found: number) =>
    new DomainError('INTERNAL', `image ${image} downloaded ${found} bytes, Glance said ${expected}`, { requirement: 'SNAP-5' }),
  exportPathPartInvalid: (part: string) =>
    new DomainError('INTERNAL', `[${part}] cannot name an export file (letters, digits, - and _ only)`, { requirement: 'SNAP-5' }),
  snapshotBodyMissing: (root: string) => new DomainError('INVALID_INPUT', `a ${root} body with operation snapshot and a name is mandatory`, { requirement: 'SNAP-2' }),
  tenantHasSnapshots: (tenant: string, count: number) =>
    new DomainError('CONFLICT', `tenant [${tenant}] still has ${count} snapshot(s); delete them first`, { requirement: 'SNAP-9' }),
  // Volumes from snapshots (REST-3..6).
  volumeRequestInvalid: (field: string, problem: string) => new DomainError('INVALID_INPUT', `volume ${field} ${problem}`, { requirement: 'REST-4' }),
  snapshotNotAvailable: (id: string, status: string) =>
    new DomainError('INVALID_INPUT', `Snapshot image [${id}] is ${status}, not available`, { requirement: 'REST-4' }),
  snapshotWithoutVolumeSnapshot: (id: string) =>
    new DomainError('INVALID_INPUT', `Snapshot image [${id}] has no volume snapshot (it was taken of a VM not booted from a volume)`, { requirement: 'REST-4' }),

  // Bounds on input and names the manager owns (issue 13): refused before anything is recorded.
  boundExceeded: (p: { subject: string; got: number; max: number; setting: string }) =>
    new DomainError('INVALID_INPUT', `${p.subject}: ${p.got} exceeds the bound of ${p.max} (setting ${p.setting})`),
  tenantNameNotAProjectName: (tenant: string, problem: string) => new DomainError('INVALID_INPUT', `tenant name [${tenant}] ${problem}`, { requirement: 'IMPL-1' }),
  documentTooDeep: (max: number) => new DomainError('INVALID_INPUT', `document nests deeper than ${max} elements (setting limits.xml.depth.max)`),
  documentTooManyElements: (max: number) => new DomainError('INVALID_INPUT', `document holds more than ${max} elements (setting limits.xml.elements.max)`),
  bodyNotUtf8: () => new DomainError('INVALID_INPUT', 'request body is not valid UTF-8'),

  // Day-0 configuration files (esc-interface.md §6.6).
  /** `element` names the file element: `vm_group[g]/config_data/configuration[day0.cfg]/file`. */
  day0FileUnreadable: (element: string, file: string, cause: unknown) => new DomainError('INVALID_INPUT', `${element} ${file} cannot be read`, { cause }),
  day0FileNotLocal: (element: string, file: string) => new DomainError('INVALID_INPUT', `${element} ${file} is not a file:// URL of a path on the manager's host`),
  day0FileOutside: (element: string, file: string) =>
    new DomainError('INVALID_INPUT', `${element} ${file} is outside the day-0 folder (setting day0.file.dir)`),
  day0FileLinksOutside: (element: string, file: string) =>
    new DomainError('INVALID_INPUT', `${element} ${file} leads outside the day-0 folder (setting day0.file.dir) through a symbolic link`),
  day0FileNotText: (element: string, file: string) => new DomainError('INVALID_INPUT', `${element} ${file} is not a regular file of UTF-8 text`),
  day0WithoutSource: (dst: string) => new DomainError('INVALID_INPUT', `config_data/configuration[${dst}] needs inline data or a file:// template`),
  /** Build time (issue 12 item 7): an http(s) template could not be fetched; `reason` says why (status, size, timeout, egress). */
  day0FetchFailed: (element: string, url: string, reason: string) => new DomainError('INVALID_INPUT', `${element} ${url} cannot be fetched: ${reason}`),
  /** Request time: an http(s) template's URL is malformed, or its literal address is one the egress rule refuses. */
  day0UrlRefused: (element: string, url: string, reason: string) => new DomainError('INVALID_INPUT', `${element} ${url} is refused: ${reason}`),
  day0PoolExhausted: (group: string, dst: string, variable: string, size: number) =>
    new DomainError(
      'INVALID_INPUT',
      `vm_group[${group}]/config_data/configuration[${dst}]/variable[${variable}] has no free value: all ${size} are held by other VMs; add values to the pool`,
      { requirement: 'COMP-3' },
    ),

  // Static IP address pools (COMP-3): `pool` names one, `vm_group[g]/scaling/static_ip_address_pool[net]`.
  ipPoolInvalid: (pool: string, problem: string) => new DomainError('INVALID_INPUT', `${pool}: ${problem}`, { requirement: 'COMP-3' }),
  ipPoolOutsideSubnet: (pool: string, address: string, cidrs: readonly string[]) =>
    new DomainError('INVALID_INPUT', `${pool}: ${address} is outside its subnet (${cidrs.length ? cidrs.join(', ') : 'the network has no subnet'})`, { requirement: 'COMP-3' }),
  ipPoolAddressUsed: (pool: string, address: string, user: string) =>
    new DomainError('INVALID_INPUT', `${pool}: ${address} is already used by ${user}`, { requirement: 'COMP-3' }),
  ipPoolExhausted: (pool: string, size: bigint) =>
    new DomainError('INVALID_INPUT', `${pool} has no free address: all ${size} are held by other VMs; add addresses to the pool in the same update`, { requirement: 'COMP-3' }),

  // Request documents: XML, its JSON mirror, and the elements read from them (architecture principle 6).
  xmlDeclarationsRefused: () => new DomainError('INVALID_INPUT', 'DTDs and entity declarations are not accepted (<!DOCTYPE/<!ENTITY found)'),
  xmlInvalidAt: (problem: string, line: number, column?: number) =>
    new DomainError('INVALID_INPUT', `malformed XML: ${problem} (line ${line}${column === undefined ? '' : `, column ${column}`})`),
  xmlUnparsable: (cause: unknown) => new DomainError('INVALID_INPUT', `malformed XML: ${messageOf(cause)}`, { cause }),
  xmlNotOneRoot: () => new DomainError('INVALID_INPUT', 'malformed XML: a document has exactly one root element and no text outside it'),
  xmlCharRefInvalid: (element: string, reference: string) =>
    new DomainError('INVALID_INPUT', `<${element}>: character reference ${reference} is not a valid XML character`),
  xmlEntityRefused: (element: string, reference: string) =>
    new DomainError('INVALID_INPUT', `<${element}>: entity ${reference} is not accepted (only the XML predefined entities are)`),
  jsonUnparsable: (cause: unknown) => new DomainError('INVALID_INPUT', `malformed JSON: ${messageOf(cause)}`, { cause }),
  jsonNotOneRoot: () => new DomainError('INVALID_INPUT', 'a JSON document is an object with exactly one root member'),
  jsonRootNotOneElement: (root: string) => new DomainError('INVALID_INPUT', `${root}: the root member holds exactly one element`),
  jsonNestedArray: (path: string) => new DomainError('INVALID_INPUT', `${path}: nested arrays have no XML form`),
  jsonControlCharacter: (path: string) => new DomainError('INVALID_INPUT', `${path} contains a control character XML cannot carry`),
  /** `problem` continues the path: `/min_active is mandatory`, `: dependency cycle a → b → a`. */
  invalidElement: (path: string, problem: string) => new DomainError('INVALID_INPUT', `${path}${problem}`),
  documentRootWrong: (expected: string, got: string) => new DomainError('INVALID_INPUT', `the document root must be ${expected} (got ${got})`),
  nameNotPathId: (kind: 'tenant' | 'deployment', name: string, pathId: string) =>
    new DomainError('INVALID_INPUT', `${kind} name [${name}] does not match the id [${pathId}] in the request path`, { requirement: 'IMPL-1' }),
  tenantPathIdInvalid: (problem: string) => new DomainError('INVALID_INPUT', `tenant id in the request path ${problem}`, { requirement: 'IMPL-1' }),
  operationBodyMissing: (root: string) =>
    new DomainError('INVALID_INPUT', `a ${root} body is mandatory (operation start, stop or reboot)`, { requirement: 'OPS-1' }),
  recoveryBodyMissing: () =>
    new DomainError('INVALID_INPUT', 'a recovery_vm_operation body is mandatory (operation DO)', { requirement: 'IMPL-2' }),

  // The REST edge: authentication, bodies, callback headers (esc-interface.md §1.1).
  unauthenticated: () => new DomainError('UNAUTHORIZED', 'authentication required: send HTTP Basic credentials of the REST user'),
  tooManyFailedLogins: (retryAfterSecs: number) =>
    new DomainError('RATE_LIMITED', `too many failed logins from this address; try again in ${retryAfterSecs} s (rest.auth.failures.per.minute)`),
  tooManyRequests: (perMinute: number, retryAfterSecs: number) =>
    new DomainError('RATE_LIMITED', `more than ${perMinute} changing requests a minute from this address; try again in ${retryAfterSecs} s (rest.ratelimit.mutating.per.minute)`),
  /** Issue 13: a path segment no name can hold, refused without echoing it (a NUL would corrupt the answer). */
  pathParameterInvalid: (parameter: string, problem: string) => new DomainError('INVALID_INPUT', `path parameter ${parameter} ${problem}`),
  shuttingDown: () => new DomainError('SHUTTING_DOWN', 'the manager is shutting down; send the request again once it has started again'),
  requestBodyEmpty: (expected: string) => new DomainError('INVALID_INPUT', `request body is empty: expected ${expected}`),
  callbackHeaderNotOneUrl: (header: string, value: string) =>
    new DomainError('INVALID_INPUT', `header ${header} must be one URL, without spaces: "${value}"`, { requirement: 'SNAP-2' }),
  callbackHeaderNotAbsolute: (header: string, value: string) =>
    new DomainError('INVALID_INPUT', `header ${header} is not an absolute URL: "${value}"`, { requirement: 'SNAP-2' }),
  callbackHeaderEgressRefused: (header: string, refusal: string) =>
    new DomainError('INVALID_INPUT', `header ${header} names an address the manager does not call: ${refusal}`),
  /** Send time: a callback's host name resolved only to addresses the egress rule refuses. */
  egressRefused: (host: string, refusals: readonly string[]) =>
    new DomainError('INVALID_INPUT', `egress to ${host} refused: ${refusals.join('; ')}`),
  callbackHeaderNotHttp: (header: string, protocol: string) =>
    new DomainError('INVALID_INPUT', `header ${header} must be an http or https URL, not ${protocol}`, { requirement: 'SNAP-2' }),

  // The NETCONF edge: framing and the rpc envelope (RFC 6241, RFC 6242).
  netconfMessageTooLarge: (maxBytes: number) =>
    new DomainError('PAYLOAD_TOO_LARGE', `NETCONF message exceeds the ${maxBytes}-byte bound (netconf.max.message.bytes)`),
  netconfChunkHeaderInvalid: (found: string) =>
    new DomainError('INVALID_INPUT', `bad NETCONF chunk framing (RFC 6242 §4.2): expected "\\n#<size>\\n" or "\\n##\\n", found ${JSON.stringify(found)}`),
  netconfAuthorizedKeyInvalid: (file: string, problem: string) =>
    new DomainError('INVALID_INPUT', `${file}: not an OpenSSH public key line: ${problem} (netconf.authorized.keys.file)`),

  // Settings: run-time changes, application.properties and the settings body (CONF-1..3).
  unknownSetting: (key: string, replacedBy?: string) =>
    new DomainError('INVALID_INPUT', `unknown configuration key [${key}]${replacedBy ? `: replaced by [${replacedBy}]` : ''}`, { requirement: 'CONF-3' }),
  /** The manager's own file cannot be read: not the request's fault, so INTERNAL, but named. */
  settingsFileUnreadable: (file: string, detail: string) =>
    new DomainError('INTERNAL', `configuration file ${file} cannot be read: ${detail}`, { requirement: 'CONF-1' }),
  settingNeedsRestart: (key: string) => new DomainError('INVALID_INPUT', `[${key}] needs a restart`, { requirement: 'CONF-3' }),
  /** `file` names where the value was read, when it came from a file (CONF-1) rather than a change or a start option. */
  settingValueInvalid: (key: string, value: string, expected: string, file?: string) =>
    new DomainError('INVALID_INPUT', `${file === undefined ? '' : `${file}: `}configuration key [${key}]: value [${value}] is not ${expected}`, {
      requirement: 'CONF-1..3',
    }),
  settingsBodyNotObject: () => new DomainError('INVALID_INPUT', 'settings body must be a JSON object of "key": "value" members', { requirement: 'CONF-3' }),

  // NETCONF notifications: the create-subscription request (RFC 5277 §2.1.1).
  subscriptionStreamUnknown: (stream: string, streams: readonly string[]) =>
    new DomainError('INVALID_INPUT', `create-subscription: stream [${stream}] does not exist (streams: ${streams.join(', ')})`),
  subscriptionTimeInvalid: (field: string, value: string) =>
    new DomainError('INVALID_INPUT', `create-subscription: ${field} [${value}] is not a date-and-time such as 2026-01-01T10:00:00Z`),
  subscriptionStopWithoutStart: () => new DomainError('INVALID_INPUT', 'create-subscription: stopTime needs a startTime'),
  subscriptionStartInFuture: (startTime: string) =>
    new DomainError('INVALID_INPUT', `create-subscription: startTime [${startTime}] is in the future`),
  subscriptionStopBeforeStart: (stopTime: string, startTime: string) =>
    new DomainError('INVALID_INPUT', `create-subscription: stopTime [${stopTime}] is earlier than startTime [${startTime}]`),
  subscriptionElementUnsupported: (element: string) =>
    new DomainError('INVALID_INPUT', `create-subscription: <${element}> is not supported (stream, filter, startTime and stopTime are)`),
  subscriptionFilterTypeUnsupported: (type: string) =>
    new DomainError('INVALID_INPUT', `create-subscription: a filter of type [${type}] is not supported (subtree is)`),
  // Administration: operation mode, the REST user, database backup and restore (escadm, esc-interface.md §5.2).
  maintenanceMode: () => new DomainError('MAINTENANCE', 'ESC is in maintenance mode'),
  adminNeedsMaintenance: (action: string) =>
    new DomainError('REFUSED_IN_STATE', `${action} needs maintenance mode: run escadm op_mode set --mode=maintenance first`),
  operationsInFlight: (action: string, count: number) =>
    new DomainError('CONFLICT', `cannot ${action}: ${count} operation(s) in flight; wait for them to finish`),
  opModeInvalid: (given: string) => new DomainError('INVALID_INPUT', `mode must be maintenance or operation, got [${given}]`),
  adminBodyInvalid: (expected: string) => new DomainError('INVALID_INPUT', `request body must be a JSON object ${expected}`),
  credentialsInvalid: (problem: string) => new DomainError('INVALID_INPUT', `REST user ${problem}`),
  /** The credential file is unreadable, or a REST user given in configuration is not a valid one: the start stops. */
  credentialsUnusable: (detail: string) => new DomainError('INVALID_INPUT', `cannot start with the configured users: ${detail}`),
  /** Issue 13: the start stops before anything listens where anyone could log in with what everyone knows. */
  insecureListen: (listener: string, address: string, why: string) =>
    new DomainError('INVALID_INPUT', `refusing to listen on ${address} (${listener}): ${why}; listen on a loopback address, or set security.allow.insecure.listen=true`),
  emulatorHostNotLoopback: (host: string) =>
    new DomainError('INVALID_INPUT', `the embedded emulator listens on a loopback address only, not ${host} (emulator.host)`),
  emulatorWithSharedDatabase: () =>
    new DomainError(
      'INVALID_INPUT',
      'with a PostgreSQL database (database.url) the manager does not start the embedded emulator: point OS_CLOUD or OS_AUTH_URL at a cloud, or at `npm run emulator`',
    ),
  restListensNowhere: () => new DomainError('INVALID_INPUT', 'rest.http.enabled and rest.tls.enabled are both false: REST would listen nowhere'),
  tlsUnusable: (detail: string) => new DomainError('INVALID_INPUT', `cannot serve HTTPS: ${detail}`),
  backupArchiveInvalid: (problem: string) => new DomainError('INVALID_INPUT', `backup archive ${problem}`),
  backupDatabaseInvalid: (detail: string) => new DomainError('INVALID_INPUT', `backup database is not usable: ${detail}`),
  backupTooLarge: (limit: number) =>
    new DomainError('PAYLOAD_TOO_LARGE', `backup archive exceeds the limit of ${limit} bytes (admin.restore.limit.bytes)`),
  /** Issue 15 item 7: one manager (or `vnfm migrate`) per data folder, held by an OS lock that a crash releases. */
  dataDirInUse: (dir: string, lockFile: string) =>
    new DomainError('CONFLICT', `data folder ${dir} is in use by another manager (${lockFile} is locked); stop it first, or give this one its own data.dir`),
  migrateSourceMissing: (file: string) =>
    new DomainError('INVALID_INPUT', `no SQLite store at ${file}: --from sqlite:<dir> names the data folder a manager kept its state in`),
  migrateTargetInUse: (url: string, hosts: string[], leaseSecs: number) =>
    new DomainError(
      'CONFLICT',
      `the database at ${url} is in use by ${hosts.length} running manager${hosts.length === 1 ? '' : 's'} (on ${[...new Set(hosts)].join(', ')}: a heartbeat within ha.lease.secs ${leaseSecs}); stop ${hosts.length === 1 ? 'it' : 'them'} first (--replace does not override this)`,
    ),
  migrateTargetNotEmpty: (url: string, held: string) =>
    new DomainError('CONFLICT', `the database at ${url} already holds openvnfm state (${held}); move into an empty database, or pass --replace to empty it first`),

  // The store: its keys, paging and lifecycle (IMPL-4).
  deploymentNameTaken: (deployment: string, cause: unknown) =>
    new DomainError('ALREADY_EXISTS', `deployment name ${deployment} is already used by another deployment (names are unique across tenants)`, { cause }),
  vmNameTaken: (vm: string, cause: unknown) => new DomainError('ALREADY_EXISTS', `VM name ${vm} is already used by another VM`, { cause }),
  deploymentOfVmMissing: (deploymentId: string, vm: string, cause: unknown) =>
    new DomainError('NOT_FOUND', `deployment ${deploymentId} of VM ${vm} does not exist`, { cause }),
  stepRecorded: (operationId: string, seq: number, cause: unknown) =>
    new DomainError('ALREADY_EXISTS', `step ${seq} of operation ${operationId} is already recorded: a step is written once`, { requirement: 'IMPL-4', cause }),
  operationOfStepMissing: (operationId: string, seq: number, cause: unknown) =>
    new DomainError('NOT_FOUND', `operation ${operationId} of step ${seq} does not exist`, { cause }),
  outboxMessageMissing: (id: string) => new DomainError('NOT_FOUND', `outbox message ${id} does not exist`),
  pageCountInvalid: (name: string, value: number) => new DomainError('INVALID_INPUT', `page ${name} must be a non-negative integer, got ${value}`),
  schemaTooNew: (current: number, newest: number) =>
    new DomainError('INTERNAL', `database schema version ${current} is newer than this openvnfm knows (${newest})`),
  databaseUnusable: (url: string, detail: string, cause: unknown) =>
    new DomainError('INTERNAL', `cannot use the database at ${url} (database.url, VNFM_DATABASE_URL): ${detail}`, { cause }),
  storeClosedByTransaction: () => new DomainError('INTERNAL', 'a transaction handle cannot close the store'),
  notInTransaction: (what: string) => new DomainError('INTERNAL', `${what} cannot run on a transaction's handle`),
  transactionEnded: () => new DomainError('INTERNAL', 'transaction handle used after its transaction ended'),
  storeClosed: () => new DomainError('INTERNAL', 'the store is closed'),

  // Service update (COMP-2): a change the update rule table refuses (`update-rules.ts`).
  updateRefused: (what: string, rule: string) => new DomainError('INVALID_INPUT', `service update refused: ${what}: ${rule}`, { requirement: 'COMP-2' }),
} satisfies Record<string, (...args: never[]) => DomainError>;

export type ErrorName = keyof typeof errors;
