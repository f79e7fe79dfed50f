/**
 * The VIM's side of the static IP pool check (COMP-3): the subnets of each existing network a
 * request's pools name, looked up before the accepting transaction (read-only), so the domain rule
 * (`domain/ip-pool-refusal.ts`, run in the transaction with the deployment's VM records) can
 * refuse a pool address outside its subnet with a 400. Ephemeral networks' subnets come from the
 * request itself; a network the VIM does not know is left to the deploy, which names it.
 */
import type { DeploymentSpec } from '../domain/deployment-spec.ts';
import type { Vm } from '../domain/entities.ts';
import { ipPoolRefusal, type KnownSubnet } from '../domain/ip-pool-refusal.ts';
import type { EngineDeps } from './deployment/deps.ts';
import { scopeOf } from './deployment/target.ts';
import { deployScope } from './deploy-intent.ts';

export async function vimSubnetsOfPools(deps: EngineDeps, tenantName: string, spec: DeploymentSpec): Promise<Map<string, KnownSubnet[]>> {
  const subnets = new Map<string, KnownSubnet[]>();
  const ephemeral = new Set(spec.networks.map((n) => n.name));
  const networks = new Set(spec.vmGroups.flatMap((g) => g.scaling.staticIpAddressPools.map((p) => p.network)).filter((n) => !ephemeral.has(n)));
  if (!networks.size) return subnets;
  const deployment = await deps.store.getDeploymentByName(spec.name);
  const tenant = deployment && (await deps.store.getTenant(deployment.tenant));
  const vim = deps.vims.get(deployment?.vimConnector ?? deps.vims.defaultId());
  const scope = (tenant ? scopeOf(tenant) : await deployScope(deps, vim, tenantName)) ?? {};
  for (const name of networks) {
    const network = await vim.findNetwork(scope, name);
    if (network) subnets.set(name, (await vim.listSubnets(scope, { networkId: network.id })).map((s) => ({ name: s.name, id: s.id, cidr: s.cidr })));
  }
  return subnets;
}

/** In the accepting transaction: the domain rule over the request, the deployment's VMs and the subnets found. */
export function refuseIpPools(spec: DeploymentSpec, vms: readonly Vm[], vimSubnets: ReadonlyMap<string, KnownSubnet[]>): void {
  const refusal = ipPoolRefusal(spec, vms, vimSubnets);
  if (refusal) throw refusal;
}
