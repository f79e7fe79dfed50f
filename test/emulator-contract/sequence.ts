/**
 * The raw API call sequence of the emulator contract (IMPL-4): the same calls, in the same order,
 * sent to the real OpenStack (capture.ts, fixtures) and to the emulator (the contract test).
 * Token and catalog, every service's version documents, servers/detail at microversion 2.1 and
 * at the driver's 2.45, flavors, images, networks, subnets, ports, volumes and snapshots, and the
 * 404/409/401 answers with their error bodies, the backup calls (sequence-backup.ts) and the
 * placement calls (sequence-placement.ts). It creates one port, one server, one volume and one
 * snapshot of its own, and what the backup and placement calls make, and removes them at the end,
 * whatever happened. `parts` runs only some of the parts after the look-ups (a capture refreshing
 * one part on a slow rig).
 */
import { randomUUID } from 'node:crypto';
import { fieldPaths } from './fields.ts';
import { backupCalls, cleanUpBackup, type BackupMade, type Caller, type Reply } from './sequence-backup.ts';
import { cleanUpPlacement, placementCalls, type PlacementMade } from './sequence-placement.ts';

export interface Target {
  authUrl: string;
  username: string;
  password: string;
  projectName: string;
  image: string;
  network: string;
  flavor: string;
  /** Longest wait for a server or volume to settle. */
  settleMs: number;
  /** The parts to run after the token, version and look-up calls; all when absent. */
  parts?: readonly SequencePart[];
}

export const sequenceParts = ['core', 'backup', 'placement'] as const;
export type SequencePart = (typeof sequenceParts)[number];

/** What is compared: the status code and the JSON field paths of the body (with response headers as `header:name`). */
export interface Answer {
  request: string;
  status: number;
  fields: string[];
}

const NOVA_MICROVERSION_DRIVER = '2.45'; // src/vim/openstack/nova/servers/requests.ts createImageMicroversion
/** A busy 2-core rig can take tens of seconds for a POST /servers. */
const REQUEST_TIMEOUT_MS = 120_000;
const WATCHED_HEADERS = ['x-subject-token', 'x-openstack-request-id', 'openstack-api-version', 'x-openstack-nova-api-version'];

