/**
 * @module The service clients of one project scope: one Keystone token (with its catalog) and a
 * client per service over it. The connector's own project has one session; each tenant project
 * reached through `Scope.projectId` gets its own, authenticated with the same user credentials
 * scoped to that project id (a Cinder URL and a token are per project).
 */
import type { OpenStackConnectorConfig } from './connector.ts';
import type { Transport } from './http-transport.ts';
import { TokenManager } from './keystone/token-manager.ts';
import { identityBase } from './keystone/urls.ts';
import type { ProjectScope } from './keystone/wire.ts';
import { ServiceClient } from './service-client.ts';
import type { ServiceKind } from './error-message.ts';

/** Microversions we speak (openstack-api.md §2.1, §4); createImage raises Nova's per call. */
const microversions: Partial<Record<ServiceKind, string>> = { compute: '2.1', volume: '3.0' };

export interface Session {
  tokens: TokenManager;
  keystone: ServiceClient;
  nova: ServiceClient;
  glance: ServiceClient;
  cinder: ServiceClient;
  neutron: ServiceClient;
}

export function openSession(config: OpenStackConnectorConfig, transport: Transport, scope: ProjectScope): Session {
  const tokens = new TokenManager({
    transport,
    authUrl: config.authUrl,
    credentials: { username: config.username, password: config.password, userDomainName: config.userDomainName },
    scope,
  });
  const client = (service: ServiceKind, fixedBase?: string) =>
    new ServiceClient({
      service,
      transport,
      tokens,
      interface: config.interface ?? 'public',
      region: config.regionName,
      microversion: microversions[service],
      fixedBase,
    });
  return {
    tokens,
    keystone: client('identity', identityBase(config.authUrl)),
    nova: client('compute'),
    glance: client('image'),
    cinder: client('volume'),
    neutron: client('network'),
  };
}
