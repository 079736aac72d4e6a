import { isLanguageKey, type LanguageKey } from '../languages';
import { alignSegments, dominantSource } from './align';
import { cachedSegmentHash } from './hash';
import { LINK_STATUSES, type LinkStatus, type TranslationProgress } from './segment';
import type { Segment } from './segments-of';

/**
 * Per-version segment summaries (versions.segments) and the progress and
 * translation-memory pairs worked out from them. A save parses only the
 * version it saves; the article's other versions are known by their stored
 * summaries: ids, counted flags, text hashes and links, no text.
 */

/** A pair the translation memory stores: a finished segment's source text and its translation. */
export interface TmPairInput {
  from: LanguageKey;
  to: LanguageKey;
  sourceText: string;
  targetText: string;
}

export interface SummaryLink {
  from: LanguageKey;
  source: string;
  status: LinkStatus;
  sourceHash: string | null;
}

export interface SegmentSummary {
  id: string;
  counted: boolean;
  /** hashSegmentText of the segment's text. */
  hash: string;
  link: SummaryLink | null;
  /** This segment's pair was in the translation memory as of that save. */
  tm?: true;
}

export function summarize(segments: readonly Segment[]): SegmentSummary[] {
  return segments.map((segment) => ({
    id: segment.id,
    counted: segment.counted,
    hash: cachedSegmentHash(segment.text),
    link: segment.link && { from: segment.link.from, source: segment.link.source, status: segment.link.status, sourceHash: segment.link.sourceHash },
  }));
}

/**
 * A stored summary, or null when there is none: every real summary holds at
 * least the version's text fields, so '[]' (the column's default) means "not
 * worked out yet", as does anything that does not read as a summary.
 */
export function parseSummary(json: string): SegmentSummary[] | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length === 0) return null;
  for (const item of value as unknown[]) {
    const s = item as Partial<SegmentSummary> | null;
    if (typeof s?.id !== 'string' || typeof s.counted !== 'boolean' || typeof s.hash !== 'string') return null;
    const link = s.link as Partial<SummaryLink> | null | undefined;
    if (link === undefined) return null;
    if (link !== null && (!isLanguageKey(link.from) || typeof link.source !== 'string' || !(LINK_STATUSES as readonly unknown[]).includes(link.status))) return null;
  }
  return value as SegmentSummary[];
}

/** Segment-shaped objects for alignSegments from a summary: no text (alignment reads only ids, counted flags and links). */
export function segmentsOfSummary(summary: readonly SegmentSummary[]): Segment[] {
  return summary.map((s, index) => ({
    id: s.id,
    kind: 'block',
    blockType: '',
    text: '',
    link: s.link && { from: s.link.from, source: s.link.source as never, status: s.link.status, sourceHash: s.link.sourceHash, sourceText: null },
    index,
    counted: s.counted,
  }));
}

/**
 * Source segments for alignSegments when the source is known only by its
 * summary and the target is parsed. alignSegments decides "stale" by
 * comparing each target link's sourceHash with hashSegmentText(source text).
 * A done link records the source text it hashed (sourceText); where one of the
 * row's links has sourceHash equal to the source's current hash and its
 * sourceText hashes to that too, that text stands in for the source text:
 * same hash, same outcome. Where none does, no link of the row matches the
 * current text, and any text hashing to none of the row's sourceHash values
 * gives that same outcome. Returns null when that cannot be arranged (a link
 * claiming the current hash with a text that does not hash to it): the caller
 * must then read the real source text.
 */
export function sourceSegmentsForTarget(sourceSummary: readonly SegmentSummary[], from: LanguageKey, target: readonly Segment[]): Segment[] | null {
  const linked = new Map<string, Segment['link'][]>();
  for (const segment of target) {
    const link = segment.link;
    if (!segment.counted || link === null || link.from !== from) continue;
    const list = linked.get(link.source) ?? [];
    list.push(link);
    linked.set(link.source, list);
  }
  const out: Segment[] = [];
  for (const [index, s] of sourceSummary.entries()) {
    let text = '';
    const links = linked.get(s.id);
    if (s.counted && links) {
      const claiming = links.filter((l) => l?.sourceHash === s.hash);
      if (claiming.length > 0) {
        const witness = claiming.find((l) => typeof l?.sourceText === 'string' && cachedSegmentHash(l.sourceText) === s.hash);
        if (!witness) return null;
        text = witness.sourceText as string;
      } else {
        text = placeholder(new Set(links.map((l) => l?.sourceHash ?? '')));
      }
    }
    out.push({ id: s.id, kind: 'block', blockType: '', text, link: null, index, counted: s.counted });
  }
  return out;
}

