/**
 * Where day-0 `file://` templates may be read from on the manager's host and how large they may be
 * (issue 13): only below `day0.file.dir` (default `<data.dir>/day0`), at most `limits.day0.bytes.max`.
 * Read from the settings when a target is loaded, so a run-time change reaches the next operation.
 */
import { join, resolve } from 'node:path';
import type { Config } from '../../config/config.ts';

export interface Day0Files {
  /** Absolute; templates must lie below it, symbolic links resolved. */
  dir: string;
  /** 0: no bound. */
  maxBytes: number;
}

export function day0FilesOf(config: Config): Day0Files {
  const configured = config.string('day0.file.dir').trim();
  return {
    dir: configured === '' ? join(resolve(config.string('data.dir')), 'day0') : resolve(configured),
    maxBytes: config.number('limits.day0.bytes.max'),
  };
}
