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
    placed.push(...translation, ...checkFields(view, article, untranslatedFields), ...checkText(view), ...checkEmptyBlocks(view));
  }
  return sortFindings(placed);
}

const LANG_RANK = new Map<LanguageKey | null, number>([[null, -1], ...LANGUAGE_KEYS.map((lang, rank) => [lang, rank] as const)]);

function sortFindings(placed: Placed[]): Finding[] {
  return placed
    .map((p, order) => ({ ...p, order }))
    .sort(
      (a, b) =>
        LANG_RANK.get(a.finding.lang)! - LANG_RANK.get(b.finding.lang)! ||
        a.position - b.position ||
        a.sub - b.sub ||
        codeRank(a.finding.code) - codeRank(b.finding.code) ||
        (a.finding.range?.start ?? -1) - (b.finding.range?.start ?? -1) ||
        a.order - b.order,
    )
    .map((p) => p.finding);
}
