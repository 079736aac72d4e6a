import * as Y from 'yjs';
import { ArticleMetaSchema, WorkflowStateSchema, type Article, type ArticleMeta, type WorkflowState } from '../article';
import { LanguageKeySchema, type LanguageKey } from '../languages';
import { hash64 } from '../translation/hash';
import { clientIdFor } from './convert';
import { sameJson } from './reconcile';

/**
 * The article-wide document (`article/<id>`): one Y.Map, `article`, each
 * field its own key, so two people changing different fields (the state
 * here, the lead image there) both keep their change; the same field
 * changed twice keeps the last write.
 *
 * Trash and the time of the last change stay in each library: throwing an
 * article away on one desk does not empty another's.
 */
export interface ArticleFields {
  sourceLang: LanguageKey;
  slug: string;
  state: WorkflowState;
  createdAt: string;
  meta: ArticleMeta;
}

const META_KEYS = ['section', 'tags', 'place', 'publicationDate', 'leadImage'] as const;

export function articleMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('article');
}

/**
 * The article's fields as the document holds them; null while it names no
 * source language or slug (a document not created yet). A field holding
 * something that does not parse reads as its default.
 */
export function readArticleFields(doc: Y.Doc): ArticleFields | null {
  const map = articleMap(doc);
  const sourceLang = LanguageKeySchema.safeParse(map.get('sourceLang'));
  const slug = map.get('slug');
  if (!sourceLang.success || typeof slug !== 'string' || slug === '') return null;
  const state = WorkflowStateSchema.safeParse(map.get('state'));
  const createdAt = map.get('createdAt');
  const meta: Record<string, unknown> = {};
  for (const key of META_KEYS) {
    const value = map.get(key);
    if (value !== undefined && ArticleMetaSchema.shape[key].safeParse(value).success) meta[key] = value;
  }
  return {
    sourceLang: sourceLang.data,
    slug,
    state: state.success ? state.data : 'draft',
    createdAt: typeof createdAt === 'string' ? createdAt : '',
    meta: ArticleMetaSchema.parse(meta),
  };
}

/** Writes the fields given that differ from what the document holds, in one transaction. */
export function writeArticleFields(doc: Y.Doc, fields: Partial<Omit<ArticleFields, 'meta'>> & { meta?: Partial<ArticleMeta> }, origin: unknown = null): void {
  const map = articleMap(doc);
  const set = (key: string, value: unknown) => {
    if (value !== undefined && !sameJson(map.get(key), value)) map.set(key, value);
  };
  doc.transact(() => {
    set('sourceLang', fields.sourceLang);
    set('slug', fields.slug);
    set('state', fields.state);
    set('createdAt', fields.createdAt);
    for (const key of META_KEYS) set(key, fields.meta?.[key]);
  }, origin);
}

/** The article document of an article as it stands, built the same way on every machine (see ./convert.ts). */
export function articleDocUpdate(article: Pick<Article, 'id' | 'sourceLang' | 'slug' | 'state' | 'createdAt' | 'meta'>): Uint8Array {
  const fields: ArticleFields = { sourceLang: article.sourceLang, slug: article.slug, state: article.state, createdAt: article.createdAt, meta: article.meta };
  const doc = new Y.Doc();
  doc.clientID = clientIdFor(`qelem/article/${article.id}/${hash64(JSON.stringify(fields))}`);
  writeArticleFields(doc, fields);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
