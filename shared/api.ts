import { z } from 'zod';
import { NewsroomStatusSchema, NewsroomTokenSchema, NewsroomUrlSchema } from './newsroom';
import {
  ArticleIdSchema,
  ArticleMetaPatchSchema,
  ArticleSchema,
  ArticleSummarySchema,
  ArticleVersionSchema,
  LIMITS,
  MAX_LIST_OFFSET,
  MAX_REVISION,
  RevisionSchema,
  WorkflowStateSchema,
  RevisionInfoSchema,
  SearchHitSchema,
  VersionContentSchema,
} from './article';
import { LanguageKeySchema } from './languages';
import { GLOSSARY_LIMITS, GlossaryTermInputSchema, GlossaryTermSchema } from './translation/glossary';
import { SEGMENT_TEXT_LIMIT } from './translation/segment';
import { SettingsPatchSchema, SettingsSchema } from './settings';
import { isStrictBase64, MEDIA_LIMITS, MediaInfoSchema, Sha256Schema } from './media';
import { ExportRecordSchema, MergeSummarySchema, PACKAGE_LIMITS } from './export/package-format';
import { FindingSchema } from './qa/finding-schema';
import type { ApiResult } from './errors';
import { DocNameSchema } from './collab/doc-names';
import { MAX_UPDATE_BASE64 } from './collab/events';
import type { ApiMethod } from './api-methods';

export { API_METHOD_NAMES, httpPath, ipcChannel, isApiMethod, type ApiMethod } from './api-methods';

/**
 * A backup of the library database, in <library>/backups: made when Qelem
 * starts (`start`), every few hours of use when something changed
 * (`periodic`), and of the current state before a restore (`before-restore`).
 * The name is the time it was made (UTC) and its kind; nothing else is ever
 * accepted as a name.
 */
export const BACKUP_KINDS = ['start', 'periodic', 'before-restore'] as const;
/** How many backups are kept (the oldest go first). */
export const BACKUP_KEEP = 10;
export const BACKUP_NAME_PATTERN = /^qelem-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-(\d{3})-(start|periodic|before-restore)\.db$/;
export const BackupNameSchema = z.string().max(64).regex(BACKUP_NAME_PATTERN, 'Not the name of a Qelem backup');
export const BackupInfoSchema = z.object({
  name: BackupNameSchema,
  kind: z.enum(BACKUP_KINDS),
  createdAt: z.iso.datetime(),
  bytes: z.number().int().min(0),
});
export type BackupInfo = z.infer<typeof BackupInfoSchema>;

/** A window's session with the main process, named by its event stream (renderer/documents/events.ts). */
const SessionSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9:-]+$/);

