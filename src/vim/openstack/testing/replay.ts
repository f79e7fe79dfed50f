/**
 * @module Replays an exchange captured from the real rig (`capture-fixtures.ts`) through the fake
 * cloud: the fake answers with the captured response, and the test gets what our driver sent, to
 * compare with what the real OpenStack accepted. Also starts a driver on a fresh fake cloud.
 */
import { readFileSync } from 'node:fs';
import type { VimDriver } from '../../driver.ts';
import { createOpenStackDriver } from '../openstack-driver.ts';
import { FakeCloud, recordingClock, type FakeRequest } from './fake-cloud.ts';

export interface Fixture {
  request: { method: string; path: string; headers: Record<string, string>; body?: unknown };
  response: { status: number; headers: Record<string, string>; body?: unknown };
}

export function loadFixture(path: string): Fixture {
  return JSON.parse(readFileSync(path, 'utf8')) as Fixture;
}

/** Where the fake serves each real endpoint path (the rig's Cinder project id becomes `p1`). */
export function fakePath(realPath: string): string {
  if (realPath.startsWith('/v2.1/')) return `/compute${realPath}`;
  if (realPath.startsWith('/v2.0/')) return `/network${realPath}`;
  if (realPath.startsWith('/v2/')) return `/image${realPath}`;
  if (realPath.startsWith('/v3/')) return `/volume${realPath.replace(/^\/v3\/[0-9a-f]+\//, '/v3/p1/')}`;
  throw new Error(`no fake endpoint for ${realPath}`);
}

/** Queues the captured answer; the returned function gives the request our driver sent. */
export function expectFixture(cloud: FakeCloud, fx: Fixture, path = fakePath(fx.request.path)): () => FakeRequest {
  let seen: FakeRequest | undefined;
  cloud.expect(fx.request.method, path, (req) => {
    seen = req;
    return { status: fx.response.status, headers: fx.response.headers, body: fx.response.body };
  });
  return () => {
    if (!seen) throw new Error(`${fx.request.method} ${path} was never requested`);
    return seen;
  };
}

export interface FakeWorld {
  cloud: FakeCloud;
  clock: ReturnType<typeof recordingClock>;
  driver: VimDriver;
  stop(): Promise<void>;
}

export async function startFakeWorld(opts: { requestTimeoutMs?: number } = {}): Promise<FakeWorld> {
  const clock = recordingClock();
  const cloud = await new FakeCloud().start();
  cloud.now = clock.now;
  const driver = createOpenStackDriver(
    {
      id: 'fake', authUrl: `${cloud.url}/identity/v3`, username: 'admin', password: 'pw', projectName: 'admin',
      projectDomainName: 'Default', userDomainName: 'Default', requestTimeoutMs: opts.requestTimeoutMs,
    },
    { clock },
  );
  return { cloud, clock, driver, stop: async () => { await driver.close(); await cloud.stop(); } };
}
