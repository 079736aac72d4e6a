import { z } from 'zod';
import {
  ArticleIdSchema,
  ArticleMetaPatchSchema,
  ArticleSchema,
  ArticleSummarySchema,
  ArticleVersionSchema,
  LIMITS,
  WorkflowStateSchema,
  RevisionInfoSchema,
  SearchHitSchema,
  VersionContentSchema,
} from './article';
import { LanguageKeySchema } from './languages';
import { SettingsPatchSchema, SettingsSchema } from './settings';
import { isStrictBase64, MEDIA_LIMITS, MediaInfoSchema, Sha256Schema } from './media';
import type { ApiResult } from './errors';
import type { ApiMethod } from './api-methods';

export { API_METHOD_NAMES, httpPath, ipcChannel, isApiMethod, type ApiMethod } from './api-methods';

/**
 * The one API contract. Both transports (the Electron preload bridge and the
 * loopback host of browser mode) carry exactly these methods, and the services
 * in electron/services are their only implementation. Inputs are validated
 * against these schemas in the main process before anything is touched.
 */
export const API = {
  createArticle: {
    input: z.strictObject({ sourceLang: LanguageKeySchema }),
    output: ArticleSchema,
  },
  listArticles: {
    input: z.strictObject({
      sort: z.enum(['updated', 'created', 'headline']).default('updated'),
      order: z.enum(['asc', 'desc']).default('desc'),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(LIMITS.pageSize).default(50),
      trashed: z.boolean().default(false),
    }),
    output: z.object({ items: z.array(ArticleSummarySchema), total: z.number().int() }),
  },
  getArticle: {
    input: z.strictObject({ id: ArticleIdSchema }),
    output: ArticleSchema,
  },
  /** Saves one language version. `baseRevision` is the revision the edit started from (0 for a new version). */
  saveVersion: {
    input: z.strictObject({
      id: ArticleIdSchema,
      lang: LanguageKeySchema,
      baseRevision: z.number().int().min(0),
      content: VersionContentSchema,
    }),
    output: ArticleVersionSchema,
  },
  /** Changes article-wide data: metadata fields given (others kept) and the workflow state. */
  updateArticle: {
    input: z.strictObject({
      id: ArticleIdSchema,
      meta: ArticleMetaPatchSchema.optional(),
      state: WorkflowStateSchema.optional(),
    }),
    output: ArticleSchema,
  },
  trashArticle: {
    input: z.strictObject({ id: ArticleIdSchema }),
    output: ArticleSummarySchema,
  },
  restoreArticle: {
    input: z.strictObject({ id: ArticleIdSchema }),
    output: ArticleSummarySchema,
  },
  listRevisions: {
    input: z.strictObject({ id: ArticleIdSchema, lang: LanguageKeySchema }),
    output: z.array(RevisionInfoSchema),
  },
  /** Makes an old revision current again, as a new revision (history is never rewritten). */
  restoreRevision: {
    input: z.strictObject({
      id: ArticleIdSchema,
      lang: LanguageKeySchema,
      revision: z.number().int().min(1),
      baseRevision: z.number().int().min(1),
    }),
    output: ArticleVersionSchema,
  },
  searchArticles: {
    input: z.strictObject({
      query: z.string().max(LIMITS.searchQuery),
      limit: z.number().int().min(1).max(LIMITS.pageSize).default(50),
    }),
    output: z.object({ items: z.array(SearchHitSchema) }),
  },
  /**
   * Stores a JPEG, PNG or WebP image in the library's media store, once per
   * content. The type comes from the bytes, never from the name. A refused
   * file is `invalid_input` with a `refusal` reason, and nothing is written.
   */
  importMedia: {
    input: z.strictObject({
      /** The file's name as the user had it; kept for the record, never used as a path. */
      name: z.string().max(MEDIA_LIMITS.name),
      dataBase64: z
        .string()
        // abort: a string over the limit is not scanned any further.
        .max(MEDIA_LIMITS.base64Chars, { message: `The image is larger than the ${MEDIA_LIMITS.bytes / (1024 * 1024)} MiB limit`, abort: true })
        .refine(isStrictBase64, 'Expected the file as standard base64'),
    }),
    output: MediaInfoSchema,
  },
  getMediaInfo: {
    input: z.strictObject({ sha256: Sha256Schema }),
    output: MediaInfoSchema,
  },
  getSettings: {
    input: z.strictObject({}),
    output: SettingsSchema,
  },
  /** Changes the settings given; the others stay. */
  updateSettings: {
    input: SettingsPatchSchema,
    output: SettingsSchema,
  },
} as const satisfies Record<ApiMethod, // a method missing from either list, or extra, fails to compile
 { input: z.ZodType; output: z.ZodType }>;


export type ApiInput<M extends ApiMethod> = z.input<(typeof API)[M]['input']>;
export type ApiParsedInput<M extends ApiMethod> = z.output<(typeof API)[M]['input']>;
export type ApiOutput<M extends ApiMethod> = z.output<(typeof API)[M]['output']>;

/** What the renderer calls: each method resolves with its output or rejects with an ApiError. */
export type QelemApi = { [M in ApiMethod]: (input: ApiInput<M>) => Promise<ApiOutput<M>> };

/** What a transport calls: unvalidated input in, a result envelope out (never a throw). */
export type ServiceTable = { [M in ApiMethod]: (input: unknown) => Promise<ApiResult<ApiOutput<M>>> };
