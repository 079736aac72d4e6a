// @vitest-environment node
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_BODY_LIMITS, startHost, tokenCookie, type Host } from '../../electron/host/server';
import { createServices, createServiceTable } from '../../electron/services/table';
import { openLibrary, type Library } from '../../electron/store/library';
import * as Y from 'yjs';
import { versionDocName } from '../../shared/collab/doc-names';
import type { DocumentEvent } from '../../shared/collab/events';
import { createCleanArticle, testJpeg } from './export-package-fixtures';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

let dir: string;
let library: Library;
let host: Host;

function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${host.port}`, ...options.headers };
    if (options.body !== undefined && !options.chunked) headers['Content-Length'] = String(Buffer.byteLength(options.body));
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // A server that refuses an oversized upload may cut it off; the response is what matters.
    req.on('error', (error) => setTimeout(() => reject(error), 500));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function connectTo(address: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: address, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('timeout', () => {
      socket.destroy();
      reject(new Error('timeout'));
    });
    socket.once('error', reject);
  });
}

const auth = () => ({ Authorization: `Bearer ${host.token}` });
const json = () => ({ ...auth(), 'Content-Type': 'application/json' });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qelem-host-'));
  const rendererDir = join(dir, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Qelem</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(rendererDir, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  await writeFile(join(dir, 'secret.txt'), 'top secret');
  library = openLibrary(join(dir, 'library'));
  const services = createServices(library);
  host = await startHost({ table: services.table, documents: services.documents, rendererDir, port: 0, mediaDir: library.mediaDir, importPackageStream: services.importPackageStream });
});

afterAll(async () => {
  await host?.close();
  library?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('loopback host: binding and token', () => {
  it('listens on 127.0.0.1 only, with a long random token', async () => {
    expect(host.address).toMatchObject({ address: '127.0.0.1', family: 'IPv4', port: host.port });
    // Reachable through no other interface of this machine.
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i !== undefined && !i.internal && i.family === 'IPv4');
    for (const other of others) {
      await expect(connectTo(other!.address, host.port)).rejects.toThrow();
    }
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('rejects static and API requests without a token', async () => {
    expect((await send('/')).status).toBe(401);
    expect((await send('/assets/app.js')).status).toBe(401);
    const api = await send('/api/listArticles', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('rejects a wrong token in the cookie or the bearer header, and a token in the URL, right or wrong', async () => {
    expect((await send('/?token=nope')).status).toBe(401);
    expect((await send(`/?token=${host.token}x`)).status).toBe(401);
    // An address is kept in the browser's history: a token in one is no sign-in (issue 18).
    const inUrl = await send(`/?token=${host.token}`);
    expect(inUrl.status).toBe(401);
    expect(inUrl.headers['set-cookie']).toBeUndefined();
    expect((await send('/', { headers: { Cookie: `${tokenCookie(host.port)}=nope` } })).status).toBe(401);
    expect((await send('/', { headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await send('/', { headers: { Authorization: `Basic ${host.token}` } })).status).toBe(401);
  });

  const form = (token: string, headers: Record<string, string> = {}) => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams({ token }).toString(),
  });

  it('signs in by a form posting the token: an HttpOnly, SameSite=Strict cookie and a page that moves on to the app', async () => {
    // From the sign-in file (an opaque origin) or from the app's own origin.
    for (const origin of ['null', `http://127.0.0.1:${host.port}`, undefined]) {
      const login = await send('/login', form(host.token, origin ? { Origin: origin } : {}));
      expect(login.status).toBe(200);
      expect(login.headers['set-cookie']).toEqual([`${tokenCookie(host.port)}=${host.token}; HttpOnly; SameSite=Strict; Path=/`]);
      // Not a redirect: after a post from another site, a redirect would arrive without the Strict cookie.
      expect(login.body).toContain('<meta http-equiv="refresh" content="0; url=/">');
      expect(login.headers['content-security-policy']).toContain("default-src 'self'");
    }
    const page = await send('/', { headers: { Cookie: `other=1; ${tokenCookie(host.port)}=${host.token}` } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Qelem</title>');
  });

  it('refuses a sign-in with a wrong token, by GET, not a form, too large, or from a foreign origin', async () => {
    for (const reply of [
      await send('/login', form('nope')),
      await send('/login', form(`${host.token}x`)),
      await send('/login', { ...form(host.token), headers: { 'Content-Type': 'application/json' } }),
      await send('/login', form(host.token + '&pad='.padEnd(2000, 'x'))),
      await send('/login', form(host.token, { Origin: 'http://evil.example' })),
    ]) {
      expect(reply.status).toBeGreaterThanOrEqual(401);
      expect(reply.headers['set-cookie']).toBeUndefined();
    }
    expect((await send(`/login?token=${host.token}`)).status).toBe(405);
    // "null" is an origin only the sign-in file may have.
    expect((await send('/api/listArticles', { method: 'POST', headers: { ...json(), Origin: 'null' }, body: '{}' })).status).toBe(403);
  });

  it('writes a sign-in page that posts the token to this host only, with the token in the form, not in an address', () => {
    const page = host.loginPage;
    expect(page).toContain(`<form method="post" action="${host.url}login"`);
    expect(page).toContain(`<input type="hidden" name="token" value="${host.token}">`);
    expect(page).toContain(`form-action ${host.url}login`);
    expect(page).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(page.match(new RegExp(host.token, 'g'))).toHaveLength(1);
  });

  it('names the cookie after the port, so two hosts in one browser keep their own tokens', async () => {
    expect(tokenCookie(host.port)).toBe(`qelem_token_${host.port}`);
    // The right token under another port's cookie name is not accepted.
    expect((await send('/', { headers: { Cookie: `${tokenCookie(host.port + 1)}=${host.token}` } })).status).toBe(401);
  });

  it('accepts the bearer token and serves the real services', async () => {
    const created = await send('/api/createArticle', { method: 'POST', headers: json(), body: '{"sourceLang":"ckb"}' });
    expect(created.status).toBe(200);
    const article = JSON.parse(created.body);
    expect(article.ok).toBe(true);

    const fetched = await send('/api/getArticle', { method: 'POST', headers: json(), body: JSON.stringify({ id: article.value.id }) });
    expect(JSON.parse(fetched.body)).toMatchObject({ ok: true, value: { id: article.value.id } });
  });

  it('passes service errors through in a 200 envelope', async () => {
    const reply = await send('/api/getArticle', { method: 'POST', headers: json(), body: '{"id":42}' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});

describe('loopback host: Host and Origin (DNS rebinding, cross-site requests)', () => {
  it('accepts 127.0.0.1 and localhost on our port', async () => {
    expect((await send('/', { headers: { ...auth(), Host: `localhost:${host.port}` } })).status).toBe(200);
    expect((await send('/', { headers: { ...auth(), Origin: `http://localhost:${host.port}` } })).status).toBe(200);
  });

  it.each([['evil.example:PORT'], ['127.0.0.1'], ['127.0.0.1:1'], ['localhost.evil.example:PORT'], ['[::1]:PORT']])(
    'refuses Host %s with 403',
    async (value) => {
      const Host = value.replace('PORT', String(host.port));
      expect((await send('/', { headers: { ...auth(), Host } })).status).toBe(403);
      const api = await send('/api/listArticles', { method: 'POST', headers: { ...json(), Host }, body: '{}' });
      expect(api.status).toBe(403);
      expect(JSON.parse(api.body).error.code).toBe('unauthorized');
    },
  );

  it.each([['http://evil.example'], ['null'], ['https://127.0.0.1:PORT'], ['http://127.0.0.1:1'], ['http://evil.example:PORT']])(
    'refuses Origin %s with 403',
    async (value) => {
      const Origin = value.replace('PORT', String(host.port));
      const api = await send('/api/listArticles', { method: 'POST', headers: { ...json(), Origin }, body: '{}' });
      expect(api.status).toBe(403);
    },
  );
});

describe('loopback host: static files', () => {
  it('serves index.html with the CSP and hardening headers', async () => {
    const reply = await send('/index.html', { headers: auth() });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
    expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['cache-control']).toBe('no-store');
    expect(reply.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets with their MIME types and 404s missing ones', async () => {
    expect((await send('/assets/app.js', { headers: auth() })).headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await send('/assets/font.woff2', { headers: auth() })).headers['content-type']).toBe('font/woff2');
    expect((await send('/assets/missing.js', { headers: auth() })).status).toBe(404);
  });

  it('falls back to index.html for app routes', async () => {
    const reply = await send('/articles/123', { headers: auth() });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<title>Qelem</title>');
  });

  it.each([['/../package.json'], ['/../secret.txt'], ['/%2e%2e/secret.txt'], ['/%2e%2e/'], ['/..%2fsecret.txt'], ['/..%2f'], ['/assets/..%2f..%2fsecret.txt'], ['/..%5csecret.txt'], ['/%00']])(
    'never serves a file outside the renderer for %s',
    async (path) => {
      const reply = await send(path, { headers: auth() });
      expect(reply.body).not.toContain('top secret');
      expect(reply.body).not.toContain('"name": "qelem"');
      expect([400, 404]).toContain(reply.status);
    },
  );

  it('refuses other methods on pages', async () => {
    expect((await send('/index.html', { method: 'DELETE', headers: auth() })).status).toBe(405);
  });
});

describe('loopback host: API', () => {
  it('answers unknown methods, including prototype names, with unknown_method', async () => {
    for (const method of ['nope', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'getArticle/x']) {
      const reply = await send(`/api/${method}`, { method: 'POST', headers: json(), body: '{}' });
      expect(reply.status, method).toBe(404);
      expect(JSON.parse(reply.body), method).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('refuses GET with 405', async () => {
    const reply = await send('/api/listArticles', { headers: auth() });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('POST');
  });

  it('answers bad JSON with 400 invalid_input', async () => {
    for (const body of ['{', '', 'undefined', Buffer.from([0x22, 0xff, 0x22])]) {
      const reply = await send('/api/listArticles', { method: 'POST', headers: json(), body });
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });

  it('requires a JSON content type', async () => {
    const reply = await send('/api/listArticles', { method: 'POST', headers: { ...auth(), 'Content-Type': 'text/plain' }, body: '{}' });
    expect(reply.status).toBe(415);
    expect(JSON.parse(reply.body).error.code).toBe('invalid_input');
  });

  it('refuses a 9 MiB body with 413, declared or streamed', async () => {
    const big = Buffer.alloc(9 * 1024 * 1024, 0x20);
    const declared = await send('/api/listArticles', { method: 'POST', headers: json(), body: big });
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const streamed = await send('/api/listArticles', { method: 'POST', headers: json(), body: big, chunked: true });
    expect(streamed.status).toBe(413);
  });

  it('cuts off an endless upload instead of draining it', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const started = Date.now();
    const outcome = await new Promise<{ status: number; closedAfterMs: number }>((resolve) => {
      let status = 0;
      const req = httpRequest({
        host: '127.0.0.1',
        port: host.port,
        path: '/api/listArticles',
        method: 'POST',
        headers: { ...json(), Host: `127.0.0.1:${host.port}`, 'Transfer-Encoding': 'chunked' },
        agent: false,
      });
      req.on('response', (res) => {
        status = res.statusCode ?? 0;
        res.resume();
      });
      req.on('error', () => undefined);
      req.on('close', () => resolve({ status, closedAfterMs: Date.now() - started }));
      const pump = () => {
        while (!req.destroyed && req.write(chunk));
        if (!req.destroyed) req.once('drain', pump);
      };
      pump();
    });
    // The 413 may be lost when the socket is cut while the client is still sending; what matters is
    // that the server ends the connection instead of reading forever (a declared size gets its 413 above).
    expect([413, 0]).toContain(outcome.status);
    expect(outcome.closedAfterMs).toBeLessThan(20_000);
  });

  it('takes an importMedia body over 8 MiB (an image as base64) but not over 24 MiB', async () => {
    // A real PNG padded with a private chunk to 9 MiB: 12 MiB as base64 in JSON.
    const png = await readFile(join(import.meta.dirname, '../fixtures/images/tiny-5x4.png'));
    const padding = Buffer.alloc(9 * 1024 * 1024);
    const chunk = Buffer.concat([Buffer.from([0, 0, 0, 0]), Buffer.from('qlMp'), padding, Buffer.alloc(4)]);
    chunk.writeUInt32BE(padding.length, 0);
    chunk.writeUInt32BE(crc32(chunk.subarray(4, chunk.length - 4)), chunk.length - 4);
    const big = Buffer.concat([png.subarray(0, png.length - 12), chunk, png.subarray(png.length - 12)]);
    const body = JSON.stringify({ name: 'big.png', dataBase64: big.toString('base64') });
    expect(Buffer.byteLength(body)).toBeGreaterThan(8 * 1024 * 1024);
    const accepted = await send('/api/importMedia', { method: 'POST', headers: json(), body });
    expect(accepted.status).toBe(200);
    expect(JSON.parse(accepted.body)).toMatchObject({ ok: true, value: { mime: 'image/png', width: 5, height: 4, bytes: big.length } });

    const tooBig = await send('/api/importMedia', { method: 'POST', headers: json(), body: Buffer.alloc(25 * 1024 * 1024, 0x20) });
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining(String(24 * 1024 * 1024)) } });
    // The raised limit is importMedia's alone.
    expect((await send('/api/saveVersion', { method: 'POST', headers: json(), body })).status).toBe(413);
  });

  it('carries the glossary CSV both ways byte for byte, and a refused import as invalid_input with its line', async () => {
    const csv = '\ufeffen,ckb,kmr,note\r\nPeshmerga,"پێشمەرگە، ""هێز""","پێشمەرگە\nدوو",\'=1+1\r\n';
    const imported = await send('/api/importGlossary', { method: 'POST', headers: json(), body: JSON.stringify({ csv }) });
    expect(JSON.parse(imported.body)).toEqual({ ok: true, value: { added: 1, updated: 0, unchanged: 0 } });
    const exported = await send('/api/exportGlossary', { method: 'POST', headers: json(), body: '{}' });
    expect(exported.status).toBe(200);
    expect(JSON.parse(exported.body)).toEqual({ ok: true, value: { csv } });

    const refused = await send('/api/importGlossary', { method: 'POST', headers: json(), body: JSON.stringify({ csv: 'en,ckb\r\n"Erbil,هەولێر\r\n' }) });
    expect(refused.status).toBe(200);
    expect(JSON.parse(refused.body)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: 'The CSV could not be read. Line 2: a quoted field is not closed (a " is missing).' },
    });
  });

  it('carries an export package as base64 both ways; importPackage takes a body over 24 MiB and refuses one declared over its limit', async () => {
    const { id } = await createCleanArticle(createServiceTable(library), testJpeg(40, 30, 5));
    const exported = JSON.parse((await send('/api/exportArticle', { method: 'POST', headers: json(), body: JSON.stringify({ id, acceptWarnings: false, note: '' }) })).body);
    expect(exported).toMatchObject({ ok: true, value: { fileName: expect.stringMatching(/\.zip$/), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    const zip = Buffer.from(exported.value.dataBase64, 'base64');
    expect(zip.length).toBe(exported.value.bytes);
    // The same library already holds the article, and all it holds: a merge that changes nothing.
    const again = JSON.parse((await send('/api/importPackage', { method: 'POST', headers: json(), body: JSON.stringify({ dataBase64: exported.value.dataBase64 }) })).body);
    expect(again).toMatchObject({ ok: true, value: { id, merged: { versionsAdded: [], blocksAdded: 0, blocksChanged: 0, fieldsChanged: 0 } } });

    // 30 MiB of base64 (zeros, not a zip): past importMedia's limit, within importPackage's, so the service answers.
    const zeros = JSON.stringify({ dataBase64: Buffer.alloc(22 * 1024 * 1024).toString('base64') });
    expect(Buffer.byteLength(zeros)).toBeGreaterThan(24 * 1024 * 1024);
    const notZip = await send('/api/importPackage', { method: 'POST', headers: json(), body: zeros });
    expect(notZip.status).toBe(200);
    expect(JSON.parse(notZip.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', refusal: 'not_package' } });

    // Declared over the limit: 413 before a byte of the body is read.
    const status = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: host.port }, () => {
        socket.write(
          `POST /api/importPackage HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nAuthorization: Bearer ${host.token}\r\nContent-Type: application/json\r\nContent-Length: ${METHOD_BODY_LIMITS.importPackage! + 1}\r\n\r\n`,
        );
      });
      let reply = '';
      socket.on('data', (chunk: Buffer) => {
        reply += chunk.toString('latin1');
        if (reply.includes('\r\n')) {
          socket.destroy();
          resolve(reply.split('\r\n')[0]!);
        }
      });
      socket.on('error', reject);
    });
    expect(status).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('reads an importPackage body as it arrives: JSON spacing and escaped slashes, chunked, another shape, and a broken end', async () => {
    const { id } = await createCleanArticle(createServiceTable(library), testJpeg(40, 30, 6));
    const exported = JSON.parse((await send('/api/exportArticle', { method: 'POST', headers: json(), body: JSON.stringify({ id, acceptWarnings: false, note: '' }) })).body);
    const text: string = exported.value.dataBase64;
    expect(text).toContain('/');
    const merged = { ok: true, value: { id, merged: { versionsAdded: [], blocksAdded: 0, blocksChanged: 0, fieldsChanged: 0 } } };
    // Spacing JSON allows, and every slash written as \/ (JSON's escape for it), sent without a length.
    const spaced = `\n { "dataBase64" :\t"${text.replaceAll('/', '\\/')}" }\n`;
    const chunked = await send('/api/importPackage', { method: 'POST', headers: json(), body: spaced, chunked: true });
    expect(JSON.parse(chunked.body)).toMatchObject(merged);
    // Another order of the same object is read whole and parsed, as before; another member is refused.
    expect(JSON.parse((await send('/api/importPackage', { method: 'POST', headers: json(), body: `{${' '.repeat(300)}"dataBase64":"${text}"}` })).body)).toMatchObject(merged);
    const extra = await send('/api/importPackage', { method: 'POST', headers: json(), body: JSON.stringify({ note: 'x', dataBase64: text }) });
    expect(JSON.parse(extra.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('note') } });
    // A string that does not end the object, or an escape base64 cannot hold: refused, nothing imported.
    const broken = await send('/api/importPackage', { method: 'POST', headers: json(), body: `{"dataBase64":"${text}",` });
    expect(broken.status).toBe(400);
    expect(JSON.parse(broken.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: 'The request body is not valid JSON.' } });
    const escaped = await send('/api/importPackage', { method: 'POST', headers: json(), body: `{"dataBase64":"\\u0041${text.slice(1)}"}` });
    expect(JSON.parse(escaped.body)).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'dataBase64', message: 'Expected the file as standard base64' }] } });
  }, 60_000);

  it('keeps serving after bad requests', async () => {
    const reply = await send('/api/listArticles', { method: 'POST', headers: json(), body: '{"limit":1}' });
    expect(reply.status).toBe(200);
  });
});

