import type { ArticleVersion } from '../article';
import type { LanguageKey } from '../languages';
import { segmentsOf, type Segment } from '../translation/segments-of';
import type { Finding } from './findings';

/** One version as the checks read it: its segments, and each segment's place in reading order. */
export interface VersionView {
  lang: LanguageKey;
  version: ArticleVersion;
  /** Fields in FIELD_SEGMENTS order, then body blocks. */
  segments: Segment[];
  position: ReadonlyMap<string, number>;
}

export function versionView(lang: LanguageKey, version: ArticleVersion): VersionView {
  const segments = segmentsOf(version);
  return { lang, version, segments, position: new Map(segments.map((segment, index) => [segment.id, index])) };
}

/**
 * A finding and where it sorts within its language: `position` in the
 * version's reading order (-1 before everything), `sub` among findings placed
 * between two segments (a body segment not translated yet sorts where its
 * translation would go).
 */
export interface Placed {
  finding: Finding;
  position: number;
  sub: number;
}

const VISIBLE = /[^\s\u200b-\u200f\u061c\u202a-\u202e\u2060\u2066-\u2069\ufeff]/;

/** Whether a text has nothing a reader sees (spaces, ZWNJ/ZWJ/ZWSP, bidi marks and isolates, BOM). */
export function isBlank(text: string): boolean {
  return !VISIBLE.test(text);
}
