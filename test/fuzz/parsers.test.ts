/**
 * Issue 13 item 9: the XML and JSON request parsers, and the datamodel parsers over them, on
 * hostile documents: each either gives a tree or refuses with INVALID_INPUT, never another error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseDeploymentRequest } from '../../src/datamodel/deployment-request.ts';
import { checkDocumentShape, parseDocument, type Format } from '../../src/datamodel/document.ts';
import { parseTenantRequest } from '../../src/datamodel/tenant.ts';
import { isDomainError } from '../../src/domain/errors.ts';
import { parseXml } from '../../src/xml/parse.ts';
import { fuzzRuns, fuzzSeed, jsonDocument, mutatedDeployment, xmlDocument } from './arbitraries.ts';

const limits = { maxDepth: 64, maxElements: 100_000 };

function onlyInvalidInput(parse: () => unknown): void {
  try {
    parse();
  } catch (err) {
    assert.ok(isDomainError(err, 'INVALID_INPUT'), `not INVALID_INPUT: ${String(err)}`);
  }
}

const parsers: [name: string, arbitrary: fc.Arbitrary<string>, format: Format][] = [
  ['XML', xmlDocument, 'xml'],
  ['JSON', jsonDocument, 'json'],
  ['a mutated deployment', mutatedDeployment, 'xml'],
];
for (const [name, arbitrary, format] of parsers)
  test(`fuzz: ${name} parses or is INVALID_INPUT, never another error`, () => {
    fc.assert(
      fc.property(arbitrary, (text) => {
        if (format === 'xml') onlyInvalidInput(() => parseXml(text, limits));
        onlyInvalidInput(() => checkDocumentShape(text, format, limits));
        onlyInvalidInput(() => parseDocument(text, format));
        onlyInvalidInput(() => parseDeploymentRequest(text, format));
        onlyInvalidInput(() => parseTenantRequest(text, format, 'fuzz'));
      }),
      { seed: fuzzSeed, numRuns: fuzzRuns },
    );
  });

test('fuzz: prototype keys in JSON never reach Object.prototype', () => {
  fc.assert(
    fc.property(jsonDocument, (text) => {
      onlyInvalidInput(() => parseDocument(text, 'json'));
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    }),
    { seed: fuzzSeed, numRuns: fuzzRuns },
  );
});
