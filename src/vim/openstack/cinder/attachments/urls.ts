/** Cinder v3 attachment URLs (microversion ≥ 3.27), relative to the block-storage endpoint. */
const e = encodeURIComponent;

export const attachmentsUrl = (): string => 'attachments';
export const attachmentUrl = (id: string): string => `attachments/${e(id)}`;
