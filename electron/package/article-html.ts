import type { Article } from '../../shared/article';
import { language, LANGUAGE_KEYS, type LanguageKey } from '../../shared/languages';
import { articleHtml } from '../../shared/render/article-html';
import { escapeHtml } from '../../shared/render/body-html';
import type { DigitStyle } from '../../shared/settings';

export { isolatedText } from '../../shared/render/article-html';

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
  /** A working copy: the page says, first thing, that it is not for publication. */
  workingCopy?: boolean;
}

/** The path of a language's page inside data/. */
export function pagePath(lang: LanguageKey): string {
  return `${lang}/index.html`;
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
  const pageImage = (sha256: string) => {
    const file = image(options.images, sha256);
    return { src: up(file.path), width: file.width, height: file.height };
  };

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
${options.workingCopy ? `<p class="working-copy" role="note">${escapeHtml(WORKING_COPY[lang])}</p>\n` : ''}${articleHtml(article, lang, { digits: options.digits, image: pageImage })}
</body>
</html>
`;
}

/** What a working copy's page says first, in the page's language. */
const WORKING_COPY: Readonly<Record<LanguageKey, string>> = {
  en: 'Working copy: not for publication.',
  ckb: 'کۆپیی کار: بۆ بڵاوکردنەوە نییە.',
  kmr: 'کۆپیا کاری: نە بۆ بەلاڤکرنێ یە.',
};

/** The language links' accessible name, in the page's language. */
const NAV_LABEL: Readonly<Record<LanguageKey, string>> = { en: 'Languages', ckb: 'زمانەکان', kmr: 'زمان' };
