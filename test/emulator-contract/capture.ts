/**
 * Refreshes the emulator contract's fixtures from the real OpenStack rig (IMPL-4):
 *   bash test/openstack-real/up.sh && npm run contract:capture
 * sends the call sequence (sequence.ts) with the rig's openrc credentials and writes one
 * fixtures/<call>.json per call (status and field paths, no values), replacing the old set.
 * `npm run contract:capture -- placement` (parts of sequence.ts) runs the look-ups and those parts
 * only and rewrites only their fixtures, keeping the rest: a refresh a slow rig can finish.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readOpenrc } from '../openstack-real/rig.ts';
import { runSequence, sequenceParts, type SequencePart } from './sequence.ts';

const parts = process.argv.slice(2) as SequencePart[];
const unknown = parts.find((p) => !sequenceParts.includes(p));
if (unknown) throw new Error(`unknown part ${unknown}: one of ${sequenceParts.join(', ')}`);
const env = readOpenrc();
const fixtures = new URL('fixtures/', import.meta.url).pathname;
const answers = await runSequence({
  authUrl: env.OS_AUTH_URL!,
  username: env.OS_USERNAME!,
  password: env.OS_PASSWORD!,
  projectName: env.OS_PROJECT_NAME!,
  image: 'osrig-tiny',
  network: 'net1',
  flavor: 'm1.tiny',
  settleMs: 180_000,
  parts: parts.length ? parts : undefined,
});
mkdirSync(fixtures, { recursive: true });
if (!parts.length) for (const file of readdirSync(fixtures)) if (file.endsWith('.json')) rmSync(`${fixtures}${file}`);
for (const [name, answer] of answers) writeFileSync(`${fixtures}${name}.json`, `${JSON.stringify(answer, null, 2)}\n`);
console.log(`wrote ${answers.size} fixtures to ${fixtures}`);
