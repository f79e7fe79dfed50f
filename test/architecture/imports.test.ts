/**
 * The import rules of the rooms, checked on every `.ts` file under `src/` and `emulator/`. The
 * picture they enforce is docs/architecture.md (the rooms, and what each may import);
 * when the picture changes, this table changes with it.
 *
 * A file's room is the longest room prefix its path starts with; a file may import its own room and
 * what its room's rule lists (a folder ending in `/`, or one file). Test support (`*.test.ts` and
 * files under a `testing/` or `contract/` folder) may also import other test support, the emulator, the
 * implementations behind the interfaces, `test/` and any Node module. No import circle anywhere.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { circles, importsOf, tsFiles, type ImportEdge } from './import-graph.ts';

interface Rule {
  room: string;
  may: readonly string[];
  why: string;
}

const storeInterface = 'src/store/store.ts';
/** The claims port (issue 15): who runs which operation when several managers share the store. */
const claimsPort = 'src/store/claims.ts';
const vimInterface = ['src/vim/driver.ts', 'src/vim/errors.ts', 'src/vim/send-guard.ts'];
/** What every engine room may import besides other engine rooms. */
const engineNeeds = ['src/domain/', storeInterface, claimsPort, ...vimInterface, 'src/time/', 'src/config/'];

/** What an edge may import (REST and NETCONF alike). */
const northboundMay = ['src/engine/api.ts', storeInterface, 'src/datamodel/', 'src/events/', 'src/domain/', 'src/xml/', 'src/config/', 'src/time/', 'package.json'];

const rules: readonly Rule[] = [
  { room: 'src/domain/', may: [], why: 'types and rules, pure (no I/O, no clock), so every room may use them' },
  { room: 'src/time/', may: [], why: 'the injected clock (architecture principle 3); every room may use it' },
  { room: 'src/config/', may: [], why: 'defaults and properties (CONF-1..3); read everywhere, so it needs nothing' },
  { room: 'src/xml/', may: ['src/domain/'], why: 'the one XML reader and writer; its refusals are domain errors' },
  { room: 'src/datamodel/', may: ['src/domain/', 'src/xml/'], why: 'the ESC data model as XML and JSON' },
  { room: 'src/store/', may: ['src/domain/', 'src/time/', 'src/config/'], why: 'the Store interface (store.ts) and its implementations' },
  { room: 'src/vim/', may: ['src/domain/', 'src/time/', 'src/config/'], why: 'the VIM port (driver.ts, errors.ts) and its implementations' },
  { room: 'src/exports/', may: ['src/domain/', 'src/datamodel/', 'src/config/', 'src/engine/deployment/export-sink.ts'], why: "the EXPORT sink on the file system (SNAP-5): implements the engine's ExportSink port, renders the manifest through datamodel" },
  { room: 'src/events/', may: ['src/domain/', storeInterface, 'src/xml/', 'src/datamodel/', 'src/time/', 'src/config/'], why: 'bus, renderers and outbox; a store through its interface only' },
  { room: 'src/engine/runtime/', may: engineNeeds, why: 'durable execution (runner, steps, poller, limiter): knows nothing of VMs' },
  { room: 'src/engine/deployment/', may: ['src/engine/runtime/', ...engineNeeds], why: 'what an operation works on (Target, deps) and the deployment-level VIM resources' },
  { room: 'src/engine/vm/', may: ['src/engine/runtime/', 'src/engine/deployment/', ...engineNeeds], why: "one VM's life on the VIM, run by the runtime" },
  { room: 'src/engine/workflows/', may: ['src/engine/vm/', 'src/engine/deployment/', 'src/engine/runtime/', ...engineNeeds], why: 'one file per intent, built from VM steps on the runtime' },
  { room: 'src/engine/', may: ['src/engine/runtime/', 'src/engine/deployment/', 'src/engine/vm/', 'src/engine/workflows/', ...engineNeeds], why: 'the front door (engine.ts, api.ts): ports and interfaces only, never an implementation or an edge' },
  { room: 'src/monitor/', may: ['src/domain/', 'src/engine/', storeInterface, ...vimInterface, 'src/time/', 'src/config/'], why: 'collects KPIs and asks the engine for recovery; reads which VMs to watch from the store (its interface only)' },
  { room: 'src/northbound/', may: northboundMay, why: "edges call the engine's API (its reads take the store's filter shapes); never the VIM or a store implementation" },
  { room: 'src/northbound/netconf/', may: northboundMay, why: 'the NETCONF edge may what REST may, but not REST itself: the two edges share only what lies below them' },
  { room: 'src/app/', may: ['src/', 'emulator/'], why: 'the composition root: wires implementations, starts the embedded emulator as the default VIM (principle 7)' },
  { room: 'src/cli/', may: ['src/app/', 'src/config/', 'src/domain/', 'src/xml/', 'src/datamodel/namespaces.ts', 'src/northbound/netconf/framing.ts'], why: "thin entry points: parse arguments, call the app; esc_nc_cli's NETCONF client shares the XML door, ESC's namespaces and the server's framing" },
  { room: 'emulator/', may: ['src/time/'], why: 'an OpenStack stand-in usable on its own; it shares only the clock' },
];

