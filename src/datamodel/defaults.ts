/**
 * The values ESC assumes for optional elements (esc-interface.md §2.3, §2.5, §6.1–6.2), filled in
 * by the parser so the engine never guesses and a rendered deployment states them explicitly.
 * Entries marked [I] are inferred, not read in an ESC source.
 */
import { defaultRecoveryPolicy } from '../domain/deployment-spec.ts';

export const escDefaults = {
  interface: { model: 'virtio', type: 'virtual' },
  scaling: { elastic: true },
  kpiData: { enabled: true },
  kpi: { metricOccurrencesTrue: 1, metricOccurrencesFalse: 1 },
  /** `bus` is mandatory in the 2014 YANG; later releases default it [I]. */
  volume: { sizeunit: 'GiB', bus: 'virtio', bootable: false },
  placement: { enforcement: 'strict' },
  groupPlacement: { enforcement: 'strict' },
  network: { shared: true, adminState: true },
  subnet: { ipVersion: 'ipv4', dhcp: true },
  /** REBOOT_THEN_REDEPLOY is ESC's default policy; recovery type and retry count [I]. */
  recoveryPolicy: defaultRecoveryPolicy,
  /** A tenant created through the API maps to a VIM project unless told otherwise. */
  tenant: { vimMapping: true },
} as const;
