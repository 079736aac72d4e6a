import { useTranslation } from 'react-i18next';
import { language, type LanguageKey } from '../../shared/languages';
import { finishedCount, type TranslationProgress } from '../../shared/translation/segment';
import { navigate } from '../routing';
import type { ReplicaState } from '../documents/replica';
import { SaveStatus } from '../saving/SaveStatus';
import { SHORTCUT_HELP } from './workspace-keys';

interface Props {
  articleId: string;
  from: LanguageKey;
  to: LanguageKey;
  /** The languages `to` may be translated from. */
  sourceChoices: readonly LanguageKey[];
  progress: TranslationProgress;
  saveState: ReplicaState;
  /** Saves what is pending now (before leaving, or again after a failure). */
  onSaveNow: () => void;
}

const STATES_IN_HEADER = ['missing', 'draft', 'stale', 'done', 'approved'] as const;

/** The workspace's toolbar (back, the two languages, progress, save status) and its list of shortcuts. */
export function WorkspaceHeader({ articleId, from, to, sourceChoices, progress, saveState, onSaveNow }: Props) {
  const { t } = useTranslation();
  return (
    <>
      <header className="toolbar translate-toolbar">
        <button
          type="button"
          className="back"
          onClick={() => {
            onSaveNow();
            navigate({ screen: 'article', id: articleId, lang: to });
          }}
        >
          {t('translate.backToArticle')}
        </button>
        <label className="inline-field">
          <span>{t('translate.from')}</span>
          <select value={from} onChange={(event) => navigate({ screen: 'translate', id: articleId, to, from: event.target.value as LanguageKey }, { replace: true })}>
            {sourceChoices.map((key) => (
              <option key={key} value={key} lang={language(key).tag}>
                {language(key).nativeName}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('translate.to')}</span>
          <select value={to} onChange={(event) => navigate({ screen: 'translate', id: articleId, to: event.target.value as LanguageKey, from: null })}>
            {(['en', 'ckb', 'kmr'] as const)
              .filter((key) => key !== from)
              .map((key) => (
                <option key={key} value={key} lang={language(key).tag}>
                  {language(key).nativeName}
                </option>
              ))}
          </select>
        </label>
        <div className="translate-progress" role="group" aria-label={t('translate.progressLabel')}>
          <meter min={0} max={Math.max(1, progress.total)} value={finishedCount(progress)} aria-label={t('translate.progressLabel')} />
          <span className="progress-text">{t('translate.progress', { done: finishedCount(progress), total: progress.total })}</span>
          <ul className="state-counts">
            {STATES_IN_HEADER.map((state) => (
              <li key={state} className={`state-chip state-${state}`}>
                {t(`translate.state.${state}`)} {t('translate.count', { count: progress[state] })}
              </li>
            ))}
            {progress.orphaned > 0 && <li className="state-chip state-orphaned">{t('translate.state.orphaned')} {t('translate.count', { count: progress.orphaned })}</li>}
          </ul>
        </div>
        <SaveStatus state={saveState} onRetry={onSaveNow} />
      </header>
      <ul className="shortcut-help" aria-label={t('translate.shortcutsLabel')}>
        {SHORTCUT_HELP.map((shortcut) => (
          <li key={shortcut.label}>
            {/* Key names read left to right in every interface language. */}
            <kbd dir="ltr">{shortcut.keys}</kbd> {t(`translate.keys.${shortcut.label}`)}
          </li>
        ))}
      </ul>
    </>
  );
}
