import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { isDomainError } from '../../domain/errors.ts';
import { readDay0File } from './day0-file.ts';

// Issue 13 item 2: a day-0 file:// template is read only from below the day-0 folder.
const root = mkdtempSync(join(tmpdir(), 'openvnfm-day0-file-'));
after(() => rmSync(root, { recursive: true, force: true }));
const dir = join(root, 'day0');
mkdirSync(join(dir, 'sub'), { recursive: true });
writeFileSync(join(root, 'secret.txt'), 'outside');
writeFileSync(join(dir, 'ok.cfg'), 'hostname x\n');
writeFileSync(join(dir, 'sub', 'nested.cfg'), 'nested\n');
writeFileSync(join(dir, 'big.cfg'), 'x'.repeat(65));
writeFileSync(join(dir, 'latin1.cfg'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
symlinkSync(join(root, 'secret.txt'), join(dir, 'escape.cfg'));
symlinkSync(root, join(dir, 'up'));
symlinkSync(join(dir, 'ok.cfg'), join(dir, 'alias.cfg'));
const files = { dir, maxBytes: 64 };
const url = (path: string) => pathToFileURL(path).href;
const element = 'vm_group[g]/config_data/configuration[day0.cfg]/file';

const allowed: [string, string, string][] = [
  ['a file directly below the folder', url(join(dir, 'ok.cfg')), 'hostname x\n'],
  ['a file in a sub-folder', url(join(dir, 'sub', 'nested.cfg')), 'nested\n'],
  ['a symbolic link to a file inside the folder', url(join(dir, 'alias.cfg')), 'hostname x\n'],
  ['a path with .. that stays inside', `file://${dir}/sub/../ok.cfg`, 'hostname x\n'],
];
for (const [name, file, contents] of allowed) {
  test(`day-0 file: ${name} is read`, async () => {
    assert.equal(await readDay0File(element, file, files), contents);
  });
}

const refused: [string, string, RegExp][] = [
  ['a path outside the folder', url(join(root, 'secret.txt')), /is outside the day-0 folder \(setting day0\.file\.dir\)$/],
  ['/etc/passwd', 'file:///etc/passwd', /is outside the day-0 folder/],
  ['.. leading out of the folder', `file://${dir}/../secret.txt`, /is outside the day-0 folder/],
  ['percent-encoded .. leading out', `file://${dir}/%2e%2e/secret.txt`, /is outside the day-0 folder/],
  ['the folder itself', url(dir), /is outside the day-0 folder/],
  ['a symbolic link to a file outside', url(join(dir, 'escape.cfg')), /leads outside the day-0 folder \(setting day0\.file\.dir\) through a symbolic link$/],
  ['a path through a linked folder outside', url(join(dir, 'up', 'secret.txt')), /through a symbolic link$/],
  ['a file on another host', 'file://evil.example/etc/passwd', /is not a file:\/\/ URL of a path on the manager's host$/],
  ['an http URL', 'http://127.0.0.1/t.cfg', /is not a file:\/\//],
  ['a missing file', url(join(dir, 'missing.cfg')), /cannot be read$/],
  ['a folder', url(join(dir, 'sub')), /is not a regular file of UTF-8 text$/],
  ['a file above the size bound', url(join(dir, 'big.cfg')), /: 65 exceeds the bound of 64 \(setting limits\.day0\.bytes\.max\)$/],
  ['a file that is not UTF-8', url(join(dir, 'latin1.cfg')), /is not a regular file of UTF-8 text$/],
];
for (const [name, file, message] of refused) {
  test(`day-0 file: ${name} is refused with 400 naming the element`, async () => {
    await assert.rejects(readDay0File(element, file, files), (err) => {
      assert.ok(isDomainError(err, 'INVALID_INPUT'), String(err));
      assert.ok(err.message.startsWith(element), err.message);
      assert.match(err.message, message);
      return true;
    });
  });
}
