import type { Article } from '../article';
import { findOppositeRuns } from '../editor/opposite-run';
import { language, type Direction, type LanguageKey } from '../languages';
import type { DigitStyle } from '../settings';
import { formatCalendarDate } from '../text/dates';
import { bodyToHtml, escapeHtml } from './body-html';

/**
 * One language version of an article as an HTML `<article>`: headline,
 * standfirst, dateline, byline and date, lead figure, body. The export
 * package's pages wrap it in a document; Copy HTML puts it on the clipboard
 * for a CMS. Every text is escaped; runs in the other script are isolated.
 */

/** An image as the article shows it: where its file is, and its size. */
export interface ArticleImage {
  src: string;
  width: number;
  height: number;
}

export interface ArticleHtmlOptions {
  /** The file shown for an image (by the original's SHA-256). */
  image: (sha256: string) => ArticleImage;
  /** Digits of a Kurdish publication date (the user's setting). */
  digits: DigitStyle;
}

/**
 * Text of a field (headline, standfirst, caption…) with its runs in the
 * other script isolated, as the editor isolates them in the body: "U.S." in
 * a Sorani line keeps its final stop on the right side.
 */
export function isolatedText(text: string, dir: Direction): string {
  const runs = findOppositeRuns(text, dir);
  if (runs.length === 0) return escapeHtml(text);
  const runDir = dir === 'rtl' ? 'ltr' : 'rtl';
  let html = '';
  let at = 0;
  for (const run of runs) {
    html += `${escapeHtml(text.slice(at, run.start))}<span dir="${runDir}">${escapeHtml(text.slice(run.start, run.end))}</span>`;
    at = run.end;
  }
  return html + escapeHtml(text.slice(at));
}

function publicationDate(date: string, lang: LanguageKey, digits: DigitStyle): string {
  if (!date) return '';
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `<time datetime="${escapeHtml(date)}">${escapeHtml(formatCalendarDate({ year, month, day }, lang, digits))}</time>`;
}

/** The `<article>` of one version. `withLanguage` puts its lang and dir on it (a fragment pasted elsewhere needs them; a page has them on `<html>`). */
export function articleHtml(article: Article, lang: LanguageKey, options: ArticleHtmlOptions, withLanguage = false): string {
  const version = article.versions[lang];
  if (!version) throw new RangeError(`The article has no ${lang} version`);
  const { tag, dir } = language(lang);
  const text = (value: string) => isolatedText(value.trim(), dir);

  const meta = [
    version.dateline.trim() ? `<span class="dateline">${text(version.dateline)}</span>` : '',
    version.byline.trim() ? `<span class="byline">${text(version.byline)}</span>` : '',
    publicationDate(article.meta.publicationDate, lang, options.digits),
  ].filter(Boolean);

  let lead = '';
  const leadImage = article.meta.leadImage;
  if (leadImage) {
    const file = options.image(leadImage.sha256);
    const caption = version.leadImageCaption.trim();
    const credit = leadImage.credit.trim();
    lead = `<figure class="lead"><img src="${escapeHtml(file.src)}" alt="${escapeHtml(version.leadImageAlt.trim())}" width="${file.width}" height="${file.height}">`;
    if (caption || credit) {
      lead += `<figcaption>${caption ? text(caption) : ''}${caption && credit ? ' ' : ''}${credit ? `<span class="credit" dir="auto">${escapeHtml(credit)}</span>` : ''}</figcaption>`;
    }
    lead += '</figure>\n';
  }

  const body = bodyToHtml(version.body, { dir, imageSrc: (sha256) => options.image(sha256).src });
  const standfirst = version.standfirst.trim() ? `<p class="standfirst">${text(version.standfirst)}</p>\n` : '';
  return `<article${withLanguage ? ` lang="${tag}" dir="${dir}"` : ''}>
<header>
<h1>${text(version.headline)}</h1>
${standfirst}${meta.length > 0 ? `<p class="meta">${meta.join(' ')}</p>\n` : ''}</header>
${lead}<div class="body">
${body}
</div>
</article>`;
}
