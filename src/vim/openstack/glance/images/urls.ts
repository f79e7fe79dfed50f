/** Glance v2 image URLs, relative to `<image endpoint>/v2`. */
const e = encodeURIComponent;

export const imagesUrl = (): string => 'images';
export const imageUrl = (id: string): string => `images/${e(id)}`;
export const imageFileUrl = (id: string): string => `images/${e(id)}/file`;
