/**
 * The manager's close sequence: its parts close in one fixed order, whichever of them were
 * started. A part is entered as it starts, so a start that fails half-way closes exactly what it
 * started, in the same order as a regular close (`vnfm serve` stopping, a test's `close()`): a
 * claim loop, event watch or outbox left running would keep the process alive and hold database
 * connections (issue 15 review).
 */

/** One part: what closing it does. */
export type CloseStep = () => Promise<unknown> | void;

export class CloseSequence<Name extends string> {
  readonly #order: readonly Name[];
  readonly #steps = new Map<Name, CloseStep>();

  /** `order`: every part's name, in the order they close. */
  constructor(order: readonly Name[]) {
    this.#order = order;
  }

  /** Enters a part that has started (or is starting: a start that throws may have begun things). */
  add(name: Name, step: CloseStep): void {
    if (this.#steps.has(name)) throw new Error(`close step ${name} entered twice`);
    this.#steps.set(name, step);
  }

  /**
   * Closes every entered part in order, each once. A part that fails to close does not keep the
   * next ones open: all are tried, then the first failure is thrown.
   */
  async close(): Promise<void> {
    let failure: { err: unknown } | undefined;
    for (const name of this.#order) {
      const step = this.#steps.get(name);
      if (!step) continue;
      this.#steps.delete(name);
      try {
        await step();
      } catch (err) {
        failure ??= { err };
      }
    }
    if (failure) throw failure.err;
  }
}
