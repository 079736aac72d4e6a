import { z } from 'zod';
import { LanguageKeySchema } from '../languages';

/**
 * Segments: the units a translator works in. Every top-level body block has a
 * random, stable id (kept in Lexical NodeState under the key `seg`, so it is
 * saved as `"$": { "seg": "…" }` in the block's JSON). The version's text
 * fields are segments too, identified by their field name.
 */

/** Twelve characters of [0-9a-z]: 62 bits, never equal to a field name (those have capitals or other lengths). */
export const BLOCK_SEGMENT_ID = /^[0-9a-z]{12}$/;
export const BlockSegmentIdSchema = z.string().regex(BLOCK_SEGMENT_ID);

/** The version fields that are segments, in the order a translator meets them. */
export const FIELD_SEGMENTS = ['headline', 'standfirst', 'dateline', 'byline', 'leadImageCaption', 'leadImageAlt'] as const;
export type FieldSegment = (typeof FIELD_SEGMENTS)[number];
export const FieldSegmentSchema = z.enum(FIELD_SEGMENTS);

export const SegmentIdSchema = z.union([BlockSegmentIdSchema, FieldSegmentSchema]);
export type SegmentId = z.infer<typeof SegmentIdSchema>;

/** The NodeState keys on a top-level block. */
export const SEGMENT_STATE_KEYS = { id: 'seg', link: 'link' } as const;

/** What a translator last decided about a target segment. Stale is never stored: it is derived. */
export const LINK_STATUSES = ['draft', 'done', 'approved'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

/** The longest source text a link keeps (for the diff shown when it goes stale). */
export const SEGMENT_TEXT_LIMIT = 20_000;

/**
 * A target segment's record of what it translates: the source version's
 * language and segment id, and, from the moment it was marked done, a hash of
 * the source text and that text itself (to show what changed once the source
 * moves on). Kept in NodeState `link` on body blocks, and in
 * VersionContent.fieldLinks for fields.
 */
export const SegmentLinkSchema = z.strictObject({
  from: LanguageKeySchema,
  source: SegmentIdSchema,
  status: z.enum(LINK_STATUSES),
  /** hashSegmentText(source text) when marked done or approved; null while a draft. */
  sourceHash: z.string().min(1).max(32).nullable(),
  /** The source text at that moment; null while a draft. */
  sourceText: z.string().max(SEGMENT_TEXT_LIMIT).nullable(),
});
export type SegmentLink = z.infer<typeof SegmentLinkSchema>;

export const FieldLinksSchema = z.partialRecord(FieldSegmentSchema, SegmentLinkSchema);
export type FieldLinks = z.infer<typeof FieldLinksSchema>;

/** The states a translator sees per segment of the source. */
export const SEGMENT_STATES = ['missing', 'draft', 'done', 'stale', 'approved'] as const;
export type SegmentState = (typeof SEGMENT_STATES)[number];

/** A target version's progress against its source: counts of source segments per state. */
export const TranslationProgressSchema = z.object({
  /** The source language the counts are against. */
  from: LanguageKeySchema,
  total: z.number().int().min(0),
  missing: z.number().int().min(0),
  draft: z.number().int().min(0),
  done: z.number().int().min(0),
  stale: z.number().int().min(0),
  approved: z.number().int().min(0),
  /** Target segments whose source segment no longer exists. */
  orphaned: z.number().int().min(0),
});
export type TranslationProgress = z.infer<typeof TranslationProgressSchema>;

/** Done and approved out of all: the share a progress bar shows. */
export function finishedCount(progress: TranslationProgress): number {
  return progress.done + progress.approved;
}

/** A new block segment id from the platform's CSPRNG (Node 24 and Chromium both have `crypto`). */
export function newSegmentId(): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += (byte % 36).toString(36);
  return id;
}