/** What test support may import besides its room's rule (any file under a `testing/` folder too). */
const supportMay = ['emulator/', 'src/store/sqlite/', 'src/store/postgres/', 'src/vim/openstack/', 'src/events/', 'src/exports/', 'test/'];

/** Node modules that do I/O or keep time, which the domain may not import (node:crypto, node:util may). */
const domainForbids = ['node:fs', 'node:fs/promises', 'node:net', 'node:http', 'node:https', 'node:child_process', 'node:sqlite', 'node:dgram', 'node:worker_threads'];


const root = fileURLToPath(new URL('../..', import.meta.url));
const files = tsFiles(root, ['src', 'emulator']);
const edges = files.flatMap((file) => importsOf(root, file));

function roomOf(path: string): Rule | undefined {
  let best: Rule | undefined;
  for (const rule of rules) if (path.startsWith(rule.room) && rule.room.length > (best?.room.length ?? 0)) best = rule;
  return best;
}

const isSupport = (path: string): boolean => path.endsWith('.test.ts') || path.includes('/testing/') || path.includes('/contract/');
const matches = (to: string, allowed: string): boolean => (allowed.endsWith('/') ? to.startsWith(allowed) : to === allowed);

/** Why `edge` breaks a rule, or undefined when it keeps them. */
function violation({ from, to, local }: ImportEdge): string | undefined {
  const rule = roomOf(from)!;
  const support = isSupport(from);
  if (!local) {
    const forbidden = rule.room === 'src/domain/' && !support && (domainForbids.includes(to) || to.startsWith('node:timers'));
    return forbidden ? `${from} → ${to}: the domain does no I/O and keeps no time` : undefined;
  }
  if (to.startsWith(rule.room) && roomOf(to) === rule) return undefined;
  if (rule.may.some((allowed) => matches(to, allowed))) return undefined;
  if (support && (isSupport(to) || supportMay.some((allowed) => matches(to, allowed)))) return undefined;
  return `${from} → ${to}: ${rule.room} may not import ${roomOf(to)?.room ?? to}`;
}

const circleFindings = (): string[] => circles(edges).map((c) => `import circle: ${c.join(', ')}`);
const ruleFindings = (): string[] => edges.flatMap((e) => violation(e) ?? []);
function assertNone(findings: readonly string[], what: string): void {
  assert.deepEqual(findings, [], `${findings.length} ${what}:\n  ${findings.join('\n  ')}\n`);
}

test('every .ts file under src/ and emulator/ is in a room with a rule', () => {
  assert.deepEqual(files.filter((f) => !roomOf(f)), []);
});

test('no import circle in src/ or emulator/', () => {
  assertNone(circleFindings(), 'import circle(s)');
});

test("every import keeps to its room's rule", () => {
  assertNone(ruleFindings(), 'import(s) break the room rules (see the table in this file)');
});

test('the check sees the imports it is meant to police', () => {
  const fileEdge = (from: string, to: string): ImportEdge => ({ from, to, local: true });
  const moduleEdge = (from: string, to: string): ImportEdge => ({ from, to, local: false });
  const seen = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
  assert.ok(seen('src/northbound/rest/error-status.ts', 'src/domain/errors.ts'), 'an import type');
  assert.ok(seen('emulator/emulator.ts', 'src/time/clock.ts'), 'an import from outside the room');
  assert.ok(violation(fileEdge('src/northbound/rest/x.ts', 'src/vim/openstack/x.ts')), 'northbound → a VIM implementation');
  assert.ok(violation(fileEdge('src/northbound/rest/x.ts', 'src/store/sqlite/x.ts')), 'northbound → a store implementation');
  assert.ok(violation(moduleEdge('src/domain/x.ts', 'node:fs/promises')), 'domain → I/O');
  assert.ok(violation(moduleEdge('src/domain/x.ts', 'node:timers/promises')), 'domain → timers');
  assert.equal(violation(moduleEdge('src/domain/x.ts', 'node:crypto')), undefined, 'domain → node:crypto');
  assert.ok(violation(fileEdge('src/engine/runtime/x.ts', 'src/engine/vm/x.ts')), 'runtime → vm');
  assert.equal(violation(fileEdge('src/engine/vm/x.ts', 'src/engine/runtime/x.ts')), undefined, 'vm → runtime');
  assert.ok(violation(fileEdge('src/engine/x.ts', 'src/store/sqlite/x.ts')), 'engine → a store implementation');
  assert.equal(violation(fileEdge('src/engine/x.test.ts', 'src/store/sqlite/x.ts')), undefined, 'an engine test → sqlite');
});
