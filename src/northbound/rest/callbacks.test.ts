import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDomainError } from '../../domain/errors.ts';
import { notifyTargets } from './callbacks.ts';

test('no callback headers: nothing is called back, format kept', () => {
  assert.deepEqual(notifyTargets({}, 'json'), { format: 'json' });
});

test('callback and Callback-ESC-Events become completion and events URLs', () => {
  const targets = notifyTargets({ callback: 'http://orch:9000/done', 'callback-esc-events': ' https://orch/events ' }, 'xml');
  assert.deepEqual(targets, { format: 'xml', completionUrl: 'http://orch:9000/done', eventsUrl: 'https://orch/events' });
});

const refused: [Record<string, string>, RegExp][] = [
  [{ callback: 'orch/done' }, /header callback is not an absolute URL/],
  [{ callback: '' }, /header callback is not an absolute URL/],
  [{ 'callback-esc-events': 'ftp://orch/events' }, /header Callback-ESC-Events must be an http or https URL, not ftp:/],
  [{ callback: 'http://a/x, http://b/y' }, /header callback must be one URL, without spaces/],
];
for (const [headers, message] of refused) {
  test(`callback header ${JSON.stringify(headers)} is refused as INVALID_INPUT`, () => {
    assert.throws(
      () => notifyTargets(headers, 'xml'),
      (err) => isDomainError(err, 'INVALID_INPUT') && message.test(err.message),
    );
  });
}
