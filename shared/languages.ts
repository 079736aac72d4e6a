import { z } from 'zod';

/**
 * The three languages Qelem publishes in. Everything language-dependent
 * (direction, fonts, digits, month names) derives from this table; never ask
 * Intl for a Kurdish direction: `new Intl.Locale('ku-Arab').getTextInfo()`
 * wrongly says ltr.
 */
export const LANGUAGES = [
  { key: 'en', tag: 'en', script: 'Latin', dir: 'ltr', nativeName: 'English' },
  { key: 'ckb', tag: 'ckb', script: 'Arabic', dir: 'rtl', nativeName: 'سۆرانی' },
  // Badini has no registered subtag; kmr-Arab is used in HTML lang, ninjs and everywhere else.
  { key: 'kmr', tag: 'kmr-Arab', script: 'Arabic', dir: 'rtl', nativeName: 'بادینی' },
] as const;

export type Language = (typeof LANGUAGES)[number];
export type LanguageKey = Language['key'];
export type Direction = Language['dir'];

export const LANGUAGE_KEYS = LANGUAGES.map((l) => l.key) as [LanguageKey, ...LanguageKey[]];

export const LanguageKeySchema = z.enum(LANGUAGE_KEYS);

export function isLanguageKey(value: unknown): value is LanguageKey {
  return typeof value === 'string' && (LANGUAGE_KEYS as string[]).includes(value);
}

export function language(key: LanguageKey): Language {
  const found = LANGUAGES.find((l) => l.key === key);
  if (!found) throw new RangeError(`Unknown language key: ${String(key)}`);
  return found;
}

export function directionOf(key: LanguageKey): Direction {
  return language(key).dir;
}

/** Kurdish (Arabic-script) text gets Kurdish normalisation; English never does. */
export function isKurdish(key: LanguageKey): boolean {
  return language(key).script === 'Arabic';
}
