import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseXml } from '../../xml/parse.ts';
import { replyOutput } from './output.ts';

const ns = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const declaration = '<?xml version="1.0" encoding="UTF-8"?>\n';
const reply = (body: string, declared = false) => {
  const text = `${declared ? declaration : ''}<rpc-reply xmlns="${ns}" message-id="1">\n  ${body}\n</rpc-reply>\n`;
  return { text, document: parseXml(text) };
};
const rpcError = (fields: string) => `<rpc-error>${fields}</rpc-error>`;

const cases: { name: string; body: string; declared?: boolean; text: string; ok: boolean }[] = [
  {
    name: '<ok/>: the reply document behind one declaration, exit 0 (the source\'s sample)',
    body: '<ok/>',
    text: `${declaration}<rpc-reply xmlns="${ns}" message-id="1">\n  <ok/>\n</rpc-reply>\n`,
    ok: true,
  },
  {
    name: 'data: the declaration the server sent is not doubled',
    body: '<data/>',
    declared: true,
    text: `${declaration}<rpc-reply xmlns="${ns}" message-id="1">\n  <data/>\n</rpc-reply>\n`,
    ok: true,
  },
  {
    name: "SNAP-9 an rpc-error: ESC's <error> with the app tag as error_code, exit 1",
    body: rpcError(
      '<error-type>application</error-type><error-tag>data-missing</error-tag><error-severity>error</error-severity><error-app-tag>404</error-app-tag><error-message xml:lang="en">Snapshot image [s-1] not found.</error-message>',
    ),
    text: `${declaration}<error xmlns="${ns}">\n  <error_code>404</error_code>\n  <error_message>Snapshot image [s-1] not found.</error_message>\n</error>\n`,
    ok: false,
  },
  {
    name: 'a protocol error with no app tag shows its error-tag as the code',
    body: rpcError('<error-type>protocol</error-type><error-tag>lock-denied</error-tag><error-severity>error</error-severity><error-message>Lock held by session 3 &amp; more</error-message>'),
    text: `${declaration}<error xmlns="${ns}">\n  <error_code>lock-denied</error_code>\n  <error_message>Lock held by session 3 &amp; more</error_message>\n</error>\n`,
    ok: false,
  },
  {
    name: 'a warning alone is no failure',
    body: `${rpcError('<error-type>application</error-type><error-tag>operation-failed</error-tag><error-severity>warning</error-severity>')}<ok/>`,
    text: `${declaration}<rpc-reply xmlns="${ns}" message-id="1">\n  ${rpcError('<error-type>application</error-type><error-tag>operation-failed</error-tag><error-severity>warning</error-severity>')}<ok/>\n</rpc-reply>\n`,
    ok: true,
  },
];

for (const c of cases) {
  test(`esc_nc_cli prints ${c.name} (item 7)`, () => {
    assert.deepEqual(replyOutput(reply(c.body, c.declared)), { text: c.text, ok: c.ok });
  });
}
