import { useTranslation } from 'react-i18next';
import { isKurdish, LANGUAGES } from '../../shared/languages';
import { DIGIT_STYLES } from '../../shared/settings';
import { useSettings } from '../settings/context';

/**
 * The bar above every screen: the app's name, the interface-language switcher
 * written as the outlet's own site writes it (English | سۆرانی | بادینی), and
 * in a Kurdish interface the choice of digits.
 */
export function AppBar() {
  const { t } = useTranslation();
  const { settings, update } = useSettings();
  return (
    <div className="app-bar">
      <span className="app-name">{t('app.name')}</span>
      <nav className="language-switcher" aria-label={t('ui.language')}>
        {LANGUAGES.map((lang, index) => (
          <span key={lang.key} className="switcher-item">
            {index > 0 && (
              <span className="switcher-separator" aria-hidden="true">
                |
              </span>
            )}
            <button
              type="button"
              lang={lang.tag}
              dir={lang.dir}
              aria-pressed={settings.uiLanguage === lang.key}
              onClick={() => update({ uiLanguage: lang.key })}
            >
              {lang.nativeName}
            </button>
          </span>
        ))}
      </nav>
      {isKurdish(settings.uiLanguage) && (
        <div className="digit-choice" role="group" aria-label={t('ui.digits')}>
          {DIGIT_STYLES.map((style) => (
            <button key={style} type="button" aria-pressed={settings.kurdishDigits === style} onClick={() => update({ kurdishDigits: style })}>
              {t(`ui.digitStyle.${style}`)}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
