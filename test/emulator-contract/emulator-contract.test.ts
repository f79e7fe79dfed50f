/**
 * IMPL-4 emulator contract: the raw call sequence (sequence.ts) sent to the embedded emulator is
 * compared with the real OpenStack's answers stored in fixtures/ (refresh: `npm run
 * contract:capture` with the rig up). Status codes must match and every field the real cloud
 * returns must be in the emulator's answer, except the written exceptions (exceptions.ts).
 * Fields only the emulator returns are allowed (clients ignore unknown fields).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { startEmulator, type Emulator } from '../../emulator/emulator.ts';
import { knownExceptions } from './exceptions.ts';
import { runSequence, type Answer } from './sequence.ts';

const dir = new URL('fixtures/', import.meta.url);
const fixtures = new Map<string, Answer>(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => [f.slice(0, -'.json'.length), JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Answer]),
);

let emulator: Emulator;
let answers: Map<string, Answer>;

before(async () => {
  emulator = await startEmulator({ port: 0, timeScale: 0 });
  answers = await runSequence({ authUrl: emulator.authUrl, username: 'admin', password: 'admin', projectName: 'admin', image: 'cirros', network: 'private', flavor: 'm1.tiny', settleMs: 10_000 });
});
after(() => emulator?.close());

test('IMPL-4 fixtures of the real cloud are present for every call of the sequence', () => {
  assert.ok(fixtures.size > 0, 'no fixtures: run npm run contract:capture with the rig up');
  assert.deepEqual([...answers.keys()].sort(), [...fixtures.keys()].sort());
});

test('IMPL-4 every known exception still applies (stale ones must go)', () => {
  for (const e of knownExceptions) {
    const real = fixtures.get(e.call);
    const emu = answers.get(e.call);
    assert.ok(real && emu, `${e.call}: no such call`);
    if (e.status) assert.notEqual(emu.status, real.status, `${e.call}: the status codes now agree`);
    if (e.field) assert.ok(real.fields.includes(e.field) && !emu.fields.includes(e.field), `${e.call} ${e.field}: no longer differs`);
  }
});

for (const [call, real] of fixtures) {
  test(`IMPL-4 ${call}: ${real.request} answers like the real cloud`, () => {
    const emu = answers.get(call);
    assert.ok(emu, `the emulator run made no ${call} call`);
    const excepted = knownExceptions.filter((e) => e.call === call);
    if (!excepted.some((e) => e.status)) assert.equal(emu.status, real.status, `status of ${real.request}`);
    const missing = real.fields.filter((f) => !emu.fields.includes(f) && !excepted.some((e) => e.field === f));
    assert.deepEqual(missing, [], `fields the real cloud returns that the emulator lacks in ${real.request}`);
  });
}
