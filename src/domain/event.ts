/**
 * Domain events: what happened, in our words. `src/events/renderers/` turn them into the escEvent
 * XML (NETCONF) and the REST callback JSON; the fields follow SNAP-7 and esc-interface.md §3.1.
 */
export const eventTypes = [
  'CREATE_TENANT',
  'DELETE_TENANT',
  'CREATE_NETWORK',
  'DELETE_NETWORK',
  'CREATE_SUBNET',
  'DELETE_SUBNET',
  'VM_DEPLOYED',
  'VM_ALIVE',
  'VM_UNDEPLOYED',
  'SERVICE_ALIVE',
  'SERVICE_UNDEPLOYED',
  'SERVICE_UPDATED',
  'VM_UPDATED',
  'VM_STOPPED',
  'SERVICE_STOPPED',
  'VM_STARTED',
  'SERVICE_STARTED',
  'VM_REBOOTED',
  'SERVICE_REBOOTED',
  'VM_MONITOR_SET',
  'VM_MONITOR_UNSET',
  'SERVICE_MONITOR_SET',
  'SERVICE_MONITOR_UNSET',
  'VM_RECOVERY_INIT',
  'VM_RECOVERY_REBOOT',
  'VM_RECOVERY_UNDEPLOYED',
  'VM_RECOVERY_DEPLOYED',
  'VM_RECOVERY_COMPLETE',
  'VM_RECOVERY_CANCELLED',
  /** IMPL-2 [I]: recovery_type MANUAL, a VM found down after VM_ALIVE; an operator must ask for recovery. */
  'VM_MANUAL_RECOVERY_NEEDED',
  /** Issue 12 item 9 [I]: a VM's server deleted, stopped or in error on the VIM behind the manager's back. */
  'VM_DRIFT_DETECTED',
  'VM_SCALE_OUT_INIT',
  'VM_SCALE_OUT_DEPLOYED',
  'VM_SCALE_OUT_COMPLETE',
  'VM_SCALE_IN_INIT',
  'VM_SCALE_IN_COMPLETE',
  'VM_BACKUP_INIT',
  'VM_BACKUP_CREATED',
  'VM_BACKUP_COMPLETE',
  'VM_SNAPSHOT_DELETING',
  'VM_SNAPSHOT_DELETED',
  'VM_VOLUME_ACCEPTED_EVENT',
  'VM_VOLUME_CREATED_EVENT',
] as const;
export type EventType = (typeof eventTypes)[number];

/**
 * A VM as the outside is told about it: events name it (`vm_source` / `vm_target`) and opdata lists
 * it (`vm_instance`). Projected from a recorded VM by `vmRefOf` (`vm-ref.ts`).
 */
export interface VmRef {
  /** Nova server id. */
  vmId?: string;
  /** Server name on the VIM. */
  vmName: string;
  generatedName: string;
  /** VIM connector id. */
  vimId: string;
  vimProject?: string;
  vimProjectId?: string;
  hostId?: string;
  hostname?: string;
  interfaces: VmRefInterface[];
}

/** One of a `VmRef`'s interfaces: network and subnet are the VIM's ids once known (`vmRefOf`). */
export interface VmRefInterface {
  nicid: number;
  type: string;
  /** NIC model (`virtio`, `e1000`); opdata reports it, escEvent does not. */
  model?: string;
  portId?: string;
  network?: string;
  subnet?: string;
  ipAddress?: string;
  macAddress?: string;
  netmask?: string;
  gateway?: string;
}

/** A volume made from a snapshot as its events name it (`escParameter`, REST-5); `id`, `sizeGiB` once Cinder answered. */
export interface VolumeRef {
  id?: string;
  name: string;
  sizeGiB?: number;
  volumeType?: string;
  bootable: boolean;
  multiattach: boolean;
}

export interface DomainEvent {
  /** Global, gap-free order of persistence; assigned by the store (readers catch up by it). */
  seq?: number;
  /** Stable id: the `ESC-Event-Id` of every callback carrying this event. */
  id: string;
  /** The escEvent's `eventTime`: stamped by the bus in the transaction that assigns `seq`, never decreasing in `seq` order. */
  time: string;
  type: EventType;
  status: 'SUCCESS' | 'FAILURE';
  statusCode: number;
  statusMessage: string;
  /** The ESC transaction id of the operation that raised it, when one did. */
  operationId?: string;
  tenant?: string;
  tenantId?: string;
  deploymentName?: string;
  deploymentId?: string;
  vmGroup?: string;
  vmSource?: VmRef;
  vmTarget?: VmRef;
  network?: string;
  subnet?: string;
  kpi?: { name?: string; threshold?: string; value?: string; details?: string };
  /** The volume a volume-from-snapshot event is about (REST-5). */
  volume?: VolumeRef;
  /**
   * REST-5: sent only as a REST callback and listed by `GET /events`; the NETCONF stream and its
   * replay skip it (`reachesChannel`, src/events/channels.ts).
   */
  restOnly?: true;
}

/** An event as the engine raises it: the bus stamps `time` and the store assigns `seq` (issue 11 item 6). */
export type RaisedEvent = Omit<DomainEvent, 'seq' | 'time'>;
