/**
 * Reads a day-0 `file://` template from the manager's host under the rule of `Day0Files` (issue 13):
 * the path must lie below the day-0 folder both as written (`..` refused) and once symbolic links
 * are resolved (a link leading outside refused), be a regular file within the size bound, and be
 * UTF-8 text. Every refusal is INVALID_INPUT naming the element; the front door runs this at accept
 * time (400, nothing recorded) and the build runs it again when it reads the template.
 */
import { constants } from 'node:fs';
import { open, realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { errors } from '../../domain/errors.ts';
import { boundProblem } from '../../domain/limits.ts';
import type { Day0Files } from '../deployment/day0-files.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `element` names the `file` element in refusals (`vm_group[g]/config_data/configuration[d]/file`). */
export async function readDay0File(element: string, url: string, files: Pick<Day0Files, 'dir' | 'maxBytes'>): Promise<string> {
  const path = localPath(element, url);
  if (!isBelow(files.dir, path)) throw errors.day0FileOutside(element, url);
  const real = await realpath(path).catch((err: unknown) => {
    throw errors.day0FileUnreadable(element, url, err);
  });
  const realDir = await realpath(files.dir).catch(() => files.dir);
  if (!isBelow(realDir, real)) throw errors.day0FileLinksOutside(element, url);
  // O_NOFOLLOW: a link swapped in after the check is not followed.
  const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK).catch((err: unknown) => {
    throw errors.day0FileUnreadable(element, url, err);
  });
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw errors.day0FileNotText(element, url);
    const tooLarge = boundProblem(`${element} ${url}`, stat.size, files.maxBytes, 'limits.day0.bytes.max');
    if (tooLarge) throw errors.boundExceeded(tooLarge);
    const bytes = await handle.readFile();
    try {
      return utf8.decode(bytes);
    } catch {
      throw errors.day0FileNotText(element, url);
    }
  } finally {
    await handle.close();
  }
}

function localPath(element: string, url: string): string {
  try {
    return resolve(fileURLToPath(url));
  } catch {
    throw errors.day0FileNotLocal(element, url);
  }
}

/** `path` is strictly below `dir` (both absolute and normalised). */
function isBelow(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