/** A page's event stream, read as it comes. */
function openEvents(headers: Record<string, string>) {
  const events: DocumentEvent[] = [];
  let status = 0;
  let close = () => undefined as void;
  const waiters: (() => void)[] = [];
  const opened = new Promise<void>((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path: '/api/events', headers: { Host: `127.0.0.1:${host.port}`, ...headers }, agent: false }, (res) => {
      status = res.statusCode ?? 0;
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)) as DocumentEvent);
          for (const wake of waiters.splice(0)) wake();
        }
      });
      resolve();
    });
    req.on('error', reject);
    close = () => void req.destroy();
    req.end();
  });
  const next = async (test: (event: DocumentEvent) => boolean): Promise<DocumentEvent> => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = events.find(test);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such event; got ${JSON.stringify(events)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  };
  return { opened, status: () => status, next, close: () => close() };
}

describe('loopback host: document events', () => {
  it('refuses the event stream without the token', async () => {
    const reply = await send('/api/events');
    expect(reply.status).toBe(401);
  });

  it('names a session per stream and carries one page’s edits to another page’s stream', async () => {
    const call = async (method: string, body: unknown) => JSON.parse((await send(`/api/${method}`, { method: 'POST', headers: json(), body: JSON.stringify(body) })).body);
    const created = await call('createArticle', { sourceLang: 'en' });
    const name = versionDocName(created.value.id, 'en');
    const a = openEvents(auth());
    const b = openEvents(auth());
    await Promise.all([a.opened, b.opened]);
    expect(a.status()).toBe(200);
    const sessionA = ((await a.next((e) => e.type === 'session')) as { session: string }).session;
    const sessionB = ((await b.next((e) => e.type === 'session')) as { session: string }).session;
    expect(sessionA).not.toBe(sessionB);
    const empty = Buffer.from(Y.encodeStateVector(new Y.Doc())).toString('base64');
    const openedA = await call('openDocument', { session: sessionA, name, stateVector: empty });
    expect(openedA).toMatchObject({ ok: true, value: { exists: true } });
    expect((await call('openDocument', { session: sessionB, name, stateVector: empty })).ok).toBe(true);

    // A's edit: a replica of the document, the headline typed.
    const replica = new Y.Doc();
    Y.applyUpdate(replica, Buffer.from(openedA.value.update, 'base64'));
    const sent: Uint8Array[] = [];
    replica.on('update', (update: Uint8Array) => sent.push(update));
    replica.getText('field:headline').insert(0, 'Erbil');
    expect(await call('pushDocument', { session: sessionA, name, update: Buffer.from(sent[0]!).toString('base64') })).toEqual({ ok: true, value: {} });
    const update = (await b.next((e) => e.type === 'update' && e.name === name)) as { update: string };
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Buffer.from(openedA.value.update, 'base64'));
    Y.applyUpdate(copy, Buffer.from(update.update, 'base64'));
    expect(copy.getText('field:headline').toString()).toBe('Erbil');
    // A page never hears its own edits back.
    expect(a.status() && (await Promise.race([a.next((e) => e.type === 'update').then(() => 'echo'), new Promise((r) => setTimeout(() => r('none'), 300))]))).toBe('none');

    // A stream that closes ends its session.
    a.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await call('pushDocument', { session: sessionA, name, update: Buffer.from(sent[0]!).toString('base64') })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    b.close();
  });
});

