import type { LanguageKey } from '../languages';

/**
 * What the pre-publish checks report. A finding carries no sentence: the
 * renderer words it in the interface language from `code` and `params`
 * (suggested key `qa.<code>`; no code is a prefix of another, so dotted codes
 * nest cleanly in the locale files). Errors block export; warnings can be
 * accepted with a note stored with the export; suggestions are offered and
 * never stand in the way (nothing to accept, nothing recorded).
 */

export type Severity = 'error' | 'warning' | 'suggestion';

/**
 * UTF-16 offsets into a segment's text as segmentsOf gives it, end exclusive:
 * a field's string, a block's plain text, or for an image its trimmed caption,
 * a line break, and its trimmed alt text (so an offset past the line break is
 * in the alt text).
 */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * A change that fixes a finding, offered as one click: the text `from` at
 * `range` of the finding's segment becomes `to`. `from` is what the check
 * read there, so a fix is applied only to the text it was made for.
 */
export interface TextFix {
  range: TextRange;
  from: string;
  to: string;
}

/** The matching place in the version a translation is made from. */
export interface SourcePlace {
  lang: LanguageKey;
  /** The source segment: the row of the translation workspace. */
  segment: string;
  range?: TextRange;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** The version the finding is in; null for article-wide metadata (the lead image's credit). */
  lang: LanguageKey | null;
  /**
   * Where to jump, always a place in `lang`'s own version: a field name
   * (`headline`, `leadImageAlt`…), a body block's segment id, or, with `lang`
   * null, the metadata field `leadImageCredit`. Null when there is no such
   * place (a missing version; a body segment not translated at all: then
   * `source` names the row).
   */
  segment: string | null;
  /** Values for the message. `from` is a language key, numbers and words are as written. */
  params: Record<string, string | number>;
  /** What to highlight in `segment`'s text. */
  range?: TextRange;
  /** Translation findings only: the source segment the finding is about. */
  source?: SourcePlace;
  /** A one-click fix in `segment`'s text, when there is a sure one. */
  fix?: TextFix;
}

/**
 * Every code, its severity, and the params its message gets. The order here is
 * the order of findings on the same segment.
 */
export const FINDING_CODES = {
  /** A language the article is published in has no version. Params: none. */
  'version.missing': 'error',
  /** A source segment has no translation. Params: from. `segment` is the field, or null for a body block (see `source`). */
  'translation.missing': 'error',
  /** The source changed after the translation was marked done. Params: from. */
  'translation.stale': 'error',
  /** The translation is still a draft. Params: from. */
  'translation.draft': 'warning',
  /** A translated segment whose source segment was deleted or emptied. Params: from. */
  'translation.orphan': 'warning',
  /**
   * Numbers are compared per translated row (done, approved or draft) after folding digit sets and
   * separators. Warnings: the other side may write the number in words ("four years"), which no
   * check can tell from a slip. Differ: a source number with a different one in its place (a
   * lone missing and extra pair). Params: from, sourceNumber, number (both as written).
   */
  'numbers.differ': 'warning',
  /** A number of the source that the translation lacks. Params: from, sourceNumber. `segment`: the row's first translated segment; range only in `source`. */
  'numbers.missing': 'warning',
  /** A number in the translation that the source lacks. Params: from, number. */
  'numbers.extra': 'warning',
  /**
   * A number written in two digit sets ("2٠22"). Params: number, sets (e.g. "ascii,arabic-indic").
   * An error: no number means to mix sets, and the Arabic-Indic zero ٠ looks like a point ("2.22").
   */
  'digits.mixed': 'error',
  /** Arabic (or other non-Kurdish) letters left in Kurdish text. Params: word, letters, suggestion. */
  'letters.arabic-only': 'warning',
  /**
   * Sorani only: a word that starts with ر, which Sorani spelling writes ڕ at the start of a word
   * (Badini writes ر). A suggestion: a foreign name may keep ر. Params: word, suggestion. Fix: ر → ڕ.
   */
  'letters.initial-reh': 'suggestion',
  /** Params: none. */
  'headline.missing': 'error',
  /** Params: none. */
  'dateline.missing': 'warning',
  /** Params: image ('lead' | 'body'). */
  'image.alt-missing': 'error',
  /** Params: image ('lead' | 'body'). */
  'image.caption-missing': 'warning',
  /** Params: image ('lead' | 'body'). The lead image's credit is article-wide: lang null, segment `leadImageCredit`. */
  'image.credit-missing': 'warning',
  /**
   * A body paragraph or block quote that does not end a sentence. Params: ending (its last word,
   * highlighted). A warning: a sign-off such as "(Zhyan English)" ends without a full stop on purpose.
   */
  'paragraph.unfinished': 'warning',
  /** An empty paragraph between two blocks with content. Params: none. */
  'paragraph.empty': 'warning',
  /** An opening quotation mark or bracket never closed. Params: mark, closer. */
  'marks.unclosed': 'warning',
  /** A closing quotation mark or bracket never opened. Params: mark, opener. */
  'marks.unopened': 'warning',
  /**
   * Kurdish text: a sentence end with no space after it between two words (`ئەمڕۆ.دوێنێ`, pasted copy),
   * which reads and counts as one word. Params: text (the two words and the mark, as written). Fix: a space after the mark.
   */
  'sentence.glued': 'warning',
  /** The same word twice in a row. Params: word (the repeat, as written). */
  'words.doubled': 'warning',
} as const satisfies Record<string, Severity>;

export type FindingCode = keyof typeof FINDING_CODES;

export const FINDING_CODE_LIST = Object.keys(FINDING_CODES) as FindingCode[];

const CODE_RANK = new Map<FindingCode, number>(FINDING_CODE_LIST.map((code, rank) => [code, rank]));

export function codeRank(code: FindingCode): number {
  return CODE_RANK.get(code)!;
}

/** A finding with its code's severity. */
export function finding(
  code: FindingCode,
  lang: LanguageKey | null,
  segment: string | null,
  params: Record<string, string | number> = {},
  extra: { range?: TextRange; source?: SourcePlace; fix?: TextFix } = {},
): Finding {
  const out: Finding = { code, severity: FINDING_CODES[code], lang, segment, params };
  if (extra.range) out.range = extra.range;
  if (extra.source) out.source = extra.source;
  if (extra.fix) out.fix = extra.fix;
  return out;
}

/** True when export must stop. */
export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
