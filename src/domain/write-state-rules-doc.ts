/** `npm run docs:states`: rewrites docs/state-rules.md from the tables. */
import { writeFileSync } from 'node:fs';
import { renderStateRules } from './state-rules-doc.ts';

writeFileSync(new URL('../../docs/state-rules.md', import.meta.url), renderStateRules());
