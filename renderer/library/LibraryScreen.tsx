import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ArticleSummary, SearchHit } from '../../shared/article';
import type { LanguageKey } from '../../shared/languages';
import { useApi } from '../api/context';
import { useToasts } from '../components/Toasts';
import { useLibraryChanges } from '../documents/context';
import { describeError } from '../i18n/errors';
import { navigate, routeHash } from '../routing';
import { ArticleTable } from './ArticleTable';
import { BackupsDialog } from './BackupsDialog';
import { NewArticleDialog } from './NewArticleDialog';
import { ImportPackage } from './ImportPackage';
import { NewsroomButton } from '../newsroom/NewsroomButton';

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 200;

type Listing = { kind: 'list'; items: ArticleSummary[]; total: number } | { kind: 'search'; query: string; items: SearchHit[] };

export function LibraryScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const [query, setQuery] = useState('');
  const [trash, setTrash] = useState(false);
  const [listing, setListing] = useState<Listing | null>(null);
  const [choosing, setChoosing] = useState(false);
  const [backups, setBackups] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const reload = useCallback(() => setReloadKey((k) => k + 1), []);
  // What another window wrote (a new article, a headline, a translation's progress) shows up here.
  useLibraryChanges(reload);

  useEffect(() => {
    let cancelled = false;
    const trimmed = query.trim();
    const load = async () => {
      try {
        const next: Listing =
          trimmed && !trash
            ? { kind: 'search', query: trimmed, items: (await api.searchArticles({ query: trimmed })).items }
            : { kind: 'list', ...(await api.listArticles({ limit: PAGE_SIZE, trashed: trash })) };
        if (!cancelled) setListing(next);
      } catch (error) {
        if (!cancelled) toasts.show(describeError(t, error), { tone: 'error' });
      }
    };
    const timer = window.setTimeout(() => void load(), trimmed ? SEARCH_DELAY_MS : 0);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [api, query, trash, reloadKey, t, toasts]);

  const loadMore = async () => {
    if (listing?.kind !== 'list') return;
    try {
      const page = await api.listArticles({ offset: listing.items.length, limit: PAGE_SIZE, trashed: trash });
      setListing({ kind: 'list', items: [...listing.items, ...page.items], total: page.total });
    } catch (error) {
      toasts.show(describeError(t, error), { tone: 'error' });
    }
  };

  const create = async (sourceLang: LanguageKey) => {
    setChoosing(false);
    try {
      const article = await api.createArticle({ sourceLang });
      navigate({ screen: 'article', id: article.id, lang: sourceLang });
    } catch (error) {
      toasts.show(describeError(t, error), { tone: 'error' });
    }
  };

  const headlineOf = (item: ArticleSummary) => item.headline.trim() || t('library.untitled');

  const restore = async (item: ArticleSummary) => {
    try {
      await api.restoreArticle({ id: item.id });
      toasts.show(t('library.restored', { headline: headlineOf(item) }));
      reload();
    } catch (error) {
      toasts.show(describeError(t, error), { tone: 'error' });
    }
  };

  const remove = async (item: ArticleSummary) => {
    try {
      await api.trashArticle({ id: item.id });
      reload();
      toasts.show(t('library.trashed', { headline: headlineOf(item) }), { action: { label: t('library.undo'), run: () => void restore(item) } });
    } catch (error) {
      toasts.show(describeError(t, error), { tone: 'error' });
    }
  };

  return (
    <main className="library">
      <header className="toolbar">
        <h1>{trash ? t('library.showTrash') : t('library.title')}</h1>
        <input
          type="search"
          className="search"
          aria-label={t('library.search')}
          placeholder={t('library.searchPlaceholder')}
          value={query}
          disabled={trash}
          onChange={(event) => setQuery(event.target.value)}
          dir="auto"
        />
        <NewsroomButton />
        <ImportPackage />
        <a className="button" href={routeHash({ screen: 'glossary' })}>
          {t('glossary.title')}
        </a>
        <button type="button" onClick={() => setBackups(true)}>
          {t('backups.open')}
        </button>
        <button type="button" aria-pressed={trash} onClick={() => setTrash((v) => !v)}>
          {trash ? t('library.showArticles') : t('library.showTrash')}
        </button>
        <button type="button" className="button-primary" onClick={() => setChoosing(true)}>
          {t('library.newArticle')}
        </button>
      </header>

      {listing === null ? (
        <p className="empty">{t('app.loading')}</p>
      ) : listing.items.length === 0 ? (
        <p className="empty">{listing.kind === 'search' ? t('library.noResults', { query: listing.query }) : trash ? t('library.trashEmpty') : t('library.empty')}</p>
      ) : (
        <>
          <p className="count">
            {listing.kind === 'search' ? t('library.results', { count: listing.items.length }) : t('library.count', { count: listing.total })}
          </p>
          <ArticleTable items={listing.items} trash={trash} onDelete={(item) => void remove(item)} onRestore={(item) => void restore(item)} />
          {listing.kind === 'list' && listing.items.length < listing.total && (
            <button type="button" className="load-more" onClick={() => void loadMore()}>
              {t('library.loadMore')}
            </button>
          )}
        </>
      )}

      {choosing && <NewArticleDialog onChoose={(lang) => void create(lang)} onClose={() => setChoosing(false)} />}
      {backups && <BackupsDialog onClose={() => setBackups(false)} onRestored={reload} />}
    </main>
  );
}
