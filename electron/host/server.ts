import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceTable } from '../../shared/api';
import { DOCUMENT_EVENTS_PATH, isApiMethod, type ApiMethod } from '../../shared/api-methods';
import { fail, type ApiResult } from '../../shared/errors';
import { PACKAGE_LIMITS } from '../../shared/export/package-format';
import { contentTypeFor, locateStaticFile, SECURITY_HEADERS } from '../security';
import { mediaHeaders, readMediaFile } from '../store/media-files';
import type { DocumentHub } from '../services/documents';
import { dispatch, type Services } from '../services/table';
import { PackageSourceError } from '../package/package-check';
import { packageBodyText } from './package-body';

/**
 * Browser mode: the service table over HTTP on the loopback interface.
 * Anything on this machine can reach a loopback port, and any web page the
 * user opens can make the browser send requests to it, so every request must
 * prove it comes from the person who started Qelem (the per-run token) and
 * from our own origin (Host and Origin checks).
 */

export const MAX_BODY_BYTES = 8 * 1024 * 1024;
/**
 * Methods that carry a file take more: an image of up to 15 MiB arrives as base64 in JSON (4/3 of its size),
 * a glossary CSV of up to 5,000,000 characters as JSON (Kurdish letters are two bytes each, escapes more),
 * an export package of up to 200 MiB as base64 (PACKAGE_LIMITS.base64Chars, about 268 MiB).
 */
export const METHOD_BODY_LIMITS: Readonly<Partial<Record<ApiMethod, number>>> = {
  importMedia: 24 * 1024 * 1024,
  importGlossary: 32 * 1024 * 1024,
  importPackage: PACKAGE_LIMITS.base64Chars + 1024,
};
/**
 * The cookie that carries the token, named after the port: browsers do not
 * keep cookies apart by port, so two Qelem windows in one browser profile
 * would otherwise overwrite each other's token.
 */
export function tokenCookie(port: number): string {
  return `qelem_token_${port}`;
}

export interface HostOptions {
  table: ServiceTable;
  /** The library's documents: each page's event stream is a session on them. */
  documents: DocumentHub;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The library's media/ folder, served at /media/<sha256>; without it that path is a 404. */
  mediaDir?: string;
  /** importPackage with its body read as it arrives (package-body.ts); without it, the body is read whole like any other. */
  importPackageStream?: Services['importPackageStream'];
}

/** Where the sign-in form posts the token (application/x-www-form-urlencoded, field `token`). */
export const LOGIN_PATH = '/login';
/** The sign-in form is tiny: anything larger is not one. */
const MAX_LOGIN_BYTES = 1024;

export interface Host {
  /** The base URL, `http://127.0.0.1:PORT/`. */
  url: string;
  /**
   * The page that signs a browser in (loginPage): written to a private file
   * by the CLI and opened from there, it posts the token to LOGIN_PATH.
   */
  loginPage: string;
  port: number;
  /** What the socket is bound to (server.address()): always 127.0.0.1. */
  address: AddressInfo;
  token: string;
  close(): Promise<void>;
}

/** A comment line on every event stream this often, so proxies and the browser keep it open. */
export const EVENT_STREAM_KEEPALIVE_MS = 25_000;

export async function startHost({ table, documents, rendererDir, port = 0, mediaDir, importPackageStream }: HostOptions): Promise<Host> {
  const token = randomBytes(32).toString('base64url');
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();
  let cookieName = tokenCookie(port);

  const server = createServer((req, res) => {
    const context: RequestContext = { table, documents, rendererDir, mediaDir, token, cookieName, allowedHosts, allowedOrigins, importPackageStream };
    handleRequest(req, res, context).catch((error: unknown) => respondInternal(res, error));
  });
  // Malformed HTTP never reaches the handler; answer it and drop the socket instead of crashing.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1 only: never the LAN, never "::" (which would also accept IPv4 from everywhere).
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });

  const address = server.address() as AddressInfo;
  const actualPort = address.port;
  allowedHosts = new Set([`127.0.0.1:${actualPort}`, `localhost:${actualPort}`]);
  allowedOrigins = new Set([...allowedHosts].map((h) => `http://${h}`));
  cookieName = tokenCookie(actualPort);
  const url = `http://127.0.0.1:${actualPort}/`;

  return {
    url,
    loginPage: loginPage(url, token),
    port: actualPort,
    address,
    token,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Idle keep-alive sockets would otherwise hold close() open for seconds.
        server.closeAllConnections();
      }),
  };
}

interface RequestContext {
  table: ServiceTable;
  documents: DocumentHub;
  rendererDir: string;
  mediaDir: string | undefined;
  token: string;
  cookieName: string;
  allowedHosts: ReadonlySet<string>;
  allowedOrigins: ReadonlySet<string>;
  importPackageStream: Services['importPackageStream'] | undefined;
}

