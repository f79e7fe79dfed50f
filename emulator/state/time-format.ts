/** Each service prints time its own way (spec pitfall 10); the model keeps epoch ms. */

/** Nova, Glance, Neutron: `2026-11-25T10:40:18Z`. */
export function secondsZ(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Cinder: `2026-11-25T10:41:29.000000` (microseconds, no zone). */
export function cinderTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000');
}

/** Keystone: `2026-11-25T11:39:15.000000Z`. */
export function keystoneTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '').concat('000Z');
}
