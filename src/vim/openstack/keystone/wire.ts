/**
 * @module Keystone v3 password auth on the wire (openstack-api.md §1.2): the request body
 * keystoneauth sends, and the token response read into our `AuthState`. The token itself is only
 * in the `X-Subject-Token` header.
 */
import type { CatalogEntry } from './catalog.ts';

export interface PasswordCredentials {
  username: string;
  password: string;
  userDomainName: string;
}

/** A project by name in a domain (the connector's own), or by id (a tenant's project). */
export type ProjectScope = { projectName: string; projectDomainName: string } | { projectId: string };

export interface AuthState {
  token: string;
  /** Epoch ms. */
  expiresAt: number;
  userId: string;
  project: { id: string; name: string; domainId: string };
  catalog: CatalogEntry[];
}

export function passwordAuthBody(creds: PasswordCredentials, scope: ProjectScope): unknown {
  const project =
    'projectId' in scope ? { id: scope.projectId } : { name: scope.projectName, domain: { name: scope.projectDomainName } };
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: creds.username, domain: { name: creds.userDomainName }, password: creds.password } },
      },
      scope: { project },
    },
  };
}

interface WireToken {
  token: {
    expires_at: string;
    user: { id: string };
    project?: { id: string; name: string; domain: { id: string } };
    catalog?: CatalogEntry[];
  };
}

export function toAuthState(subjectToken: string | null, body: string): AuthState {
  const { token } = JSON.parse(body) as WireToken;
  if (!subjectToken) throw new Error('Keystone answered without an X-Subject-Token header');
  if (!token.project) throw new Error('Keystone returned an unscoped token');
  return {
    token: subjectToken,
    expiresAt: Date.parse(token.expires_at),
    userId: token.user.id,
    project: { id: token.project.id, name: token.project.name, domainId: token.project.domain.id },
    catalog: token.catalog ?? [],
  };
}