async function handleRequest(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
  const rawUrl = req.url ?? '/';
  const queryStart = rawUrl.indexOf('?');
  const pathname = queryStart === -1 ? rawUrl : rawUrl.slice(0, queryStart);
  const isApi = pathname === '/api' || pathname.startsWith('/api/');

  // DNS rebinding: a hostile name resolving to 127.0.0.1 arrives with its own Host header.
  const host = req.headers.host?.toLowerCase();
  if (host === undefined || !ctx.allowedHosts.has(host)) {
    return respondDenied(res, isApi, 403, 'This host name is not allowed.');
  }
  const origin = req.headers.origin;
  // The sign-in page is a file of the user's own (an opaque origin, "null"); nothing else may come from one.
  const fromLoginPage = pathname === LOGIN_PATH && origin === 'null';
  if (origin !== undefined && !fromLoginPage && !ctx.allowedOrigins.has(origin.toLowerCase())) {
    return respondDenied(res, isApi, 403, 'Requests from other origins are not allowed.');
  }

  if (pathname === LOGIN_PATH) return handleLogin(req, res, ctx);

  if (!isAuthorized(req, ctx.token, ctx.cookieName)) {
    return respondDenied(res, isApi, 401, 'Missing or wrong token: open the URL that Qelem printed when it started.');
  }
  if (pathname === DOCUMENT_EVENTS_PATH) return handleEvents(req, res, ctx);
  if (isApi) return handleApi(req, res, pathname, ctx);
  if (pathname.startsWith('/media/')) return handleMedia(req, res, pathname, ctx);
  return handleStatic(req, res, pathname, ctx);
}

/**
 * The page that signs a browser in, for the CLI to write to a file only this
 * user can read (QELEM_URL names the file). Opened, it posts the token to
 * LOGIN_PATH at once: the token travels in a request body, never in a URL, so
 * the browser's history, session and cache never hold it (a `?token=` address
 * was recorded in the profile's History database, redirect or not). The
 * address it leaves in the history is the file's, and the file goes away
 * with the run.
 */
export function loginPage(url: string, token: string): string {
  const action = new URL(LOGIN_PATH, url).href;
  const script = 'document.forms[0].submit();';
  // The file may do one thing: post this form to this host.
  const csp = `default-src 'none'; script-src 'sha256-${createHash('sha256').update(script).digest('base64')}'; form-action ${action}; base-uri 'none'`;
  return `<!doctype html>
<html lang="en">
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<title>Qelem: signing in</title>
<form method="post" action="${action}" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="token" value="${token}">
<p>Signing in to Qelem… If nothing happens, <button type="submit">sign in</button>.</p>
</form>
<script>${script}</script>
</html>
`;
}

/**
 * POST LOGIN_PATH with the token: the browser gets the HttpOnly,
 * SameSite=Strict cookie, and a page that moves on to the app. Not a 303:
 * after a post from the sign-in file (another site, as far as cookies go) a
 * redirect would arrive without the Strict cookie; a move the page itself
 * makes is same-site. A wrong token, a GET or anything but a small form: 401.
 */
async function handleLogin(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
  if (req.method !== 'POST') return respondText(res, 405, 'Open the file that Qelem printed when it started (QELEM_URL) to sign in.', { Allow: 'POST' });
  const contentType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/x-www-form-urlencoded') return respondDenied(res, false, 401, 'Wrong sign-in.');
  const body = await readBody(req, MAX_LOGIN_BYTES);
  if (body === 'too_large') return respondDenied(res, false, 401, 'Wrong sign-in.');
  const offered = new URLSearchParams(Buffer.from(body).toString('utf8')).get('token');
  if (offered === null || !tokenMatches(offered, ctx.token)) return respondDenied(res, false, 401, 'Wrong token: open the file that Qelem printed when it started.');
  const page = '<!doctype html><html lang="en"><meta charset="utf-8"><meta http-equiv="refresh" content="0; url=/"><title>Qelem</title><p><a href="/">Open Qelem</a></p></html>';
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Set-Cookie': `${ctx.cookieName}=${ctx.token}; HttpOnly; SameSite=Strict; Path=/`,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(page)),
  });
  res.end(page);
}

async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string, ctx: RequestContext): Promise<void> {
  if (req.method !== 'POST') {
    return respondJson(res, 405, fail('invalid_input', 'The API only accepts POST.'), { Allow: 'POST' });
  }
  const method = pathname.slice('/api/'.length);
  // Checked before the body is read; isApiMethod is a list lookup, so "__proto__" and friends are unknown too.
  if (!isApiMethod(method)) {
    return respondJson(res, 404, fail('unknown_method', `Unknown method: ${method.slice(0, 100)}`));
  }
  const contentType = req.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    return respondJson(res, 415, fail('invalid_input', 'The request body must be application/json.'));
  }

  const limit = METHOD_BODY_LIMITS[method] ?? MAX_BODY_BYTES;
  if (method === 'importPackage' && ctx.importPackageStream) return handlePackageImport(req, res, ctx.importPackageStream, limit);
  const body = await readBody(req, limit);
  if (body === 'too_large') {
    respondJson(res, 413, fail('invalid_input', `The request body is larger than ${limit} bytes.`), {
      Connection: 'close',
    });
    return;
  }
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return respondJson(res, 400, fail('invalid_input', 'The request body is not valid JSON.'));
  }

  const result = await dispatch(ctx.table, method, payload);
  const status = !result.ok && result.error.code === 'unknown_method' ? 404 : 200;
  return respondJson(res, status, result);
}

