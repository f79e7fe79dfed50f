/**
 * What every manager-level suite on the real rig shares (IMPL-3): the emulator's two-group
 * deployment renamed to what the rig has, settings that suit a slow 2-core cloud, a manager with a
 * callback receiver, and reads of one Keystone project's servers, ports, volumes and networks on
 * the real APIs. Kept apart from cloud.ts, which knows nothing of the manager.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import type { Manager, ManagerOptions } from '../../src/app/manager.ts';
import { HttpReceiver, type ReceivedRequest } from '../../src/events/testing/http-receiver.ts';
import { completionOf, eventsOf, type ReceivedEvent } from '../support/callbacks.ts';
import { startTestManager } from '../support/manager.ts';
import { sweepProject, type RawCloud } from './cloud.ts';

/** The emulator's two-group deployment (`shop`: db with a volume, 2 web) in `tenant`. */
export function twoGroupXml(tenant: string): string {
  return readFileSync(new URL('../e2e/fixtures/two-group.xml', import.meta.url), 'utf8').replace('<name>acme</name>', `<name>${tenant}</name>`);
}

/** An emulator deployment with the rig's names: image, network, and boot-up times a loaded 2-core rig needs. */
export function onRig(xml: string): string {
  return xml
    .replaceAll('<image>cirros</image>', '<image>osrig-tiny</image>')
    .replaceAll('<network>private</network>', '<network>net1</network>')
    .replace(/<bootup_time>\d+<\/bootup_time>/g, '<bootup_time>600</bootup_time>');
}

/** The two-group deployment with the rig's names. */
export const realDeploymentXml = (tenant: string): string => onRig(twoGroupXml(tenant));

/** Poll the real cloud once a second; give its APIs time on a busy machine. */
export const realSettings: Record<string, string> = {
  ...Object.fromEntries(['server.create', 'server.action', 'server.delete', 'volume.create', 'volume.delete', 'snapshot.create', 'snapshot.delete'].map((k) => [`vim.asyncpoller.${k}.poll.secs`, '1'])),
  'vim.request.timeout.secs': '120',
};

export const serviceOperation = (op: 'stop' | 'start' | 'reboot') =>
  `<service_operation xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><operation>${op}</operation></service_operation>`;

export interface Finished {
  txn: string;
  done: ReceivedRequest;
  events: ReceivedEvent[];
}

export interface ProjectContents {
  servers: { id: string; name: string; status: string }[];
  ports: { id: string; device_id: string; fixed_ips: { ip_address: string }[] }[];
  volumes: { id: string; status: string }[];
  networks: { id: string }[];
}

/** A manager on the real cloud and the receiver of its callbacks. */
export class RealSession {
  readonly manager: Manager;
  readonly receiver: HttpReceiver;
  readonly admin: RawCloud;
  private constructor(manager: Manager, receiver: HttpReceiver, admin: RawCloud) {
    this.manager = manager;
    this.receiver = receiver;
    this.admin = admin;
  }

  static async start(admin: RawCloud, opts: ManagerOptions): Promise<RealSession> {
    const receiver = await HttpReceiver.start();
    const manager = await startTestManager({ logger: pino({ level: 'warn' }, pino.destination(2)), ...opts, settings: { ...realSettings, ...opts.settings } });
    return new RealSession(manager, receiver, admin);
  }

  /** A northbound request with both callbacks set; `type` is the body's (and the answer's) content type. */
  async send(method: string, path: string, body?: string, type = 'application/xml'): Promise<{ status: number; txn: string | null; text: string }> {
    const res = await fetch(`${this.manager.url}/ESCManager/v0${path}`, {
      method,
      body,
      headers: { 'content-type': type, accept: type, callback: this.receiver.url('/done'), 'callback-esc-events': this.receiver.url('/events') },
    });
    return { status: res.status, txn: res.headers.get('esc-transaction-id'), text: await res.text() };
  }

  /** Sends, expects `accepted`, waits for the completion callback and the events before it. */
  async run(method: string, path: string, accepted: number, body?: string, type?: string): Promise<Finished> {
    const res = await this.send(method, path, body, type);
    assert.equal(res.status, accepted, res.text);
    return this.#finished(res.txn!);
  }

  /** A scale of `group` asked as the rule engine asks it (ESC has no northbound scaling request), run to its end. */
  async scale(deploymentName: string, group: string, direction: 'out' | 'in'): Promise<Finished> {
    const notify = { completionUrl: this.receiver.url('/done'), eventsUrl: this.receiver.url('/events'), format: 'json' as const };
    const { operationId } = await this.manager.engine.scaleVmGroup({ deploymentName, group, direction, reason: `the test asks for scale-${direction}`, notify });
    return this.#finished(operationId);
  }

  async #finished(txn: string): Promise<Finished> {
    const done = await completionOf(this.receiver, txn, 900_000);
    await this.manager.outbox.drain(5_000);
    return { txn, done, events: eventsOf(this.receiver, txn) };
  }

  async projectOf(name: string): Promise<string | undefined> {
    return (await this.admin.call('GET', `${this.admin.authUrl}/projects?name=${name}`)).body.projects[0]?.id;
  }

  async inProject(id: string): Promise<ProjectContents> {
    const nova = this.admin.endpoint('compute');
    const neutron = this.admin.endpoint('network');
    const cinder = this.admin.endpoint('volumev3');
    const [servers, ports, volumes, networks] = await Promise.all([
      this.admin.call('GET', `${nova}/servers/detail?all_tenants=1&project_id=${id}`),
      this.admin.call('GET', `${neutron}/v2.0/ports?project_id=${id}`),
      this.admin.call('GET', `${cinder}/volumes/detail?all_tenants=1&project_id=${id}`),
      this.admin.call('GET', `${neutron}/v2.0/networks?project_id=${id}`),
    ]);
    return { servers: servers.body.servers, ports: ports.body.ports, volumes: volumes.body.volumes, networks: networks.body.networks };
  }

  /** The project's Nova server groups (their project_id is shown from compute 2.13). */
  async serverGroupsOf(projectId: string): Promise<{ id: string; policies?: string[]; policy?: string; members: string[] }[]> {
    const res = await this.admin.call('GET', `${this.admin.endpoint('compute')}/os-server-groups?all_projects=True`, undefined, { 'x-openstack-nova-api-version': '2.13' });
    return (res.body.server_groups as { id: string; project_id?: string; members: string[] }[]).filter((g) => g.project_id === projectId);
  }

  /** Stops the manager; a project the run left behind is swept so it cannot leak into the next. */
  async close(tenant: string): Promise<void> {
    await this.manager.close();
    await this.receiver.close();
    const left = await this.projectOf(tenant);
    if (left) console.error(`swept project ${tenant}; could not remove: ${(await sweepProject(this.admin, left)).join(', ') || 'nothing'}`);
  }
}

/** Polls the real cloud once a second (not the harness's 20 ms) until `check` yields a value. */
export async function onceASecond<T>(check: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Counts of what a project holds, for "nothing is left behind" checks. */
export const counts = (c: ProjectContents) => ({ servers: c.servers.length, ports: c.ports.length, volumes: c.volumes.length, networks: c.networks.length });
