/**
 * The one escaping rule for everything we write as XML (opdata, deployments, tenants, error bodies,
 * escEvent notifications; later NETCONF replies):
 *  - the five characters XML predefines an entity for become that entity (`&amp; &lt; &gt; &quot;
 *    &apos;`), so one function serves text and attribute values alike;
 *  - CR becomes `&#13;`: a raw CR would be turned into LF by the reader's end-of-line handling
 *    (XML 1.0 §2.11), a reference survives it, so a VIM message reads back as it was sent;
 *  - characters XML 1.0 cannot carry at all (C0 controls other than TAB, LF, CR; U+FFFE, U+FFFF; an
 *    unpaired surrogate) become U+FFFD, so a VIM message holding a stray control character still
 *    gives a well-formed document rather than one every client rejects.
 * Attribute values additionally write TAB and LF as references, because attribute-value
 * normalization (XML 1.0 §3.3.3) would read them back as spaces.
 */

const forbiddenClass = '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\ufffe\\uffff\\ud800-\\udfff]';
const forbidden = new RegExp(forbiddenClass, 'gu');
/** Anything `escapeXml` changes; most values (ids, names, addresses) hold none and are returned as they are. */
const special = new RegExp(`[&<>"'\\r]|${forbiddenClass}`, 'u');

const references: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
  '\t': '&#9;',
  '\n': '&#10;',
};

/** Character data: markup characters and CR as references, forbidden characters as U+FFFD. */
export function escapeXml(text: string): string {
  if (!special.test(text)) return text;
  return text.replace(forbidden, '\ufffd').replace(/[&<>"'\r]/g, (c) => references[c]!);
}

/** An attribute value: `escapeXml`, plus TAB and LF as references. */
export function escapeAttribute(value: string): string {
  return escapeXml(value).replace(/[\t\n]/g, (c) => references[c]!);
}
