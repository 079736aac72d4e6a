import { useCallback, useEffect, useRef, useState } from 'react';
import i18next from 'i18next';
import type { Article } from '../../shared/article';
import { ApiError } from '../../shared/errors';
import { useApi } from '../api/context';
import { useToasts } from '../components/Toasts';
import { useLibraryChanges } from '../documents/context';
import { describeError } from '../i18n/errors';

/**
 * An article being opened: loading, not in the library, there (`generation`
 * counts the loads, from 0), or not fit for the screen (its `prepare` failed:
 * the screen's error boundary says so).
 */
export type ArticleLoad = { kind: 'loading' } | { kind: 'missing' } | { kind: 'failed'; error: unknown } | { kind: 'ready'; article: Article; generation: number };

interface Options {
  /**
   * Work done on the article before it is shown (the translation workspace
   * gives source blocks their segment ids). A new function loads the article
   * again: pass a memoised one.
   */
  prepare?: (article: Article) => Promise<Article>;
  /** Called when a load succeeds, in the same update that shows the article. */
  onLoad?: () => void;
  /**
   * Read again, in place, whenever the library's rows of the article change
   * (its state or lead image set in another window, a version derived):
   * `generation` stays, so nothing is remounted.
   */
  live?: boolean;
}

export interface UseArticle {
  loaded: ArticleLoad;
  /** Loads the article again; `generation` goes up, so editors keyed on it start over from the saved text. */
  reload: () => void;
  /** Changes the loaded article in place (what was saved from a part of the screen), without a reload. */
  update: (change: (article: Article) => Article) => void;
}

/**
 * The article `id` for a screen: loaded on first use and on reload. An id the
 * library does not know (or cannot be an id) reads as missing; any other
 * failure is said in a toast and the screen stays loading.
 */
export function useArticle(id: string, { prepare, onLoad, live = false }: Options = {}): UseArticle {
  const api = useApi();
  const toasts = useToasts();
  const [loaded, setLoaded] = useState<ArticleLoad>({ kind: 'loading' });
  const [loadCount, setLoadCount] = useState(0);
  const reload = useCallback(() => setLoadCount((count) => count + 1), []);
  const update = useCallback((change: (article: Article) => Article) => setLoaded((current) => (current.kind === 'ready' ? { ...current, article: change(current.article) } : current)), []);
  const onLoadRef = useRef(onLoad);
  useEffect(() => {
    onLoadRef.current = onLoad;
  });

  useEffect(() => {
    let cancelled = false;
    // Only the article's own load says whether it exists: a failed preparation is the screen's failure.
    const prepared = (article: Article) =>
      prepare
        ? prepare(article).catch((error: unknown) => {
            if (!cancelled) setLoaded({ kind: 'failed', error });
            return null;
          })
        : article;
    api
      .getArticle({ id })
      .then(prepared)
      .then(
        (article) => {
          if (article === null) return;
          if (cancelled) return;
          onLoadRef.current?.();
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
  }, [api, id, prepare, loadCount, toasts]);

  useLibraryChanges((ids) => {
    if (!live || (ids !== null && !ids.has(id))) return;
    api.getArticle({ id }).then(
      (article) => update(() => article),
      () => undefined,
    );
  });

  return { loaded, reload, update };
}
