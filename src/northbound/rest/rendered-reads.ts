/**
 * GET answers rendered from the store, kept while the store's version stands (issue 14): a client
 * polling a deployment's opdata costs neither store reads nor rendering until something changes.
 * Rendering is pure over what the engine read from the store (no clock, no settings), so a kept
 * body is byte for byte what a fresh read would give at that version.
 *
 * Bounded: at most `maxEntries` bodies and `maxChars` characters are kept per version; past either,
 * answers are rendered each time. A new version drops them all.
 */
export interface ReadCache {
  /** The body kept for `key` at the current version, or `render`'s, kept. */
  body(key: string, render: () => Promise<string>): Promise<string>;
}

/** Without a store version to go by, every read renders. */
export const uncached: ReadCache = { body: (_key, render) => render() };

export class RenderedReads implements ReadCache {
  readonly #version: () => number;
  readonly #maxEntries: number;
  readonly #maxChars: number;
  #at = Number.NaN;
  #chars = 0;
  readonly #bodies = new Map<string, string>();

  constructor(version: () => number, limits = { maxEntries: 256, maxChars: 32 * 1024 * 1024 }) {
    this.#version = version;
    this.#maxEntries = limits.maxEntries;
    this.#maxChars = limits.maxChars;
  }

  async body(key: string, render: () => Promise<string>): Promise<string> {
    // Taken before reading: a change that lands while `render` reads files nothing under a newer version.
    const version = this.#version();
    if (version !== this.#at) {
      this.#bodies.clear();
      this.#chars = 0;
      this.#at = version;
    }
    const kept = this.#bodies.get(key);
    if (kept !== undefined) return kept;
    const body = await render();
    // Kept only if no later version was seen meanwhile (that would have dropped this version's bodies).
    if (this.#at === version && this.#bodies.size < this.#maxEntries && this.#chars + body.length <= this.#maxChars) {
      this.#bodies.set(key, body);
      this.#chars += body.length;
    }
    return body;
  }
}
