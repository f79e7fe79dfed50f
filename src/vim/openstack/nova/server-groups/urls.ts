/** Nova server-group URLs, relative to the compute endpoint. */
export const serverGroupsUrl = (): string => 'os-server-groups';
export const serverGroupUrl = (id: string): string => `os-server-groups/${encodeURIComponent(id)}`;