/** Binary data as standard base64, at most `chars` long. */
function base64(chars: number) {
  return z
    .string()
    .max(chars, { message: `Longer than ${chars} base64 characters`, abort: true })
    .refine(isStrictBase64, 'Expected standard base64');
}

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
      offset: z.number().int().min(0).max(MAX_LIST_OFFSET).default(0),
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
      baseRevision: z.number().int().min(0).max(MAX_REVISION),
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
      revision: RevisionSchema,
      baseRevision: RevisionSchema,
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
  /**
   * Translation memory: stored pairs whose source is at least 70 % similar to
   * `text` (Kurdish-normalised), best first. Pairs are stored by saveVersion
   * whenever a segment is done or approved.
   */
  lookupTranslationMemory: {
    input: z.strictObject({
      from: LanguageKeySchema,
      to: LanguageKeySchema,
      text: z.string().max(SEGMENT_TEXT_LIMIT),
      limit: z.number().int().min(1).max(20).default(5),
    }),
    output: z.object({
      matches: z.array(
        z.object({
          sourceText: z.string(),
          targetText: z.string(),
          /** Similarity in percent, 70–100; 100 only for a match equal after normalisation. */
          score: z.number().int().min(0).max(100),
          updatedAt: z.iso.datetime(),
        }),
      ),
    }),
  },
  listGlossary: {
    input: z.strictObject({}),
    output: z.object({ terms: z.array(GlossaryTermSchema) }),
  },
  /** Adds an entry (no id) or replaces one. */
  saveGlossaryTerm: {
    input: z.strictObject({ id: z.uuid().optional(), term: GlossaryTermInputSchema }),
    output: GlossaryTermSchema,
  },
  deleteGlossaryTerm: {
    input: z.strictObject({ id: z.uuid() }),
    output: z.object({ id: z.uuid() }),
  },
  /**
   * Reads a CSV with the header `en,ckb,kmr,note` (any order, UTF-8, with or
   * without BOM). An entry whose term equals an existing one's in some
   * language (after normalisation) updates it; the rest are added. A malformed
   * file is refused whole, with the line, and nothing is written.
   */
  importGlossary: {
    input: z.strictObject({ csv: z.string().max(GLOSSARY_LIMITS.csvChars) }),
    output: z.object({ added: z.number().int(), updated: z.number().int(), unchanged: z.number().int() }),
  },
  /** The whole glossary as CSV (UTF-8 with BOM, CRLF, RFC 4180 quoting), sorted by English term. */
  exportGlossary: {
    input: z.strictObject({}),
    output: z.object({ csv: z.string() }),
  },
  /** The pre-publish checks of the article as saved (shared/qa checkArticle, all three languages required), for the export dialog. */
  checkArticle: {
    input: z.strictObject({ id: ArticleIdSchema }),
    output: z.object({ findings: z.array(FindingSchema) }),
  },
  /**
   * The article as a publish-ready package: a zip in BagIt layout with a page
   * and an IPTC ninjs item per language, the images (original and web
   * rendition), fonts and CSS, and the Article itself for importPackage. The
   * same article (and note) exported again gives the same bytes. The checks
   * run first: any error is `invalid_input` with `refusal: 'qa_errors'` and
   * the `findings`; warnings are `refusal: 'qa_warnings'` unless
   * `acceptWarnings`, and then they and `note` go into the package
   * (data/qelem/export.json) and the library's export log (listExports).
   * Other refusals: `media_missing`, `too_large` (over 200 MiB). The package
   * comes back as base64, one transport for Electron and browser mode.
   */
  exportArticle: {
    input: z.strictObject({
      id: ArticleIdSchema,
      acceptWarnings: z.boolean(),
      note: z.string().max(PACKAGE_LIMITS.note),
      /**
       * A working copy: the article as it stands, at any stage, to pass it on
       * (a reporter's story to a translator): no checks, and marked as not for
       * publication in its metadata, pages and ninjs.
       */
      workingCopy: z.boolean().default(false),
    }),
    output: z.object({
      /** Suggested name: the slug, made safe for any file system, with `.zip`. */
      fileName: z.string(),
      bytes: z.number().int().min(1),
      sha256: Sha256Schema,
      dataBase64: z.string(),
    }),
  },
  /** The exports of an article, newest first: when, the file, the revisions, the warnings accepted and the note. */
  listExports: {
    input: z.strictObject({ id: ArticleIdSchema }),
    output: z.object({ items: z.array(ExportRecordSchema) }),
  },
  /**
   * Imports a package made by exportArticle (a working copy too), as the
   * same article (same id, versions with their revision numbers, segment
   * ids, links and states, metadata, images). An article the library already
   * holds is merged instead: the package's shared documents are taken into
   * the article's (edits made on either side all kept, never doubled), and
   * `merged` says what changed (all zero for a package the library had
   * already taken in). Everything is checked before anything is written, and
   * it is written in one transaction: a refused package changes nothing.
   * Refusals (`invalid_input` with `refusal`): too_large, not_package,
   * unsafe_package, damaged_package, invalid_article, invalid_media,
   * invalid_document, article_exists for a package of an older format (no
   * documents to merge) of an article the library holds, slug_taken when
   * another article has its slug.
   */
  importPackage: {
    input: z.strictObject({
      dataBase64: z
        .string()
        // Checked as strict base64 by the import's worker thread as it decodes (a scan of 280 million characters
        // here took seconds of the main thread): refused with the same message.
        .max(PACKAGE_LIMITS.base64Chars, { message: `The package is larger than the ${PACKAGE_LIMITS.bytes / (1024 * 1024)} MiB limit`, abort: true }),
    }),
    output: ArticleSchema.extend({ merged: MergeSummarySchema.optional() }),
  },
  /** The library's backups, newest first (the last BACKUP_KEEP are kept). */
  listBackups: {
    input: z.strictObject({}),
    output: z.object({ items: z.array(BackupInfoSchema) }),
  },
  /**
   * Makes the library what it was when the backup `name` (one listBackups
   * names) was made. The backup is checked first (SQLite's integrity check, a
   * schema this Qelem can read): a damaged one is refused (`storage`) and
   * nothing changes. Then the current state is backed up (`safetyBackup`, so
   * a restore can itself be undone), and the backup is copied into the open
   * database in one transaction: a crash halfway leaves the library as it was.
   */
  restoreBackup: {
    input: z.strictObject({ name: BackupNameSchema }),
    output: z.object({
      restored: BackupInfoSchema,
      safetyBackup: BackupInfoSchema,
      /** Articles in the library after the restore (trash included). */
      articles: z.number().int().min(0),
    }),
  },
  /**
   * Opens a shared document (shared/collab) for a window's session: the
   * session then receives every other session's edits to it as events.
   * Answers with what the library holds that the caller's state vector
   * lacks, the library's own state vector (so the caller can send what the
   * library lacks), and the presence of the others in it. A version nobody
   * has written yet does not exist: the window starts it (its start is the
   * same on every machine) and creates it with its first push.
   */
  openDocument: {
    input: z.strictObject({ session: SessionSchema, name: DocNameSchema, stateVector: base64(64 * 1024) }),
    output: z.object({ exists: z.boolean(), update: z.string(), stateVector: z.string(), awareness: z.string().nullable() }),
  },
  /**
   * Appends a window's edit (a Yjs update) to a document and sends it to the
   * other sessions that have it open. Answered once it is in the library:
   * an acknowledged edit survives a crash. A malformed update is refused
   * and changes nothing.
   */
  pushDocument: {
    input: z.strictObject({ session: SessionSchema, name: DocNameSchema, update: base64(MAX_UPDATE_BASE64) }),
    output: z.object({}),
  },
  /** A window's presence in a document (a y-protocols awareness update), relayed to the others. */
  pushAwareness: {
    input: z.strictObject({ session: SessionSchema, name: DocNameSchema, update: base64(64 * 1024) }),
    output: z.object({}),
  },
  /** The window no longer shows the document: its events stop, its presence is removed. */
  closeDocument: {
    input: z.strictObject({ session: SessionSchema, name: DocNameSchema }),
    output: z.object({}),
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
  /** The newsroom connection: which server, as whom, connected or not, what is not synced yet. */
  getNewsroom: {
    input: z.strictObject({}),
    output: NewsroomStatusSchema,
  },
  /**
   * Connects the library to a newsroom server and keeps syncing with it
   * (across restarts). The token, if given, replaces the one kept (omitted:
   * the one kept for that server). A plain ws:// server off this machine is
   * refused unless `allowUnencrypted`. A token the server refuses is not
   * kept; the answer's status says why.
   */
  connectNewsroom: {
    input: z.strictObject({ url: NewsroomUrlSchema, token: NewsroomTokenSchema.optional(), allowUnencrypted: z.boolean().default(false) }),
    output: NewsroomStatusSchema,
  },
  /** Stops syncing and forgets the server and its token; the library keeps everything it has. */
  disconnectNewsroom: {
    input: z.strictObject({}),
    output: NewsroomStatusSchema,
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
