import { useTranslation } from 'react-i18next';
import { navigate } from '../routing';
import type { ArticleLoad } from './useArticle';

/** What a screen of one article shows until the article is there: loading, or that it does not exist (with the way back). */
export function ArticlePending({ loaded, className }: { loaded: Exclude<ArticleLoad, { kind: 'ready' }>; className: string }) {
  const { t } = useTranslation();
  if (loaded.kind === 'loading') return <p className="empty">{t('app.loading')}</p>;
  // The screen's error boundary says it could not be shown (renderer/components/ErrorBoundary.tsx).
  if (loaded.kind === 'failed') throw loaded.error instanceof Error ? loaded.error : new Error(String(loaded.error));
  return (
    <main className={className}>
      <p className="empty">{t('editor.notFound')}</p>
      <button type="button" onClick={() => navigate({ screen: 'library' })}>
        {t('editor.back')}
      </button>
    </main>
  );
}
