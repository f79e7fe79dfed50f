import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { assertGolden } from '../../test/golden.ts';
import { renderStateRules } from './state-rules-doc.ts';

test('docs/state-rules.md shows the tables the engine applies (regenerate: npm run docs:states)', () => {
  assertGolden(fileURLToPath(new URL('../../docs/state-rules.md', import.meta.url)), renderStateRules());
});
