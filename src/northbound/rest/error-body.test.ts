import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGolden } from '../../../test/golden.ts';
import { parseXml } from '../../xml/parse.ts';
import { renderErrorBody } from './error-body.ts';

const fixtures = new URL('./fixtures/', import.meta.url).pathname;

test('error body XML mirrors esc_nc_cli <error> (golden), escaping markup in the message', () => {
  assertGolden(`${fixtures}error-body.xml`, renderErrorBody(404, 'deployment [a<b>&"c"] not found', 'xml'));
});

test('error body JSON mirror (golden)', () => {
  assertGolden(`${fixtures}error-body.json`, renderErrorBody(404, 'deployment [a<b>&"c"] not found', 'json'));
});

test('an error message holding a character XML forbids still gives a well-formed body', () => {
  const xml = renderErrorBody(500, 'nova said \u0000 at\r\nline 2', 'xml');
  assert.match(xml, /<error_message>nova said \ufffd at&#13;\nline 2<\/error_message>/);
  assert.equal(parseXml(xml).children[1]!.text, 'nova said \ufffd at\r\nline 2');
});
