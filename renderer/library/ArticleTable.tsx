import { useTranslation } from 'react-i18next';
import type { ArticleSummary, SearchHit } from '../../shared/article';
import { language, LANGUAGES } from '../../shared/languages';
import { formatDateTime } from '../../shared/text/dates';
import { uiDigits, uiLanguage } from '../i18n';
import { routeHash } from '../routing';
import { useNewsroom } from '../newsroom/context';
import { finishedCount } from '../../shared/translation/segment';

interface Props {
  items: (ArticleSummary | SearchHit)[];
  trash: boolean;
  onDelete: (item: ArticleSummary) => void;
  onRestore: (item: ArticleSummary) => void;
}

/** The library list: one row per article, its headline shown in its own language and direction. */
export function ArticleTable({ items, trash, onDelete, onRestore }: Props) {
  const { t } = useTranslation();
  // With a newsroom: per article, whether the server has everything this library has of it.
  const newsroom = useNewsroom().status;
  const unsynced = newsroom && newsroom.state !== 'off' ? new Set(newsroom.unsyncedArticleIds) : null;
  return (
    <table className="article-table">
      <thead>
        <tr>
          <th scope="col">{t('library.headline')}</th>
          <th scope="col">{t('library.languages')}</th>
          <th scope="col">{t('library.state')}</th>
          <th scope="col">{t('library.updated')}</th>
          {unsynced && <th scope="col">{t('librarySync.heading')}</th>}
          <th scope="col">
            <span className="visually-hidden">{t('library.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const lang = language(item.headlineLang);
          const title = item.headline.trim() || t('library.untitled');
          return (
            <tr key={item.id}>
              <td>
                {trash ? (
                  <span lang={lang.tag} dir={lang.dir}>
                    {title}
                  </span>
                ) : (
                  <a className="article-link" href={routeHash({ screen: 'article', id: item.id, lang: null })} lang={lang.tag} dir={lang.dir}>
                    {title}
                  </a>
                )}
                {'snippet' in item && item.snippet && (
                  <p className="snippet" lang={language(item.matchLang).tag} dir={language(item.matchLang).dir}>
                    {item.snippet}
                  </p>
                )}
              </td>
              <td>
                <ul className="language-badges" aria-label={t('library.languagesPresent')}>
                  {LANGUAGES.filter((l) => item.languages.includes(l.key)).map((l) => {
                    const progress = item.progress[l.key];
                    return (
                      <li key={l.key} className={l.key === item.sourceLang ? 'badge badge-source' : progress && progress.stale > 0 ? 'badge badge-stale' : 'badge'}>
                        <span lang={l.tag} dir={l.dir}>
                          {l.nativeName}
                        </span>
                        {progress && (
                          <span className="badge-progress" title={t('library.progressTitle', { done: finishedCount(progress), total: progress.total, stale: progress.stale })}>
                            {t('library.progress', { done: finishedCount(progress), total: progress.total })}
                          </span>
                        )}
                      </li>
                    );
                  })}
                </ul>
              </td>
              <td>{t(`state.${item.state}`)}</td>
              <td>
                <time dateTime={item.updatedAt}>{formatDateTime(item.updatedAt, uiLanguage(), uiDigits())}</time>
              </td>
              {unsynced && (
                <td className={unsynced.has(item.id) ? 'sync-state sync-pending' : 'sync-state sync-done'}>{unsynced.has(item.id) ? t('librarySync.unsynced') : t('librarySync.synced')}</td>
              )}
              <td>
                {trash ? (
                  <button type="button" aria-label={t('library.restoreNamed', { headline: title })} onClick={() => onRestore(item)}>
                    {t('library.restore')}
                  </button>
                ) : (
                  <button type="button" className="button-danger" aria-label={t('library.deleteNamed', { headline: title })} onClick={() => onDelete(item)}>
                    {t('library.delete')}
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
