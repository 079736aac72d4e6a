import type { DatabaseSync } from 'node:sqlite';
import { ArticleMetaSchema, type Article, type ArticleSummary, type ArticleVersion, type Body, type WorkflowState } from '../../shared/article';
import { LANGUAGE_KEYS, isLanguageKey, type LanguageKey } from '../../shared/languages';
import { sortKey } from '../../shared/text/sort-key';
import { FieldLinksSchema, TranslationProgressSchema } from '../../shared/translation/segment';

/** Rows as node:sqlite returns them, and their mapping to the shared model. */

export interface ArticleRow {
  id: string;
  slug: string;
  source_lang: string;
  state: string;
  meta: string;
  created_at: string;
  updated_at: string;
  trashed_at: string | null;
}

export interface VersionRow {
  lang: string;
  headline: string;
  standfirst: string;
  dateline: string;
  byline: string;
  lead_image_caption: string;
  lead_image_alt: string;
  body: string;
  field_links: string;
  revision: number;
  updated_at: string;
}

export interface SummaryRow {
  id: string;
  slug: string;
  source_lang: string;
  state: string;
  headline: string;
  headline_lang: string | null;
  langs: string | null;
  /** JSON object lang -> TranslationProgress, or null when no version has progress. */
  progress: string | null;
  created_at: string;
  updated_at: string;
  trashed_at: string | null;
}

/** Language keys as a SQL sort key, in the order of the language table. */
function languageOrderSql(column: string): string {
  const cases = LANGUAGE_KEYS.map((key, index) => `WHEN '${key}' THEN ${index}`).join(' ');
  return `CASE ${column} ${cases} ELSE ${LANGUAGE_KEYS.length} END`;
}

/** The version whose headline an article shows, as the join condition of `hv` on article `a` (see SUMMARIES). */
const HEADLINE_VERSION = `hv.article_id = a.id AND hv.lang = (
    SELECT v.lang FROM versions v WHERE v.article_id = a.id
    ORDER BY (v.lang = a.source_lang AND v.headline <> '') DESC, (v.headline <> '') DESC, (v.lang = a.source_lang) DESC, ${languageOrderSql('v.lang')}
    LIMIT 1
  )`;

/**
 * One row per article with the headline to show: the source version's if it
 * has one, else the first non-empty headline in language-table order, else
 * the (empty) source headline. Used as a subquery: `SELECT … FROM ${SUMMARIES} s`.
 */
export const SUMMARIES = `(
  SELECT a.id, a.slug, a.source_lang, a.state, a.created_at, a.updated_at, a.trashed_at,
    hv.lang AS headline_lang,
    coalesce(hv.headline, '') AS headline,
    (SELECT group_concat(lv.lang) FROM versions lv WHERE lv.article_id = a.id) AS langs,
    (SELECT json_group_object(pv.lang, json(pv.progress)) FROM versions pv WHERE pv.article_id = a.id AND pv.progress IS NOT NULL) AS progress
  FROM articles a
  LEFT JOIN versions hv ON ${HEADLINE_VERSION}
)`;

/**
 * Keeps `articles.headline_key` (the list's sort by headline) the sort key of
 * the headline the article shows (as SUMMARIES picks it; '' when it is
 * empty, so untitled articles can go last). The version writer
 * (versions.ts) calls it after every version it writes: a save derived from
 * the version's document, a package import, a creation.
 */
export function headlineKeyWriter(db: DatabaseSync): (articleId: string) => void {
  const selectShown = db.prepare(`SELECT coalesce(hv.headline, '') AS headline FROM articles a LEFT JOIN versions hv ON ${HEADLINE_VERSION} WHERE a.id = ?`);
  const update = db.prepare('UPDATE articles SET headline_key = ? WHERE id = ? AND headline_key <> ?');
  return (articleId) => {
    const row = selectShown.get(articleId) as { headline: string } | undefined;
    if (!row) return;
    // A headline of punctuation only has an empty key: it still sorts before the untitled.
    const key = row.headline === '' ? '' : sortKey(row.headline) || '\u0001';
    update.run(key, articleId, key);
  };
}

function languageKey(value: string): LanguageKey {
  if (!isLanguageKey(value)) throw new Error(`Unknown language in the library: ${value}`);
  return value;
}

function progressOf(json: string | null): ArticleSummary['progress'] {
  const out: ArticleSummary['progress'] = {};
  if (json === null) return out;
  for (const [lang, value] of Object.entries(JSON.parse(json) as Record<string, unknown>)) {
    if (isLanguageKey(lang)) out[lang] = TranslationProgressSchema.parse(value);
  }
  return out;
}

export function toSummary(row: SummaryRow): ArticleSummary {
  const present = new Set((row.langs ?? '').split(','));
  return {
    id: row.id,
    slug: row.slug,
    sourceLang: languageKey(row.source_lang),
    state: row.state as WorkflowState,
    headline: row.headline,
    headlineLang: languageKey(row.headline_lang ?? row.source_lang),
    languages: LANGUAGE_KEYS.filter((key) => present.has(key)),
    progress: progressOf(row.progress),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    trashedAt: row.trashed_at,
  };
}

export function toVersion(row: VersionRow): ArticleVersion {
  return {
    lang: languageKey(row.lang),
    headline: row.headline,
    standfirst: row.standfirst,
    dateline: row.dateline,
    byline: row.byline,
    leadImageCaption: row.lead_image_caption,
    leadImageAlt: row.lead_image_alt,
    body: JSON.parse(row.body) as Body,
    // Parsed, not trusted: links are read back by the translation view.
    fieldLinks: FieldLinksSchema.parse(JSON.parse(row.field_links)),
    revision: row.revision,
    updatedAt: row.updated_at,
  };
}

export function toArticle(row: ArticleRow, versions: readonly VersionRow[]): Article {
  const byLang: Article['versions'] = {};
  for (const versionRow of versions) {
    const version = toVersion(versionRow);
    byLang[version.lang] = version;
  }
  return {
    id: row.id,
    slug: row.slug,
    sourceLang: languageKey(row.source_lang),
    state: row.state as WorkflowState,
    // Parsed with defaults: metadata saved by an older build lacks newer fields.
    meta: ArticleMetaSchema.parse(JSON.parse(row.meta)),
    versions: byLang,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    trashedAt: row.trashed_at,
  };
}
