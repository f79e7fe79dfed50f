/**
 * Opens a NETCONF session over SSH (RFC 6242 §3): ssh2's Client logs in with the password or a
 * private key, starts the `netconf` subsystem and hands the channel to `NetconfSession`. Closing
 * the session ends the SSH connection too. The server's host key is not checked: like ESC's own
 * esc_nc_cli (netconf-console on 127.0.0.1), this is an operator's tool for a manager it was told
 * the address of [I].
 */
import { Client, type ClientChannel } from 'ssh2';
import { NetconfSession, type SessionOptions } from './session.ts';

export interface ConnectOptions extends SessionOptions {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password?: string;
  readonly privateKey?: string;
  /** How long the TCP connect plus SSH handshake and login may take. */
  readonly readyTimeoutMs?: number;
}

export async function connectNetconf(o: ConnectOptions): Promise<NetconfSession> {
  const client = new Client();
  const where = `${o.host}:${o.port}`;
  await new Promise<void>((resolve, reject) => {
    client.once('ready', resolve);
    client.once('error', (err: Error & { level?: string }) => {
      const why = err.level === 'client-authentication' ? `login as [${o.username}] refused` : err.message;
      reject(new Error(`cannot open an SSH session to ${where}: ${why}`, { cause: err }));
    });
    client.connect({
      host: o.host,
      port: o.port,
      username: o.username,
      password: o.password,
      privateKey: o.privateKey,
      readyTimeout: o.readyTimeoutMs ?? 20_000,
    });
  });
  // Later errors (the server going away) end the session through its channel; keep them off the process.
  client.on('error', () => undefined);
  const channel = await new Promise<ClientChannel>((resolve, reject) =>
    client.subsys('netconf', (err, stream) => (err ? reject(new Error(`${where} refused the netconf subsystem: ${err.message}`, { cause: err })) : resolve(stream))),
  ).catch((err: unknown) => {
    client.end();
    throw err;
  });
  channel.on('close', () => client.end());
  try {
    return await NetconfSession.open(channel, o);
  } catch (err) {
    client.end();
    throw err;
  }
}
