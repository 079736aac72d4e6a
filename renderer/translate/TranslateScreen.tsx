import { useTranslation } from 'react-i18next';
import type { Article } from '../../shared/article';
import { LANGUAGE_KEYS, language, type LanguageKey } from '../../shared/languages';
import { alignSegments, dominantSource } from '../../shared/translation/align';
import { finishedCount } from '../../shared/translation/segment';
import { segmentsOf } from '../../shared/translation/segments-of';
import { ArticlePending } from '../article/ArticlePending';
import { useArticle } from '../article/useArticle';
import { navigate } from '../routing';
import { Workspace } from './Workspace';

/**
 * Languages `to` can be translated from: the article's source, and any other
 * version whose own translation is complete (Badini from a finished Sorani).
 */
export function sourceChoices(article: Article, to: LanguageKey): LanguageKey[] {
  return LANGUAGE_KEYS.filter((key) => {
    const version = article.versions[key];
    if (key === to || !version) return false;
    if (key === article.sourceLang) return true;
    const segments = segmentsOf(version);
    const from = dominantSource(segments, article.sourceLang);
    const origin = article.versions[from];
    if (from === key || !origin) return false;
    const { progress } = alignSegments(from, segmentsOf(origin), segments);
    return progress.total > 0 && finishedCount(progress) === progress.total;
  });
}

/** The source a workspace opens with: the one asked for, else the one the translation was made from, else the article's. */
function chooseSource(article: Article, to: LanguageKey, asked: LanguageKey | null, choices: readonly LanguageKey[]): LanguageKey | null {
  if (asked && choices.includes(asked)) return asked;
  const target = article.versions[to];
  const previous = target ? dominantSource(segmentsOf(target), article.sourceLang) : article.sourceLang;
  if (choices.includes(previous)) return previous;
  return choices[0] ?? null;
}

/**
 * Loads the article for the translation workspace, and keeps it current (a
 * version finished elsewhere becomes a source to choose). Every block of a
 * version's document has its segment id (given by the editor that wrote it,
 * by saveVersion, or seeded when an older version became a document).
 */
export function TranslateScreen({ id, to, from: asked, at }: { id: string; to: LanguageKey; from: LanguageKey | null; at: string | null }) {
  const { t } = useTranslation();
  const { loaded } = useArticle(id, { live: true });

  if (loaded.kind !== 'ready') return <ArticlePending loaded={loaded} className="translate-screen" />;

  const { article } = loaded;
  const choices = sourceChoices(article, to);
  const from = chooseSource(article, to, asked, choices);
  if (!from)
    return (
      <main className="translate-screen">
        <p className="empty">{t('translate.noSource', { language: language(to).nativeName })}</p>
        <button type="button" onClick={() => navigate({ screen: 'article', id: article.id, lang: to })}>
          {t('translate.backToArticle')}
        </button>
      </main>
    );
  return <Workspace key={`${from}-${to}`} article={article} from={from} to={to} sourceChoices={choices} at={at} />;
}
