import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { serveCommand } from './serve-command.ts';

const run = promisify(execFile);

test('CONF-1 serve options become settings: named options, then -D/--set key=value', async () => {
  let got: Record<string, string> | undefined;
  const argv = ['--host', '127.0.0.1', '--port', '8080', '--netconf-port', '8830', '--data-dir', '/d', '--log-level', 'warn', '-D', 'a.b=1', '--set', 'c=x=y'];
  await serveCommand(async (settings) => void (got = settings)).parseAsync(argv, { from: 'user' });
  assert.deepEqual(got, { 'a.b': '1', c: 'x=y', 'server.host': '127.0.0.1', 'server.port': '8080', 'netconf.port': '8830', 'data.dir': '/d', 'log.level': 'warn' });
});

test('the crash tests\u2019 seamed manager reads `serve` through the same definition as vnfm', async () => {
  const help = async (entry: string) => {
    const env = { ...process.env, VNFM_PORT: '', VNFM_HOST: '', VNFM_DATA_DIR: '', VNFM_LOG_LEVEL: '', VNFM_NETCONF_PORT: '' };
    const { stdout } = await run(process.execPath, [fileURLToPath(new URL(entry, import.meta.url)), 'serve', '--help'], { env });
    return stdout.replace(/^Usage: \S+ serve/, 'Usage: <entry> serve');
  };
  const [vnfm, seamed] = await Promise.all([help('./vnfm.ts'), help('../../test/support/seamed-manager.ts')]);
  assert.match(vnfm, /--log-level <level>/);
  assert.equal(seamed, vnfm);
});
