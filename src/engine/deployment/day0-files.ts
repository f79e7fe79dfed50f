/**
 * Where day-0 templates may come from and how large they may be (issue 13, issue 12 item 7):
 * `file://` only below `day0.file.dir` (default `<data.dir>/day0`); http(s) through the day-0
 * fetch port within `day0.fetch.timeout.secs`; either at most `limits.day0.bytes.max`. Read from
 * the settings when a target is loaded, so a run-time change reaches the next operation.
 */
import { join, resolve } from 'node:path';
import type { Config } from '../../config/config.ts';
import type { Day0Fetch } from './day0-fetch.ts';

export interface Day0Files {
  /** Absolute; templates must lie below it, symbolic links resolved. */
  dir: string;
  /** 0: no bound. */
  maxBytes: number;
  fetchTimeoutMs: number;
  /** `egress.allowed.networks`: an http(s) URL with a literal address outside them is refused at request time. */
  allowedNetworks: string;
}

/** What a build reads templates with: the file rule and the fetch port. */
export interface Day0Sources extends Day0Files {
  fetch: Day0Fetch;
}

export function day0FilesOf(config: Config): Day0Files {
  const configured = config.string('day0.file.dir').trim();
  return {
    dir: configured === '' ? join(resolve(config.string('data.dir')), 'day0') : resolve(configured),
    maxBytes: config.number('limits.day0.bytes.max'),
    fetchTimeoutMs: config.number('day0.fetch.timeout.secs') * 1000,
    allowedNetworks: config.string('egress.allowed.networks'),
  };
}
