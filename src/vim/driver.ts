/**
 * The only way the engine reaches a VIM (IMPL-3): `VimDriver`, composed of one port per OpenStack
 * service in `ports/` (identity, compute, image, block storage, network — "port" as in ports and
 * adapters; a Neutron port is `VimPort`). Verbs are VIM actions in our words, one OpenStack call
 * each; results are our types, never wire shapes. The implementation is `openstack/` (HTTP to
 * Keystone, Nova, Glance, Cinder, Neutron); tests and benchmarks run it over the emulator, in
 * process when no socket is wanted (`openstack/testing/in-process-driver.ts`).
 *
 * Idempotency: every create takes a `tag` (operation id + step). The driver stores it on the
 * resource (server metadata, port/volume/network description or tags, image property) and the
 * matching `list*({ tag })` finds it, so a step replayed after a crash looks up before creating.
 *
 * Errors: a failing call throws `VimError` (`errors.ts`) with its `kind` (final / not-done /
 * in-doubt), the HTTP status and the VIM's own message.
 */
import type { BlockStoragePort } from './ports/block-storage.ts';
import type { ComputePort } from './ports/compute.ts';
import type { IdentityPort } from './ports/identity.ts';
import type { ImagePort } from './ports/image.ts';
import type { NetworkPort } from './ports/network.ts';

export { vimTagKey, type ListFilter, type Scope } from './ports/scope.ts';
export type { IdentityPort, VimProject } from './ports/identity.ts';
export type { BlockDevice, ComputePort, CreateServerRequest, ServerGroupPolicy, ServerStatus, VimFlavor, VimServer, VimServerGroup } from './ports/compute.ts';
export type { ImagePort, VimImage } from './ports/image.ts';
export type { BlockStoragePort, CreateVolumeRequest, VimVolume, VimVolumeSnapshot } from './ports/block-storage.ts';
export type {
  CreateNetworkRequest, CreatePortRequest, CreateSubnetRequest, NetworkPort, VimNetwork, VimPort, VimSubnet,
} from './ports/network.ts';

export interface VimDriver extends IdentityPort, ComputePort, ImagePort, BlockStoragePort, NetworkPort {
  /** The VIM connector id (`default_openstack_vim` for the default one). */
  readonly id: string;
  /** `OPENSTACK` for real and emulated clouds. */
  readonly type: string;
  /** Releases sockets and timers. */
  close(): Promise<void>;
}
