/**
 * Golden files (house rule 11): a wire format is compared byte for byte with a file checked in
 * beside the test. The file changes only through an explicit `UPDATE_GOLDEN=1` run, so every
 * format change shows up as a reviewed diff.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function assertGolden(path: string, actual: string): void {
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new Error(`golden file ${path} is missing; run with UPDATE_GOLDEN=1 to create it`, { cause });
  }
  assert.equal(actual, expected, `output differs from golden file ${path}`);
}