export async function runSequence(t: Target): Promise<Map<string, Answer>> {
  const answers = new Map<string, Answer>();
  const auth = t.authUrl.replace(/\/+$/, '');
  let token = '';
  const headersFor = (service: string, microversion?: string): Record<string, string> => {
    if (service === 'compute') return { 'x-openstack-nova-api-version': microversion ?? '2.1' };
    if (service === 'volume') return { 'openstack-api-version': 'volume 3.0' };
    return {};
  };
  const send = (method: string, url: string, opts: { body?: unknown; headers?: Record<string, string> }) =>
    fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(token && { 'x-auth-token': token }),
        ...(opts.body !== undefined && { 'content-type': 'application/json' }),
        ...opts.headers,
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  async function call(name: string | undefined, method: string, url: string, opts: { body?: unknown; headers?: Record<string, string>; label?: string } = {}): Promise<Reply> {
    let res = await send(method, url, opts);
    // The sequence outlives a rig token (300 s): a 401 on our own token gets one fresh token.
    if (res.status === 401 && token && !opts.headers?.['x-auth-token']) {
      token = (await authenticate(t.password)).headers.get('x-subject-token') ?? '';
      res = await send(method, url, opts);
    }
    const text = await res.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = { '<non-json body>': true };
    }
    if (name) {
      const headers = WATCHED_HEADERS.filter((h) => res.headers.has(h)).map((h) => `header:${h}`);
      answers.set(name, { request: opts.label ?? method, status: res.status, fields: [...headers, ...fieldPaths(body)].sort() });
    }
    return { status: res.status, body };
  }
  async function settle(what: string, get: () => Promise<string | undefined>, want: string): Promise<void> {
    const deadline = Date.now() + t.settleMs;
    for (;;) {
      const status = await get();
      if (status === want) return;
      if (status === 'ERROR' || status === 'error' || Date.now() > deadline) throw new Error(`${what} is ${status}, not ${want}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  async function gone(url: string, headers: Record<string, string> = {}): Promise<void> {
    const deadline = Date.now() + t.settleMs;
    while ((await call(undefined, 'GET', url, { headers })).status !== 404 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  }
  const caller: Caller = { call, settle, gone };

  // --- Keystone: token, a wrong password, the catalog.
  const scope = { project: { name: t.projectName, domain: { name: 'Default' } } };
  const identity = (password: string) => ({ methods: ['password'], password: { user: { name: t.username, domain: { name: 'Default' }, password } } });
  const authenticate = (password: string) =>
    fetch(`${auth}/auth/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ auth: { identity: identity(password), scope } }), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  const tokenRes = await authenticate(t.password);
  token = tokenRes.headers.get('x-subject-token') ?? '';
  const tokenBody = (await tokenRes.json()) as { token: { catalog: { type: string; endpoints: { interface: string; url: string }[] }[] } };
  answers.set('keystone-token', { request: 'POST /v3/auth/tokens', status: tokenRes.status, fields: [...(token ? ['header:x-subject-token'] : []), ...fieldPaths(tokenBody)].sort() });
  const endpoint = (type: string): string => {
    const url = tokenBody.token.catalog.find((s) => s.type === type)?.endpoints.find((e) => e.interface === 'public')?.url;
    if (!url) throw new Error(`no public ${type} endpoint`);
    return url.replace(/\/+$/, '');
  };
  const root = (url: string): string => url.replace(/\/v\d[\d.]*(\/.*)?$/, '');
  const saved = token;
  token = '';
  await call('keystone-token-401', 'POST', `${auth}/auth/tokens`, { body: { auth: { identity: identity(`${t.password}-wrong`), scope } }, label: 'POST /v3/auth/tokens (wrong password)' });
  token = saved;
  await call('keystone-catalog', 'GET', `${auth}/auth/catalog`, { label: 'GET /v3/auth/catalog' });

  const nova = endpoint('compute');
  const glance = endpoint('image');
  const neutron = endpoint('network');
  const cinder = endpoint('volumev3');

  // --- Version documents.
  await call('versions-identity-root', 'GET', `${root(auth)}/`, { label: 'GET identity /' });
  await call('versions-identity-v3', 'GET', auth, { label: 'GET identity /v3' });
  await call('versions-compute-root', 'GET', `${root(nova)}/`, { label: 'GET compute /' });
  await call('versions-compute-v2.1', 'GET', `${root(nova)}/v2.1/`, { label: 'GET compute /v2.1/' });
  await call('versions-image', 'GET', `${glance}/versions`, { label: 'GET image /versions' });
  await call('versions-network-root', 'GET', `${neutron}/`, { label: 'GET network /' });
  await call('versions-network-v2.0', 'GET', `${neutron}/v2.0/`, { label: 'GET network /v2.0/' });
  await call('versions-volume-root', 'GET', `${root(cinder)}/`, { label: 'GET volume /' });
  await call('versions-volume-v3', 'GET', `${root(cinder)}/v3/`, { label: 'GET volume /v3/' });

  // --- Look-ups by name.
  const compute = headersFor('compute');
  const flavors = await call('flavors-detail', 'GET', `${nova}/flavors/detail`, { headers: compute, label: 'GET /flavors/detail' });
  const flavorId = (flavors.body.flavors as { id: string; name: string }[]).find((f) => f.name === t.flavor)!.id;
  await call('flavor-show', 'GET', `${nova}/flavors/${flavorId}`, { headers: compute, label: 'GET /flavors/{id}' });
  const images = await call('images-by-name', 'GET', `${glance}/v2/images?name=${t.image}`, { label: 'GET /v2/images?name=' });
  const imageId = images.body.images[0].id as string;
  await call('image-show', 'GET', `${glance}/v2/images/${imageId}`, { label: 'GET /v2/images/{id}' });
  const networks = await call('networks-by-name', 'GET', `${neutron}/v2.0/networks?name=${t.network}`, { label: 'GET /v2.0/networks?name=' });
  const networkId = networks.body.networks[0].id as string;
  await call('network-show', 'GET', `${neutron}/v2.0/networks/${networkId}`, { label: 'GET /v2.0/networks/{id}' });
  await call('subnets-of-network', 'GET', `${neutron}/v2.0/subnets?network_id=${networkId}`, { label: 'GET /v2.0/subnets?network_id=' });

  const name = `contract-${randomUUID().slice(0, 8)}`;
  const created: { port?: string; server?: string; volume?: string; snapshot?: string } = {};
  const backup: BackupMade = { servers: [], images: [], snapshots: [], volumes: [] };
  const placement: PlacementMade = { servers: [], groups: [] };
  const runs = (part: SequencePart) => t.parts === undefined || t.parts.includes(part);
  try {
    if (runs('core') || runs('backup')) await coreCalls(); // backup images core's server
    if (runs('backup')) await backupCalls(caller, { nova, glance, cinder }, { name, serverId: created.server!, imageId, flavorId, networkId }, backup);
    if (runs('placement')) await placementCalls(caller, nova, { name, imageId, flavorId, networkId }, placement);
  } finally {
    await cleanUpPlacement(caller, nova, placement);
    await cleanUpBackup(caller, { nova, glance, cinder }, backup);
    await cleanUp(created, { nova, neutron, cinder, call, gone });
  }
  return answers;

  async function coreCalls(): Promise<void> {
    // --- Ports, and a 409 for an address already in use.
    const port = await call('port-create', 'POST', `${neutron}/v2.0/ports`, { body: { port: { network_id: networkId, name } }, label: 'POST /v2.0/ports' });
    created.port = port.body.port.id;
    await call('port-show', 'GET', `${neutron}/v2.0/ports/${created.port}`, { label: 'GET /v2.0/ports/{id}' });
    await call('ports-by-name', 'GET', `${neutron}/v2.0/ports?name=${name}`, { label: 'GET /v2.0/ports?name=' });
    const ip = port.body.port.fixed_ips[0].ip_address as string;
    await call('port-409-ip-in-use', 'POST', `${neutron}/v2.0/ports`, { body: { port: { network_id: networkId, fixed_ips: [{ ip_address: ip }] } }, label: 'POST /v2.0/ports (address in use)' });

    // --- A server: create, detail at 2.1 and 2.45, show, a 409 action.
    const server = await call('server-create', 'POST', `${nova}/servers`, {
      headers: compute,
      body: { server: { name, flavorRef: flavorId, imageRef: imageId, networks: [{ uuid: networkId }] } },
      label: 'POST /servers',
    });
    created.server = server.body.server.id;
    await settle('server', async () => (await call(undefined, 'GET', `${nova}/servers/${created.server}`, { headers: compute })).body.server?.status, 'ACTIVE');
    await call('servers-detail-2.1', 'GET', `${nova}/servers/detail?name=^${name}$`, { headers: compute, label: 'GET /servers/detail (2.1)' });
    await call(`servers-detail-${NOVA_MICROVERSION_DRIVER}`, 'GET', `${nova}/servers/detail?name=^${name}$`, { headers: headersFor('compute', NOVA_MICROVERSION_DRIVER), label: `GET /servers/detail (${NOVA_MICROVERSION_DRIVER})` });
    await call('server-show', 'GET', `${nova}/servers/${created.server}`, { headers: compute, label: 'GET /servers/{id}' });
    await call('server-409-start-active', 'POST', `${nova}/servers/${created.server}/action`, { headers: compute, body: { 'os-start': null }, label: 'POST /servers/{id}/action os-start (ACTIVE)' });

    // --- A volume and its snapshot; deleting a volume that has snapshots is refused.
    const volume = headersFor('volume');
    const vol = await call('volume-create', 'POST', `${cinder}/volumes`, { headers: volume, body: { volume: { size: 1, name } }, label: 'POST /volumes' });
    created.volume = vol.body.volume.id;
    await settle('volume', async () => (await call(undefined, 'GET', `${cinder}/volumes/${created.volume}`, { headers: volume })).body.volume?.status, 'available');
    await call('volume-show', 'GET', `${cinder}/volumes/${created.volume}`, { headers: volume, label: 'GET /volumes/{id}' });
    await call('volumes-detail-by-name', 'GET', `${cinder}/volumes/detail?name=${name}`, { headers: volume, label: 'GET /volumes/detail?name=' });
    const snap = await call('snapshot-create', 'POST', `${cinder}/snapshots`, { headers: volume, body: { snapshot: { volume_id: created.volume, name } }, label: 'POST /snapshots' });
    created.snapshot = snap.body.snapshot.id;
    await settle('snapshot', async () => (await call(undefined, 'GET', `${cinder}/snapshots/${created.snapshot}`, { headers: volume })).body.snapshot?.status, 'available');
    await call('snapshot-show', 'GET', `${cinder}/snapshots/${created.snapshot}`, { headers: volume, label: 'GET /snapshots/{id}' });
    await call('snapshots-detail-by-name', 'GET', `${cinder}/snapshots/detail?name=${name}`, { headers: volume, label: 'GET /snapshots/detail?name=' });
    await call('volume-delete-with-snapshot', 'DELETE', `${cinder}/volumes/${created.volume}`, { headers: volume, label: 'DELETE /volumes/{id} (has a snapshot)' });

    // --- 404s.
    const missing = randomUUID();
    await call('server-404', 'GET', `${nova}/servers/${missing}`, { headers: compute, label: 'GET /servers/{unknown}' });
    await call('flavor-404', 'GET', `${nova}/flavors/${missing}`, { headers: compute, label: 'GET /flavors/{unknown}' });
    await call('image-404', 'GET', `${glance}/v2/images/${missing}`, { label: 'GET /v2/images/{unknown}' });
    await call('network-404', 'GET', `${neutron}/v2.0/networks/${missing}`, { label: 'GET /v2.0/networks/{unknown}' });
    await call('port-404', 'GET', `${neutron}/v2.0/ports/${missing}`, { label: 'GET /v2.0/ports/{unknown}' });
    await call('volume-404', 'GET', `${cinder}/volumes/${missing}`, { headers: volume, label: 'GET /volumes/{unknown}' });
    await call('snapshot-404', 'GET', `${cinder}/snapshots/${missing}`, { headers: volume, label: 'GET /snapshots/{unknown}' });

    // --- 401s: every service with a token that is not valid.
    const bad = { 'x-auth-token': 'not-a-valid-token' };
    await call('compute-401', 'GET', `${nova}/flavors`, { headers: { ...compute, ...bad }, label: 'GET /flavors (bad token)' });
    await call('image-401', 'GET', `${glance}/v2/images`, { headers: bad, label: 'GET /v2/images (bad token)' });
    await call('network-401', 'GET', `${neutron}/v2.0/networks`, { headers: bad, label: 'GET /v2.0/networks (bad token)' });
    await call('volume-401', 'GET', `${cinder}/volumes`, { headers: { ...volume, ...bad }, label: 'GET /volumes (bad token)' });
  }
}

async function cleanUp(
  c: { port?: string; server?: string; volume?: string; snapshot?: string },
  o: { nova: string; neutron: string; cinder: string } & Pick<Caller, 'call' | 'gone'>,
): Promise<void> {
  const volume = { 'openstack-api-version': 'volume 3.0' };
  const { gone } = o;
  if (c.server) await o.call(undefined, 'DELETE', `${o.nova}/servers/${c.server}`);
  if (c.port) await o.call(undefined, 'DELETE', `${o.neutron}/v2.0/ports/${c.port}`);
  if (c.snapshot) {
    await o.call(undefined, 'DELETE', `${o.cinder}/snapshots/${c.snapshot}`, { headers: volume });
    await gone(`${o.cinder}/snapshots/${c.snapshot}`, volume);
  }
  if (c.volume) await o.call(undefined, 'DELETE', `${o.cinder}/volumes/${c.volume}`, { headers: volume });
  if (c.server) await gone(`${o.nova}/servers/${c.server}`);
  if (c.volume) await gone(`${o.cinder}/volumes/${c.volume}`, volume);
}
