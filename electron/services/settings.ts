import path from 'node:path';
import { SettingsSchema, type Settings, type SettingsPatch } from '../../shared/settings';
import { readJsonFile, writeJsonFile } from '../store/json-file';
import type { Library } from '../store/library';

export const SETTINGS_FILE = 'settings.json';

export interface SettingsService {
  getSettings(input: Record<string, never>): Settings;
  updateSettings(input: SettingsPatch): Settings;
}

/**
 * The user's settings (interface language, digits), kept as a small JSON file
 * in the library folder, the user-data folder for the default library. Not in
 * localStorage: browser mode's origin (its port) changes at every start.
 */
export function createSettingsService(library: Library, onChanged?: (settings: Settings) => void): SettingsService {
  const file = path.join(library.dir, SETTINGS_FILE);

  const read = (): Settings => readJsonFile(file, SettingsSchema);
  const write = (settings: Settings) => writeJsonFile(file, settings);

  return {
    getSettings: () => read(),
    updateSettings(patch) {
      const next = { ...read(), ...patch };
      write(next);
      onChanged?.(next);
      return next;
    },
  };
}
