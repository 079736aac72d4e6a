import fs from 'node:fs';
import path from 'node:path';
import { SettingsSchema, type Settings, type SettingsPatch } from '../../shared/settings';
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

  function read(): Settings {
    let raw: string;
    try {
      raw = fs.readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return SettingsSchema.parse({});
      throw error;
    }
    // A damaged file must not keep the app from starting: fall back to the defaults.
    try {
      return SettingsSchema.parse(JSON.parse(raw));
    } catch {
      return SettingsSchema.parse({});
    }
  }

  function write(settings: Settings): void {
    // Write a temporary file and rename it over the old one: a crash leaves the old file or the new, never half of one.
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify(settings, null, 2)}\n`, { mode: 0o600 });
    try {
      fs.renameSync(temp, file);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      throw error;
    }
  }

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
