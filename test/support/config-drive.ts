/**
 * The day-0 files a server's config drive carries, as the embedded emulator keeps them
 * (`openstack/latest/user_data`, cloud-config `write_files`): path → contents.
 */
import type { Manager } from '../../src/app/manager.ts';

export function day0FilesOn(manager: Pick<Manager, 'emulator'>, serverId: string): Record<string, string> {
  const userData = manager.emulator!.admin.configDrive(serverId)?.['openstack/latest/user_data'] ?? '';
  const files = [...userData.matchAll(/path: (\S+)\n\s+encoding: b64\n\s+content: (\S+)/g)];
  return Object.fromEntries(files.map((m) => [m[1]!, Buffer.from(m[2]!, 'base64').toString()]));
}
