import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { isLanguageKey, language, type LanguageKey } from '../../shared/languages';
import type { DigitStyle } from '../../shared/settings';
import { formatInteger } from '../../shared/text/dates';
import ckb from './locales/ckb.json';
import en from './locales/en.json';
import kmr from './locales/kmr.json';

/** Every visible string of the interface, in the three interface languages. */
export const RESOURCES = { en, ckb, kmr } as const;

let digitStyle: DigitStyle = 'ascii';

/** The interface language as a key of the language table (i18next holds it as a plain string). */
export function uiLanguage(): LanguageKey {
  return isLanguageKey(i18next.language) ? i18next.language : 'en';
}

/** The digits numbers are written with in a Kurdish interface (a user setting). */
export function uiDigits(): DigitStyle {
  return digitStyle;
}

/** Sets the document's language and direction: the whole interface mirrors for Sorani and Badini. */
function applyToDocument(lang: LanguageKey): void {
  const { tag, dir } = language(lang);
  document.documentElement.lang = tag;
  document.documentElement.dir = dir;
}

export async function initI18n(lang: LanguageKey, digits: DigitStyle): Promise<typeof i18next> {
  digitStyle = digits;
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: RESOURCES.en }, ckb: { translation: RESOURCES.ckb }, kmr: { translation: RESOURCES.kmr } },
    lng: lang,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
  });
  // `{{count, integer}}`: grouped, in the user's digits. Chromium has no Kurdish number data of its own.
  i18next.services.formatter?.add('integer', (value: unknown, lng: string | undefined) =>
    formatInteger(Number(value), isLanguageKey(lng) ? lng : 'en', digitStyle),
  );
  applyToDocument(lang);
  return i18next;
}

/** Switches the interface at once, without a reload: React re-renders through react-i18next. */
export async function setUiLanguage(lang: LanguageKey, digits: DigitStyle): Promise<void> {
  digitStyle = digits;
  applyToDocument(lang);
  await i18next.changeLanguage(lang);
}
