import type { DatabaseSync } from 'node:sqlite';
import type { Article, ArticleMeta, ArticleSummary, WorkflowState } from '../../shared/article';
import type { LanguageKey } from '../../shared/languages';
import { SUMMARIES, toArticle, toSummary, type ArticleRow, type SummaryRow, type VersionRow } from './article-rows';

/**
 * The articles table, and an article read whole (its row and every version
 * row) or as the summary the library list shows. Versions are written by
 * versions.ts.
 */
export interface ArticleStore {
  row(id: string): ArticleRow | undefined;
  /** Every article's id (the trashed too). */
  ids(): string[];
  /** The article with every version, or null when there is none with that id. */
  read(id: string): Article | null;
  summary(id: string): ArticleSummary | null;
  /** The summaries of the articles named (those that exist), in no particular order. */
  summaries(ids: readonly string[]): ArticleSummary[];
  list(query: ArticleListQuery): { items: ArticleSummary[]; total: number };
  /** The id of the article with this slug, if any. */
  withSlug(slug: string): string | undefined;
  insert(article: NewArticle): void;
  update(id: string, meta: ArticleMeta, state: WorkflowState, updatedAt: string): void;
  setTrashed(id: string, trashedAt: string | null): void;
}

export interface ArticleListQuery {
  sort: ArticleSort;
  order: keyof typeof ORDERS;
  offset: number;
  limit: number;
  trashed: boolean;
}

export interface NewArticle {
  id: string;
  slug: string;
  sourceLang: LanguageKey;
  state: WorkflowState;
  meta: ArticleMeta;
  createdAt: string;
  updatedAt: string;
  trashedAt: string | null;
}

const SORT_COLUMNS = { updated: 's.updated_at', created: 's.created_at' } as const;
type ArticleSort = keyof typeof SORT_COLUMNS | 'headline';
const ORDERS = { asc: 'ASC', desc: 'DESC' } as const;

export function createArticleStore(db: DatabaseSync): ArticleStore {
  const selectArticle = db.prepare('SELECT id, slug, source_lang, state, meta, created_at, updated_at, trashed_at FROM articles WHERE id = ?');
  const selectVersions = db.prepare(
    'SELECT lang, headline, standfirst, dateline, byline, lead_image_caption, lead_image_alt, body, field_links, revision, updated_at FROM versions WHERE article_id = ?',
  );
  const selectSummary = db.prepare(`SELECT * FROM ${SUMMARIES} s WHERE s.id = ?`);
  const selectSummariesOf = db.prepare(`SELECT * FROM ${SUMMARIES} s WHERE s.id IN (SELECT value FROM json_each(?))`);
  const selectSlug = db.prepare('SELECT id FROM articles WHERE slug = ?');
  const selectIds = db.prepare('SELECT id FROM articles');
  const insertArticle = db.prepare('INSERT INTO articles (id, slug, source_lang, state, meta, created_at, updated_at, trashed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const updateArticleRow = db.prepare('UPDATE articles SET meta = ?, state = ?, updated_at = ? WHERE id = ?');
  const setTrashed = db.prepare('UPDATE articles SET trashed_at = ? WHERE id = ?');

  const row = (id: string) => selectArticle.get(id) as ArticleRow | undefined;

  return {
    row,

    ids: () => (selectIds.all() as { id: string }[]).map((found) => found.id),

    read(id) {
      const found = row(id);
      return found ? toArticle(found, selectVersions.all(id) as unknown as VersionRow[]) : null;
    },

    summary(id) {
      const found = selectSummary.get(id) as SummaryRow | undefined;
      return found ? toSummary(found) : null;
    },

    summaries(ids) {
      return (selectSummariesOf.all(JSON.stringify(ids)) as unknown as SummaryRow[]).map(toSummary);
    },

    list({ sort, order, offset, limit, trashed }) {
      const where = trashed ? 's.trashed_at IS NOT NULL' : 's.trashed_at IS NULL';
      const direction = ORDERS[order];
      let rows: SummaryRow[];
      if (sort === 'headline') {
        // By the shown headline's sort key (Kurdish alphabet, English as English, written with each version by
        // versions.ts), untitled last whichever the direction. The page's ids from the articles table alone, then
        // their summaries: summarising every article to sort them by its headline cost about 100 ms on 10,000 articles.
        const ids = (
          db
            .prepare(`SELECT s.id FROM articles s WHERE ${where} ORDER BY (s.headline_key = '') ASC, s.headline_key ${direction}, s.id ${direction} LIMIT ? OFFSET ?`)
            .all(limit, offset) as { id: string }[]
        ).map((r) => r.id);
        const byId = new Map((selectSummariesOf.all(JSON.stringify(ids)) as unknown as SummaryRow[]).map((r) => [r.id, r]));
        rows = ids.flatMap((id) => byId.get(id) ?? []);
      } else {
        rows = db
          .prepare(`SELECT * FROM ${SUMMARIES} s WHERE ${where} ORDER BY ${SORT_COLUMNS[sort]} ${direction}, s.id ${direction} LIMIT ? OFFSET ?`)
          .all(limit, offset) as unknown as SummaryRow[];
      }
      const total = (db.prepare(`SELECT count(*) AS n FROM articles s WHERE ${where}`).get() as { n: number }).n;
      return { items: rows.map(toSummary), total };
    },

    withSlug(slug) {
      return (selectSlug.get(slug) as { id: string } | undefined)?.id;
    },

    insert(article) {
      insertArticle.run(article.id, article.slug, article.sourceLang, article.state, JSON.stringify(article.meta), article.createdAt, article.updatedAt, article.trashedAt);
    },

    update(id, meta, state, updatedAt) {
      updateArticleRow.run(JSON.stringify(meta), state, updatedAt, id);
    },

    setTrashed(id, trashedAt) {
      setTrashed.run(trashedAt, id);
    },
  };
}
