import type * as Y from 'yjs';
import { z } from 'zod';

/**
 * The newsroom's list of articles (`library`): one Y.Map, `articles`, from
 * article id to when it was first listed. Each desktop lists the articles
 * it creates; every desktop syncs the documents of every article listed
 * (the article's own data is in `article/<id>`, see ./article-doc.ts). An
 * entry is never removed: articles are trashed per library, not deleted.
 */
export interface LibraryEntry {
  listedAt: string;
}

const EntrySchema = z.object({ listedAt: z.string().max(40) });
const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function entries(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('articles');
}

/** The ids of the articles listed (anything that is not a well-formed entry is skipped). */
export function listedArticleIds(doc: Y.Doc): string[] {
  const ids: string[] = [];
  for (const [id, value] of entries(doc)) if (ID.test(id) && EntrySchema.safeParse(value).success) ids.push(id);
  return ids.sort();
}

/** Lists the articles not listed yet, in one transaction; returns how many it added. */
export function listArticles(doc: Y.Doc, ids: readonly string[], listedAt: string, origin: unknown = null): number {
  const map = entries(doc);
  const missing = ids.filter((id) => ID.test(id) && !map.has(id));
  if (missing.length === 0) return 0;
  doc.transact(() => {
    for (const id of missing) map.set(id, { listedAt } satisfies LibraryEntry);
  }, origin);
  return missing.length;
}
