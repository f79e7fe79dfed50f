/** Cinder v3 volume URLs, relative to the block-storage endpoint (`…/v3/<project id>`). */
const e = encodeURIComponent;

export const volumesUrl = (): string => 'volumes';
export const volumesDetailUrl = (): string => 'volumes/detail';
export const volumeUrl = (id: string): string => `volumes/${e(id)}`;
export const volumeActionUrl = (id: string): string => `volumes/${e(id)}/action`;
