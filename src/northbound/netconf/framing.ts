/**
 * NETCONF message framing over SSH (RFC 6242), for both ends: the server's sessions and the
 * `esc_nc_cli` client. Until both hellos are exchanged every message ends with `]]>]]>`
 * (end-of-message, `eom`); when both peers advertise base:1.1, messages are chunked
 * (`\n#<size>\n<bytes>`… then `\n##\n`).
 *
 * The decoder hands the FIRST message (the hello) back alone, keeping any bytes after it: the caller
 * reads the peer's capabilities, sets `mode`, then calls `drain()` — a peer may send its hello and a
 * chunked rpc in one packet. A message over `maxMessageBytes` or a bad chunk header throws a
 * catalogue error; the stream cannot be trusted after that, so the caller ends the session.
 */
import { errors } from '../../domain/errors.ts';

export type FramingMode = 'eom' | 'chunked';

const endOfMessage = Buffer.from(']]>]]>');
/** RFC 6242 §4.2: chunk-size = 1-4294967295, no leading zero. */
const maxChunkSize = 4294967295;
const maxChunkSizeDigits = String(maxChunkSize).length;
const newline = 0x0a;
const hash = 0x23;

export function encodeFrame(message: string, mode: FramingMode): Buffer {
  const body = Buffer.from(message, 'utf8');
  if (mode === 'eom') return Buffer.concat([body, endOfMessage]);
  return Buffer.concat([Buffer.from(`\n#${body.length}\n`), body, Buffer.from('\n##\n')]);
}

export class FrameDecoder {
  mode: FramingMode = 'eom';
  readonly maxMessageBytes: number;
  /** Received bytes not yet consumed live in `#bytes[#start, #end)`; the buffer grows by doubling. */
  #bytes = Buffer.alloc(0);
  #start = 0;
  #end = 0;
  /** Where the next `]]>]]>` search starts (no rescanning of what a previous push searched). */
  #scanFrom = 0;
  /** The chunks of the chunked message being received. */
  #chunks: Buffer[] = [];
  #chunkBytes = 0;
  #helloPending = true;

  constructor(maxMessageBytes: number) {
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Takes received bytes; returns the messages they complete (only the hello, while it is pending). */
  push(chunk: Buffer): string[] {
    this.#append(chunk);
    return this.drain();
  }

  /** Decodes what is buffered, in the current mode. */
  drain(): string[] {
    const messages: string[] = [];
    for (;;) {
      const message = this.mode === 'eom' ? this.#nextEom() : this.#nextChunked();
      if (message === undefined) return messages;
      messages.push(message);
      if (this.#helloPending) {
        this.#helloPending = false;
        return messages;
      }
    }
  }

  #append(chunk: Buffer): void {
    const needed = this.#end - this.#start + chunk.length;
    if (this.#end + chunk.length > this.#bytes.length) {
      const grown = needed > this.#bytes.length / 2 ? Buffer.alloc(Math.max(needed * 2, 4096)) : this.#bytes;
      this.#bytes.copy(grown, 0, this.#start, this.#end);
      this.#scanFrom -= this.#start;
      this.#end -= this.#start;
      this.#start = 0;
      this.#bytes = grown;
    }
    chunk.copy(this.#bytes, this.#end);
    this.#end += chunk.length;
  }

  #consume(count: number): Buffer {
    const taken = this.#bytes.subarray(this.#start, this.#start + count);
    this.#start += count;
    return taken;
  }

  #nextEom(): string | undefined {
    const from = Math.max(this.#start, this.#scanFrom);
    const at = this.#bytes.subarray(0, this.#end).indexOf(endOfMessage, from);
    if (at < 0) {
      if (this.#end - this.#start > this.maxMessageBytes + endOfMessage.length) throw errors.netconfMessageTooLarge(this.maxMessageBytes);
      this.#scanFrom = Math.max(this.#start, this.#end - endOfMessage.length + 1);
      return undefined;
    }
    if (at - this.#start > this.maxMessageBytes) throw errors.netconfMessageTooLarge(this.maxMessageBytes);
    const message = this.#consume(at - this.#start).toString('utf8');
    this.#consume(endOfMessage.length);
    this.#scanFrom = this.#start;
    // Whitespace between messages (a newline after `]]>]]>`, as some clients send) is no part of them.
    return message.trim();
  }

  /** The next complete chunked message, or undefined when more bytes are needed. */
  #nextChunked(): string | undefined {
    for (;;) {
      const header = this.#chunkHeader();
      if (header === undefined) return undefined;
      if (header === 'end') {
        if (this.#chunks.length === 0) throw errors.netconfChunkHeaderInvalid('\n##\n before any chunk');
        const message = Buffer.concat(this.#chunks).toString('utf8');
        this.#chunks = [];
        this.#chunkBytes = 0;
        return message;
      }
      if (this.#chunkBytes + header.size > this.maxMessageBytes) throw errors.netconfMessageTooLarge(this.maxMessageBytes);
      if (this.#end - this.#start < header.length + header.size) return undefined;
      this.#consume(header.length);
      // Copied: the buffer's bytes are reused once compacted.
      this.#chunks.push(Buffer.from(this.#consume(header.size)));
      this.#chunkBytes += header.size;
    }
  }

  /**
   * Reads (without consuming) the header at the front: a chunk's size and the header's length, 'end'
   * (consumed) for `\n##\n`, or undefined when incomplete. Each byte is checked as soon as it arrives.
   */
  #chunkHeader(): { size: number; length: number } | 'end' | undefined {
    const available = this.#end - this.#start;
    const byteAt = (i: number): number => this.#bytes[this.#start + i]!;
    const bad = (): never => {
      throw errors.netconfChunkHeaderInvalid(this.#bytes.subarray(this.#start, this.#start + Math.min(available, 16)).toString('latin1'));
    };
    if (available >= 1 && byteAt(0) !== newline) bad();
    if (available >= 2 && byteAt(1) !== hash) bad();
    if (available < 3) return undefined;
    if (byteAt(2) === hash) {
      if (available < 4) return undefined;
      if (byteAt(3) !== newline) bad();
      this.#consume(4);
      return 'end';
    }
    let size = 0;
    for (let i = 2; i < available; i++) {
      const byte = byteAt(i);
      if (byte === newline && i > 2) return size > maxChunkSize ? bad() : { size, length: i + 1 };
      const digit = byte - 0x30;
      const leadingZero = i === 2 && digit === 0;
      if (digit < 0 || digit > 9 || leadingZero || i - 2 >= maxChunkSizeDigits) bad();
      size = size * 10 + digit;
    }
    return undefined;
  }
}
