import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { assertGolden } from '../../../test/golden.ts';
import { samples, serviceAliveFailure } from '../testing/sample-events.ts';
import { eventTime, renderEscEventElement, renderEscEventXml } from './esc-event-xml.ts';

const fixture = (name: string) => new URL(`fixtures/${name}.xml`, import.meta.url).pathname;
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

// SNAP-7: fixtures/vm-backup-created.xml is the seed's sample, re-indented by hand, not generated.
for (const [name, event] of Object.entries(samples)) {
  test(`SNAP-7 escEvent XML of ${name} matches its golden file`, () => {
    assertGolden(fixture(kebab(name)), renderEscEventXml(event));
  });
}

test('SNAP-7 eventTime carries milliseconds and a +00:00 offset', () => {
  assert.equal(eventTime('2021-09-14T12:18:39.8Z'), '2021-09-14T12:18:39.800+00:00');
});

test('SNAP-7 the NETCONF element is the document without the XML declaration', () => {
  const doc = renderEscEventXml(serviceAliveFailure);
  assert.equal(doc, `<?xml version="1.0" encoding="UTF-8"?>\n${renderEscEventElement(serviceAliveFailure)}`);
  assert.match(renderEscEventElement(serviceAliveFailure), /^<notification /);
});

test('SNAP-7 text is XML-escaped and parses back to the original', () => {
  const parsed = new XMLParser().parse(renderEscEventXml(serviceAliveFailure));
  assert.equal(parsed.notification.escEvent.status_message, serviceAliveFailure.statusMessage);
});

test('SNAP-7 characters XML forbids are replaced, so the document stays well-formed', () => {
  const xml = renderEscEventXml({ ...serviceAliveFailure, statusMessage: 'nova said \u0000\u001b[31m' });
  assert.match(xml, /<status_message>nova said \ufffd\ufffd\[31m<\/status_message>/);
});
