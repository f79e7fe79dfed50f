/**
 * @module At most `bound()` HTTP requests of one VIM connector in flight (issue 14,
 * `vim.requests.inflight`): what protects a cloud is the number of requests it is asked to serve at
 * once, not the number of VMs an operation acts on, so every VM lifecycle runs at once and queues
 * here, per VIM, in arrival order. The bound is read each time a place frees up, so a run-time
 * change (CONF-3) applies to the next request. A place is held for one exchange only (not across a
 * retry's backoff, not while a streamed body is read), so a slow retry never starves the others.
 */
export class InFlightGate {
  readonly #bound: () => number;
  #active = 0;
  /** The most requests ever in flight at once (tests and benchmarks read it). */
  most = 0;
  readonly #queue: (() => void)[] = [];

  constructor(bound: () => number) {
    this.#bound = bound;
  }

  get inFlight(): number {
    return this.#active;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#bound() || this.#queue.length > 0) await new Promise<void>((start) => this.#queue.push(start));
    else this.#active++;
    this.most = Math.max(this.most, this.#active);
    try {
      return await task();
    } finally {
      this.#release();
    }
  }

  /** Hands the freed place to the next in line; a lowered bound lets places lapse until under it. */
  #release(): void {
    this.#active--;
    while (this.#queue.length > 0 && this.#active < this.#bound()) {
      this.#active++;
      this.#queue.shift()!();
    }
  }
}
