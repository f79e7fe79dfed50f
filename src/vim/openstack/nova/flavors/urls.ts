/** Nova flavor URLs. */
export const flavorUrl = (id: string): string => `flavors/${encodeURIComponent(id)}`;
export const flavorsDetailUrl = (): string => 'flavors/detail';
