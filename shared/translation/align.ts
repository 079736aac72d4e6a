import type { LanguageKey } from '../languages';
import { cachedSegmentHash } from './hash';
import type { SegmentState, TranslationProgress } from './segment';
import type { Segment } from './segments-of';

/** One source segment and what translates it in the target version. */
export interface TranslationRow {
  source: Segment;
  /** The target's counted segments linked to it, in target order (usually one; a split paragraph gives two). */
  targets: Segment[];
  state: SegmentState;
}

export interface Alignment {
  /** One per counted source segment, in source order. */
  rows: TranslationRow[];
  /** Target segments linked to a source segment that is gone or now empty: kept and shown, never dropped. */
  orphans: Segment[];
  /** Target segments that translate nothing from this source (no link, or a link to another language). */
  unlinked: Segment[];
  progress: TranslationProgress;
}

/**
 * Lines up a target version's segments with the source version's (`from`),
 * through the links the target keeps. Derives each row's state; stale is never
 * stored, it is a done link whose recorded hash no longer matches the source.
 * Linear in the segment counts: one map, one hash per linked source text (cached across calls).
 */
export function alignSegments(from: LanguageKey, source: readonly Segment[], target: readonly Segment[]): Alignment {
  const rowsById = new Map<string, TranslationRow>();
  const rows: TranslationRow[] = [];
  for (const segment of source) {
    if (!segment.counted) continue;
    const row: TranslationRow = { source: segment, targets: [], state: 'missing' };
    rows.push(row);
    rowsById.set(segment.id, row);
  }

  const orphans: Segment[] = [];
  const unlinked: Segment[] = [];
  for (const segment of target) {
    if (!segment.counted) continue;
    const link = segment.link;
    if (link === null || link.from !== from) {
      unlinked.push(segment);
      continue;
    }
    const row = rowsById.get(link.source);
    if (row) row.targets.push(segment);
    else orphans.push(segment);
  }

  const progress: TranslationProgress = { from, total: rows.length, missing: 0, draft: 0, done: 0, stale: 0, approved: 0, orphaned: orphans.length };
  for (const row of rows) {
    row.state = rowState(row);
    progress[row.state]++;
  }
  return { rows, orphans, unlinked, progress };
}

function rowState(row: TranslationRow): SegmentState {
  if (row.targets.length === 0) return 'missing';
  let approved = true;
  for (const target of row.targets) {
    if (target.link?.status === 'draft') return 'draft';
    if (target.link?.status !== 'approved') approved = false;
  }
  const hash = cachedSegmentHash(row.source.text);
  for (const target of row.targets) if (target.link?.sourceHash !== hash) return 'stale';
  return approved ? 'approved' : 'done';
}

/**
 * The source language most of a version's links point to: what its progress is
 * counted against. No links, or a tie, gives `fallback` (the article's source language).
 */
export function dominantSource(target: readonly Segment[], fallback: LanguageKey): LanguageKey {
  const counts = new Map<LanguageKey, number>();
  for (const segment of target) {
    if (!segment.counted || segment.link === null) continue;
    counts.set(segment.link.from, (counts.get(segment.link.from) ?? 0) + 1);
  }
  let best: LanguageKey = fallback;
  let bestCount = 0;
  let tied = false;
  for (const [lang, count] of counts) {
    if (count > bestCount) {
      best = lang;
      bestCount = count;
      tied = false;
    } else if (count === bestCount) {
      tied = true;
    }
  }
  return bestCount === 0 || tied ? fallback : best;
}
