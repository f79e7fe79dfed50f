/**
 * A fake `AdminApi` for the REST route tests: the mode in memory, the refusals the real one gives
 * (from the same domain table), a backup that writes a small stand-in file, and the restores asked.
 * The real service is tested over a real store in `engine/admin.test.ts` and end to end.
 */
import { writeFile } from 'node:fs/promises';
import { adminRefusal, type OpMode } from '../../../domain/op-mode.ts';
import type { AdminApi } from '../../../engine/api.ts';

export class FakeAdmin implements AdminApi {
  mode: OpMode = 'OPERATION';
  inFlight = 0;
  readonly restored: string[] = [];

  opMode(): OpMode {
    return this.mode;
  }

  async setOpMode(req: { mode: OpMode; iptCheck: boolean }): Promise<OpMode> {
    if (req.mode === 'MAINTENANCE' && req.iptCheck) this.#check('enterMaintenanceChecked');
    this.mode = req.mode;
    return this.mode;
  }

  async backup(path: string): Promise<{ schemaVersion: number }> {
    this.#check('backup');
    await writeFile(path, 'a stand-in for the database copy');
    return { schemaVersion: 3 };
  }

  async restore(path: string): Promise<{ resumed: number }> {
    this.#check('restore');
    this.restored.push(path);
    return { resumed: 0 };
  }

  #check(action: Parameters<typeof adminRefusal>[0]): void {
    const refusal = adminRefusal(action, { mode: this.mode, inFlight: this.inFlight });
    if (refusal) throw refusal;
  }
}
