import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDomainError } from '../domain/errors.ts';
import { documentCeiling, documentLimits, parseXml, type XmlNode } from './parse.ts';

function refusal(text: string): string {
  try {
    parseXml(text);
  } catch (err) {
    assert.ok(isDomainError(err, 'INVALID_INPUT'), `expected INVALID_INPUT, got ${String(err)}`);
    return err.message;
  }
  assert.fail('the document was accepted');
}

const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  ${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n  ')}
]>
<lolz>&lol9;</lolz>`;

test('a DOCTYPE is refused: DTDs are not accepted (principle 6)', () => {
  assert.match(refusal('<!DOCTYPE r SYSTEM "file:///etc/passwd"><r/>'), /DTDs and entity declarations are not accepted/);
});

test('an ENTITY declaration outside a DOCTYPE is refused too', () => {
  assert.match(refusal('<r><!ENTITY x "y"></r>'), /DTDs and entity declarations are not accepted/);
});

test('a billion-laughs document is refused quickly, never expanded', () => {
  const started = performance.now();
  assert.match(refusal(billionLaughs), /not accepted/);
  assert.ok(performance.now() - started < 250, 'refusal took too long');
});

test('an undeclared entity reference is refused, naming the element', () => {
  assert.match(refusal('<r><image>&xxe;</image></r>'), /<image>: entity &xxe; is not accepted/);
});

test('a character reference to a non-XML character is refused', () => {
  assert.match(refusal('<r>&#0;</r>'), /character reference &#0; is not a valid XML character/);
});

test('malformed XML is refused with the reason and line', () => {
  assert.match(refusal('<r>\n  <a>\n</r>'), /^malformed XML: Expected closing tag 'a' .*\(line 3, column \d+\)$/);
  assert.match(refusal('<r>a & b</r>'), /^malformed XML: .*'&'.*\(line 1/);
});

test('a second root element or text outside the root is refused', () => {
  assert.match(refusal('<r/><s/>'), /exactly one root element/);
  assert.match(refusal('<r/>tail'), /exactly one root element/);
});

test('nesting deeper than the ceiling is refused, not a stack overflow', () => {
  assert.equal(refusal(`${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}`), 'document nests deeper than 1000 elements (setting limits.xml.depth.max)');
});

// Issue 13: the limits an edge passes (limits.xml.depth.max, limits.xml.elements.max); the root is depth 1.
const shapes: [name: string, xml: string, limits: { maxDepth: number; maxElements: number }, refusal?: string][] = [
  ['depth at the bound', '<a><b><c/></b></a>', { maxDepth: 3, maxElements: 10 }],
  ['one level deeper', '<a><b><c><d/></c></b></a>', { maxDepth: 3, maxElements: 10 }, 'document nests deeper than 3 elements (setting limits.xml.depth.max)'],
  ['elements at the bound', '<a><b/><b/><b/></a>', { maxDepth: 3, maxElements: 4 }],
  ['one element more', '<a><b/><b/><b/><b/></a>', { maxDepth: 3, maxElements: 4 }, 'document holds more than 4 elements (setting limits.xml.elements.max)'],
];
for (const [name, xml, limits, expected] of shapes) {
  test(`document limits: ${name} is ${expected ? 'refused' : 'accepted'}`, () => {
    if (expected === undefined) parseXml(xml, limits);
    else assert.throws(() => parseXml(xml, limits), (err) => isDomainError(err, 'INVALID_INPUT') && err.message === expected);
  });
}

test('predefined entities, character references and CDATA decode; prefixes go; order and repeats stay', () => {
  const root = parseXml(
    '<?xml version="1.0" encoding="UTF-8"?>\n<e:r xmlns:e="http://www.cisco.com/esc/esc"><e:a x="1">&lt;1&gt; &amp; &quot;&apos; &#233;&#x41;</e:a>' +
      '<b><![CDATA[&amp; <raw>]]></b><!-- gone --><a>second</a><c/></e:r>',
  );
  const shape = (n: XmlNode): unknown => ({ [n.name]: n.children.length ? n.children.map(shape) : n.text });
  assert.deepEqual(shape(root), { r: [{ a: '<1> & "\' éA' }, { b: '&amp; <raw>' }, { a: 'second' }, { c: '' }] });
});

test('attributes come by local name, decoded, without xmlns declarations; namespaces resolve through scope', () => {
  const root = parseXml(
    '<rpc xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="7&amp;8" xmlns:xc="urn:x">' +
      '<config><esc_datamodel xmlns="http://www.cisco.com/esc/esc" xc:operation="delete"/><xc:b/><c xmlns=""/></config></rpc>',
  );
  assert.deepEqual(root.attributes, { 'message-id': '7&8' });
  assert.equal(root.namespace, 'urn:ietf:params:xml:ns:netconf:base:1.0');
  const [config] = root.children;
  assert.equal(config!.namespace, 'urn:ietf:params:xml:ns:netconf:base:1.0');
  const [datamodel, b, c] = config!.children;
  assert.deepEqual(datamodel!.attributes, { operation: 'delete' });
  assert.equal(datamodel!.namespace, 'http://www.cisco.com/esc/esc');
  assert.equal(b!.name, 'b');
  assert.equal(b!.namespace, 'urn:x');
  assert.equal(c!.namespace, undefined, 'xmlns="" undeclares the default namespace');
  assert.equal(parseXml('<r/>').namespace, undefined);
});

test('issue 13: limits.xml.* of 0 mean no bound, the parser ceiling', () => {
  assert.deepEqual(documentLimits(0, 0), documentCeiling);
  assert.deepEqual(documentLimits(64, 100_000), { maxDepth: 64, maxElements: 100_000 });
  assert.deepEqual(documentLimits(5000, 9_000_000), documentCeiling, 'issue 14: settings above the ceiling are held to it');
});
