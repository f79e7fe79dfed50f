/**
 * Group commit (IMPL-4, issue 14): the connection commits with `synchronous=NORMAL`, which writes
 * the WAL without an fsync, and every caller whose commit must be durable waits here for ONE
 * fdatasync of the WAL file that started after its commit. Commits made while an fsync runs share
 * the next one, so fifty operations committing at once pay one or two fsyncs, not fifty, and the
 * fsync runs on libuv's thread pool instead of stopping the event loop.
 *
 * Why that is as durable as `synchronous=FULL`: WAL frames are appended in commit order, so an
 * fdatasync that starts after commit N covers every frame up to N; SQLite itself syncs the WAL before
 * a checkpoint copies it into the database file (and the database after), so a restarted WAL never
 * overwrites frames not yet in the database. A caller is answered only after `durable()`, so nothing
 * it tells the outside world (a 202, a VIM call, a callback) rests on a commit a power loss can undo.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';

/** Makes the WAL durable up to the moment it is called. */
export type WalSync = () => Promise<void>;

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

export class GroupCommit {
  readonly #sync: WalSync;
  #committed = 0;
  #durable = 0;
  #flushing: Promise<void> = Promise.resolve();
  #running = false;
  #waiters: Waiter[] = [];
  /** fsyncs made (tests and benchmarks compare it with the commits). */
  syncs = 0;

  constructor(sync: WalSync) {
    this.#sync = sync;
  }

  /** A commit was made: the next `durable()` waits for it. */
  committed(): void {
    this.#committed++;
  }

  /** Resolves once every commit made so far is on disk; at once when none is pending. */
  durable(): Promise<void> {
    if (this.#durable >= this.#committed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiters.push({ resolve, reject });
      if (!this.#running) {
        this.#running = true;
        this.#flushing = this.#flush();
      }
    });
  }

  /** Waits for the fsync under way, if any (before the file is closed). */
  async settled(): Promise<void> {
    await this.#flushing;
  }

  async #flush(): Promise<void> {
    try {
      await this.#flushAll();
    } finally {
      // Synchronously with the loop's last look: a waiter arriving after it starts a new flush.
      this.#running = false;
    }
  }

  async #flushAll(): Promise<void> {
    while (this.#waiters.length > 0) {
      const upTo = this.#committed;
      const covered = this.#waiters;
      this.#waiters = [];
      try {
        await this.#sync();
        this.syncs++;
      } catch (err) {
        // A failed fsync may have dropped pages: no commit it was to cover is known durable.
        for (const w of covered) w.reject(err);
        continue;
      }
      this.#durable = Math.max(this.#durable, upTo);
      for (const w of covered) w.resolve();
    }
  }
}

/** Linux's tmpfs magic number (statfs(2)): memory keeps nothing across a power loss, so fsync buys nothing. */
const TMPFS_MAGIC = 0x01021994;

/**
 * The group commit for the database at `path`: an fdatasync of its WAL file, opened once (the
 * connection keeps the file until it closes); `sync` replaces the fdatasync (tests hold it to see
 * who waits). In memory, or on tmpfs, there is nothing to sync: no group commit.
 */
export async function walGroupCommit(path: string, sync?: (wal: FileHandle) => Promise<void>): Promise<{ group?: GroupCommit; close(): Promise<void> }> {
  if (path === ':memory:' || statfsSync(dirname(path)).type === TMPFS_MAGIC) return { close: async () => {} };
  const wal: FileHandle = await open(`${path}-wal`, 'r+');
  // The WAL may have just been created: its directory entry must survive a power loss too.
  await syncDirectory(dirname(path));
  const group = new GroupCommit(() => (sync ? sync(wal) : wal.datasync()));
  return {
    group,
    async close() {
      await group.settled();
      await wal.close();
    },
  };
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
