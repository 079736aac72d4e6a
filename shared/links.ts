/**
 * The one link policy of Qelem: which URLs may be links in an article (kept
 * from a paste, typed in the link dialog, written into exported HTML) and
 * which may be opened in the user's browser (the main process hands those to
 * shell.openExternal). Everything that decides whether a URL is safe calls
 * one of the two entry points below; nothing else parses a link's scheme.
 *
 * The rules, in order:
 *
 * 1. The URL is read the way a browser reads an href: invisible characters
 *    at either end (whitespace, controls, zero-width and direction marks, the
 *    byte-order mark) are dropped, and tab, line feed and carriage return
 *    wherever they are ("java\tscript:" is "javascript:" to a browser).
 * 2. What is left holds no other control character and no invisible format
 *    character (zero-width, direction marks and overrides): those make a
 *    scheme or a host read differently than it looks.
 * 3. It is a complete URL by itself: relative paths, fragments and
 *    protocol-relative addresses (`//host/`) are refused, since what they
 *    point to depends on where the page is opened (a file on disk, once
 *    exported).
 * 4. Its scheme, in any case, is one of:
 *      article links  http, https, mailto
 *      the browser    http, https (never file:, javascript:, data:, app:, or
 *                     a custom scheme that could start another program)
 * 5. http and https: a host, and no user name or password
 *    (`https://user:pass@host/`, or `https://bank.example@evil.example/`,
 *    which reads as one host and goes to another).
 * 6. mailto: an address with an @, and no colon in it (no credentials there
 *    either).
 *
 * What is written into HTML or opened is the URL as the URL parser
 * serialises it, so a browser cannot read something else into it.
 */

/** A link an article may hold. */
export interface ArticleLink {
  /** The URL as given, cleaned by rule 1: what the editor stores. */
  url: string;
  /** The URL as the URL parser serialises it: what is written into an href. */
  href: string;
}

/** Rule 1: cleared at the ends. C0 controls and space, DEL and C1 controls, no-break and other Unicode spaces, soft hyphen, invisible format characters. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this strips
const EDGE = /^[\u0000-\u0020\u007f-\u00a0\u00ad\u061c\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]+|[\u0000-\u0020\u007f-\u00a0\u00ad\u061c\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]+$/g;
/** Rule 1: removed anywhere, as the URL parser does. */
const TAB_OR_NEWLINE = /[\t\n\r]/g;
/** Rule 2: refused inside. Controls (space and the no-break space aside: the parser encodes them), soft hyphen, zero-width and direction marks, isolates and overrides, the byte-order mark. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

const ARTICLE_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:', 'mailto:']);
const BROWSER_SCHEMES: ReadonlySet<string> = new Set(['http:', 'https:']);

/** Rule 1: the URL as a browser reads it. */
function cleaned(raw: string): string {
  return raw.replace(EDGE, '').replace(TAB_OR_NEWLINE, '');
}

/** Rules 2 to 6 for a cleaned URL: the parsed URL when it may be used with one of `schemes`, else null. */
function allowed(url: string, schemes: ReadonlySet<string>): URL | null {
  if (url === '' || HIDDEN.test(url)) return null;
  let parsed: URL;
  try {
    parsed = new URL(url); // no base: a relative or protocol-relative URL throws
  } catch {
    return null;
  }
  if (!schemes.has(parsed.protocol)) return null;
  if (parsed.protocol === 'mailto:') return parsed.pathname.includes('@') && !parsed.pathname.includes(':') ? parsed : null;
  return parsed.hostname !== '' && parsed.username === '' && parsed.password === '' ? parsed : null;
}

/** A link as an article may hold it (http, https or mailto), or null when it may not. */
export function articleLink(raw: unknown): ArticleLink | null {
  if (typeof raw !== 'string') return null;
  const url = cleaned(raw);
  const parsed = allowed(url, ARTICLE_SCHEMES);
  return parsed ? { url, href: parsed.href } : null;
}

/** Whether an article may link to `raw`. */
export function isArticleLink(raw: unknown): boolean {
  return articleLink(raw) !== null;
}

/** The href to write into HTML for a link stored in an article, or null: then only its text is written. */
export function articleLinkHref(raw: unknown): string | null {
  return articleLink(raw)?.href ?? null;
}

/**
 * The URL to hand to the user's browser for a link clicked in the app: http
 * or https only, re-serialised; null for anything else.
 */
export function externalWebUrl(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  return allowed(cleaned(raw), BROWSER_SCHEMES)?.href ?? null;
}
