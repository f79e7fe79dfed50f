/**
 * The smallest deployment the end-to-end tests build: one group `g` of one VM on the emulator's
 * seeded cloud (cirros, m1.tiny, network `private`), with optional `<volume>` elements.
 */
export function oneVmDeployment(o: { tenant: string; name: string; volumes?: string; bootupSecs?: number }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<esc_datamodel xmlns="http://www.cisco.com/esc/esc">
  <tenants><tenant><name>${o.tenant}</name><deployments><deployment>
    <name>${o.name}</name>
    <vm_group>
      <name>g</name>
      <image>cirros</image>
      <flavor>m1.tiny</flavor>
      <bootup_time>${o.bootupSecs ?? 60}</bootup_time>
      <recovery_wait_time>10</recovery_wait_time>
      <interfaces><interface><nicid>0</nicid><network>private</network></interface></interfaces>
      <scaling><min_active>1</min_active><max_active>1</max_active></scaling>${o.volumes ? `
      <volumes>${o.volumes}</volumes>` : ''}
    </vm_group>
  </deployment></deployments></tenant></tenants>
</esc_datamodel>`;
}

/** A 1 GiB boot volume made from cirros: the VM boots from Cinder. */
export const bootVolume = '<volume><name>root</name><size>1</size><image>cirros</image><bootable>true</bootable><boot_index>0</boot_index></volume>';
