/**
 * Keystone tokens (spec §1.2, §1.4): issued by password or token, project-scoped, one hour by
 * default, kept in the state (so the manager's cached token survives an emulator restart), and
 * checked by every other service through `authenticate`.
 */
import type { Cloud } from '../state/cloud.ts';
import type { EmuState, Project, Token, User } from '../state/model.ts';
import type { AuthInfo } from '../http/service.ts';
import { ApiError } from '../http/types.ts';
import { auditId, opaqueToken } from '../state/ids.ts';
import { keystoneTime } from '../state/time-format.ts';
import { catalog } from './catalog.ts';

export const TOKEN_LIFETIME_MS = 3600_000;

const unauthorized = () => new ApiError(401, 'The request you have made requires authentication.');

export function domainView(domainId: string): { id: string; name: string } {
  return { id: domainId, name: domainId === 'default' ? 'Default' : domainId };
}

interface NameOrId {
  id?: string;
  name?: string;
  domain?: { id?: string; name?: string };
}

function domainMatches(wanted: NameOrId['domain'], domainId: string): boolean {
  if (!wanted) return true;
  if (wanted.id !== undefined) return wanted.id === domainId;
  return wanted.name === domainView(domainId).name;
}

function findBy<T extends { id: string; name: string; domainId: string }>(list: T[], ref: NameOrId | undefined): T | undefined {
  if (!ref) return undefined;
  if (ref.id !== undefined) return list.find((x) => x.id === ref.id);
  return list.find((x) => x.name === ref.name && domainMatches(ref.domain, x.domainId));
}

export function rolesOf(state: EmuState, userId: string, projectId: string): { id: string; name: string }[] {
  const ids = new Set(state.assignments.filter((a) => a.userId === userId && a.projectId === projectId).map((a) => a.roleId));
  return state.roles.filter((r) => ids.has(r.id)).map((r) => ({ id: r.id, name: r.name }));
}

/** POST /v3/auth/tokens: returns the new token id and its record. */
export function issueToken(cloud: Cloud, body: unknown): { id: string; token: Token; methods: string[] } {
  const auth = (body as { auth?: { identity?: Record<string, unknown>; scope?: { project?: NameOrId } } } | undefined)?.auth;
  const identity = auth?.identity as
    | { methods?: string[]; password?: { user?: NameOrId & { password?: string } }; token?: { id?: string } }
    | undefined;
  if (!identity?.methods?.length) throw new ApiError(400, 'Expecting to find identity in auth.');
  const { state, clock } = cloud;
  let user: User | undefined;
  let fromToken: Token | undefined;
  if (identity.methods.includes('password')) {
    const ref = identity.password?.user;
    user = findBy(state.users, ref);
    if (!user || user.password !== ref?.password) throw unauthorized();
  } else if (identity.methods.includes('token')) {
    fromToken = liveToken(cloud, identity.token?.id ?? '');
    if (!fromToken) throw unauthorized();
    user = state.users.find((u) => u.id === fromToken?.userId);
    if (!user) throw unauthorized();
  } else {
    throw unauthorized();
  }
  let project: Project | undefined;
  const scope = auth?.scope?.project;
  if (scope) {
    project = findBy(state.projects, scope);
    if (!project || !project.enabled || rolesOf(state, user.id, project.id).length === 0) throw unauthorized();
  } else if (fromToken) {
    project = state.projects.find((p) => p.id === fromToken?.projectId);
  }
  pruneExpired(state, clock.now());
  const now = clock.now();
  const token: Token = {
    userId: user.id,
    projectId: project?.id ?? '',
    issuedAt: now,
    expiresAt: fromToken?.expiresAt ?? now + TOKEN_LIFETIME_MS,
    auditId: auditId(),
  };
  const id = opaqueToken();
  state.tokens[id] = token;
  return { id, token, methods: identity.methods };
}

function pruneExpired(state: EmuState, now: number): void {
  for (const [id, t] of Object.entries(state.tokens)) if (t.expiresAt <= now) delete state.tokens[id];
}

export function liveToken(cloud: Cloud, id: string): Token | undefined {
  const t = cloud.state.tokens[id];
  return t && t.expiresAt > cloud.clock.now() ? t : undefined;
}

/** Token check for every service route (keystonemiddleware's job). Unscoped tokens are refused. */
export function authenticate(cloud: Cloud, id: string): AuthInfo | undefined {
  const t = liveToken(cloud, id);
  if (!t || !t.projectId) return undefined;
  const roles = rolesOf(cloud.state, t.userId, t.projectId).map((r) => r.name);
  return { token: id, userId: t.userId, projectId: t.projectId, roles, isAdmin: roles.includes('admin') };
}

/** The `{"token": ...}` body of issue and validation. */
export function tokenBody(cloud: Cloud, token: Token, methods: string[], baseUrl: string): unknown {
  const { state } = cloud;
  const user = state.users.find((u) => u.id === token.userId);
  const project = state.projects.find((p) => p.id === token.projectId);
  const body: Record<string, unknown> = {
    methods,
    user: { id: user?.id, name: user?.name, domain: domainView(user?.domainId ?? 'default'), password_expires_at: null },
    audit_ids: [token.auditId],
    expires_at: keystoneTime(token.expiresAt),
    issued_at: keystoneTime(token.issuedAt),
  };
  if (project) {
    body.project = { id: project.id, name: project.name, domain: domainView(project.domainId) };
    body.is_domain = false;
    body.roles = rolesOf(state, token.userId, project.id);
    body.catalog = catalog(baseUrl, project.id);
  }
  return { token: body };
}
