/**
 * A VM's Neutron ports, one per interface, with the fixed IP and MAC asked for; a port the
 * orchestrator pre-created and named is looked up instead. The fixed IP is the interface's
 * `ip_address` or the address its static IP pool gave the VM record when the request was accepted
 * (COMP-3, `domain/vm-records.ts`); with no subnet named, Neutron puts the port on the subnet the
 * address lies in (the pool check made sure there is one). Each port's ids and addresses are
 * written on the VM record as soon as they are known, so an undeploy at any moment finds them.
 */
import type { VmGroupSpec } from '../../domain/deployment-spec.ts';
import type { Vm } from '../../domain/entities.ts';
import { errors } from '../../domain/errors.ts';
import type { VimPort } from '../../vim/driver.ts';
import type { EngineDeps } from '../deployment/deps.ts';
import type { Refs } from '../deployment/resolve.ts';
import { saveVm, type Target } from '../deployment/target.ts';
import type { StepContext } from '../runtime/step-context.ts';
import { allSettledOrThrow } from '../runtime/limiter.ts';
import { createTagged } from '../runtime/tagged-create.ts';

/** `nics`: the VM's interfaces to make ports for (all, unless an update adds one, COMP-2). */
export async function createPorts(ctx: StepContext, deps: EngineDeps, t: Target, vm: Vm, group: VmGroupSpec, refs: Refs, nics = vm.interfaces): Promise<void> {
  // All at once (issue 14): each port is its own step and nothing orders them; the VIM connector bounds the requests in flight.
  await allSettledOrThrow(nics.map(async (nic) => {
    const spec = group.interfaces.find((i) => i.nicid === nic.nicid)!;
    const networkId = refs.networks[nic.network]!;
    const port = await ctx.step<VimPort>(`vm:${vm.id}:port:${nic.nicid}`, async () => {
      if (spec.port) {
        const found = await t.vim.findPort(t.scope, spec.port);
        if (!found) throw errors.portNotFound(spec.port, group.name, nic.nicid);
        return found;
      }
      const tag = `${vm.id}:port:${nic.nicid}`;
      const subnetId = nic.subnet ? refs.subnets[`${networkId}/${nic.subnet}`] : undefined;
      return createTagged(ctx, {
        create: () =>
          t.vim.createPort(t.scope, {
            name: `${vm.vimName}_nic${nic.nicid}`.slice(0, 255),
            networkId,
            fixedIps: subnetId || nic.ipAddress ? [{ subnetId, ipAddress: nic.ipAddress }] : undefined,
            macAddress: nic.macAddress,
            securityGroups: spec.securityGroups.length ? spec.securityGroups : undefined,
            tag,
          }),
        lookup: () => t.vim.listPorts(t.scope, { tag }),
        remove: (extra) => t.vim.deletePort(t.scope, extra.id),
      });
    });
    nic.portId = port.id;
    nic.networkId = port.networkId;
    nic.subnetId = port.fixedIps[0]?.subnetId;
    nic.ipAddress = port.fixedIps[0]?.ipAddress;
    nic.macAddress = port.macAddress;
    await saveVm(deps, t, vm);
  }));
}

