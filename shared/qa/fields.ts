import type { Article, SerializedNode } from '../article';
import { finding, type FindingCode } from './findings';
import { isBlank, type Placed, type VersionView } from './version-view';

/**
 * What every version must say about itself. A headline is an error: nothing
 * publishes without one. A dateline is a warning: analysis and opinion pieces
 * carry none. Alt text is an error: without it a screen reader announces the
 * picture as nothing (WCAG 1.1.1, level A). Caption and credit are warnings:
 * a picture may go without a caption, and the credit may be the publication's
 * own or already in the caption; accepting the warning records that choice in
 * the note stored with the export.
 */

/** The lead image's credit: article metadata, one for all languages. */
export const LEAD_IMAGE_CREDIT = 'leadImageCredit';

/**
 * `skip`: fields this version already reports as an untranslated segment
 * (`translation.missing`), so one empty field gives one finding.
 */
export function checkFields(view: VersionView, article: Article, skip: ReadonlySet<string>): Placed[] {
  const placed: Placed[] = [];
  const { lang, version } = view;
  const field = (name: 'headline' | 'dateline' | 'leadImageCaption' | 'leadImageAlt', code: FindingCode, params: Record<string, string> = {}) => {
    if (!skip.has(name) && isBlank(version[name])) placed.push({ finding: finding(code, lang, name, params), position: view.position.get(name)!, sub: 0 });
  };
  field('headline', 'headline.missing');
  field('dateline', 'dateline.missing');
  if (article.meta.leadImage) {
    field('leadImageCaption', 'image.caption-missing', { image: 'lead' });
    field('leadImageAlt', 'image.alt-missing', { image: 'lead' });
  }

  for (const segment of view.segments) {
    if (segment.kind !== 'image') continue;
    const node = version.body.root.children[segment.index] as SerializedNode;
    const position = view.position.get(segment.id)!;
    const add = (code: FindingCode) => placed.push({ finding: finding(code, lang, segment.id, { image: 'body' }), position, sub: 0 });
    if (isBlank(text(node, 'alt'))) add('image.alt-missing');
    if (isBlank(text(node, 'caption'))) add('image.caption-missing');
    if (isBlank(text(node, 'credit'))) add('image.credit-missing');
  }
  return placed;
}

/** Article-wide: the lead image's credit. */
export function checkArticleMeta(article: Article): Placed[] {
  const image = article.meta.leadImage;
  if (image === null || !isBlank(image.credit)) return [];
  return [{ finding: finding('image.credit-missing', null, LEAD_IMAGE_CREDIT, { image: 'lead' }), position: 0, sub: 0 }];
}

function text(node: SerializedNode, key: string): string {
  const value = node[key];
  return typeof value === 'string' ? value : '';
}