describe('loopback host: media', () => {
  let sha: string;
  let jpeg: Buffer;

  beforeAll(async () => {
    jpeg = await readFile(join(import.meta.dirname, '../fixtures/images/photo-640x400.jpg'));
    const reply = await send('/api/importMedia', { method: 'POST', headers: json(), body: JSON.stringify({ name: 'photo.jpg', dataBase64: jpeg.toString('base64') }) });
    sha = JSON.parse(reply.body).value.sha256;
  });

  it('serves an image by its SHA-256 with its type, immutable caching and the hardening headers', async () => {
    const reply = await sendRaw(`/media/${sha}`, { headers: auth() });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('image/jpeg');
    expect(reply.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['content-security-policy']).toContain("default-src 'self'");
    expect(reply.body.equals(jpeg)).toBe(true);
    const head = await sendRaw(`/media/${sha}`, { method: 'HEAD', headers: auth() });
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(jpeg.length));
    expect(head.body.length).toBe(0);
  });

  it('asks for the token, and checks Host and Origin, like every other path', async () => {
    expect((await sendRaw(`/media/${sha}`)).status).toBe(401);
    expect((await sendRaw(`/media/${sha}`, { headers: { ...auth(), Host: `evil.example:${host.port}` } })).status).toBe(403);
    expect((await sendRaw(`/media/${sha}`, { headers: { ...auth(), Origin: 'http://evil.example' } })).status).toBe(403);
  });

  it.each([
    ['an unknown hash', () => `/media/${'0'.repeat(64)}`],
    ['upper-case hex', () => `/media/${sha.toUpperCase()}`],
    ['the file name with its extension', () => `/media/${sha}.jpg`],
    ['a hash one digit short', () => `/media/${sha.slice(1)}`],
    ['a trailing slash', () => `/media/${sha}/`],
    ['percent-encoded hex', () => `/media/%${sha.charCodeAt(0).toString(16)}${sha.slice(1)}`],
    ['the database next to media/', () => '/media/../qelem.db'],
    ['an encoded way out of media/', () => '/media/%2e%2e%2fqelem.db'],
    ['the folder itself', () => '/media/'],
  ])('answers 404 for %s', async (_label, path) => {
    const reply = await sendRaw(path(), { headers: auth() });
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).not.toMatch(/^image\//);
  });

  it('refuses other methods', async () => {
    expect((await sendRaw(`/media/${sha}`, { method: 'DELETE', headers: auth() })).status).toBe(405);
  });
});

/** Like send, but keeps the body as bytes (images). */
function sendRaw(path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${host.port}`, ...options.headers };
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
