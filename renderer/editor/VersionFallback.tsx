import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article, RevisionInfo } from '../../shared/article';
import { language, type LanguageKey } from '../../shared/languages';
import { bodyToPlainText } from '../../shared/render/plain-text';
import { formatDateTime } from '../../shared/text/dates';
import { useApi } from '../api/context';
import { useToasts } from '../components/Toasts';
import { uiDigits, uiLanguage } from '../i18n';
import { describeError } from '../i18n/errors';

type Revisions = { kind: 'loading' } | { kind: 'ready'; items: RevisionInfo[] } | { kind: 'failed'; message: string };

/** The version's saved text, fields and body, as plain text: whatever its body holds. */
function savedText(article: Article, lang: LanguageKey): string {
  const version = article.versions[lang];
  if (!version) return '';
  let body = '';
  try {
    body = bodyToPlainText(version.body);
  } catch {
    // A body too broken even to read as text: the fields are still there.
  }
  return [version.headline, version.standfirst, version.dateline, version.byline, body].filter((part) => part.trim() !== '').join('\n\n');
}

interface Props {
  article: Article;
  lang: LanguageKey;
  active: boolean;
  error: Error;
  /** A revision was restored: the article is loaded again (and this version with it). */
  onRestored: () => void;
}

/**
 * One language version that cannot be shown (its editor failed): in place of
 * its panel, what happened in words, its revisions with a way to restore one
 * (as a new revision, never rewriting history), and its saved text to copy.
 * The other versions' tabs and the rest of the window go on working.
 */
export function VersionFallback({ article, lang, active, error, onRestored }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const { tag, dir, nativeName } = language(lang);
  const current = article.versions[lang]?.revision ?? 0;
  const [revisions, setRevisions] = useState<Revisions>({ kind: 'loading' });
  const [restoring, setRestoring] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.listRevisions({ id: article.id, lang }).then(
      (items) => !cancelled && setRevisions({ kind: 'ready', items }),
      (failure: unknown) => !cancelled && setRevisions({ kind: 'failed', message: describeError(t, failure) }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, article.id, lang, t]);

  const restore = async (revision: number) => {
    setRestoring(revision);
    try {
      await api.restoreRevision({ id: article.id, lang, revision, baseRevision: current });
      toasts.show(t('boundary.restored', { revision, language: nativeName }));
      onRestored();
    } catch (failure) {
      toasts.show(t('boundary.restoreFailed', { revision, reason: describeError(t, failure) }), { tone: 'error' });
    } finally {
      setRestoring(null);
    }
  };

  const text = savedText(article, lang);
  return (
    <section className="version version-fallback" role="tabpanel" id={`panel-${lang}`} aria-labelledby={`tab-${lang}`} hidden={!active}>
      <div className="fallback-notice" role="alert">
        <h2>{t('boundary.versionTitle', { language: nativeName })}</h2>
        <p>{t('boundary.versionDetail')}</p>
      </div>

      <h3>{t('boundary.revisions', { language: nativeName })}</h3>
      {revisions.kind === 'loading' && <p className="notice">{t('boundary.loading')}</p>}
      {revisions.kind === 'failed' && <p className="notice">{revisions.message}</p>}
      {revisions.kind === 'ready' && revisions.items.length <= 1 && <p className="notice">{t('boundary.noRevisions')}</p>}
      {revisions.kind === 'ready' && (
        <ul className="fallback-revisions">
          {revisions.items.map((item) => (
            <li key={item.revision}>
              <span className="fallback-revision">
                {t('boundary.revision', { revision: item.revision, date: formatDateTime(item.savedAt, uiLanguage(), uiDigits()) })}
                {item.revision === current && <> · {t('boundary.current')}</>}
              </span>
              <span className="fallback-headline" lang={tag} dir={dir}>
                {item.headline}
              </span>
              {item.revision === current ? (
                <span />
              ) : (
                <button type="button" disabled={restoring !== null} onClick={() => void restore(item.revision)}>
                  {t('boundary.restore', { revision: item.revision })}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}

      <label className="field">
        <span>{t('boundary.text')}</span>
        <textarea className="fallback-text" readOnly lang={tag} dir={dir} rows={12} value={text} />
      </label>
      <details className="fallback-detail">
        <summary>{t('boundary.detail')}</summary>
        <pre dir="ltr" lang="en">
          {error.message}
        </pre>
      </details>
    </section>
  );
}
