/** Cinder v3 snapshot URLs. */
export const snapshotsUrl = (): string => 'snapshots';
export const snapshotsDetailUrl = (): string => 'snapshots/detail';
export const snapshotUrl = (id: string): string => `snapshots/${encodeURIComponent(id)}`;
