import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestFormat, responseFormat, sniffFormat } from './content.ts';

const responseCases: [string | undefined, 'xml' | 'json'][] = [
  [undefined, 'xml'],
  ['*/*', 'xml'],
  ['application/json', 'json'],
  ['application/JSON; charset=utf-8', 'json'],
  ['application/xml', 'xml'],
  ['text/xml', 'xml'],
  ['text/html, application/json', 'json'],
  ['application/xml, application/json', 'xml'],
  ['application/xml;q=0.5, application/json', 'json'],
  ['application/json;q=0, application/xml', 'xml'],
  ['application/json;q=0', 'xml'],
];
for (const [accept, expected] of responseCases) {
  test(`response format: Accept ${accept ?? '(absent)'} → ${expected}`, () => {
    assert.equal(responseFormat(accept), expected);
  });
}

const requestCases: [string | undefined, string, 'xml' | 'json'][] = [
  ['application/xml', '{"a":1}', 'xml'],
  ['text/xml; charset=utf-8', '<a/>', 'xml'],
  ['application/json', '<a/>', 'json'],
  [undefined, '  \n{"a":1}', 'json'],
  [undefined, '<a/>', 'xml'],
  [undefined, '', 'xml'],
];
for (const [contentType, body, expected] of requestCases) {
  test(`request format: Content-Type ${contentType ?? '(absent)'} with ${JSON.stringify(body)} → ${expected}`, () => {
    assert.equal(requestFormat(contentType, body), expected);
  });
}

test('sniffing: a JSON array is JSON, anything else XML', () => {
  assert.equal(sniffFormat('[1]'), 'json');
  assert.equal(sniffFormat('garbage'), 'xml');
});
