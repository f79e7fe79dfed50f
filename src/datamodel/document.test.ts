import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDomainError } from '../domain/errors.ts';
import { checkDocumentShape, parseDocument } from './document.ts';

// Issue 13: JSON bodies are held to the same depth and element bounds as XML.
const limits = { maxDepth: 3, maxElements: 6 };
const shapes: [name: string, json: string, refusal?: RegExp][] = [
  ['a flat settings object', '{"a":"1","b":"2"}'],
  ['objects nested to the bound', '{"a":{"b":{"c":1}}}'],
  ['objects nested one deeper', '{"a":{"b":{"c":{"d":1}}}}', /nests deeper than 3 elements \(setting limits\.xml\.depth\.max\)/],
  ['arrays do not nest (a list is repeated elements)', '{"a":{"b":[{"c":1},{"c":2}]}}'],
  ['more values than the bound', '{"a":[1,2,3,4,5,6]}', /holds more than 6 elements \(setting limits\.xml\.elements\.max\)/],
  ['malformed JSON', '{"a":', /^malformed JSON/],
];
for (const [name, json, refusal] of shapes) {
  test(`JSON shape: ${name} is ${refusal ? 'refused' : 'accepted'}`, () => {
    if (refusal === undefined) checkDocumentShape(json, 'json', limits);
    else assert.throws(() => checkDocumentShape(json, 'json', limits), (err) => isDomainError(err, 'INVALID_INPUT') && refusal.test(err.message));
  });
}

test('a JSON document nested past the ceiling is refused, not a stack overflow', () => {
  const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
  assert.throws(() => parseDocument(deep, 'json'), (err) => isDomainError(err, 'INVALID_INPUT') && /nests deeper than 1000/.test(err.message));
});

test('issue 14: the shape check of an XML body hands back its tree, the one a route would parse', () => {
  const xml = '<esc_datamodel xmlns="http://www.cisco.com/esc/esc"><tenants><tenant><name>a</name></tenant></tenants></esc_datamodel>';
  assert.deepEqual(checkDocumentShape(xml, 'xml', { maxDepth: 8, maxElements: 10 }), parseDocument(xml, 'xml'));
  assert.equal(checkDocumentShape('{"a":1}', 'json', limits), undefined, 'a JSON body is measured, not kept');
  assert.equal(checkDocumentShape('  ', 'xml', limits), undefined);
});
