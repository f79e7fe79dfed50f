"""nova-compute launcher of openvnfm's copy of the osrig rig (test/openstack-real/up.sh).

It runs the rig's own launcher (installed beside it as osrig_nova_compute_rig.py, which patches
FakeDriver.snapshot to upload image data) and adds Cinder's assisted volume snapshots to the
fake driver. Cinder's NFS driver snapshots an *attached* volume with Nova's help: it writes the
new qcow2 overlay itself, asks Nova (os-assisted-volume-snapshots) to move the guest onto it, and
waits until Nova reports progress 90%; deleting such a snapshot asks Nova to merge the overlay
chain the same way. The fake driver inherits NotImplementedError for both, so a snapshot of an
attached volume (every volume snapshot Nova's createImage of a volume-booted server makes) stays
`creating` until Cinder gives up after 600 s. With no guest there is nothing to move, so create
only reports Nova's part done, as libvirt does; delete does on the files, with qemu-img, the merge
libvirt's blockRebase/blockCommit would do, so Cinder's chain stays valid, then reports.
"""
import hashlib
import json
import os
import subprocess
import sys

import osrig_nova_compute_rig  # noqa: F401  (the rig's launcher: patches FakeDriver.snapshot on import)
from nova.virt import fake
from nova.volume import cinder

# The rig's cinder.conf nfs_mount_point_base: Cinder mounts each export at <base>/<md5 of export>.
CINDER_MOUNT_BASE = '/var/lib/cinder/mnt'


def _report(context, snapshot_id, status):
    cinder.API().update_snapshot_status(context, snapshot_id, status)


def _volume_snapshot_create(self, context, instance, volume_id, create_info):
    _report(context, create_info['snapshot_id'], 'creating')


def _volume_dir(context, instance, volume_id):
    from nova import objects
    bdm = objects.BlockDeviceMapping.get_by_volume_and_instance(context, volume_id, instance.uuid)
    export = json.loads(bdm.connection_info)['data']['export']
    return os.path.join(CINDER_MOUNT_BASE, hashlib.md5(export.encode()).hexdigest())


def _qemu_img(*args):
    subprocess.run(['qemu-img', *args], check=True, capture_output=True)


def _format(path):
    out = subprocess.run(['qemu-img', 'info', '--output=json', path], check=True, capture_output=True).stdout
    return json.loads(out)['format']


def _volume_snapshot_delete(self, context, instance, volume_id, snapshot_id, delete_info):
    vdir = _volume_dir(context, instance, volume_id)
    with open(os.path.join(vdir, 'volume-%s.info' % volume_id)) as f:
        active = os.path.join(vdir, json.load(f)['active'])
    merge = delete_info['file_to_merge']
    target = delete_info['merge_target_file']
    if target is None:
        # blockRebase: the active image pulls in what lies above `merge` (everything when None).
        base = os.path.join(vdir, merge) if merge else None
        _qemu_img('rebase', '-f', 'qcow2', *(['-F', _format(base), '-b', base] if base else ['-b', '']), active)
    else:
        # blockCommit: `merge` is committed into its backing file `target`, and the image that
        # sat on `merge` now sits on `target`.
        merge_path = os.path.join(vdir, merge)
        target_path = os.path.join(vdir, target)
        child = _child_of(vdir, merge_path)
        _qemu_img('commit', '-f', 'qcow2', merge_path)
        if child:
            _qemu_img('rebase', '-u', '-f', 'qcow2', '-F', _format(target_path), '-b', target_path, child)
    _report(context, snapshot_id, 'deleting')


def _child_of(vdir, path):
    for name in os.listdir(vdir):
        candidate = os.path.join(vdir, name)
        if name.endswith('.info') or candidate == path:
            continue
        out = subprocess.run(['qemu-img', 'info', '--output=json', candidate], capture_output=True).stdout
        try:
            backing = json.loads(out).get('backing-filename')
        except ValueError:
            continue
        if backing and os.path.join(vdir, os.path.basename(backing)) == path:
            return candidate
    return None


fake.FakeDriver.volume_snapshot_create = _volume_snapshot_create
fake.FakeDriver.volume_snapshot_delete = _volume_snapshot_delete

if __name__ == '__main__':
    from nova.cmd.compute import main
    sys.argv[0] = 'nova-compute'
    sys.exit(main())
