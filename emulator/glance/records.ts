/** Glance image records (spec §3) and the hashes Glance computes when data arrives. */
import { createHash } from 'node:crypto';
import type { Image } from '../state/model.ts';
import { uuid } from '../state/ids.ts';

export interface ImageInput {
  name: string | null;
  owner: string;
  diskFormat?: string | null;
  containerFormat?: string | null;
  visibility?: string;
  minRam?: number;
  minDisk?: number;
  protected?: boolean;
  osHidden?: boolean;
  tags?: string[];
  properties?: Record<string, string>;
  id?: string;
}

export function imageRecord(input: ImageInput, now: number): Image {
  return {
    id: input.id ?? uuid(),
    name: input.name,
    status: 'queued',
    disk_format: input.diskFormat ?? null,
    container_format: input.containerFormat ?? null,
    visibility: input.visibility ?? 'shared',
    size: null,
    virtual_size: null,
    checksum: null,
    os_hash_algo: null,
    os_hash_value: null,
    protected: input.protected ?? false,
    min_ram: input.minRam ?? 0,
    min_disk: input.minDisk ?? 0,
    owner: input.owner,
    os_hidden: input.osHidden ?? false,
    created_at: now,
    updated_at: now,
    tags: input.tags ?? [],
    properties: input.properties ?? {},
  };
}

/** Marks the image active with Glance's size and multihash for `data`. */
export function setImageData(image: Image, data: Buffer, now: number): void {
  image.size = data.length;
  image.virtual_size = data.length;
  image.checksum = createHash('md5').update(data).digest('hex');
  image.os_hash_algo = 'sha512';
  image.os_hash_value = createHash('sha512').update(data).digest('hex');
  image.status = 'active';
  image.updated_at = now;
}

/** A recognisable stand-in for a qcow2 disk: the qcow2 magic, then a pattern. */
export function fakeDiskBytes(label: string, size = 4096): Buffer {
  const buf = Buffer.alloc(size, 0);
  Buffer.from([0x51, 0x46, 0x49, 0xfb, 0, 0, 0, 3]).copy(buf, 0);
  Buffer.from(`openvnfm emulator disk: ${label}`).copy(buf, 16);
  return buf;
}

/** The properties openstacksdk's create_image sets on an image it uploads: the data's hashes and its object name. */
export function uploadedBySdk(name: string, data: Buffer): Record<string, string> {
  return {
    'owner_specified.openstack.md5': createHash('md5').update(data).digest('hex'),
    'owner_specified.openstack.sha256': createHash('sha256').update(data).digest('hex'),
    'owner_specified.openstack.object': `images/${name}`,
  };
}
