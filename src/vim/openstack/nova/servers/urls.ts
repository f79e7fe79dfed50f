/** Nova server URLs, relative to the compute endpoint (built once, as gophercloud's urls.go). */
const e = encodeURIComponent;

export const serversUrl = (): string => 'servers';
export const serversDetailUrl = (): string => 'servers/detail';
export const serverUrl = (id: string): string => `servers/${e(id)}`;
export const serverActionUrl = (id: string): string => `servers/${e(id)}/action`;
