import { z } from 'zod';
import { RevisionSchema } from '../article';
import { LanguageKeySchema, type LanguageKey } from '../languages';
import { Sha256Schema } from '../media';
import { FindingSchema } from '../qa/finding-schema';

/**
 * What an export package is allowed to be, shared by the exporter, the
 * importer and the API contract. The layout (BagIt, RFC 8493):
 *
 *   bagit.txt  bag-info.txt  manifest-sha256.txt  tagmanifest-sha256.txt
 *   data/<lang>/index.html            one page per language version
 *   data/<lang>/article.ninjs.json    IPTC ninjs 3.1 of that version
 *   data/style.css  data/fonts/…      the pages' one style sheet and fonts (OFL texts beside them)
 *   data/media/<sha256>.<ext>         the original of every image
 *   data/media/<sha256>.web.<ext>     its web rendition, when one was made
 *   data/qelem/article.json           the Article as the API returns it
 *   data/qelem/docs/article.yjs       the article's shared document (Yjs state), format 2 on
 *   data/qelem/docs/<lang>.yjs        each version's shared document: what an import merges
 *   data/qelem/export.json            the warnings accepted for this export and the note
 *
 * A working copy (exported without the pre-publish checks, to pass an
 * article on at any stage) says so in bag-info.txt (Qelem-Working-Copy),
 * in export.json, on its pages and in its ninjs (pubStatus withheld).
 */

/** Written as `Qelem-Package-Format` in bag-info.txt; import refuses a newer one. Format 1 had no documents. */
export const PACKAGE_FORMAT = 2;

/** The shared documents inside data/: the article's, and each version's. */
export function documentPath(key: 'article' | LanguageKey): string {
  return `qelem/docs/${key}.yjs`;
}

export const PACKAGE_LIMITS = {
  /** Largest package exported or imported: room for an article with a dozen camera photos and their renditions. */
  bytes: 200 * 1024 * 1024,
  /** importPackage's base64 text: a little over the byte limit, so a slightly larger file reaches the service, which names its size. */
  base64Chars: 4 * Math.ceil((201 * 1024 * 1024) / 3),
  entries: 1_000,
  /** Largest single file inside (an image is at most 15 MiB; article.json of three 5,000,000-character bodies is under this). */
  entryBytes: 64 * 1024 * 1024,
  /** All files together, unpacked. */
  totalBytes: 256 * 1024 * 1024,
  /** The note stored with an export that accepts warnings. */
  note: 2_000,
  /** One shared document's state (a 10,000-word version with its history is about 1 MB). */
  documentBytes: 16 * 1024 * 1024,
} as const;

/**
 * The steps of a package import, in order, as its progress events name them
 * (shared/collab/events.ts): the file handed to the import's worker thread,
 * the zip read, every file checked against the bag's manifest, the
 * documents and article, the images, the new image files written beside the
 * library's, and the library's transaction.
 */
export const IMPORT_PHASES = ['receiving', 'unpacking', 'verifying', 'documents', 'images', 'writing', 'saving'] as const;
export type ImportPhase = (typeof IMPORT_PHASES)[number];

/** Why exportArticle refused (invalid_input with one of these as `refusal`; the message says it in English). */
export const EXPORT_REFUSALS = [
  'qa_errors', // the pre-publish checks found errors: `findings` lists them all
  'qa_warnings', // warnings, and acceptWarnings was false: `findings` lists them
  'media_missing', // the article shows an image the media store does not hold
  'too_large', // the package would pass PACKAGE_LIMITS.bytes
] as const;

/** Why importPackage refused (invalid_input with one of these as `refusal`); nothing was written. */
export const PACKAGE_REFUSALS = [
  'too_large', // over PACKAGE_LIMITS.bytes
  'not_package', // not a zip, not a bag, or a bag Qelem did not make
  'unsafe_package', // a hostile archive: unsafe or duplicate names, links, too many or too large entries, a zip bomb
  'damaged_package', // a broken archive or bag: CRC or checksum mismatch, a file missing or unlisted, garbled structures
  'invalid_article', // qelem/article.json is not JSON, fails the schema, or was made by a newer Qelem
  'invalid_media', // a media file that is not an image, not named by its SHA-256, not used, or missing
  'invalid_document', // a shared document that is missing, malformed, too large, incomplete, or not the article's
  'article_exists', // the library already holds the article and the package cannot be merged (an older format)
  'slug_taken', // another article of the library has this slug
] as const;

export type ExportRefusal = (typeof EXPORT_REFUSALS)[number];
export type PackageRefusal = (typeof PACKAGE_REFUSALS)[number];

/** data/qelem/export.json: what the person exporting accepted. Canonical JSON in the package. */
export const ExportAcceptanceSchema = z.object({
  /** The warnings the export went out with (every finding, not only codes). */
  acceptedWarnings: z.array(FindingSchema),
  note: z.string().max(PACKAGE_LIMITS.note),
  /** Exported without the checks, as a working copy: not for publication. */
  workingCopy: z.boolean().default(false),
});
export type ExportAcceptance = z.infer<typeof ExportAcceptanceSchema>;

/** One row of the library's export log (listExports). */
export const ExportRecordSchema = ExportAcceptanceSchema.extend({
  exportedAt: z.iso.datetime(),
  /** The operating-system account that ran the export (Qelem has no users of its own); '' when unknown. */
  exportedBy: z.string(),
  fileName: z.string(),
  bytes: z.number().int().min(1),
  sha256: Sha256Schema,
  /** The revision of each language version that went out. */
  revisions: z.partialRecord(LanguageKeySchema, RevisionSchema),
});
export type ExportRecord = z.infer<typeof ExportRecordSchema>;

/**
 * What an import merged into an article the library already held: versions
 * it did not have, blocks and fields whose text came in new or changed. All
 * zero: the library had it all (the same package imported twice).
 */
export const MergeSummarySchema = z.object({
  versionsAdded: z.array(LanguageKeySchema),
  blocksAdded: z.number().int().min(0),
  blocksChanged: z.number().int().min(0),
  fieldsChanged: z.number().int().min(0),
});
export type MergeSummary = z.infer<typeof MergeSummarySchema>;

/** A package's suggested file name: the slug with anything a file system might refuse replaced. */
export function packageFileName(slug: string, workingCopy = false): string {
  const safe = slug
    .normalize('NFC')
    .replace(/[^\p{L}\p{M}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 100);
  return `${safe || 'article'}${workingCopy ? '-working-copy' : ''}.zip`;
}
