/** Keystone v3 project on the wire → `VimProject`. */
import type { VimProject } from '../../../driver.ts';

export interface WireProject {
  id: string;
  name: string;
  domain_id: string;
  description?: string;
}

export function toVimProject(w: WireProject): VimProject {
  return { id: w.id, name: w.name };
}

export function createProjectBody(name: string, domainId: string, tag: string): unknown {
  return { project: { name, domain_id: domainId, description: `vnfm_tag=${tag}`, enabled: true } };
}
