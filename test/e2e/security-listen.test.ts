/**
 * Issue 13 items 3, 4, 7 and 8 through a whole manager: HTTPS with a self-signed certificate made
 * once into the data folder (key 0600, fingerprint logged) that escadm's client trusts by CA file or
 * by pinned fingerprint; `netconf.sessions.max` and the NETCONF failed-login limit; 503 in our error format to a request that arrives
 * while the manager closes; and the starts refused before anything listens (a non-loopback listener
 * without authentication or with a default password, a non-loopback emulator, half a TLS pair).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import ssh2 from 'ssh2';
import { AdminClient } from '../../src/cli/admin-client.ts';
import { NetconfTestClient } from '../support/netconf-client.ts';
import { eventually, startTestManager, tempDataDir } from '../support/manager.ts';

/** A logger whose lines the test reads. */
function capturedLog(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

test('issue 13 items 3, 4, 7, 8: HTTPS (self-signed, pinned or trusted by escadm), netconf.sessions.max, NETCONF failed logins, 503 while closing', async () => {
  const dataDir = tempDataDir();
  const { logger, lines } = capturedLog();
  const manager = await startTestManager({ dataDir, logger, settings: { 'rest.tls.enabled': 'true', 'rest.tls.port': '0', 'netconf.sessions.max': '1', 'netconf.auth.failures.per.minute': '2' } });
  let closing: Promise<void> | undefined;
  try {
    // HTTPS: one self-signed pair in <data>/tls, its key readable by the manager's user only, its fingerprint logged.
    const certFile = join(dataDir, 'tls', 'cert.pem');
    assert.equal(statSync(join(dataDir, 'tls', 'key.pem')).mode & 0o777, 0o600);
    const fingerprint = new X509Certificate(readFileSync(certFile)).fingerprint256;
    assert.ok(lines.some((l) => l.msg === 'HTTPS certificate' && l.sha256 === fingerprint), 'the fingerprint is logged');
    assert.match(manager.httpsUrl!, /^https:\/\/127\.0\.0\.1:\d+$/);
    const settingsOver = async (env: Record<string, string>) => {
      const client = new AdminClient({ VNFM_URL: manager.httpsUrl, ...env });
      try {
        return await client.json<Record<string, string>>('GET', '/admin/settings');
      } finally {
        await client.close();
      }
    };
    assert.equal((await settingsOver({ VNFM_CA_FILE: certFile }))['rest.tls.enabled'], 'true', 'trusted by its CA file');
    assert.equal((await settingsOver({ VNFM_TLS_FINGERPRINT: fingerprint.toLowerCase() }))['rest.tls.enabled'], 'true', 'pinned, any spelling');
    await assert.rejects(settingsOver({}), /cannot reach the manager .*SELF_SIGNED/, 'not trusted by the system CAs');
    await assert.rejects(settingsOver({ VNFM_TLS_FINGERPRINT: 'AB:CD' }), /is not the one VNFM_TLS_FINGERPRINT names/);
    await assert.rejects(new AdminClient({ VNFM_URL: manager.url, VNFM_TLS_FINGERPRINT: fingerprint }).send('GET', '/tenants'), /need an https:\/\/ VNFM_URL/);

    // NETCONF: one session at most; the next connection is closed before it logs in, until the first ends.
    const login = (password: string) => sshLogin(manager.netconfPort!, password);
    /** A login once the server has let go of the last connection (it frees the slot when it sees the close). */
    const loginWhenFree = (password: string) =>
      eventually(async () => {
        const outcome = await login(password);
        return outcome === 'closed' ? undefined : outcome;
      }, 5000, 'a free NETCONF slot');
    const first = await NetconfTestClient.connect({ port: manager.netconfPort! });
    assert.equal(await login('admin'), 'closed');
    await first.close();
    assert.equal(await loginWhenFree('admin'), 'ready');

    // NETCONF logins: after netconf.auth.failures.per.minute failures from this address, the right password is refused too.
    for (let i = 0; i < 2; i++) assert.equal(await loginWhenFree('guess'), 'refused');
    assert.equal(await loginWhenFree('admin'), 'refused', 'locked out for the minute');

    // Shutdown: a request mid-body when the close begins finishes; one whose headers were not complete gets 503, our format.
    const { port } = new URL(manager.url);
    const open = () => {
      const socket = connect(Number(port), '127.0.0.1');
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      const answer = new Promise<string>((resolve) => socket.once('close', () => resolve(text)));
      return { socket, answer };
    };
    const inFlight = open();
    const late = open();
    const body = '{"tenant":{"name":"late"}}';
    inFlight.socket.write(`POST /ESCManager/v0/tenants/late HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
    late.socket.write('GET /ESCManager/v0/tenants HTTP/1.1\r\nHost: x\r\n');
    await new Promise((r) => setTimeout(r, 100));
    closing = manager.close();
    // Once a new connection is refused, the manager's app is closed and its listeners are draining.
    await eventually(() => new Promise<true | undefined>((resolve) => {
      const probe = connect(Number(port), '127.0.0.1', () => (probe.destroy(), resolve(undefined)));
      probe.once('error', () => resolve(true));
    }), 5000, 'the listener to stop accepting');
    inFlight.socket.write(body.slice(5));
    late.socket.write('Accept: application/json\r\n\r\n');
    const [created, refusedLate] = [await inFlight.answer, await late.answer];
    assert.match(created, /^HTTP\/1\.1 201 /, created);
    assert.match(refusedLate, /^HTTP\/1\.1 503 /, refusedLate);
    assert.match(refusedLate, /\r\nconnection: close\r\n/i, 'the client is told to go');
    assert.ok(refusedLate.endsWith('{"error":{"error_code":503,"error_message":"the manager is shutting down; send the request again once it has started again"}}'), refusedLate);
    await closing;
  } finally {
    await (closing ?? manager.close());
  }
});

/** One SSH login to NETCONF as admin, then disconnect: logged in, refused, or closed before it could try. */
function sshLogin(port: number, password: string): Promise<'ready' | 'refused' | 'closed'> {
  const client = new ssh2.Client();
  return new Promise((resolve) => {
    client
      .once('ready', () => (resolve('ready'), client.end()))
      .once('error', (err: Error & { level?: string }) => resolve(err.level === 'client-authentication' ? 'refused' : 'closed'))
      .once('close', () => resolve('closed'));
    client.connect({ host: '127.0.0.1', port, username: 'admin', password });
  });
}

test('issue 13 item 4: starts refused before anything listens, each with one line saying why', async () => {
  const refusals: [settings: Record<string, string>, message: RegExp][] = [
    [{ 'server.host': '0.0.0.0' }, /refusing to listen on 0\.0\.0\.0:0 \(REST\): authentication is off; listen on a loopback address, or set security\.allow\.insecure\.listen=true$/],
    [{ 'server.host': '::', 'rest.auth.enabled': 'true' }, /refusing to listen on :::0 \(REST\): the user still has its default password;/],
    [{ 'netconf.host': '0.0.0.0' }, /refusing to listen on 0\.0\.0\.0:0 \(NETCONF\): the user still has its default password;/],
    [{ 'emulator.host': '0.0.0.0' }, /: the embedded emulator listens on a loopback address only, not 0\.0\.0\.0 \(emulator\.host\)$/],
    [{ 'rest.tls.enabled': 'true', 'rest.tls.cert.file': '/nonexistent.pem' }, /: cannot serve HTTPS: rest\.tls\.cert\.file and rest\.tls\.key\.file go together/],
    [{ 'rest.http.enabled': 'false' }, /: rest\.http\.enabled and rest\.tls\.enabled are both false: REST would listen nowhere$/],
  ];
  for (const [settings, message] of refusals) await assert.rejects(startTestManager({ settings }), message, JSON.stringify(settings));
});
