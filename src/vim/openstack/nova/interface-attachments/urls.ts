/** Nova interface attachment URLs (`os-interface`, Nova API reference "Port Interfaces"). */
const e = encodeURIComponent;

export const interfacesUrl = (serverId: string): string => `servers/${e(serverId)}/os-interface`;
export const interfaceUrl = (serverId: string, portId: string): string => `servers/${e(serverId)}/os-interface/${e(portId)}`;
