/**
 * The file sink (SNAP-5): where `backup.export.dir` puts the files (read at each export), the image
 * streamed, hashed and renamed into place, a path part that is not a plain name refused, discard.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, test } from 'node:test';
import { Config } from '../config/config.ts';
import { isDomainError } from '../domain/errors.ts';
import { fileExportSink } from './file-export-sink.ts';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const image = { id: 'i1', diskFormat: 'qcow2', containerFormat: 'bare', size: 6 };
const stream = (...parts: string[]) => new Blob(parts).stream();

test('SNAP-5 the image goes to <backup.export.dir>/<id>/image.<format>, hashed; progress told per chunk; a change applies to the next export', async () => {
  dir = mkdtempSync(join(tmpdir(), 'openvnfm-sink-'));
  const config = new Config({});
  const sink = fileExportSink({ config, dataDir: dir });
  const told: number[] = [];
  const result = await sink.writeImage('s1', image, stream('abc', 'def'), async (n) => void told.push(n));
  assert.deepEqual(result, { sha256: createHash('sha256').update('abcdef').digest('hex'), size: 6 });
  assert.ok(told.length > 0 && told.at(-1) === 6);
  assert.equal(readFileSync(join(dir, 'exports', 's1', 'image.qcow2'), 'utf8'), 'abcdef');
  assert.deepEqual(readdirSync(join(dir, 'exports', 's1')), ['image.qcow2']);
  assert.equal(await sink.imageSha256('s1', image), result.sha256);

  config.set('backup.export.dir', join(dir, 'elsewhere'));
  await sink.writeImage('s2', image, stream('x'), async () => {});
  assert.ok(existsSync(join(dir, 'elsewhere', 's2', 'image.qcow2')));
  await sink.discard('s2');
  assert.equal(existsSync(join(dir, 'elsewhere', 's2')), false);
});

for (const [what, id, format] of [['an id', '../etc', 'qcow2'], ['a disk format', 's1', 'qcow2/../../x']] as const)
  test(`SNAP-5 ${what} that is not a plain file-name part is refused`, async () => {
    dir = mkdtempSync(join(tmpdir(), 'openvnfm-sink-'));
    const sink = fileExportSink({ config: new Config({}), dataDir: dir });
    await assert.rejects(sink.writeImage(id, { ...image, diskFormat: format }, stream('x'), async () => {}), (e) => isDomainError(e, 'INTERNAL'));
  });
