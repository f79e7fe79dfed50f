/**
 * Test helper: starts an emulator on an ephemeral port with fast transitions and talks to it over
 * real HTTP with a project-scoped token, the way the driver and the clients do.
 */
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator.ts';

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

export interface TestCloud {
  emu: Emulator;
  token: string;
  projectId: string;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Reply>;
  /** Polls `path` until `pick(body)` equals `want` (or the time runs out, then fails). */
  waitFor(path: string, pick: (body: any) => unknown, want: unknown, timeoutMs?: number): Promise<any>;
  close(): Promise<void>;
}

export async function getToken(authUrl: string, password = 'admin'): Promise<{ token: string; body: any; status: number }> {
  const res = await fetch(`${authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password } } },
        scope: { project: { name: 'admin', domain: { name: 'Default' } } },
      },
    }),
  });
  return { token: res.headers.get('x-subject-token') ?? '', body: await res.json(), status: res.status };
}

export async function testCloud(opts: EmulatorOptions = {}): Promise<TestCloud> {
  const emu = await startEmulator({ port: 0, timeScale: 0.05, ...opts });
  const { token, body } = await getToken(emu.authUrl);
  const call = async (method: string, path: string, payload?: unknown, headers: Record<string, string> = {}): Promise<Reply> => {
    const res = await fetch(emu.url + path, {
      method,
      headers: { 'x-auth-token': token, ...(payload !== undefined && { 'content-type': 'application/json' }), ...headers },
      ...(payload !== undefined && { body: JSON.stringify(payload) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // Glance HTML errors and image data stay text.
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  const waitFor = async (path: string, pick: (body: any) => unknown, want: unknown, timeoutMs = 5000): Promise<any> => {
    const until = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      const res = await call('GET', path);
      last = res.status === 404 ? 404 : pick(res.body);
      if (last === want) return res.body;
      if (Date.now() > until) throw new Error(`${path}: waited for ${String(want)}, still ${String(last)}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { emu, token, projectId: body.token.project.id, call, waitFor, close: () => emu.close() };
}

export async function networkId(cloud: TestCloud, name: string): Promise<string> {
  const res = await cloud.call('GET', `/network/v2.0/networks?name=${name}`);
  return res.body.networks[0].id;
}

export async function imageId(cloud: TestCloud, name: string): Promise<string> {
  const res = await cloud.call('GET', `/image/v2/images?name=${name}`);
  return res.body.images[0].id;
}

/** Boots a server from cirros on `private` and waits for ACTIVE. */
export async function bootServer(cloud: TestCloud, name: string, extra: Record<string, unknown> = {}): Promise<any> {
  const res = await cloud.call('POST', '/compute/v2.1/servers', {
    server: { name, flavorRef: '1', imageRef: await imageId(cloud, 'cirros'), networks: [{ uuid: await networkId(cloud, 'private') }], ...extra },
  });
  if (res.status !== 202) throw new Error(`boot ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return cloud.waitFor(`/compute/v2.1/servers/${res.body.server.id}`, (b) => b.server.status, 'ACTIVE');
}
