import { z } from 'zod';
import { LanguageKeySchema, type LanguageKey } from './languages';
import { MEDIA_LIMITS, Sha256Schema } from './media';
import { FieldLinksSchema, TranslationProgressSchema } from './translation/segment';
import { bodyIssues, MAX_BODY_DEPTH, type SerializedNode } from './editor/body-schema';

/** Upper bounds keep a hostile or broken payload from filling the disk or the heap. */
export const LIMITS = {
  headline: 500,
  standfirst: 2_000,
  dateline: 200,
  byline: 300,
  /** Serialized Lexical JSON of one body, in characters. */
  bodyJson: 5_000_000,
  /** Nodes from the root down (shared/editor/body-schema.ts). */
  bodyDepth: MAX_BODY_DEPTH,
  searchQuery: 200,
  pageSize: 200,
} as const;

/**
 * The highest revision number a version can have: 2^31 − 1, a signed 32-bit
 * integer. Far out of reach of real saves (one a second for 68 years), it
 * keeps every revision an exact number everywhere (JavaScript's doubles,
 * SQLite's integers, node:sqlite's reads, which throw past 2^53 − 1, and any
 * 32-bit reader of an exported package), with room to spare: a package
 * claiming more is refused, and a version at this number takes no further
 * save instead of wrapping or overflowing.
 */
export const MAX_REVISION = 2_147_483_647;
/** A revision number: 1 … MAX_REVISION. */
export const RevisionSchema = z.number().int().min(1).max(MAX_REVISION);
/** How far into a list a page may start (a library never holds 2^31 articles). */
export const MAX_LIST_OFFSET = 2_147_483_647;

export const WORKFLOW_STATES = ['draft', 'translating', 'review', 'ready', 'published'] as const;
export const WorkflowStateSchema = z.enum(WORKFLOW_STATES);
export type WorkflowState = z.infer<typeof WorkflowStateSchema>;

export const ArticleIdSchema = z.uuid();

export type { SerializedNode } from './editor/body-schema';

/**
 * The body of a version: Lexical's serialized editor state, holding only the
 * editor's own node types, each where the editor can show it, nested at most
 * LIMITS.bodyDepth deep (shared/editor/body-schema.ts, walked without
 * recursion), and at most LIMITS.bodyJson characters of JSON.
 */
export const BodySchema = z
  .object({
    root: z.looseObject({
      type: z.literal('root'),
      // Each node is checked by bodyIssues below, iteratively: a recursive schema would overflow on hostile nesting.
      children: z.array(z.custom<SerializedNode>((node) => typeof node === 'object' && node !== null && !Array.isArray(node), { message: 'Not a node' })),
    }),
  })
  .superRefine((body, ctx) => {
    const issues = bodyIssues(body);
    for (const issue of issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path, params: { bodyIssue: issue.code } });
    // Measured once the nesting is known to be shallow (JSON.stringify recurses).
    if (issues.length === 0 && JSON.stringify(body).length > LIMITS.bodyJson) ctx.addIssue({ code: 'custom', message: `Body is larger than ${LIMITS.bodyJson} characters` });
  });

export type Body = z.infer<typeof BodySchema>;

/** An empty paragraph. Blocks carry no direction of their own: they follow the root, unless the writer overrides one. */
export function emptyParagraph(): SerializedNode {
  return { type: 'paragraph', version: 1, direction: null, format: '', indent: 0, textFormat: 0, textStyle: '', children: [] };
}

/** An empty body in the direction of its language; Lexical fills in the rest on load. */
export function emptyBody(dir: 'ltr' | 'rtl'): Body {
  return { root: { type: 'root', version: 1, direction: dir, format: '', indent: 0, children: [emptyParagraph()] } };
}

export const VersionContentSchema = z.object({
  headline: z.string().max(LIMITS.headline),
  standfirst: z.string().max(LIMITS.standfirst),
  dateline: z.string().max(LIMITS.dateline),
  /** Byline or source line, written per language ("Zhyan News Network"). Older saves have none. */
  byline: z.string().max(LIMITS.byline).default(''),
  /** Caption and alt text of the article's lead image in this language (the image itself is article-wide). */
  leadImageCaption: z.string().max(MEDIA_LIMITS.caption).default(''),
  leadImageAlt: z.string().max(MEDIA_LIMITS.alt).default(''),
  body: BodySchema,
  /** In a translation: what each text field translates (body blocks keep theirs in NodeState). Older saves have none. */
  fieldLinks: FieldLinksSchema.default({}),
});
export type VersionContent = z.infer<typeof VersionContentSchema>;

