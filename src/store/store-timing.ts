/**
 * Time this process spends in its database (issue 14), counted where it is spent, so an operator
 * (the `openvnfm_store_*` metrics) and the benchmarks (the store's share of a deploy) see how much
 * of the manager's time the durable record takes. SQLite: each statement a table runs and each
 * COMMIT, CPU of the event loop's own thread (the batch's BEGIN and savepoints are not counted);
 * PostgreSQL: each round trip the loop waits for (a pooled connection included), COMMIT apart.
 * A store opened without one counts nothing.
 */
export class StoreTiming {
  statements = 0;
  statementSeconds = 0;
  commits = 0;
  commitSeconds = 0;

  /** Runs a synchronous statement (SQLite) and counts it. */
  statement<T>(run: () => T): T {
    const start = performance.now();
    try {
      return run();
    } finally {
      this.#count(false, start);
    }
  }

  /** Runs a synchronous commit (SQLite) and counts it. */
  commit(run: () => void): void {
    const start = performance.now();
    try {
      run();
    } finally {
      this.#count(true, start);
    }
  }

  /** Awaits a statement sent to a server (PostgreSQL; a COMMIT counts as a commit) and counts it. */
  async roundTrip<T>(text: string, send: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await send();
    } finally {
      this.#count(text === 'COMMIT', start);
    }
  }

  /** The counts as they stand (a benchmark takes two and subtracts). */
  snapshot(): Readonly<Pick<StoreTiming, 'statements' | 'statementSeconds' | 'commits' | 'commitSeconds'>> {
    return { statements: this.statements, statementSeconds: this.statementSeconds, commits: this.commits, commitSeconds: this.commitSeconds };
  }

  #count(commit: boolean, start: number): void {
    const seconds = (performance.now() - start) / 1000;
    if (commit) {
      this.commits++;
      this.commitSeconds += seconds;
    } else {
      this.statements++;
      this.statementSeconds += seconds;
    }
  }
}
