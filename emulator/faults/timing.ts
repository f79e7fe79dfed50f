/**
 * How long things take. `durations` are the asynchronous transitions (BUILD→ACTIVE, image save,
 * ...); `latencyMs` delays HTTP answers per route action (`server.create`), per service
 * (`compute`) or for all (`*`). Both scale with `timeScale` (0 = as fast as possible, still async).
 */
export const defaultDurations = {
  serverBuild: 300,
  serverPower: 100,
  serverReboot: 200,
  serverDelete: 100,
  serverSnapshot: 300,
  serverResize: 300,
  imageSave: 300,
  volumeCreate: 200,
  volumeAttach: 100,
  volumeDetach: 100,
  volumeDelete: 100,
  volumeExtend: 100,
  snapshotCreate: 200,
  snapshotDelete: 100,
  /** From ACTIVE until the guest answers liveness checks. */
  guestBoot: 0,
};

export type Durations = typeof defaultDurations;
export type DurationKey = keyof Durations;

export class Timing {
  durations: Durations;
  latencyMs: Record<string, number>;
  timeScale: number;

  constructor(opts: { durations?: Partial<Durations>; latencyMs?: Record<string, number>; timeScale?: number }) {
    this.durations = { ...defaultDurations, ...opts.durations };
    this.latencyMs = { ...opts.latencyMs };
    this.timeScale = opts.timeScale ?? 1;
  }

  duration(key: DurationKey): number {
    return this.durations[key] * this.timeScale;
  }

  latency(action: string, service: string): number {
    const ms = this.latencyMs[action] ?? this.latencyMs[service] ?? this.latencyMs['*'] ?? 0;
    return ms * this.timeScale;
  }
}
