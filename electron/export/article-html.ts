import type { Article } from '../../shared/article';
import { findOppositeRuns } from '../../shared/editor/opposite-run';
import { language, LANGUAGE_KEYS, type Direction, type LanguageKey } from '../../shared/languages';
import { bodyToHtml, escapeHtml } from '../../shared/render/body-html';
import type { DigitStyle } from '../../shared/settings';
import { formatCalendarDate } from '../../shared/text/dates';

/**
 * One language version of an article as a standalone page of an export
 * package (data/<lang>/index.html). It must render right opened straight
 * from disk, with no network: every URL is relative (the style sheet, fonts
 * and images are in the package), and a strict CSP allows nothing else, so
 * the page can neither run script nor fetch anything from outside.
 */

/** What the page loads: same-origin files only; on file:// Chromium counts the package's own files as 'self'. */
export const PAGE_CSP = "default-src 'none'; img-src 'self'; style-src 'self'; font-src 'self'";

/** Where the page finds an image, relative to data/. */
export interface PageImage {
  /** `media/<sha256>.web.jpg`, or the original's path when there is no rendition. */
  path: string;
  width: number;
  height: number;
}

export interface PageOptions {
  /** The file shown for each image (by the original's SHA-256). */
  images: ReadonlyMap<string, PageImage>;
  /** Digits of the Kurdish publication date (the user's setting). */
  digits: DigitStyle;
}

/** The path of a language's page inside data/. */
export function pagePath(lang: LanguageKey): string {
  return `${lang}/index.html`;
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

function image(images: ReadonlyMap<string, PageImage>, sha256: string): PageImage {
  const found = images.get(sha256);
  if (!found) throw new RangeError(`No file for image ${sha256} in the package`);
  return found;
}

export function articlePage(article: Article, lang: LanguageKey, options: PageOptions): string {
  const version = article.versions[lang];
  if (!version) throw new RangeError(`The article has no ${lang} version`);
  const { tag, dir } = language(lang);
  const others = LANGUAGE_KEYS.filter((key) => article.versions[key] !== undefined);
  const up = (path: string) => `../${path}`;
  const text = (value: string) => isolatedText(value.trim(), dir);

  const alternates = others.map((key) => `<link rel="alternate" hreflang="${language(key).tag}" href="${up(pagePath(key))}">`).join('\n');
  const languageLinks = others
    .map((key) => {
      const other = language(key);
      const attributes = `lang="${other.tag}" dir="${other.dir}"`;
      return key === lang
        ? `<li><a href="${up(pagePath(key))}" ${attributes} aria-current="page">${escapeHtml(other.nativeName)}</a></li>`
        : `<li><a href="${up(pagePath(key))}" hreflang="${other.tag}" ${attributes}>${escapeHtml(other.nativeName)}</a></li>`;
    })
    .join('');

  const meta = [
    version.dateline.trim() ? `<span class="dateline">${text(version.dateline)}</span>` : '',
    version.byline.trim() ? `<span class="byline">${text(version.byline)}</span>` : '',
    publicationDate(article.meta.publicationDate, lang, options.digits),
  ].filter(Boolean);

  let lead = '';
  const leadImage = article.meta.leadImage;
  if (leadImage) {
    const file = image(options.images, leadImage.sha256);
    const caption = version.leadImageCaption.trim();
    const credit = leadImage.credit.trim();
    lead = `<figure class="lead"><img src="${escapeHtml(up(file.path))}" alt="${escapeHtml(version.leadImageAlt.trim())}" width="${file.width}" height="${file.height}">`;
    if (caption || credit) {
      lead += `<figcaption>${caption ? text(caption) : ''}${caption && credit ? ' ' : ''}${credit ? `<span class="credit" dir="auto">${escapeHtml(credit)}</span>` : ''}</figcaption>`;
    }
    lead += '</figure>\n';
  }

  const body = bodyToHtml(version.body, { dir, imageSrc: (sha256) => up(image(options.images, sha256).path) });
  const standfirst = version.standfirst.trim() ? `<p class="standfirst">${text(version.standfirst)}</p>\n` : '';

  return `<!DOCTYPE html>
<html lang="${tag}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(version.headline.trim())}</title>
<link rel="stylesheet" href="${up('style.css')}">
${alternates}
</head>
<body>
<nav class="languages" aria-label="${escapeHtml(NAV_LABEL[lang])}"><ul>${languageLinks}</ul></nav>
<article>
<header>
<h1>${text(version.headline)}</h1>
${standfirst}${meta.length > 0 ? `<p class="meta">${meta.join(' ')}</p>\n` : ''}</header>
${lead}<div class="body">
${body}
</div>
</article>
</body>
</html>
`;
}

/** The language links' accessible name, in the page's language. */
const NAV_LABEL: Readonly<Record<LanguageKey, string>> = { en: 'Languages', ckb: 'زمانەکان', kmr: 'زمان' };
