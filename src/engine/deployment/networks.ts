/**
 * Ephemeral networks (esc-interface.md §2.5): created with the deployment, named after it so two
 * deployments never share one, deleted on undeploy after the VMs (subnets, then networks), each with
 * its CREATE_/DELETE_ NETWORK and SUBNET events.
 */
import type { DeploymentNetwork } from '../../domain/entities.ts';
import type { NetworkSpec } from '../../domain/deployment-spec.ts';
import { ignoreNotFound } from '../../vim/errors.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { createTagged } from '../runtime/tagged-create.ts';
import type { EngineDeps } from './deps.ts';
import { ok, serviceEvent } from './event-bodies.ts';
import { saveDeployment, type Target } from './target.ts';

export async function createNetworks(ctx: StepContext, deps: EngineDeps, t: Target, specs: NetworkSpec[]): Promise<void> {
  for (const spec of specs) {
    let record = t.deployment.networks.find((n) => n.name === spec.name);
    if (!record) {
      record = { name: spec.name, vimName: `${spec.name}_${t.deployment.name}`.slice(0, 255), subnets: [] };
      t.deployment.networks.push(record);
    }
    const net = record;
    const tag = `${t.deployment.id}:network:${spec.name}`;
    net.networkId = await ctx.step(`network:${spec.name}`, async () =>
      (await createTagged(ctx, {
        create: () => t.vim.createNetwork(t.scope, { name: net.vimName, shared: spec.shared, adminStateUp: spec.adminState, tag }),
        lookup: () => t.vim.listNetworks(t.scope, { tag }),
        remove: (extra) => t.vim.deleteNetwork(t.scope, extra.id),
      })).id,
    );
    await saveDeployment(deps, t);
    await ctx.emit(`network:${spec.name}`, { ...serviceEvent(t, 'CREATE_NETWORK', ok('Network successfully created')), network: net.networkId });
    for (const s of spec.subnets) {
      const stag = `${tag}:subnet:${s.name}`;
      const subnetId = await ctx.step(`network:${spec.name}:subnet:${s.name}`, async () =>
        (await createTagged(ctx, {
          create: () =>
            t.vim.createSubnet(t.scope, {
              name: `${s.name}_${t.deployment.name}`.slice(0, 255),
              networkId: net.networkId!,
              cidr: `${s.address}/${prefixLength(s.netmask)}`,
              ipVersion: s.ipVersion === 'ipv6' ? 6 : 4,
              gatewayIp: s.gateway,
              enableDhcp: s.dhcp,
              tag: stag,
            }),
          lookup: () => t.vim.listSubnets(t.scope, { tag: stag }),
          remove: (extra) => t.vim.deleteSubnet(t.scope, extra.id),
        })).id,
      );
      if (!net.subnets.some((x) => x.name === s.name)) net.subnets.push({ name: s.name, subnetId });
      await saveDeployment(deps, t);
      await ctx.emit(`network:${spec.name}:subnet:${s.name}`, {
        ...serviceEvent(t, 'CREATE_SUBNET', ok('Subnet successfully created')),
        network: net.networkId,
        subnet: subnetId,
      });
    }
  }
}

export async function deleteNetworks(ctx: StepContext, deps: EngineDeps, t: Target, records: DeploymentNetwork[]): Promise<void> {
  for (const net of records) {
    for (const s of net.subnets) {
      await ctx.step(`network-delete:${net.name}:subnet:${s.name}`, async () => {
        if (s.subnetId) await ignoreNotFound(() => t.vim.deleteSubnet(t.scope, s.subnetId!));
        return null;
      });
      await ctx.emit(`network-delete:${net.name}:subnet:${s.name}`, {
        ...serviceEvent(t, 'DELETE_SUBNET', ok('Subnet successfully deleted')),
        network: net.networkId,
        subnet: s.subnetId,
      });
    }
    await ctx.step(`network-delete:${net.name}`, async () => {
      const ids = net.networkId ? [net.networkId] : (await t.vim.listNetworks(t.scope, { tag: `${t.deployment.id}:network:${net.name}` })).map((n) => n.id);
      for (const id of ids) await ignoreNotFound(() => t.vim.deleteNetwork(t.scope, id));
      return null;
    });
    await ctx.emit(`network-delete:${net.name}`, { ...serviceEvent(t, 'DELETE_NETWORK', ok('Network successfully deleted')), network: net.networkId });
  }
  t.deployment.networks = t.deployment.networks.filter((n) => !records.includes(n));
  await saveDeployment(deps, t);
}

function prefixLength(netmask: string): number {
  if (/^\d+$/.test(netmask)) return Number(netmask);
  return netmask.split('.').reduce((bits, octet) => bits + (Number(octet) >>> 0).toString(2).split('1').length - 1, 0);
}
