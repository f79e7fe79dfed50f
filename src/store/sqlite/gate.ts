/**
 * One-holder async gate in front of the single SQLite connection (IMPL-4).
 *
 * Why: `node:sqlite` runs each statement synchronously, but a transaction's `fn` awaits between
 * statements. Without a gate, a caller outside the transaction could slip a statement onto the same
 * connection in one of those gaps, and it would silently commit or roll back with someone else's
 * transaction. So a transaction holds the gate from BEGIN to COMMIT/ROLLBACK, and every other call
 * waits for it in FIFO order. When the gate is free a call runs at once: a synchronous statement
 * cannot be interleaved with anything.
 */
export class Gate {
  #held = false;
  readonly #waiters: (() => void)[] = [];

  /** Resolves once the caller holds the gate; pair with `release`. */
  async acquire(): Promise<void> {
    if (!this.#held) {
      this.#held = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiters.push(resolve));
  }

  /** Hands the gate to the next waiter, or frees it. */
  release(): void {
    const next = this.#waiters.shift();
    if (next) next();
    else this.#held = false;
  }

  /** Runs a synchronous `op` once no one holds the gate. */
  async whenFree<T>(op: () => T): Promise<T> {
    if (!this.#held) return op();
    await this.acquire();
    try {
      return op();
    } finally {
      this.release();
    }
  }
}
