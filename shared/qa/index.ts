import type { Article } from '../article';
import { LANGUAGE_KEYS, type LanguageKey } from '../languages';
import { checkArticleMeta, checkFields } from './fields';
import { codeRank, finding, type Finding } from './findings';
import { checkEmptyBlocks, checkText } from './text';
import { checkTranslation } from './translation';
import { versionView, type Placed, type VersionView } from './version-view';

export { FINDING_CODES, FINDING_CODE_LIST, hasErrors, type Finding, type FindingCode, type Severity, type SourcePlace, type TextFix, type TextRange } from './findings';
export { LEAD_IMAGE_CREDIT } from './fields';

export interface CheckOptions {
  /** The languages the article is published in; a missing one is an error. Default: all three. */
  languages?: readonly LanguageKey[];
}

/**
 * The pre-publish checks of an article, per language and across languages
 * (see FINDING_CODES for what each finding means). Pure and deterministic:
 * article-wide findings first, then per language in table order, each in the
 * version's reading order (fields, then body blocks), then code order, then
 * position in the text. An empty list means ready to publish.
 */
export function checkArticle(article: Article, options: CheckOptions = {}): Finding[] {
  const required = new Set(options.languages ?? LANGUAGE_KEYS);
  const views = new Map<LanguageKey, VersionView>();
  for (const lang of LANGUAGE_KEYS) {
    const version = article.versions[lang];
    if (version) views.set(lang, versionView(lang, version));
  }

  const placed: Placed[] = checkArticleMeta(article);
  for (const lang of LANGUAGE_KEYS) {
    const view = views.get(lang);
    if (!view) {
      if (required.has(lang)) placed.push({ finding: finding('version.missing', lang, null), position: -1, sub: 0 });
      continue;
    }
    const translation = lang === article.sourceLang ? [] : checkTranslation(view, article.sourceLang, views);
    const untranslatedFields = new Set<string>();
    for (const p of translation) if (p.finding.code === 'translation.missing' && p.finding.segment !== null) untranslatedFields.add(p.finding.segment);
    // One by one: a spread of every finding as call arguments overflows the stack on a long article (issue 18).
    for (const found of [translation, checkFields(view, article, untranslatedFields), checkText(view), checkEmptyBlocks(view)]) appendAll(placed, found);
  }
  return capRepeats(sortFindings(placed));
}

/** How many findings of one code one segment reports: the first ones show the problem (a paragraph of "the the the …" is one fix), and the list stays proportional to the article. */
export const MAX_FINDINGS_PER_SEGMENT_CODE = 50;

function appendAll<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

/** The findings with at most MAX_FINDINGS_PER_SEGMENT_CODE of each code in each segment, in order: the list stays proportional to the article. */
function capRepeats(findings: Finding[]): Finding[] {
  const seen = new Map<string, number>();
  return findings.filter((f) => {
    if (f.segment === null) return true;
    const key = `${f.lang ?? ''}\u0000${f.segment}\u0000${f.code}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count <= MAX_FINDINGS_PER_SEGMENT_CODE;
  });
}

const LANG_RANK = new Map<LanguageKey | null, number>([[null, -1], ...LANGUAGE_KEYS.map((lang, rank) => [lang, rank] as const)]);

/** Sorted by language, place, code and offset; each key read once per finding, not once per comparison. */
function sortFindings(placed: Placed[]): Finding[] {
  const n = placed.length;
  const lang = new Int8Array(n);
  const position = new Float64Array(n);
  const sub = new Float64Array(n);
  const code = new Int16Array(n);
  const start = new Float64Array(n);
  const order = new Uint32Array(n);
  placed.forEach((p, i) => {
    lang[i] = LANG_RANK.get(p.finding.lang)!;
    position[i] = p.position;
    sub[i] = p.sub;
    code[i] = codeRank(p.finding.code);
    start[i] = p.finding.range?.start ?? -1;
    order[i] = i;
  });
  order.sort((a, b) => lang[a]! - lang[b]! || position[a]! - position[b]! || sub[a]! - sub[b]! || code[a]! - code[b]! || start[a]! - start[b]! || a - b);
  return Array.from(order, (i) => placed[i]!.finding);
}
