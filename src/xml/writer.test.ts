import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeAttribute, escapeXml } from './escape.ts';
import { parseXml } from './parse.ts';
import { renderXmlDocument, XmlWriter } from './writer.ts';

const escaping: [string, string, string][] = [
  ['plain text', 'vm-1 ok', 'vm-1 ok'],
  ['ampersand', 'a & b', 'a &amp; b'],
  ['angle brackets', '<none>', '&lt;none&gt;'],
  ['quotes', `"it's"`, '&quot;it&apos;s&quot;'],
  ['CR kept as a reference', 'a\r\nb', 'a&#13;\nb'],
  ['TAB and LF pass in text', 'a\tb\nc', 'a\tb\nc'],
  ['NUL and ESC replaced', 'nova said \u0000\u001b[31m', 'nova said \ufffd\ufffd[31m'],
  ['vertical tab and form feed replaced', '\u000b\u000c', '\ufffd\ufffd'],
  ['U+FFFE and U+FFFF replaced', '\ufffe\uffff', '\ufffd\ufffd'],
  ['unpaired surrogates replaced', 'a\ud800b\udc00', 'a\ufffdb\ufffd'],
  ['paired surrogates kept', 'caf\u00e9 \ud83d\ude00', 'caf\u00e9 \ud83d\ude00'],
  ['an existing entity is escaped again', '&amp;', '&amp;amp;'],
];

for (const [what, text, written] of escaping) {
  test(`escapeXml: ${what}`, () => {
    assert.equal(escapeXml(text), written);
  });
}

test('escapeAttribute also writes TAB and LF as references', () => {
  assert.equal(escapeAttribute('a\tb\nc"'), 'a&#9;b&#10;c&quot;');
});

test('every escaped text parses back to itself, forbidden characters as U+FFFD', () => {
  for (const [, text] of escaping) {
    const expected = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\ud800-\udfff]/gu, '\ufffd');
    assert.equal(parseXml(renderXmlDocument('r', {}, { t: text })).children[0]!.text, expected, JSON.stringify(text));
  }
});

test('a tree renders with the declaration, nesting, repeated arrays, <name/> for empty, absent left out', () => {
  const xml = renderXmlDocument(
    'root',
    { xmlns: 'urn:x' },
    { name: 'a<b>', list: [{ v: 1 }, { v: true }], empty: {}, hollow: { gone: undefined }, skipped: undefined, leaves: ['x', 'y'], deep: { a: { b: 'c' } } },
  );
  assert.equal(
    xml,
    [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<root xmlns="urn:x">',
      '  <name>a&lt;b&gt;</name>',
      '  <list>',
      '    <v>1</v>',
      '  </list>',
      '  <list>',
      '    <v>true</v>',
      '  </list>',
      '  <empty/>',
      '  <hollow/>',
      '  <leaves>x</leaves>',
      '  <leaves>y</leaves>',
      '  <deep>',
      '    <a>',
      '      <b>c</b>',
      '    </a>',
      '  </deep>',
      '</root>',
      '',
    ].join('\n'),
  );
});

test('elements and trees mix: nested attributes, an empty string leaf, a root left empty', () => {
  const w = new XmlWriter().start('n', { xmlns: 'urn:a', id: '1 & 2' }).leaf('t', '').start('e', { xmlns: 'urn:b' });
  w.members({ k: 'v' }).end().start('none').end().end();
  assert.equal(w.toString(), '<n xmlns="urn:a" id="1 &amp; 2">\n  <t></t>\n  <e xmlns="urn:b">\n    <k>v</k>\n  </e>\n  <none/>\n</n>\n');
  assert.equal(renderXmlDocument('r', {}, {}), '<?xml version="1.0" encoding="UTF-8"?>\n<r/>\n');
});

test('an unbalanced writer says so instead of returning half a document', () => {
  assert.throws(() => new XmlWriter().start('a').toString(), /<a> is still open/);
  assert.throws(() => new XmlWriter().end(), /no element is open/);
});

test('a document of 100,000 elements, each with children, renders whole', () => {
  const count = 100_000;
  const items = Array.from({ length: count }, (_, i) => ({ id: i, name: `vm_${i}`, nic: [{ ip: `10.0.${i >> 8}.${i & 255}` }] }));
  const xml = renderXmlDocument('list', {}, { item: items });
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<list>\n  <item>\n    <id>0</id>\n'));
  assert.ok(xml.endsWith(`    <name>vm_${count - 1}</name>\n    <nic>\n      <ip>10.0.${(count - 1) >> 8}.${(count - 1) & 255}</ip>\n    </nic>\n  </item>\n</list>\n`));
  assert.equal(xml.split('<item>').length - 1, count);
});