/**
 * importPackage, its body read as it arrives and handed to the import's
 * worker run by run (package-body.ts): the server's thread never holds,
 * decodes or parses the whole body, and answers other requests meanwhile.
 */
async function handlePackageImport(req: IncomingMessage, res: ServerResponse, importPackageStream: Services['importPackageStream'], limit: number): Promise<void> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    stopReading(req);
    return respondJson(res, 413, fail('invalid_input', `The request body is larger than ${limit} bytes.`), { Connection: 'close' });
  }
  let result: ApiResult<unknown>;
  try {
    result = await importPackageStream(packageBodyText(req, limit), Number.isFinite(declared) ? declared : PACKAGE_LIMITS.base64Chars);
  } catch (error) {
    if (!(error instanceof PackageSourceError)) throw error;
    // The rest of the body is not read: the connection closes after the answer.
    stopReading(req);
    return respondJson(res, error.status, fail('invalid_input', error.message), { Connection: 'close' });
  }
  respondJson(res, 200, result);
}

/**
 * A page's events (shared/collab/events.ts) as a server-sent event stream:
 * opening it opens the page's document session, whose id is the first event;
 * closing it (the page went away) closes the session.
 */
function handleEvents(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): void {
  if (req.method !== 'GET') {
    return respondText(res, 405, 'Method not allowed.', { Allow: 'GET' });
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  // The stream stays open for as long as the page: no socket timeout.
  req.socket.setTimeout(0);
  const session = ctx.documents.connect((event) => {
    if (!res.writableEnded) res.write(`data: ${JSON.stringify(event)}\n\n`);
  });
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), EVENT_STREAM_KEEPALIVE_MS);
  keepalive.unref();
  res.on('close', () => {
    clearInterval(keepalive);
    ctx.documents.disconnect(session);
  });
}

async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string, ctx: RequestContext): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return respondText(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
  }
  const file = await locateStaticFile(ctx.rendererDir, pathname);
  if (file === null) return respondText(res, 404, 'Not found.');
  const content = await readFile(file);
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(file), 'Content-Length': String(content.length) });
  res.end(req.method === 'HEAD' ? undefined : content);
}

/** An image of the media store, by its content hash; nothing else is reachable under /media/. */
async function handleMedia(req: IncomingMessage, res: ServerResponse, pathname: string, ctx: RequestContext): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return respondText(res, 405, 'Method not allowed.', { Allow: 'GET, HEAD' });
  }
  const media = ctx.mediaDir === undefined ? null : await readMediaFile(ctx.mediaDir, pathname);
  if (media === null) return respondText(res, 404, 'Not found.');
  res.writeHead(200, { ...SECURITY_HEADERS, ...mediaHeaders(media.mime), 'Content-Length': String(media.content.length) });
  res.end(req.method === 'HEAD' ? undefined : media.content);
}

/** The token from the cookie or from `Authorization: Bearer`, compared in constant time. */
function isAuthorized(req: IncomingMessage, token: string, cookieName: string): boolean {
  const authorization = req.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match?.[1] !== undefined && tokenMatches(match[1], token)) return true;
  }
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === cookieName && tokenMatches(part.slice(eq + 1).trim(), token)) return true;
  }
  return false;
}

function tokenMatches(offered: string, token: string): boolean {
  const a = Buffer.from(offered);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The request body, or 'too_large' as soon as it passes the limit (declared or
 * counted): the rest is never buffered. The caller must then answer with
 * `Connection: close`.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    stopReading(req);
    return Promise.resolve('too_large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        stopReading(req);
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('The client closed the connection before the body was complete.'));
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * Stops taking the body in. The 413 goes out with `Connection: close`, which
 * makes Node close the socket once the response is sent instead of draining
 * the rest of the upload (tested with an endless upload).
 */
function stopReading(req: IncomingMessage): void {
  req.pause();
}

function respondJson(res: ServerResponse, status: number, envelope: ApiResult<unknown>, extra: Record<string, string> = {}): void {
  const body = JSON.stringify(envelope);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extra,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

function respondText(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...extra,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/**
 * 401/403: a JSON envelope for the API (the client reads envelopes), plain text
 * for pages. The connection is closed so a stranger cannot keep it busy.
 */
function respondDenied(res: ServerResponse, isApi: boolean, status: 401 | 403, message: string): void {
  const close = { Connection: 'close' };
  if (isApi) respondJson(res, status, fail('unauthorized', message), close);
  else respondText(res, status, message, close);
}

function respondInternal(res: ServerResponse, error: unknown): void {
  console.error('[qelem host] request failed:', error);
  try {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    respondJson(res, 500, fail('internal', 'Internal error.'), { Connection: 'close' });
  } catch {
    res.destroy();
  }
}
