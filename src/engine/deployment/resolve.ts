/**
 * Turns the names a deployment uses (image, flavor, networks, subnets) into VIM ids, once per
 * operation, as one recorded step: a missing image or network is a clear, final refusal before
 * any server is made. Ephemeral networks of the deployment resolve to what it created.
 */
import type { DeploymentSpec } from '../../domain/deployment-spec.ts';
import { errors } from '../../domain/errors.ts';
import type { Target } from './target.ts';

export interface Refs {
  flavors: Record<string, string>;
  images: Record<string, string>;
  networks: Record<string, string>;
  /** `<network id>/<subnet name or id>` → subnet id */
  subnets: Record<string, string>;
}

export async function resolveRefs(t: Target, spec: DeploymentSpec, images: Iterable<string> = []): Promise<Refs> {
  const refs: Refs = { flavors: {}, images: {}, networks: {}, subnets: {} };
  const ephemeral = new Map(t.deployment.networks.map((n) => [n.name, n]));
  const imageNames = new Set([...spec.vmGroups.map((g) => g.image), ...images]);
  for (const name of imageNames) {
    const image = await t.vim.findImage(t.scope, name);
    if (!image) throw errors.imageNotOnVim(name, t.vim.id);
    refs.images[name] = image.id;
  }
  for (const g of spec.vmGroups) {
    if (!refs.flavors[g.flavor]) {
      const flavor = await t.vim.findFlavor(t.scope, g.flavor);
      if (!flavor) throw errors.flavorNotOnVim(g.flavor, g.name, t.vim.id);
      refs.flavors[g.flavor] = flavor.id;
    }
    for (const v of g.volumes)
      if (v.image && !refs.images[v.image]) {
        const image = await t.vim.findImage(t.scope, v.image);
        if (!image) throw errors.volumeImageNotOnVim(v.image, v.name, t.vim.id);
        refs.images[v.image] = image.id;
      }
    for (const i of g.interfaces) {
      let networkId = refs.networks[i.network];
      if (!networkId) {
        networkId = ephemeral.get(i.network)?.networkId ?? (await t.vim.findNetwork(t.scope, i.network))?.id;
        if (!networkId) throw errors.networkNotOnVim(i.network, g.name, i.nicid, t.vim.id);
        refs.networks[i.network] = networkId;
      }
      if (i.subnet && !refs.subnets[`${networkId}/${i.subnet}`]) {
        const subnetId =
          ephemeral.get(i.network)?.subnets.find((s) => s.name === i.subnet)?.subnetId ??
          (await t.vim.findSubnet(t.scope, i.subnet, networkId))?.id;
        if (!subnetId) throw errors.subnetNotOnVim(i.subnet, i.network, t.vim.id);
        refs.subnets[`${networkId}/${i.subnet}`] = subnetId;
      }
    }
  }
  return refs;
}
