import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { LexicalEditor } from 'lexical';
import i18next from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../shared/article';
import { ApiError } from '../../shared/errors';
import { LANGUAGES, language, type LanguageKey } from '../../shared/languages';
import { useApi } from '../api/context';
import { useToasts } from '../components/Toasts';
import { describeError } from '../i18n/errors';
import { navigate } from '../routing';
import type { Autosaver, SaveState } from './autosave';
import { ConflictDialog } from './ConflictDialog';
import { keepAsCopy } from './keep-copy';
import { jumpToSegment } from './jump-to-segment';
import { applyFix, canApplyFix } from './apply-fix';
import { ExportDialog } from '../export/ExportDialog';
import type { Finding } from '../../shared/qa/findings';
import { SaveStatus } from './SaveStatus';
import { VersionEditor } from './VersionEditor';
import { ArticleDetails } from './ArticleDetails';
import { flushJournals, pruneJournal } from './journal';

type Loaded = { kind: 'loading' } | { kind: 'missing' } | { kind: 'ready'; article: Article; generation: number };

export function ArticleScreen({ id, lang, at }: { id: string; lang: LanguageKey | null; at: string | null }) {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [states, setStates] = useState<Partial<Record<LanguageKey, SaveState>>>({});
  const autosavers = useRef(new Map<LanguageKey, Autosaver>());
  const bodyEditors = useRef(new Map<LanguageKey, LexicalEditor>());
  const registerBodyEditor = useCallback((key: LanguageKey, editor: LexicalEditor | null) => {
    if (editor) bodyEditors.current.set(key, editor);
    else bodyEditors.current.delete(key);
  }, []);

  const [loadCount, setLoadCount] = useState(0);
  const [exporting, setExporting] = useState(false);
  const load = useCallback(() => setLoadCount((count) => count + 1), []);

  useEffect(() => {
    let cancelled = false;
    api.getArticle({ id }).then(
      (article) => {
        if (cancelled) return;
        setStates({});
        setLoaded((previous) => ({ kind: 'ready', article, generation: previous.kind === 'ready' ? previous.generation + 1 : 0 }));
      },
      (error: unknown) => {
        if (cancelled) return;
        if (error instanceof ApiError && (error.code === 'not_found' || error.code === 'invalid_input')) setLoaded({ kind: 'missing' });
        // i18next's own t: with the hook's t as a dependency, switching the interface language would
        // reload the article and remount the editors, dropping text not yet saved.
        else toasts.show(describeError(i18next.t, error), { tone: 'error' });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, id, loadCount, toasts]);

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

  // Unsaved text is written when the window is hidden and guarded when it closes; the journal keeps it meanwhile.
  useEffect(() => {
    pruneJournal();
    const onHide = () => {
      if (document.visibilityState !== 'hidden') return;
      flushJournals();
      void flushAll();
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      flushJournals();
      if ([...autosavers.current.values()].some((saver) => saver.unsaved)) {
        void flushAll();
        event.preventDefault();
      }
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [flushAll]);

  if (loaded.kind === 'loading') return <p className="empty">{t('app.loading')}</p>;
  if (loaded.kind === 'missing')
    return (
      <main className="article-screen">
        <p className="empty">{t('editor.notFound')}</p>
        <button type="button" onClick={() => navigate({ screen: 'library' })}>
          {t('editor.back')}
        </button>
      </main>
    );

  const { article, generation } = loaded;
  const activeLang = lang ?? article.sourceLang;
  const activeState = states[activeLang] ?? { kind: 'saved' };
  const conflict = Object.entries(states).find(([, state]) => state?.kind === 'conflict') as [LanguageKey, Extract<SaveState, { kind: 'conflict' }>] | undefined;

  const selectLang = (key: LanguageKey) => navigate({ screen: 'article', id: article.id, lang: key }, { replace: true });

  /** A one-click fix of the export checks: in its language's panel (shown first), then saved, so the checks see it. */
  const fixFinding = async (finding: Finding): Promise<boolean> => {
    const key = finding.lang ?? article.sourceLang;
    if (key !== activeLang) {
      selectLang(key);
      await nextFrames();
    }
    const applied = applyFix(finding, bodyEditors.current.get(key));
    if (applied) {
      // The edit reaches the autosaver through React state: a render and its effects later.
      await nextFrames();
      await flushAll();
    }
    return applied;
  };

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

      <ArticleDetails article={article} onChanged={(next) => setLoaded((current) => (current.kind === 'ready' ? { ...current, article: { ...current.article, meta: next.meta, state: next.state } } : current))} />

      {LANGUAGES.map((l) => (
        <VersionEditor
          key={`${l.key}-${generation}`}
          article={article}
          lang={l.key}
          active={l.key === activeLang}
          onState={(key, state) => setStates((all) => ({ ...all, [key]: state }))}
          onAutosaver={(key, saver) => {
            if (saver) autosavers.current.set(key, saver);
            else autosavers.current.delete(key);
          }}
          onBodyEditor={registerBodyEditor}
        />
      ))}

      {exporting && (
        <ExportDialog
          article={article}
          onClose={() => setExporting(false)}
          onJump={(finding) => jumpTo(article, finding)}
          onFix={fixFinding}
          canFix={(finding, saved) => canApplyFix(finding, finding.lang ? (saved ?? article).versions[finding.lang]?.body : undefined)}
        />
      )}

      {conflict && (
        <ConflictDialog
          languageName={language(conflict[0]).nativeName}
          revision={conflict[1].currentRevision}
          onReload={() => {
            // Their version chosen: what was typed here is dropped on purpose, from the journal too.
            autosavers.current.get(conflict[0])?.discardUnsaved();
            load();
          }}
          onKeepCopy={() => {
            const saver = autosavers.current.get(conflict[0]);
            const here = window.location.hash;
            void keepAsCopy(api, conflict[0], saver?.unsaved ?? null, t, toasts, load).then(() => {
              // Saved as a new article, which is being opened: the text is safe there. (A failed copy stays here, journaled.)
              if (window.location.hash !== here) saver?.discardUnsaved();
            });
          }}
        />
      )}
    </main>
  );
}

/** Two animation frames: a render React was asked for, with its effects, has happened. */
function nextFrames(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));
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