function placeholder(avoid: ReadonlySet<string>): string {
  for (let n = 0; ; n++) {
    const text = `\u0000${n}`;
    if (!avoid.has(cachedSegmentHash(text))) return text;
  }
}

/** The progress of `target` against `source` (both as alignSegments takes them). */
export function progressOf(from: LanguageKey, source: readonly Segment[], target: readonly Segment[]): TranslationProgress {
  return alignSegments(from, source, target).progress;
}

/** The language a version's progress is counted against. */
export function progressSource(target: readonly Segment[], articleSourceLang: LanguageKey): LanguageKey {
  return dominantSource(target, articleSourceLang);
}

const FINISHED: ReadonlySet<LinkStatus> = new Set(['done', 'approved']);

/** Whether a segment is marked finished (done or approved): only then does memoryPairs read the previous summary. */
export function hasFinishedLinks(segments: readonly Segment[]): boolean {
  return segments.some((segment) => segment.link !== null && FINISHED.has(segment.link.status));
}

/**
 * The translation-memory pairs a save of version `lang` adds: every counted
 * target segment marked done or approved whose source segment still has the
 * hash the link recorded (not stale), with the link's recorded source text
 * (checked against that hash) as the source and the segment's text as the
 * target. A segment whose pair was stored at the previous save and whose
 * text and link hash are the same is skipped, so an autosave writes only what
 * changed. Marks `summary` entries whose pair is in the memory.
 */
export function memoryPairs(
  lang: LanguageKey,
  segments: readonly Segment[],
  summary: SegmentSummary[],
  previous: readonly SegmentSummary[] | null,
  sourceSummaries: ReadonlyMap<LanguageKey, ReadonlyMap<string, SegmentSummary>>,
): TmPairInput[] {
  const before = new Map((previous ?? []).map((s) => [s.id, s]));
  const pairs: TmPairInput[] = [];
  segments.forEach((segment, index) => {
    const link = segment.link;
    const entry = summary[index] as SegmentSummary;
    if (!segment.counted || link === null || !FINISHED.has(link.status) || link.from === lang || link.sourceHash === null || link.sourceText === null) return;
    const source = sourceSummaries.get(link.from)?.get(link.source);
    if (!source?.counted || source.hash !== link.sourceHash) return;
    const old = before.get(entry.id);
    if (old?.tm && old.hash === entry.hash && old.link?.from === link.from && old.link.sourceHash === link.sourceHash) {
      entry.tm = true;
      return;
    }
    if (segment.text.trim() === '' || cachedSegmentHash(link.sourceText) !== link.sourceHash) return;
    pairs.push({ from: link.from, to: lang, sourceText: link.sourceText, targetText: segment.text });
    entry.tm = true;
  });
  return pairs;
}

/** What the library records of one version's translation: its segment summary, its progress (null for the article's source language) and the memory pairs its finished segments make. */
export interface VersionTranslationState {
  summary: SegmentSummary[];
  progress: TranslationProgress | null;
  pairs: TmPairInput[];
}

/**
 * The translation state of every version of an article whose versions are all
 * known at once (parsed, as `segments` gives them, in the order to work them
 * out): an imported package, or the versions saved before migration 4. Each
 * version's memory pairs and progress are worked out against the others'
 * segments; no previous summary exists. A version missing from `segments`
 * (its body could not be read) is left out.
 */
export function articleTranslationState(
  articleSourceLang: LanguageKey,
  segments: ReadonlyMap<LanguageKey, readonly Segment[]>,
): Map<LanguageKey, VersionTranslationState> {
  const summaries = new Map([...segments].map(([lang, list]) => [lang, summarize(list)]));
  const out = new Map<LanguageKey, VersionTranslationState>();
  for (const [lang, list] of segments) {
    const summary = summaries.get(lang) as SegmentSummary[];
    const sources = new Map([...summaries].filter(([other]) => other !== lang).map(([other, entries]) => [other, new Map(entries.map((e) => [e.id, e]))]));
    const pairs = memoryPairs(lang, list, summary, null, sources);
    let progress: TranslationProgress | null = null;
    if (lang !== articleSourceLang) {
      const from = progressSource(list, articleSourceLang);
      progress = progressOf(from, segments.get(from) ?? [], list);
    }
    out.set(lang, { summary, progress, pairs });
  }
  return out;
}
