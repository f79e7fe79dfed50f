/**
 * Reading the event callbacks a test's receiver got: per transaction, as `<group>_<index> TYPE
 * STATUS` lines (generated names carry a uuid; group and index identify the VM in a test), so
 * event sequences can be compared with golden files.
 */
import assert from 'node:assert/strict';
import type { Manager } from '../../src/app/manager.ts';
import type { HttpReceiver, ReceivedRequest } from '../../src/events/testing/http-receiver.ts';
import { eventually } from './manager.ts';

export interface ReceivedEvent {
  id: string;
  type: string;
  status: string;
  statusCode: string;
  message: string;
  vm?: string;
  body: Record<string, unknown>;
}

/** One receiver, or several in turn (a crash test reopens its receiver after a restart): `{ requests }`. */
export function eventsOf(receiver: Pick<HttpReceiver, 'requests'>, txn: string, path = '/events'): ReceivedEvent[] {
  const seen = new Set<string>();
  return receiver.requests
    .filter((r) => r.path === path && r.headers['esc-transaction-id'] === txn)
    .filter((r) => {
      const id = String(r.headers['esc-event-id']);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .map((r) => {
      const body = JSON.parse(r.body) as Record<string, unknown>;
      const source = body.eventSourceContext as { generated_vmname?: string } | null;
      return {
        id: String(r.headers['esc-event-id']),
        type: String(body.eventType),
        status: String(body.status),
        statusCode: String(body.statusCode),
        message: String(body.message),
        vm: source?.generated_vmname,
        body,
      };
    });
}

/** `db_0 VM_STOPPED SUCCESS`; service events have no VM part. */
export function shortVm(generated: string): string {
  const m = /^.+?_(.+)_(\d+)_[0-9a-f-]{36}$/.exec(generated);
  return m ? `${m[1]}_${m[2]}` : generated;
}

/** Each VM's own sequence (in order), then the service events, as text lines. */
export function sequenceText(events: ReceivedEvent[]): string {
  const vms = [...new Set(events.filter((e) => e.vm).map((e) => shortVm(e.vm!)))].sort();
  const lines = vms.flatMap((vm) => events.filter((e) => e.vm && shortVm(e.vm) === vm).map((e) => `${vm} ${e.type} ${e.status} ${e.statusCode}`));
  lines.push(...events.filter((e) => !e.vm).map((e) => `service ${e.type} ${e.status} ${e.statusCode}`));
  return `${lines.join('\n')}\n`;
}

/** `method path` on `api` with a body of `type`, asking for the completion and event callbacks on `receiver`'s `/done` and `/events`. */
export function sendWithCallbacks(
  it: { api: string; receiver: Pick<HttpReceiver, 'url'> },
  method: string,
  path: string,
  body: string,
  type = 'application/xml',
): Promise<Response> {
  const headers = { 'content-type': type, callback: it.receiver.url('/done'), 'callback-esc-events': it.receiver.url('/events') };
  return fetch(`${it.api}${path}`, { method, body, headers });
}

export function completionOf(receiver: Pick<HttpReceiver, 'requests'>, txn: string, timeoutMs = 30_000): Promise<ReceivedRequest> {
  return eventually(() => receiver.requests.find((r) => r.path === '/done' && r.headers['esc-transaction-id'] === txn), timeoutMs, `completion of ${txn}`);
}

/**
 * An accepted asynchronous request run to its end: `res` answered `accepted` with an
 * `ESC-Transaction-Id`, its completion callback arrived, every callback of it was delivered and the
 * engine is idle. Returns the transaction, the completion and the events received for it.
 */
export async function runToCompletion(
  it: { manager: Pick<Manager, 'outbox' | 'engine'>; receiver: Pick<HttpReceiver, 'requests'> },
  res: Response,
  accepted = 200,
): Promise<{ txn: string; done: ReceivedRequest; code: string; events: ReceivedEvent[] }> {
  assert.equal(res.status, accepted, await res.clone().text());
  const txn = res.headers.get('esc-transaction-id')!;
  const done = await completionOf(it.receiver, txn);
  await it.manager.outbox.drain(5_000);
  await it.manager.engine.runner.idle();
  return { txn, done, code: String(done.headers['esc-status-code']), events: eventsOf(it.receiver, txn) };
}
