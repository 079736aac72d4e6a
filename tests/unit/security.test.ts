import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, contentTypeFor, externalWebUrl, locateStaticFile, resolveStaticPath } from '../../electron/security';

const root = resolve('/srv/qelem/renderer');

describe('resolveStaticPath', () => {
  it('maps plain paths inside the root', () => {
    expect(resolveStaticPath(root, '/')).toBe(root);
    expect(resolveStaticPath(root, '/index.html')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/app-1a2b.js')).toBe(join(root, 'assets', 'app-1a2b.js'));
  });

  it('decodes percent-encoding once', () => {
    expect(resolveStaticPath(root, '/fonts/Noto%20Naskh.woff2')).toBe(join(root, 'fonts', 'Noto Naskh.woff2'));
    expect(resolveStaticPath(root, '/%D8%B3%DB%86%D8%B1%D8%A7%D9%86%DB%8C.txt')).toBe(join(root, 'سۆرانی.txt'));
  });

  it.each([
    ['/../package.json'],
    ['/assets/../../package.json'],
    ['/..'],
    ['/./index.html'],
    ['/%2e%2e/package.json'],
    ['/%2E%2E/package.json'],
    ['/..%2fpackage.json'],
    ['/..%2Fpackage.json'],
    ['/%2e%2e%2f%2e%2e%2fetc%2fpasswd'],
    ['/..%5cpackage.json'],
    ['/assets\\..\\package.json'],
    ['/index.html%00.png'],
    ['/%00'],
    ['/%'],
    ['/%E0%A4%A'],
    ['//evil.example/x'],
    ['/C:/Windows/win.ini'],
    ['/c:'],
    ['index.html'],
    [''],
    ['/..%2f..%2fetc/passwd'],
  ])('rejects %s', (path) => {
    expect(resolveStaticPath(root, path)).toBeNull();
  });

  it('treats an encoded absolute path as a path inside the root', () => {
    // "%2Fetc%2Fpasswd" decodes to "/etc/passwd" *under* the root, never the system file.
    expect(resolveStaticPath(root, '/%2Fetc%2Fpasswd')).toBe(join(root, 'etc', 'passwd'));
  });

  it('allows names that merely contain dots', () => {
    expect(resolveStaticPath(root, '/a..b/..c.js')).toBe(join(root, 'a..b', '..c.js'));
  });
});

describe('locateStaticFile', () => {
  let dir: string;
  let renderer: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'qelem-static-'));
    renderer = join(dir, 'renderer');
    await mkdir(join(renderer, 'assets'), { recursive: true });
    await writeFile(join(renderer, 'index.html'), '<!doctype html>');
    await writeFile(join(renderer, 'assets', 'app.js'), '');
    await writeFile(join(dir, 'secret.txt'), 'secret');
    await symlink(join(dir, 'secret.txt'), join(renderer, 'leak.txt'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds files and falls back to index.html for app routes only', async () => {
    const index = await locateStaticFile(renderer, '/');
    expect(index?.endsWith('index.html')).toBe(true);
    expect((await locateStaticFile(renderer, '/assets/app.js'))?.endsWith('app.js')).toBe(true);
    expect(await locateStaticFile(renderer, '/articles/abc')).toBe(index);
    expect(await locateStaticFile(renderer, '/assets/missing.js')).toBeNull();
  });

  it('refuses a symlink that points outside the root', async () => {
    expect(await locateStaticFile(renderer, '/leak.txt')).toBeNull();
    expect(await locateStaticFile(renderer, '/../secret.txt')).toBeNull();
  });
});

describe('headers', () => {
  it('has the agreed CSP', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; require-trusted-types-for 'script'; trusted-types qelem-render qelem-inert lexical 'allow-duplicates'",
    );
  });

  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.js', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.woff2', 'font/woff2'],
    ['a.woff', 'font/woff'],
    ['a.ttf', 'font/ttf'],
    ['a.svg', 'image/svg+xml'],
    ['a.PNG', 'image/png'],
    ['a.json', 'application/json; charset=utf-8'],
    ['a.exe', 'application/octet-stream'],
  ])('serves %s as %s', (file, type) => {
    expect(contentTypeFor(file)).toBe(type);
  });
});

describe('externalWebUrl: what a clicked link may open in the user browser', () => {
  it('passes http and https web addresses, re-serialised', () => {
    expect(externalWebUrl('https://www.rudaw.net/english/middleeast/iraq')).toBe('https://www.rudaw.net/english/middleeast/iraq');
    expect(externalWebUrl('http://example.org')).toBe('http://example.org/');
    expect(externalWebUrl('HTTPS://Example.ORG/a b')).toBe('https://example.org/a%20b');
  });

  it('refuses every other scheme, credentials in the address, and what is not a URL', () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'app://qelem/index.html', 'mailto:desk@example.org', 'data:text/html,<script>', 'ms-settings:', 'vbscript:x', 'https://user:pw@example.org/', 'not a url', '', 'https://']) {
      expect(externalWebUrl(url), url).toBeNull();
    }
  });
});
