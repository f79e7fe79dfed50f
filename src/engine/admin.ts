/**
 * The manager's administration (`AdminApi`): the operation mode, kept in the store and cached here
 * for the maintenance gate's every-request read (refreshed when another manager on the same
 * database changes it), and the database's backup and restore, each
 * allowed by the domain's `adminRefusal` table. "In flight" is what the store holds as RUNNING:
 * every accepted operation is written so before it runs, and stays so until it ends.
 *
 * After a restore the open operations of the restored database are taken up through the runner's
 * resume path, the same one a restart uses (IMPL-4).
 */
import { adminRefusal, type AdminAction, type OpMode } from '../domain/op-mode.ts';
import type { Store } from '../store/store.ts';
import type { AdminApi } from './api.ts';

export interface AdminDeps {
  store: Store;
  /** Takes up every open operation the store holds (the engine's `start`). */
  resume: () => Promise<number>;
}

export class Admin implements AdminApi {
  readonly #deps: AdminDeps;
  #mode: OpMode;

  private constructor(deps: AdminDeps, mode: OpMode) {
    this.#deps = deps;
    this.#mode = mode;
  }

  /** Reads the stored mode: a manager stopped in maintenance starts in maintenance. */
  static async load(deps: AdminDeps): Promise<Admin> {
    return new Admin(deps, await deps.store.getOpMode());
  }

  opMode(): OpMode {
    return this.#mode;
  }

  /** Reads the stored mode again: another manager sharing the database changed it (issue 15 item 4). */
  async refresh(): Promise<void> {
    this.#mode = await this.#deps.store.getOpMode();
  }

  async setOpMode(req: { mode: OpMode; iptCheck: boolean }): Promise<OpMode> {
    if (req.mode === 'MAINTENANCE' && req.iptCheck) await this.#refuseUnless('enterMaintenanceChecked');
    await this.#deps.store.putOpMode(req.mode);
    this.#mode = req.mode;
    return this.#mode;
  }

  async backup(path: string): Promise<{ schemaVersion: number }> {
    await this.#refuseUnless('backup');
    return this.#deps.store.backupInto(path);
  }

  async restore(path: string): Promise<{ resumed: number }> {
    await this.#refuseUnless('restore');
    await this.#deps.store.restoreFrom(path);
    return { resumed: await this.#deps.resume() };
  }

  async #refuseUnless(action: AdminAction): Promise<void> {
    const inFlight = (await this.#deps.store.listOperations({ status: 'RUNNING' })).length;
    const refusal = adminRefusal(action, { mode: this.#mode, inFlight });
    if (refusal) throw refusal;
  }
}
