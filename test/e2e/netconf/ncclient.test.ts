/**
 * Interoperability (issue 11): Debian's ncclient, run with /usr/bin/python3, connects, exchanges
 * hellos (base:1.1, chunked framing), runs get, get-config with a filter, edit-config deploy and
 * delete, an RPC and lock/unlock against the manager. Where it and we disagree, it is right.
 * Skipped, saying so, only where ncclient is not installed (`.ci/run` installs python3-ncclient).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'node:test';
import type { Manager } from '../../../src/app/manager.ts';
import { startTestManager } from '../../support/manager.ts';
import { oneVmDeployment } from '../../support/one-vm-deployment.ts';

const python = '/usr/bin/python3';
const script = fileURLToPath(new URL('ncclient_interop.py', import.meta.url));
const hasNcclient = spawnSync(python, ['-c', 'import ncclient']).status === 0;

test('ncclient: hello, get, get-config with a filter, edit-config deploy and delete, an RPC, lock/unlock', { skip: hasNcclient ? false : `${python} cannot import ncclient (apt-get install -y python3-ncclient)` }, async () => {
  const manager: Manager = await startTestManager();
  try {
    const file = join(mkdtempSync(join(tmpdir(), 'ncclient-')), 'deployment.xml');
    writeFileSync(file, oneVmDeployment({ tenant: 'nc-t', name: 'nc-dep' }).replace(/^<\?xml[^>]*>\s*/, ''));
    const { stdout } = await promisify(execFile)(python, [script, String(manager.netconfPort), file], { timeout: 120_000 });
    const { get_tops: tops, ...seen } = JSON.parse(stdout) as Record<string, unknown>;
    for (const top of ['{http://www.cisco.com/esc/esc}esc_datamodel', '{urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring}netconf-state']) {
      assert.ok((tops as string[]).includes(top), top);
    }
    assert.deepEqual(seen, {
      session_id: seen.session_id,
      esc_capability: true,
      base11: true,
      deploy: true,
      config_deployments: ['nc-dep'],
      active: 'SERVICE_ACTIVE_STATE',
      stop: true,
      stopped: 'SERVICE_STOPPED_STATE',
      lock_denied: { tag: 'lock-denied', type: 'protocol', app_tag: '409', message: `the running datastore is locked by session ${seen.session_id}` },
      unlocked_edit: true,
      delete: true,
      delete_again: { tag: 'data-missing', type: 'application', app_tag: '404', message: 'deployment [nc-dep] does not exist' },
      unknown_rpc: { tag: 'operation-not-supported', type: 'protocol', app_tag: '400', message: 'operation [noSuchRpc] is not supported' },
    });
    assert.match(String(seen.session_id), /^[1-9]\d*$/);
  } finally {
    await manager.close();
  }
});
