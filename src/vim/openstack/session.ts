/**
 * @module The service clients of one project scope: one Keystone token (with its catalog) and a
 * client per service over it. The connector's own project has one session; each tenant project
 * reached through `Scope.projectId` gets its own, authenticated with the same user credentials
 * scoped to that project id (a Cinder URL and a token are per project). `ProjectSessions` keeps
 * them: the connector's own, and one per tenant project reached.
 */
import type { Scope } from '../driver.ts';
import type { OpenStackConnectorConfig } from './connector.ts';
import type { Transport } from './http-transport.ts';
import { TokenManager } from './keystone/token-manager.ts';
import { identityBase } from './keystone/urls.ts';
import type { ProjectScope } from './keystone/wire.ts';
import type { ClientOf } from './resource.ts';
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

function openSession(config: OpenStackConnectorConfig, transport: Transport, scope: ProjectScope): Session {
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

export type ServiceOfSession = 'nova' | 'glance' | 'cinder' | 'neutron';

/**
 * The connector's own session and one per tenant project, opened on first use: a scope without a
 * project id, or with the connector's own, is served by `own`.
 */
export class ProjectSessions {
  readonly own: Session;
  readonly #open: (scope: ProjectScope) => Session;
  readonly #tenants = new Map<string, Session>();

  constructor(config: OpenStackConnectorConfig, transport: Transport) {
    this.#open = (scope) => openSession(config, transport, scope);
    this.own = this.#open({ projectName: config.projectName, projectDomainName: config.projectDomainName });
  }

  async of(scope: Scope): Promise<Session> {
    const id = scope.projectId;
    if (id === undefined || id === (await this.own.tokens.current()).project.id) return this.own;
    let s = this.#tenants.get(id);
    if (!s) this.#tenants.set(id, (s = this.#open({ projectId: id })));
    return s;
  }

  /** The client of one service, per scope (what the port parts bind their resources to). */
  client(service: ServiceOfSession): ClientOf {
    return async (scope) => (await this.of(scope))[service];
  }

  forget(projectId: string): void {
    this.#tenants.delete(projectId);
  }

  clear(): void {
    this.#tenants.clear();
  }
}
