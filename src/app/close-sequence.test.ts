import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CloseSequence } from './close-sequence.ts';

describe('the manager close sequence', () => {
  test('closes the parts entered, in its order whatever the order they started in, each once', async () => {
    const closed: string[] = [];
    const sequence = new CloseSequence(['listener', 'engine', 'store'] as const);
    sequence.add('store', () => void closed.push('store'));
    sequence.add('listener', async () => void closed.push('listener'));
    await sequence.close();
    await sequence.close();
    assert.deepEqual(closed, ['listener', 'store'], 'engine never started; nothing closed twice');
  });

  test('a part that fails to close does not keep the later ones open; the first failure is thrown', async () => {
    const closed: string[] = [];
    const sequence = new CloseSequence(['a', 'b', 'c'] as const);
    sequence.add('a', () => Promise.reject(new Error('a failed')));
    sequence.add('b', () => {
      throw new Error('b failed');
    });
    sequence.add('c', () => void closed.push('c'));
    await assert.rejects(sequence.close(), /a failed/);
    assert.deepEqual(closed, ['c']);
  });

  test('a part is entered once', () => {
    const sequence = new CloseSequence(['a'] as const);
    sequence.add('a', () => undefined);
    assert.throws(() => sequence.add('a', () => undefined), /entered twice/);
  });
});
