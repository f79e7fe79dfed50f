/**
 * The files Nova would put on a server's config drive (`config_drive: true`): meta_data.json,
 * user_data, network_data.json and personality files (< 2.57) under openstack/content/. Kept per
 * server so tests read the day-0 configuration through the admin endpoint.
 */
import type { Cloud } from '../state/cloud.ts';
import type { Server } from '../state/model.ts';
import { hostnameOf } from './server-view.ts';
import { parseCidr, intToIp } from '../neutron/ipam.ts';

export interface PersonalityFile {
  path: string;
  contents: string;
}

function netmask(cidr: string): string {
  const { size } = parseCidr(cidr);
  return intToIp(2 ** 32 - size);
}

function networkData(cloud: Cloud, s: Server): unknown {
  const { ports, subnets } = cloud.state.neutron;
  const links: unknown[] = [];
  const networks: unknown[] = [];
  s.ports.forEach((portId, i) => {
    const port = ports[portId];
    if (!port) return;
    const link = `tap${portId.slice(0, 11)}`;
    links.push({ id: link, vif_id: portId, type: 'ovs', mtu: cloud.state.neutron.networks[String(port.network_id)]?.mtu ?? 1442, ethernet_mac_address: port.mac_address });
    for (const ip of port.fixed_ips as { subnet_id: string; ip_address: string }[]) {
      const subnet = subnets[ip.subnet_id];
      networks.push({
        id: `network${i}`,
        type: 'ipv4',
        link,
        ip_address: ip.ip_address,
        netmask: subnet ? netmask(String(subnet.cidr)) : '255.255.255.0',
        routes: subnet?.gateway_ip ? [{ network: '0.0.0.0', netmask: '0.0.0.0', gateway: subnet.gateway_ip }] : [],
        network_id: port.network_id,
        services: [],
      });
    }
  });
  return { links, networks, services: [] };
}

export function configDriveFiles(cloud: Cloud, s: Server, personality: PersonalityFile[]): Record<string, string> {
  const files: Record<string, string> = {};
  const injected = personality.map((p, i) => {
    const contentPath = `/content/${String(i).padStart(4, '0')}`;
    files[`openstack${contentPath}`] = Buffer.from(p.contents, 'base64').toString('utf8');
    return { path: p.path, content_path: contentPath };
  });
  const meta = {
    uuid: s.id,
    meta: s.metadata,
    hostname: hostnameOf(s.name),
    name: s.name,
    launch_index: 0,
    availability_zone: s.availabilityZone,
    project_id: s.projectId,
    devices: [],
    ...(injected.length > 0 && { files: injected }),
  };
  files['openstack/latest/meta_data.json'] = JSON.stringify(meta);
  files['openstack/latest/network_data.json'] = JSON.stringify(networkData(cloud, s));
  files['openstack/latest/vendor_data.json'] = '{}';
  if (s.userData !== null) files['openstack/latest/user_data'] = Buffer.from(s.userData, 'base64').toString('utf8');
  return files;
}
