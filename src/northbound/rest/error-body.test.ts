import { test } from 'node:test';
import { assertGolden } from '../../../test/golden.ts';
import { renderErrorBody } from './error-body.ts';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;

test('error body XML mirrors esc_nc_cli <error> (golden), escaping markup in the message', () => {
  assertGolden(`${fixtures}error-body.xml`, renderErrorBody(404, 'deployment [a<b>&"c"] not found', 'xml'));
});

test('error body JSON mirror (golden)', () => {
  assertGolden(`${fixtures}error-body.json`, renderErrorBody(404, 'deployment [a<b>&"c"] not found', 'json'));
});
