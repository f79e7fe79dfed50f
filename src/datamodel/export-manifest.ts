/**
 * The `manifest.json` an EXPORT writes beside the image (SNAP-5 [I]): the snapshot as the list shows
 * it, the deployment it came from as the XML a deploy would send, the VM (from the snapshot's own
 * copies), the Glance image, the SHA-256 (hex) of the exported image file and the XML document
 * sent with the backup, if any (`xml_file`).
 */
import type { DeploymentSpec } from '../domain/deployment-spec.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import { renderDeploymentRequest } from './deployment-render.ts';
import { snapshotBody } from './snapshots.ts';

export interface ManifestInput {
  tenant: string;
  deployment: DeploymentSpec;
  image: { id: string; diskFormat: string; containerFormat: string; size: number };
  sha256: string;
}

export function renderExportManifest(s: Snapshot, m: ManifestInput): string {
  const manifest = {
    snapshot: snapshotBody(s),
    deployment_xml: renderDeploymentRequest(m.tenant, m.deployment, 'xml'),
    vm: {
      generated_name: s.vmName,
      vim_vm_name: s.vimVmName,
      vm_id: s.serverId,
      vm_group: s.vmGroup,
      deployment_name: s.deploymentName,
      deployment_id: s.deploymentId,
      tenant: s.tenant,
      vim_id: s.vimConnector,
      vim_project_id: s.vimProjectId,
      vim_project: s.vimProject,
      host_id: s.hostId,
      hostname: s.hostname,
    },
    image: { id: m.image.id, disk_format: m.image.diskFormat, container_format: m.image.containerFormat, size: m.image.size },
    sha256: m.sha256,
    // vmBackupAction's XML document, as sent (SNAP-5 [I]); absent when none was.
    xml_file: s.xmlFile,
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
