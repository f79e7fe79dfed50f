import type { Logger } from '../runtime/ports.ts';

/** A logger that says nothing, for tests whose failures the assertions report. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
