import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../shared/article';
import { LANGUAGES, language, type LanguageKey } from '../../shared/languages';
import type { Finding } from '../../shared/qa/findings';
import { useApi } from '../api/context';
import { ArticlePending } from '../article/ArticlePending';
import { useArticle } from '../article/useArticle';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { useToasts } from '../components/Toasts';
import { ExportDialog } from '../export/ExportDialog';
import { navigate } from '../routing';
import type { Autosaver, SaveState } from '../saving/autosave';
import { ConflictDialog } from '../saving/ConflictDialog';
import { keepAsCopy } from '../saving/keep-copy';
import { SaveStatus } from '../saving/SaveStatus';
import { useFlushOnLeave } from '../saving/useFlushOnLeave';
import { ArticleDetails } from './ArticleDetails';
import { jumpToSegment } from './jump-to-segment';
import { VersionEditor } from './VersionEditor';
import { VersionFallback } from './VersionFallback';

export function ArticleScreen({ id, lang, at }: { id: string; lang: LanguageKey | null; at: string | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const [states, setStates] = useState<Partial<Record<LanguageKey, SaveState>>>({});
  const autosavers = useRef(new Map<LanguageKey, Autosaver>());
  const { loaded, reload, update } = useArticle(id, { onLoad: () => setStates({}) });
  const [exporting, setExporting] = useState(false);

  // A jump from the export checks: once the article is there, its segment gets the caret.
  const ready = loaded.kind === 'ready' ? loaded.article : null;
  useEffect(() => {
    if (!ready || !at) return;
    const key = lang ?? ready.sourceLang;
    const version = ready.versions[key];
    if (!version) return;
    const frame = requestAnimationFrame(() => jumpToSegment(key, at, version));
    return () => cancelAnimationFrame(frame);
  }, [ready, lang, at]);

  const flushAll = useCallback(async () => {
    await Promise.all([...autosavers.current.values()].map((saver) => saver.flush()));
  }, []);

  useFlushOnLeave(autosavers, flushAll);

  if (loaded.kind !== 'ready') return <ArticlePending loaded={loaded} className="article-screen" />;

  const { article, generation } = loaded;
  const activeLang = lang ?? article.sourceLang;
  const activeState = states[activeLang] ?? { kind: 'saved' };
  const conflict = Object.entries(states).find(([, state]) => state?.kind === 'conflict') as [LanguageKey, Extract<SaveState, { kind: 'conflict' }>] | undefined;

  const selectLang = (key: LanguageKey) => navigate({ screen: 'article', id: article.id, lang: key }, { replace: true });

  const onTabKey = (event: KeyboardEvent<HTMLDivElement>) => {
    const keys = LANGUAGES.map((l) => l.key);
    const index = keys.indexOf(activeLang);
    // Arrow keys follow the visual order, which the document direction may reverse.
    const forward = document.dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
    const backward = document.dir === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
    let next: LanguageKey | undefined;
    if (event.key === forward) next = keys[(index + 1) % keys.length];
    else if (event.key === backward) next = keys[(index + keys.length - 1) % keys.length];
    else if (event.key === 'Home') next = keys[0];
    else if (event.key === 'End') next = keys[keys.length - 1];
    if (!next) return;
    event.preventDefault();
    selectLang(next);
    document.getElementById(`tab-${next}`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
      event.preventDefault();
      void autosavers.current.get(activeLang)?.flush();
    }
  };

  return (
    <main className="article-screen" onKeyDown={onKeyDown}>
      <header className="toolbar">
        <button
          type="button"
          className="back"
          onClick={() => {
            void flushAll();
            navigate({ screen: 'library' });
          }}
        >
          {t('editor.back')}
        </button>
        <div role="tablist" aria-label={t('editor.versions')} className="language-tabs" onKeyDown={onTabKey}>
          {LANGUAGES.map((l) => (
            <button
              key={l.key}
              type="button"
              role="tab"
              id={`tab-${l.key}`}
              aria-controls={`panel-${l.key}`}
              aria-selected={l.key === activeLang}
              tabIndex={l.key === activeLang ? 0 : -1}
              lang={l.tag}
              dir={l.dir}
              className={article.versions[l.key] ? 'tab' : 'tab tab-missing'}
              onClick={() => selectLang(l.key)}
            >
              {l.nativeName}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="translate-button"
          onClick={() => {
            void flushAll();
            // The source version itself is not translated: open the first other language.
            const to = activeLang !== article.sourceLang ? activeLang : (LANGUAGES.find((l) => l.key !== article.sourceLang)?.key ?? activeLang);
            navigate({ screen: 'translate', id: article.id, to, from: null });
          }}
        >
          {t('translate.open')}
        </button>
        <button
          type="button"
          onClick={() => {
            // The checks read the saved article: what is typed goes first.
            void flushAll().then(() => setExporting(true));
          }}
        >
          {t('export.open')}
        </button>
        <SaveStatus state={activeState} onRetry={() => void autosavers.current.get(activeLang)?.flush()} />
      </header>

      <ArticleDetails article={article} onChanged={(next) => update((current) => ({ ...current, meta: next.meta, state: next.state }))} />

      {LANGUAGES.map((l) => (
        // A version that cannot be shown says so in its own panel, with its revisions and text; the others go on.
        <ErrorBoundary
          key={`${l.key}-${generation}`}
          fallback={(error) => <VersionFallback article={article} lang={l.key} active={l.key === activeLang} error={error} onRestored={reload} />}
        >
          <VersionEditor
            article={article}
            lang={l.key}
            active={l.key === activeLang}
            onState={(key, state) => setStates((all) => ({ ...all, [key]: state }))}
            onAutosaver={(key, saver) => {
              if (saver) autosavers.current.set(key, saver);
              else autosavers.current.delete(key);
            }}
          />
        </ErrorBoundary>
      ))}

      {exporting && <ExportDialog article={article} onClose={() => setExporting(false)} onJump={(finding) => jumpTo(article, finding)} />}

      {conflict && (
        <ConflictDialog
          languageName={language(conflict[0]).nativeName}
          revision={conflict[1].currentRevision}
          onReload={() => {
            // Their version chosen: what was typed here is dropped on purpose, from the journal too.
            autosavers.current.get(conflict[0])?.discardUnsaved();
            reload();
          }}
          onKeepCopy={() => {
            const saver = autosavers.current.get(conflict[0]);
            const here = window.location.hash;
            void keepAsCopy(api, conflict[0], saver?.unsaved ?? null, t, toasts, reload).then(() => {
              // Saved as a new article, which is being opened: the text is safe there. (A failed copy stays here, journaled.)
              if (window.location.hash !== here) saver?.discardUnsaved();
            });
          }}
        />
      )}
    </main>
  );
}

/**
 * Where a finding of the export checks is fixed: a translation row in the
 * workspace for what concerns a translation, else the spot in the article.
 */
function jumpTo(article: Article, finding: Finding): void {
  const lang = finding.lang ?? article.sourceLang;
  if (finding.source && finding.lang && finding.lang !== finding.source.lang) {
    const at = finding.code === 'translation.orphan' ? finding.segment : finding.source.segment;
    navigate({ screen: 'translate', id: article.id, to: finding.lang, from: finding.source.lang, ...(at ? { at } : {}) });
    return;
  }
  navigate({ screen: 'article', id: article.id, lang, ...(finding.segment ? { at: finding.segment } : {}) }, { replace: true });
}
