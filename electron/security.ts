import { realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

/**
 * The one Content-Security-Policy of the renderer, sent by the app:// protocol
 * (Electron) and by the loopback host (browser mode). Nothing inline, nothing
 * from the network: the renderer is untrusted and must not be able to load or
 * send anything outside its own origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  // Every HTML sink (innerHTML, DOMParser…) takes only what a named policy made: renderer/components/trusted-html.ts.
  "require-trusted-types-for 'script'",
  "trusted-types qelem-render qelem-inert lexical 'allow-duplicates'",
].join('; ');

/** Headers sent with every response that reaches the renderer, on both transports. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  // With nosniff the browser trusts our Content-Type, so the MIME table below must be right.
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The renderer's origin in Electron: scheme `app`, host `qelem`. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'qelem';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * True when a frame URL belongs to the app's own origin (`app://qelem`).
 * Node's URL gives custom schemes an opaque origin ("null"), so the parts are
 * compared one by one; credentials or a port would mean a forged URL.
 */
export function isTrustedSender(url: string | undefined | null): boolean {
  if (typeof url !== 'string' || url === '') return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * Maps a URL path (still percent-encoded, without query) to a file path inside
 * rootDir, or null when the path is malformed or would leave rootDir. Decoding
 * happens once, here, so `%2e%2e%2f` cannot sneak past the `..` check.
 * Lexical only: see locateStaticFile for the symlink check.
 */
export function resolveStaticPath(rootDir: string, urlPath: string): string | null {
  if (typeof urlPath !== 'string' || !urlPath.startsWith('/')) return null;
  // "//host/x" is a network-path reference, never a file of ours.
  if (urlPath.startsWith('//')) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').slice(1);
  for (const segment of segments) {
    if (segment === '..' || segment === '.') return null;
    // A drive letter ("C:") would make the join absolute on Windows.
    if (/^[a-zA-Z]:/.test(segment)) return null;
  }
  const root = resolve(rootDir);
  const relative = segments.filter((s) => s !== '').join('/');
  const file = resolve(root, relative);
  if (file !== root && !file.startsWith(root + sep)) return null;
  return file;
}

/** Content types of what the renderer build contains; anything else is served as opaque bytes. */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file to serve for a URL path: the file itself when it exists inside
 * rootDir (after following symlinks), index.html for app routes (paths with
 * no file extension, so the client-side router can take over), else null.
 */
export async function locateStaticFile(rootDir: string, urlPath: string): Promise<string | null> {
  const candidate = resolveStaticPath(rootDir, urlPath);
  if (candidate === null) return null;
  const realRoot = await realpath(resolve(rootDir)).catch(() => null);
  if (realRoot === null) return null;

  const found = await realPathInside(realRoot, candidate);
  if (found !== null) {
    const info = await stat(found);
    if (info.isFile()) return found;
    if (info.isDirectory()) return regularFileInside(realRoot, resolve(found, 'index.html'));
  }
  // A missing asset ("/assets/x.js") must stay a 404: answering it with HTML would hide the bug.
  if (extname(candidate) !== '') return null;
  return regularFileInside(realRoot, resolve(realRoot, 'index.html'));
}

/** The real path of file when it exists and stays inside realRoot (a symlink may point anywhere). */
async function realPathInside(realRoot: string, file: string): Promise<string | null> {
  const real = await realpath(file).catch(() => null);
  if (real === null) return null;
  if (real !== realRoot && !real.startsWith(realRoot + sep)) return null;
  return real;
}

async function regularFileInside(realRoot: string, file: string): Promise<string | null> {
  const real = await realPathInside(realRoot, file);
  return real !== null && (await stat(real)).isFile() ? real : null;
}

/**
 * The URL to hand to the user's browser for a link clicked in the app: http or
 * https without credentials, re-serialised; null for anything else. The rules
 * are the one link policy of shared/links.ts.
 */
export { externalWebUrl } from '../shared/links';
