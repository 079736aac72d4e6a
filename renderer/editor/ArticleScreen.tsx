import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { LexicalEditor } from 'lexical';
import { useTranslation } from 'react-i18next';
import type { Article } from '../../shared/article';
import { LANGUAGES, type LanguageKey } from '../../shared/languages';
import type { Finding } from '../../shared/qa/findings';
import { ArticlePending } from '../article/ArticlePending';
import { useArticle } from '../article/useArticle';
import { ErrorBoundary } from '../components/ErrorBoundary';
import type { DocumentReplica } from '../documents/replica';
import { ExportDialog } from '../export/ExportDialog';
import { navigate } from '../routing';
import { ReplicaSaveStatus } from '../saving/SaveStatus';
import { useFlushOnLeave } from '../saving/useFlushOnLeave';
import { applyFix, canApplyFix } from './apply-fix';
import { ArticleDetails } from './ArticleDetails';
import { jumpToSegment } from './jump-to-segment';
import { VersionEditor } from './VersionEditor';
import { VersionFallback } from './VersionFallback';
import { ArticlePeople } from '../newsroom/ArticlePeople';

export function ArticleScreen({ id, lang, at }: { id: string; lang: LanguageKey | null; at: string | null }) {
  const { t } = useTranslation();
  const replicas = useRef(new Map<LanguageKey, DocumentReplica>());
  // The same replicas as state that changes identity when one comes or goes (for who is present, and the save status).
  const [shown, setShown] = useState<{ list: DocumentReplica[]; byLang: Partial<Record<LanguageKey, DocumentReplica>> }>({ list: [], byLang: {} });
  const bodyEditors = useRef(new Map<LanguageKey, LexicalEditor>());
  const { loaded, update } = useArticle(id, { live: true });
  const [exporting, setExporting] = useState(false);

  const onReplica = useCallback((key: LanguageKey, replica: DocumentReplica | null) => {
    const before = replicas.current.get(key);
    if (replica) replicas.current.set(key, replica);
    else replicas.current.delete(key);
    if (before !== (replica ?? undefined)) setShown({ list: [...replicas.current.values()], byLang: Object.fromEntries(replicas.current) });
  }, []);
  const registerBodyEditor = useCallback((key: LanguageKey, editor: LexicalEditor | null) => {
    if (editor) bodyEditors.current.set(key, editor);
    else bodyEditors.current.delete(key);
  }, []);

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
    await Promise.all([...replicas.current.values()].map((replica) => replica.flush()));
  }, []);
  /** Every edit of this screen acknowledged by the library (or its sending failed): what is read next includes it. */
  const savedAll = useCallback(async () => {
    await flushAll();
    await Promise.all([...replicas.current.values()].map(acknowledged));
  }, [flushAll]);

  useFlushOnLeave(replicas);

  // Stable, so that the details (memo) do not render again on every save-state change while typing.
  const onDetailsChanged = useCallback((next: Article) => update((current) => ({ ...current, meta: next.meta, state: next.state })), [update]);

  if (loaded.kind !== 'ready') return <ArticlePending loaded={loaded} className="article-screen" />;

  const { article } = loaded;
  const activeLang = lang ?? article.sourceLang;

  const selectLang = (key: LanguageKey) => navigate({ screen: 'article', id: article.id, lang: key }, { replace: true });

  /** A one-click fix of the export checks: in its language's panel (shown first), then saved, so the checks see it. */
  const fixFinding = async (finding: Finding): Promise<boolean> => {
    const key = finding.lang ?? article.sourceLang;
    if (key !== activeLang) {
      selectLang(key);
      await nextFrames();
    }
    // An edit of the version's document like any other (a field's typing, a body update): sent at once.
    const applied = applyFix(finding, bodyEditors.current.get(key));
    if (applied) await savedAll();
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
      void replicas.current.get(activeLang)?.flush();
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
        <ArticlePeople replicas={shown.list} />
        <ReplicaSaveStatus replica={shown.byLang[activeLang]} onRetry={() => void replicas.current.get(activeLang)?.flush()} />
      </header>

      <ArticleDetails article={article} onChanged={onDetailsChanged} />

      {LANGUAGES.map((l) => (
        // A version that cannot be shown says so in its own panel, with its revisions and text; the others go on.
        // A revision restored there starts its editor afresh on the document (the boundary reset).
        <ErrorBoundary
          key={l.key}
          fallback={(error, reset) => <VersionFallback article={article} lang={l.key} active={l.key === activeLang} error={error} onRestored={reset} />}
        >
          <VersionEditor article={article} lang={l.key} active={l.key === activeLang} onReplica={onReplica} onBodyEditor={registerBodyEditor} />
        </ErrorBoundary>
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
    </main>
  );
}

/** Two animation frames: a render React was asked for, with its effects, has happened. */
function nextFrames(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 0))));
}

/**
 * Resolves once the replica holds no edit the library has not acknowledged,
 * or sending failed (the checks then read what the library has). Its flush
 * alone returns at once while an earlier send is still on its way.
 */
function acknowledged(replica: DocumentReplica): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (replica.unsaved && replica.state.kind !== 'failed') return;
      off();
      resolve();
    };
    const off = replica.onState(check);
    check();
  });
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
