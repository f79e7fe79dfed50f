/**
 * GET answers rendered from the store, kept while the store's version stands (issue 14): a client
 * polling a deployment's opdata costs neither store reads nor rendering until something changes.
 * Rendering is pure over what the engine read from the store (no clock, no settings), so a kept
 * body is byte for byte what a fresh read would give at that version.
 *
 * Bounded: at most `maxEntries` bodies and `maxBytes` bytes are kept per version; past either,
 * answers are rendered each time. A new version drops them all.
 */
export interface ReadCache {
  /** The body kept for `key` at the current version, or `render`'s, kept; as UTF-8 bytes, written to each client without encoding it again. */
  body(key: string, render: () => Promise<string>): Promise<Buffer>;
}

/** Without a store version to go by, every read renders. */
export const uncached: ReadCache = { body: async (_key, render) => Buffer.from(await render()) };

export class RenderedReads implements ReadCache {
  readonly #version: () => number;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  #at = Number.NaN;
  #bytes = 0;
  readonly #bodies = new Map<string, Buffer>();

  constructor(version: () => number, limits = { maxEntries: 256, maxBytes: 32 * 1024 * 1024 }) {
    this.#version = version;
    this.#maxEntries = limits.maxEntries;
    this.#maxBytes = limits.maxBytes;
  }

  async body(key: string, render: () => Promise<string>): Promise<Buffer> {
    // Taken before reading: a change that lands while `render` reads files nothing under a newer version.
    const version = this.#version();
    if (version !== this.#at) {
      this.#bodies.clear();
      this.#bytes = 0;
      this.#at = version;
    }
    const kept = this.#bodies.get(key);
    if (kept !== undefined) return kept;
    const body = Buffer.from(await render());
    // Kept only if no later version was seen meanwhile (that would have dropped this version's bodies).
    if (this.#at === version && this.#bodies.size < this.#maxEntries && this.#bytes + body.byteLength <= this.#maxBytes) {
      this.#bodies.set(key, body);
      this.#bytes += body.byteLength;
    }
    return body;
  }
}
