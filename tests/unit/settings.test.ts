import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSettingsService, SETTINGS_FILE } from '../../electron/services/settings';
import { dispatch } from '../../electron/services/table';
import type { Library } from '../../electron/store/library';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { tempLibrary, type TempLibrary } from './helpers/library';

let temp: TempLibrary;
let dir: string;
let library: Library;

beforeEach(() => {
  temp = tempLibrary('qelem-settings-');
  ({ dir, library } = temp);
});

afterEach(() => temp.dispose());

describe('settings', () => {
  it('starts from the defaults: English interface, ASCII digits', () => {
    expect(createSettingsService(library).getSettings({})).toEqual({ uiLanguage: 'en', kurdishDigits: 'ascii' });
    expect(DEFAULT_SETTINGS).toEqual({ uiLanguage: 'en', kurdishDigits: 'ascii' });
  });

  it('keeps a change across a restart, changing only what was given', () => {
    createSettingsService(library).updateSettings({ uiLanguage: 'ckb' });
    createSettingsService(library).updateSettings({ kurdishDigits: 'arabic-indic' });
    library = temp.reopen();
    expect(createSettingsService(library).getSettings({})).toEqual({ uiLanguage: 'ckb', kurdishDigits: 'arabic-indic' });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('falls back to the defaults when the file is damaged, and repairs it on the next change', () => {
    fs.writeFileSync(path.join(dir, SETTINGS_FILE), '{"uiLanguage": "kmr",');
    const settings = createSettingsService(library);
    expect(settings.getSettings({})).toEqual(DEFAULT_SETTINGS);
    settings.updateSettings({ uiLanguage: 'kmr' });
    expect(JSON.parse(fs.readFileSync(path.join(dir, SETTINGS_FILE), 'utf8'))).toEqual({ uiLanguage: 'kmr', kurdishDigits: 'ascii' });
  });

  it('refuses unknown languages, digit styles and fields through the service table, writing nothing', async () => {
    const table = temp.table();
    for (const payload of [{ uiLanguage: 'fr' }, { kurdishDigits: 'persian' }, { theme: 'dark' }, null, 'ckb', [], { uiLanguage: null }]) {
      const result = await dispatch(table, 'updateSettings', payload);
      expect(result.ok, JSON.stringify(payload)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid_input');
    }
    expect(await dispatch(table, 'getSettings', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(fs.existsSync(path.join(dir, SETTINGS_FILE))).toBe(false);
    expect(await dispatch(table, 'updateSettings', { uiLanguage: 'kmr' })).toEqual({ ok: true, value: { uiLanguage: 'kmr', kurdishDigits: 'ascii' } });
  });
});
