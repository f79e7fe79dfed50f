/**
 * The configuration a data folder starts with: its `application.properties` under the start
 * overrides, a bad value a catalogue error naming file, key and value (CONF-1). One reading, so the
 * manager and `vnfm migrate` (which judges the target's managers by the folder's lease) agree.
 */
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import { loadConfig } from '../config/settings-service.ts';
import { errors } from '../domain/errors.ts';

export function startConfig(dataDir: string, start: Readonly<Record<string, string>>): { config: Config; propertiesFile: string } {
  const propertiesFile = join(dataDir, 'application.properties');
  const loaded = loadConfig(propertiesFile, start);
  if ('refused' in loaded) {
    const { key, value, expected, file } = loaded.refused;
    throw errors.settingValueInvalid(key, value, expected, file);
  }
  return { config: loaded.config, propertiesFile };
}
