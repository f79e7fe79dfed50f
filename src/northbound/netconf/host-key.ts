/**
 * The SSH host key of the NETCONF server: generated once into `<data.dir>/netconf_host_key`
 * (mode 0600) and reused, so clients that pinned it keep trusting the manager across restarts.
 * Ed25519, written in the OpenSSH private-key format because that is the format `ssh2` reads for
 * Ed25519 (it refuses PKCS#8); generating one takes a millisecond where RSA takes half a second.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const hostKeyFileName = 'netconf_host_key';

export function loadOrCreateHostKey(dataDir: string): string {
  const file = join(dataDir, hostKeyFileName);
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = newEd25519Key();
  // 'wx': two managers starting on one data folder keep the first key written.
  try {
    writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8');
    throw err;
  }
  return key;
}

/** An Ed25519 key as `-----BEGIN OPENSSH PRIVATE KEY-----` (openssh-key-v1, unencrypted). */
function newEd25519Key(): string {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  const publicKey = Buffer.from(jwk.x!, 'base64url');
  const secret = Buffer.from(jwk.d!, 'base64url');
  const publicBlob = sshString(Buffer.concat([sshString('ssh-ed25519'), sshString(publicKey)]));
  const check = Buffer.alloc(4);
  check.writeUInt32BE((Math.random() * 0xffffffff) >>> 0);
  const keys = Buffer.concat([check, check, sshString('ssh-ed25519'), sshString(publicKey), sshString(Buffer.concat([secret, publicKey])), sshString('openvnfm')]);
  const padding = Buffer.from(Array.from({ length: (8 - (keys.length % 8)) % 8 }, (_, i) => i + 1));
  const count = Buffer.alloc(4);
  count.writeUInt32BE(1);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    count,
    publicBlob,
    sshString(Buffer.concat([keys, padding])),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g)!;
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${lines.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

function sshString(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}
