/**
 * Raw Keystone/Nova/Neutron/Cinder access to the real rig for checks independent of the driver
 * under test: a password token for the openrc's admin scope and the public endpoints of its
 * catalog. Kept deliberately small — the tests check the cloud, they do not manage it.
 */
import { readOpenrc } from './rig.ts';

/** A busy 2-core rig can take tens of seconds to answer. */
const REQUEST_TIMEOUT_MS = 120_000;

export interface RawCloud {
  token: string;
  authUrl: string;
  endpoint(type: string): string;
  call(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
}

export function passwordAuth(env: Record<string, string>, user = env.OS_USERNAME, password = env.OS_PASSWORD): unknown {
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { name: user, domain: { name: env.OS_USER_DOMAIN_NAME ?? 'Default' }, password } } },
      scope: { project: { name: env.OS_PROJECT_NAME, domain: { name: env.OS_PROJECT_DOMAIN_NAME ?? 'Default' } } },
    },
  };
}

/** A password token for `env`'s scope and the public endpoints of its catalog. */
async function authenticate(env: Record<string, string>, authUrl: string): Promise<{ token: string; catalog: Catalog }> {
  const res = await fetch(`${authUrl}/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(passwordAuth(env)), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (res.status !== 201) throw new Error(`keystone token: ${res.status} ${await res.text()}`);
  return { token: res.headers.get('x-subject-token')!, catalog: ((await res.json()) as { token: { catalog: Catalog } }).token.catalog };
}

type Catalog = { type: string; endpoints: { interface: string; url: string }[] }[];

export async function rawCloud(env: Record<string, string> = readOpenrc()): Promise<RawCloud> {
  const authUrl = env.OS_AUTH_URL!.replace(/\/+$/, '');
  const first = await authenticate(env, authUrl);
  const catalog = first.catalog;
  const send = async (token: string, method: string, url: string, body: unknown, headers: Record<string, string>) =>
    fetch(url, {
      method,
      headers: { 'x-auth-token': token, accept: 'application/json', ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  const cloud: RawCloud = {
    token: first.token,
    authUrl,
    endpoint(type) {
      const url = catalog.find((s) => s.type === type)?.endpoints.find((e) => e.interface === 'public')?.url;
      if (!url) throw new Error(`no public ${type} endpoint in the catalog`);
      return url.replace(/\/+$/, '');
    },
    async call(method, url, body, headers = {}) {
      let r = await send(cloud.token, method, url, body, headers);
      // The rig's tokens live 300 s (up.sh), less than a long suite: a 401 gets one fresh token.
      // A caller that names its own x-subject-token is checking tokens, so its 401 is kept.
      if (r.status === 401 && !headers['x-subject-token']) {
        cloud.token = (await authenticate(env, authUrl)).token;
        r = await send(cloud.token, method, url, body, headers);
      }
      const text = await r.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: r.status, body: parsed };
    },
  };
  return cloud;
}

/**
 * Removes whatever a failed run left in a project — servers, images, volumes (with their
 * snapshots), ports, subnets, networks, then the project — so a failed run does not leak into the next one. Best effort: it reports
 * what it could not remove instead of throwing over the test's own failure.
 */
/** Cinder's attachments API needs microversion 3.27. */
const attachmentsApi = { 'openstack-api-version': 'volume 3.27' };

export async function sweepProject(cloud: RawCloud, projectId: string): Promise<string[]> {
  const nova = cloud.endpoint('compute');
  const neutron = cloud.endpoint('network');
  const cinder = cloud.endpoint('volumev3');
  const list = async (url: string, key: string): Promise<{ id: string }[]> => ((await cloud.call('GET', url)).body?.[key] ?? []) as { id: string }[];
  const until = async (url: string, key: string): Promise<{ id: string }[]> => {
    for (let i = 0; i < 120; i++) {
      const left = await list(url, key);
      if (left.length === 0) return left;
      await new Promise((r) => setTimeout(r, 1_000));
    }
    return list(url, key);
  };
  const servers = `${nova}/servers/detail?all_tenants=1&project_id=${projectId}`;
  for (const s of await list(servers, 'servers')) await cloud.call('DELETE', `${nova}/servers/${s.id}`);
  const leftServers = await until(servers, 'servers');
  const images = `${cloud.endpoint('image')}/v2/images?owner=${projectId}`;
  for (const i of await list(images, 'images')) await cloud.call('DELETE', `${cloud.endpoint('image')}/v2/images/${i.id}`);
  const volumes = `${cinder}/volumes/detail?all_tenants=1&project_id=${projectId}`;
  // A server deleted before nova-compute built it can leave its volume `reserved` by an attachment.
  const attachments = await cloud.call('GET', `${cinder}/attachments?all_tenants=1&project_id=${projectId}`, undefined, attachmentsApi);
  for (const a of (attachments.body?.attachments ?? []) as { id: string }[]) await cloud.call('DELETE', `${cinder}/attachments/${a.id}`, undefined, attachmentsApi);
  for (const v of await list(volumes, 'volumes')) await cloud.call('DELETE', `${cinder}/volumes/${v.id}?cascade=true`);
  const ports = `${neutron}/v2.0/ports?project_id=${projectId}`;
  for (const p of await list(ports, 'ports')) await cloud.call('DELETE', `${neutron}/v2.0/ports/${p.id}`);
  const networks = `${neutron}/v2.0/networks?project_id=${projectId}`;
  for (const n of await list(networks, 'networks')) await cloud.call('DELETE', `${neutron}/v2.0/networks/${n.id}`);
  const leftVolumes = await until(volumes, 'volumes');
  await cloud.call('DELETE', `${cloud.authUrl}/projects/${projectId}`);
  const left = [...leftServers.map((s) => `server ${s.id}`), ...leftVolumes.map((v) => `volume ${v.id}`), ...(await list(images, 'images')).map((i) => `image ${i.id}`)];
  left.push(...(await list(ports, 'ports')).map((p) => `port ${p.id}`), ...(await list(networks, 'networks')).map((n) => `network ${n.id}`));
  return left;
}
