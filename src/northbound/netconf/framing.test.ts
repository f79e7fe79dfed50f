import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDomainError } from '../../domain/errors.ts';
import { encodeFrame, FrameDecoder } from './framing.ts';

const hello = '<hello/>';

function decoderPastHello(mode: 'eom' | 'chunked', max = 1 << 20): FrameDecoder {
  const decoder = new FrameDecoder(max);
  assert.deepEqual(decoder.push(encodeFrame(hello, 'eom')), [hello]);
  decoder.mode = mode;
  return decoder;
}

function refusal(action: () => unknown): string {
  try {
    action();
  } catch (err) {
    assert.ok(isDomainError(err), String(err));
    return `${err.code}: ${err.message}`;
  }
  assert.fail('accepted');
}

test('RFC 6242 frames: end-of-message appends ]]>]]>, chunked wraps one chunk counted in bytes', () => {
  assert.equal(encodeFrame('<a/>', 'eom').toString(), '<a/>]]>]]>');
  assert.equal(encodeFrame('<a>é</a>', 'chunked').toString(), '\n#9\n<a>é</a>\n##\n');
});

test('the hello comes back alone; what followed it decodes in the mode the caller then sets', () => {
  const decoder = new FrameDecoder(1 << 20);
  const both = Buffer.concat([encodeFrame(hello, 'eom'), encodeFrame('<rpc/>', 'chunked')]);
  assert.deepEqual(decoder.push(both), [hello]);
  decoder.mode = 'chunked';
  assert.deepEqual(decoder.drain(), ['<rpc/>']);
});

test('end-of-message: messages split anywhere, several per push, the delimiter split across pushes, whitespace between trimmed', () => {
  const decoder = decoderPastHello('eom');
  const stream = Buffer.from('<a/>]]>]]>\n<b>x</b>]]>]]><c/>]]>]]>');
  const got: string[] = [];
  for (let i = 0; i < stream.length; i += 3) got.push(...decoder.push(stream.subarray(i, i + 3)));
  assert.deepEqual(got, ['<a/>', '<b>x</b>', '<c/>']);
});

test('chunked: several chunks make one message, byte by byte as well as at once', () => {
  const wire = Buffer.from('\n#4\n<rpc\n#11\n message-id\n#6\n="1"/>\n##\n\n#4\n<b/>\n##\n');
  assert.deepEqual(decoderPastHello('chunked').push(wire), ['<rpc message-id="1"/>', '<b/>']);
  const decoder = decoderPastHello('chunked');
  const got: string[] = [];
  for (const byte of wire) got.push(...decoder.push(Buffer.of(byte)));
  assert.deepEqual(got, ['<rpc message-id="1"/>', '<b/>']);
});

test('chunked: a multi-byte character split across chunks decodes whole', () => {
  const e = Buffer.from('é');
  const wire = Buffer.concat([Buffer.from('\n#1\n'), e.subarray(0, 1), Buffer.from('\n#1\n'), e.subarray(1), Buffer.from('\n##\n')]);
  assert.deepEqual(decoderPastHello('chunked').push(wire), ['é']);
});

test('bad chunk headers are refused as soon as the bad byte arrives', () => {
  for (const wire of ['x', '\nx', '\n#0\n', '\n#01\n', '\n#a\n', '\n#\n', '\n##x', '\n#4294967296\n', '\n#12345678901', '\n##\n']) {
    assert.match(refusal(() => decoderPastHello('chunked').push(Buffer.from(wire))), /^INVALID_INPUT: bad NETCONF chunk framing/, JSON.stringify(wire));
  }
  assert.deepEqual(decoderPastHello('chunked').push(Buffer.from('\n#4294967295')), [], 'the largest size is fine so far');
});

test('a message over the bound is refused in both modes, before all of it arrives', () => {
  const tooLarge = /^PAYLOAD_TOO_LARGE: NETCONF message exceeds the 16-byte bound/;
  assert.match(refusal(() => decoderPastHello('eom', 16).push(Buffer.from('<a>' + 'x'.repeat(30)))), tooLarge);
  assert.match(refusal(() => decoderPastHello('eom', 16).push(Buffer.from('<a>' + 'x'.repeat(14) + '</a>]]>]]>'))), tooLarge);
  assert.deepEqual(decoderPastHello('eom', 16).push(Buffer.from('<a>' + 'x'.repeat(9) + '</a>]]>]]>')), ['<a>xxxxxxxxx</a>']);
  assert.match(refusal(() => decoderPastHello('chunked', 16).push(Buffer.from('\n#10\n0123456789\n#7\n'))), tooLarge);
  assert.match(refusal(() => new FrameDecoder(16).push(Buffer.from('x'.repeat(40)))), tooLarge, 'the hello is bounded too');
});

test('a large message in small pushes decodes (the buffer grows, it is not rebuilt per push)', () => {
  const body = `<data>${'y'.repeat(1_000_000)}</data>`;
  for (const mode of ['eom', 'chunked'] as const) {
    const decoder = decoderPastHello(mode, 2_000_000);
    const wire = encodeFrame(body, mode);
    const got: string[] = [];
    for (let i = 0; i < wire.length; i += 32_768) got.push(...decoder.push(wire.subarray(i, i + 32_768)));
    assert.deepEqual(got, [body], mode);
  }
});