/** The content of a saved version, or of a new empty one. */
export function versionContent(saved: VersionContent | undefined, dir: 'ltr' | 'rtl'): VersionContent {
  return {
    headline: saved?.headline ?? '',
    standfirst: saved?.standfirst ?? '',
    dateline: saved?.dateline ?? '',
    byline: saved?.byline ?? '',
    leadImageCaption: saved?.leadImageCaption ?? '',
    leadImageAlt: saved?.leadImageAlt ?? '',
    body: saved?.body ?? emptyBody(dir),
    fieldLinks: saved?.fieldLinks ?? {},
  };
}

const IsoDateSchema = z.iso.datetime();

export const ArticleVersionSchema = VersionContentSchema.extend({
  lang: LanguageKeySchema,
  revision: RevisionSchema,
  updatedAt: IsoDateSchema,
});
export type ArticleVersion = z.infer<typeof ArticleVersionSchema>;

/** A calendar date, YYYY-MM-DD, or '' while not set. */
export const PublicationDateSchema = z.union([z.literal(''), z.iso.date()]);

/** The article's lead image: one picture and one credit for all three languages. */
export const LeadImageSchema = z.strictObject({
  sha256: Sha256Schema,
  width: z.number().int().min(1).max(MEDIA_LIMITS.dimension),
  height: z.number().int().min(1).max(MEDIA_LIMITS.dimension),
  /** "AP Photo/Khalid Mohammed": usually Latin, whatever the language. */
  credit: z.string().max(MEDIA_LIMITS.credit),
});
export type LeadImage = z.infer<typeof LeadImageSchema>;

const META_FIELDS = {
  section: z.string().max(200),
  tags: z.array(z.string().min(1).max(100)).max(50),
  place: z.string().max(200),
  /** One publication date for all three languages; each version shows it in its own language. */
  publicationDate: PublicationDateSchema,
  /** null: no lead image. */
  leadImage: LeadImageSchema.nullable(),
};

/** Stored metadata; fields a build added later get their defaults when older metadata is read. */
export const ArticleMetaSchema = z.object({
  section: META_FIELDS.section.default(''),
  tags: META_FIELDS.tags.default([]),
  place: META_FIELDS.place.default(''),
  publicationDate: META_FIELDS.publicationDate.default(''),
  leadImage: META_FIELDS.leadImage.default(null),
});

/** A change to some metadata fields: the ones given replace, the others stay (no defaults here). */
export const ArticleMetaPatchSchema = z.strictObject(META_FIELDS).partial();
export type ArticleMeta = z.infer<typeof ArticleMetaSchema>;

export const EMPTY_META: ArticleMeta = { section: '', tags: [], place: '', publicationDate: '', leadImage: null };

export const ArticleSchema = z.object({
  id: ArticleIdSchema,
  slug: z.string().min(1).max(200),
  sourceLang: LanguageKeySchema,
  state: WorkflowStateSchema,
  meta: ArticleMetaSchema,
  versions: z.partialRecord(LanguageKeySchema, ArticleVersionSchema),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
  trashedAt: IsoDateSchema.nullable(),
});
export type Article = z.infer<typeof ArticleSchema>;

/** One row of the library list. */
export const ArticleSummarySchema = z.object({
  id: ArticleIdSchema,
  slug: z.string(),
  sourceLang: LanguageKeySchema,
  state: WorkflowStateSchema,
  /** The headline to show: the source version's, else the first non-empty one. */
  headline: z.string(),
  headlineLang: LanguageKeySchema,
  /** Languages that have a version, in table order. */
  languages: z.array(LanguageKeySchema),
  /** Each translation's progress against its source (the source version itself has none). */
  progress: z.partialRecord(LanguageKeySchema, TranslationProgressSchema),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
  trashedAt: IsoDateSchema.nullable(),
});
export type ArticleSummary = z.infer<typeof ArticleSummarySchema>;

export const RevisionInfoSchema = z.object({
  revision: RevisionSchema,
  headline: z.string(),
  savedAt: IsoDateSchema,
});
export type RevisionInfo = z.infer<typeof RevisionInfoSchema>;

export const SearchHitSchema = ArticleSummarySchema.extend({
  /** The language whose text matched. */
  matchLang: LanguageKeySchema,
  /** A short plain-text excerpt around the match. */
  snippet: z.string(),
});
export type SearchHit = z.infer<typeof SearchHitSchema>;

export function versionLanguages(article: Pick<Article, 'versions'>): LanguageKey[] {
  return (['en', 'ckb', 'kmr'] as const).filter((k) => article.versions[k] !== undefined);
}
