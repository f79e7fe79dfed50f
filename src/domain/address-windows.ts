/**
 * Per-client-address counts over one-minute windows (issue 13 items 4 and 7): failed logins (REST and
 * NETCONF), changing REST requests. A window starts at an address's first counted event and lasts a
 * minute; past the limit the address waits for the window's end (`Retry-After`). Pure but for the
 * map it keeps: the caller passes the time. Counters live in memory; a restart forgets them, which
 * gives an attacker nothing a minute's wait would not.
 */
const windowMs = 60_000;
/** Above this many addresses, ended windows are swept on the next count (bounds the memory a spray of addresses takes). */
const sweepAbove = 10_000;

export class AddressWindows {
  readonly #windows = new Map<string, { start: number; count: number }>();

  /** Whole seconds until `address` may go on when it has used `limit` in its current window; else undefined (a limit of 0: none). */
  retryAfterSecs(address: string, limit: number, now: number): number | undefined {
    const window = this.#current(address, now);
    if (limit <= 0 || !window || window.count < limit) return undefined;
    return Math.max(1, Math.ceil((window.start + windowMs - now) / 1000));
  }

  count(address: string, now: number): void {
    if (this.#windows.size > sweepAbove) for (const [key, w] of this.#windows) if (now >= w.start + windowMs) this.#windows.delete(key);
    const window = this.#current(address, now);
    if (window) window.count++;
    else this.#windows.set(address, { start: now, count: 1 });
  }

  #current(address: string, now: number): { start: number; count: number } | undefined {
    const window = this.#windows.get(address);
    return window && now < window.start + windowMs ? window : undefined;
  }
}
