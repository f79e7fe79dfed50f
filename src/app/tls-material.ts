/**
 * The HTTPS listener's certificate and key (issue 13 item 3): the files `rest.tls.cert.file` and
 * `rest.tls.key.file` name, or else a self-signed pair made once into `<data.dir>/tls/` and reused
 * at every start. The pair is made by Debian's `openssl` binary: node:crypto makes keys but cannot
 * sign an X.509 certificate, and the binary is maintained with the system's security updates where a
 * JavaScript ASN.1 library (`selfsigned` on node-forge) would be one more dependency to watch. The
 * certificate's SHA-256 fingerprint is logged at every start, for `escadm` (`VNFM_TLS_FINGERPRINT`)
 * or a browser to pin.
 *
 * Managers sharing a database (issue 15 item 4) share the self-signed pair too, so one pin fits
 * every node: the first node's pair (made, or found in its data folder) is kept in the database
 * and every node serves that one. Given files stay each node's own.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from 'pino';
import type { Config } from '../config/config.ts';
import type { SharedState } from '../config/shared-state.ts';
import { errors, messageOf } from '../domain/errors.ts';
import { isLoopbackHost } from '../domain/listen-policy.ts';
import type { TlsMaterial } from '../northbound/rest/listen.ts';

/** The pair to serve HTTPS with, or undefined when `rest.tls.enabled` is false. */
export async function tlsMaterial(o: {
  config: Config;
  dataDir: string;
  shared: Pick<SharedState, 'madeOnce'>;
  log: Pick<Logger, 'info'>;
}): Promise<TlsMaterial | undefined> {
  const { config } = o;
  if (!config.bool('rest.tls.enabled')) return undefined;
  const certFile = config.string('rest.tls.cert.file');
  const keyFile = config.string('rest.tls.key.file');
  if ((certFile === '') !== (keyFile === '')) throw errors.tlsUnusable('rest.tls.cert.file and rest.tls.key.file go together: give both, or neither for a self-signed pair');
  try {
    const material = certFile !== '' ? readPair({ cert: certFile, key: keyFile }) : await sharedSelfSigned(o);
    o.log.info({ source: certFile || 'self-signed', sha256: new X509Certificate(material.cert).fingerprint256 }, 'HTTPS certificate');
    return material;
  } catch (err) {
    throw errors.tlsUnusable(messageOf(err));
  }
}

/** The installation's self-signed pair: the one kept, or this node's (made once into its data folder), kept. */
async function sharedSelfSigned(o: { config: Config; dataDir: string; shared: Pick<SharedState, 'madeOnce'>; log: Pick<Logger, 'info'> }): Promise<TlsMaterial> {
  const make = async () => JSON.stringify(readPair(await selfSigned(join(o.dataDir, 'tls'), o.config.string('server.host'), o.log)));
  return JSON.parse(await o.shared.madeOnce('rest.tls.self.signed', make)) as TlsMaterial;
}

function readPair(files: { cert: string; key: string }): TlsMaterial {
  return { cert: readFileSync(files.cert, 'utf8'), key: readFileSync(files.key, 'utf8') };
}

/** `cert.pem` and `key.pem` in `dir`, made once (key mode 0600, folder 0700); later starts reuse them. */
async function selfSigned(dir: string, host: string, log: Pick<Logger, 'info'>): Promise<{ cert: string; key: string }> {
  const files = { cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
  if (existsSync(files.cert) && existsSync(files.key)) return files;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const names = ['DNS:localhost', 'IP:127.0.0.1', 'IP:::1'];
  if (host !== '' && !isLoopbackHost(host) && host !== '0.0.0.0' && host !== '::') names.push(/^[\d.]+$|:/.test(host) ? `IP:${host}` : `DNS:${host}`);
  const partial = { cert: `${files.cert}.new`, key: `${files.key}.new` };
  try {
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '3650',
      '-subj', '/CN=openvnfm', '-addext', `subjectAltName=${names.join(',')}`, '-keyout', partial.key, '-out', partial.cert,
    ]);
  } catch (err) {
    throw new Error(`openssl could not make a self-signed certificate (${messageOf(err).split('\n')[0]}); install openssl or set rest.tls.cert.file and rest.tls.key.file`);
  }
  chmodSync(partial.key, 0o600);
  // The key first: a crash between the renames leaves no certificate, so the next start makes both again.
  renameSync(partial.key, files.key);
  renameSync(partial.cert, files.cert);
  log.info({ dir }, 'made a self-signed HTTPS certificate (valid 10 years)');
  return files;
}
