import { z } from 'zod';
import { LanguageKeySchema } from './languages';

/** Digits in a Kurdish interface: ASCII 0–9 or Arabic-Indic ٠–٩ (kurdish-text.md, Digits). */
export const DIGIT_STYLES = ['ascii', 'arabic-indic'] as const;
export const DigitStyleSchema = z.enum(DIGIT_STYLES);
export type DigitStyle = z.infer<typeof DigitStyleSchema>;

const SETTING_FIELDS = {
  /** The language of the interface, independent of the language being written. */
  uiLanguage: LanguageKeySchema,
  kurdishDigits: DigitStyleSchema,
};

/** Stored settings; a setting added by a later build gets its default when older settings are read. */
export const SettingsSchema = z.object({
  uiLanguage: SETTING_FIELDS.uiLanguage.default('en'),
  kurdishDigits: SETTING_FIELDS.kurdishDigits.default('ascii'),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = z.strictObject(SETTING_FIELDS).partial();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});
