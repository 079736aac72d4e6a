import type { DatabaseSync } from 'node:sqlite';
import { isLanguageKey, type LanguageKey } from '../../../shared/languages';
import type { VersionContent } from '../../../shared/article';
import { articleTranslationState } from '../../../shared/translation/progress';
import { segmentsOf, type Segment } from '../../../shared/translation/segments-of';
import { createTranslationMemory } from '../translation-memory';
import type { Migration } from './migration';

export const translationBackfill: Migration = {
  version: 5,
  description: 'segment summaries, progress and translation-memory pairs of the versions saved before migration 4',
  sql: '',
  data: backfillTranslationState,
};

interface StoredVersion {
  lang: string;
  headline: string;
  standfirst: string;
  dateline: string;
  byline: string;
  lead_image_caption: string;
  lead_image_alt: string;
  body: string;
  field_links: string;
}

/**
 * Works out what a save now records for every existing version: its segment
 * summary, its progress against its source, and the memory pairs of its
 * finished segments (articleTranslationState, as a package import does).
 * Versions saved by schema 3 have no links, so their translations start with
 * every source segment missing.
 */
function backfillTranslationState(db: DatabaseSync): void {
  const articles = db.prepare('SELECT id, source_lang FROM articles').all() as { id: string; source_lang: string }[];
  const selectVersions = db.prepare(
    'SELECT lang, headline, standfirst, dateline, byline, lead_image_caption, lead_image_alt, body, field_links FROM versions WHERE article_id = ?',
  );
  const update = db.prepare('UPDATE versions SET segments = ?, progress = ? WHERE article_id = ? AND lang = ?');
  const memory = createTranslationMemory(db);
  const now = new Date().toISOString();
  for (const article of articles) {
    if (!isLanguageKey(article.source_lang)) continue;
    const segments = new Map<LanguageKey, Segment[]>();
    for (const row of selectVersions.all(article.id) as unknown as StoredVersion[]) {
      if (!isLanguageKey(row.lang)) continue;
      const content: VersionContent = {
        headline: row.headline,
        standfirst: row.standfirst,
        dateline: row.dateline,
        byline: row.byline,
        leadImageCaption: row.lead_image_caption,
        leadImageAlt: row.lead_image_alt,
        body: JSON.parse(row.body) as VersionContent['body'],
        fieldLinks: JSON.parse(row.field_links) as VersionContent['fieldLinks'],
      };
      try {
        segments.set(row.lang, segmentsOf(content));
      } catch {
        // A body not in the editor's shape (hand-edited, or from a broken build): no summary, worked out again at its next save.
      }
    }
    for (const [lang, state] of articleTranslationState(article.source_lang, segments)) {
      memory.store(state.pairs, now);
      update.run(JSON.stringify(state.summary), state.progress === null ? null : JSON.stringify(state.progress), article.id, lang);
    }
  }
}
