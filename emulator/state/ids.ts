/** Identifier and address formats OpenStack uses: UUIDs, Keystone hex ids, Neutron MACs, opaque tokens. */
import { randomBytes, randomUUID } from 'node:crypto';

export const uuid = (): string => randomUUID();

/** Keystone ids are uuid4 hex without dashes. */
export const hexId = (): string => randomUUID().replaceAll('-', '');

/** Neutron's default base MAC is fa:16:3e:00:00:00. */
export function macAddress(): string {
  const tail = [...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0'));
  return ['fa', '16', '3e', ...tail].join(':');
}

/** Fernet tokens start with gAAAAA and are ~180 url-safe characters. */
export function opaqueToken(): string {
  return 'gAAAAA' + randomBytes(132).toString('base64url');
}

export function auditId(): string {
  return randomBytes(16).toString('base64url').slice(0, 22);
}
