/**
 * Before anything starts, the listeners asked for are checked. REST must listen somewhere. Issue 13 item 4: a listener on a non-loopback address with authentication
 * off, or with a user still on its shipped password (REST admin/cisco123, NETCONF admin/admin), stops
 * the start with one line saying so, unless `security.allow.insecure.listen=true`.
 */
import type { Config } from '../config/config.ts';
import { defaultUsers, type Credentials, type Realm } from '../config/credentials.ts';
import { errors } from '../domain/errors.ts';
import { insecureListenReason, isLoopbackHost } from '../domain/listen-policy.ts';

export async function refuseInsecureListeners(config: Config, credentials: Pick<Credentials, 'verify' | 'username'>): Promise<void> {
  if (!config.bool('rest.http.enabled') && !config.bool('rest.tls.enabled')) throw errors.restListensNowhere();
  if (config.bool('security.allow.insecure.listen')) return;
  const restPorts = [config.bool('rest.http.enabled') && config.string('server.port'), config.bool('rest.tls.enabled') && config.string('rest.tls.port')].filter(Boolean);
  const listeners: { name: string; realm: Realm; host: string; ports: string; authEnabled: boolean }[] = [
    { name: 'REST', realm: 'rest', host: config.string('server.host'), ports: restPorts.join(','), authEnabled: config.bool('rest.auth.enabled') },
    { name: 'NETCONF', realm: 'netconf', host: config.string('netconf.host'), ports: config.string('netconf.port'), authEnabled: true },
  ];
  for (const l of listeners) {
    // The password is checked (one scrypt) only where it matters.
    if (isLoopbackHost(l.host)) continue;
    const defaultPassword = l.authEnabled && (await credentials.verify(l.realm, credentials.username(l.realm), defaultUsers[l.realm].password));
    const why = insecureListenReason({ host: l.host, authEnabled: l.authEnabled, defaultPassword });
    if (why) throw errors.insecureListen(l.name, `${l.host}:${l.ports}`, why);
  }
}
