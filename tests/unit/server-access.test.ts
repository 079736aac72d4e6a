// @vitest-environment node
/**
 * Who may open what on the newsroom server: the access matrix of
 * shared/collab/roles.ts enforced per role and document (with the article's
 * source language from the server's own copy), refusals as the provider
 * receives them, slowed-down guessing, and account changes closing live
 * connections.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Accounts } from '../../server/accounts';
import { clientAddress } from '../../server/server';
import { writeArticleFields } from '../../shared/collab/article-doc';
import { articleDocName, GLOSSARY_DOC, LIBRARY_DOC, parseDocName, versionDocName } from '../../shared/collab/doc-names';
import { accessTo, ROLES, type Role } from '../../shared/collab/roles';
import { connect, nextAuth, RawClient, startTestServer, until, type Client, type TestServer, removeTempDirs } from './server-harness';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(removeTempDirs);

async function server(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const s = await startTestServer(options);
  cleanups.push(() => s.close());
  return s;
}

function client(...args: Parameters<typeof connect>): Client {
  const c = connect(...args);
  cleanups.push(() => c.destroy());
  return c;
}

const USERS: Record<string, Role> = { rita: 'reporter', tina: 'translator', ed: 'editor', ada: 'admin' };
const BY_ROLE: Record<Role, string> = { reporter: 'rita', translator: 'tina', editor: 'ed', admin: 'ada' };

/** Stores an article document (as the server's own copy) whose source language is `sourceLang`. */
async function storeArticle(s: TestServer, id: string, sourceLang: 'en' | 'ckb' | 'kmr'): Promise<void> {
  const doc = new Y.Doc();
  writeArticleFields(doc, { sourceLang, slug: `article-${id.slice(0, 8)}`, state: 'draft', createdAt: '2026-12-01T00:00:00.000Z' });
  await s.storage.store(articleDocName(id), Y.encodeStateAsUpdate(doc));
  doc.destroy();
}

describe('newsroom server: access', () => {
  it('opens each document read-write, read-only or not at all, exactly as roles.ts says', { timeout: 30_000 }, async () => {
    const s = await server({ users: USERS });
    const id = randomUUID();
    const unknown = randomUUID();
    await storeArticle(s, id, 'ckb');
    const documents = {
      library: LIBRARY_DOC,
      glossary: GLOSSARY_DOC,
      article: articleDocName(id),
      source: versionDocName(id, 'ckb'),
      translation: versionDocName(id, 'en'),
      'unknown article': versionDocName(unknown, 'en'),
      'not a document': 'articles/../secrets',
    };
    const W = { scope: 'read-write' };
    const R = { scope: 'readonly' };
    const ADMIN = { refused: 'admin-opens-no-documents' };
    const UNKNOWN = { refused: 'unknown-document' };
    // The rule, written out: this is what issue 15 asks for.
    const expected: Record<Role, Record<keyof typeof documents, object>> = {
      reporter: { library: W, glossary: R, article: W, source: W, translation: R, 'unknown article': W, 'not a document': UNKNOWN },
      translator: { library: R, glossary: W, article: R, source: R, translation: W, 'unknown article': R, 'not a document': UNKNOWN },
      editor: { library: W, glossary: W, article: W, source: W, translation: W, 'unknown article': W, 'not a document': UNKNOWN },
      admin: { library: ADMIN, glossary: ADMIN, article: ADMIN, source: ADMIN, translation: ADMIN, 'unknown article': ADMIN, 'not a document': ADMIN },
    };

    const actual: Record<string, Record<string, object>> = {};
    await Promise.all(
      ROLES.flatMap((role) =>
        Object.entries(documents).map(async ([what, name]) => {
          const c = client(s.url, name, s.tokens[BY_ROLE[role]]!);
          (actual[role] ??= {})[what] = await c.auth;
        }),
      ),
    );
    for (const role of ROLES) expect(actual[role], role).toEqual(expected[role]);

    // …and the same as roles.ts's accessTo, with the server's source language.
    for (const role of ROLES) {
      for (const [what, name] of Object.entries(documents)) {
        const doc = parseDocName(name);
        if (!doc) continue;
        const sourceLang = doc.kind === 'version' && doc.articleId === id ? 'ckb' : null;
        const access = accessTo(role, doc, sourceLang);
        const result = actual[role]![what];
        expect(result, `${role} ${what}`).toEqual(access === 'write' ? W : access === 'read' ? R : ADMIN);
      }
    }
  });

  it('refuses a wrong or missing token with a clear reason, and logs no token', { timeout: 20_000 }, async () => {
    const s = await server({ users: { ed: 'editor' } });
    const wrong = client(s.url, LIBRARY_DOC, 'x'.repeat(43));
    expect(await wrong.auth).toEqual({ refused: 'invalid-token' });
    const none = client(s.url, LIBRARY_DOC, null);
    expect(await none.auth).toEqual({ refused: 'missing-token' });
    // The provider stays unauthenticated and gets nothing of the document.
    expect(wrong.provider.isAuthenticated).toBe(false);
    expect(wrong.provider.synced).toBe(false);

    const right = client(s.url, LIBRARY_DOC, s.tokens.ed!);
    expect(await right.auth).toEqual({ scope: 'read-write' });
    expect(s.logs).toContain('warn refused 127.0.0.1 for "library": invalid token (1 failures)');
    expect(s.logs).toContain('warn refused 127.0.0.1 for "library": no token');
    for (const line of s.logs) expect(line).not.toContain(s.tokens.ed!);
  });

  it('slows down repeated failures from one address, more with each, and a right token clears them', { timeout: 30_000 }, async () => {
    const base = 80;
    const s = await server({ users: { ed: 'editor' }, rateLimit: { freeFailures: 2, baseDelayMs: base, maxDelayMs: 2_000 } });
    const attempt = async (token: string) => {
      const r = await RawClient.open(s.url, LIBRARY_DOC);
      try {
        return await r.authenticate(token);
      } finally {
        r.close();
      }
    };
    // A guesser: a new token each time.
    const guess = (n: number) => String.fromCharCode(97 + n).repeat(43);
    const first = await attempt(guess(0));
    const second = await attempt(guess(1));
    const third = await attempt(guess(2)); // 2 failures so far: waits base
    const fourth = await attempt(guess(3)); // 3: waits 2 × base
    const fifth = await attempt(guess(4)); // 4: waits 4 × base
    for (const a of [first, second, third, fourth, fifth]) expect(a.refused).toBe('invalid-token');
    expect(first.ms).toBeLessThan(base);
    expect(second.ms).toBeLessThan(base);
    expect(third.ms).toBeGreaterThanOrEqual(base - 5);
    expect(fourth.ms).toBeGreaterThanOrEqual(2 * base - 5);
    expect(fifth.ms).toBeGreaterThanOrEqual(4 * base - 5);
    expect(fifth.ms).toBeGreaterThan(fourth.ms);
    expect(fourth.ms).toBeGreaterThan(third.ms);

    // The right token waits its turn too (5 failures: 8 × base), then clears the address.
    const right = await attempt(s.tokens.ed!);
    expect(right.scope).toBe('read-write');
    expect(right.ms).toBeGreaterThanOrEqual(8 * base - 5);
    const after = await attempt(guess(5));
    expect(after.refused).toBe('invalid-token');
    expect(after.ms).toBeLessThan(base);
  });

  it('counts a replaced token that a desktop keeps sending once, so it slows nobody down', { timeout: 30_000 }, async () => {
    const base = 200;
    const s = await server({ users: { ed: 'editor' }, rateLimit: { freeFailures: 2, baseDelayMs: base } });
    const stale = 'q'.repeat(43);
    const r = await RawClient.open(s.url, LIBRARY_DOC);
    try {
      for (let i = 0; i < 6; i += 1) {
        const answer = await r.authenticate(stale);
        expect(answer.refused).toBe('invalid-token');
        expect(answer.ms).toBeLessThan(base);
      }
    } finally {
      r.close();
    }
    expect(s.limiter.failures('127.0.0.1')).toBe(1);
  });

  it('GET /api/me answers name and role for a token, 401 otherwise, 404 for anything else', { timeout: 20_000 }, async () => {
    const s = await server({ users: { rita: 'reporter', ada: 'admin' } });
    const http = s.url.replace(/^ws/, 'http');
    const me = (token?: string) => fetch(`${http}/api/me`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });

    const ok = await me(s.tokens.rita!);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ name: 'rita', role: 'reporter' });
    expect(ok.headers.get('access-control-allow-origin')).toBeNull();
    expect(await (await me(s.tokens.ada!)).json()).toEqual({ name: 'ada', role: 'admin' });

    const bad = await me('z'.repeat(43));
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: 'invalid-token' });
    expect((await me()).status).toBe(401);
    expect((await fetch(`${http}/`)).status).toBe(404);
    expect((await fetch(`${http}/api/me`, { method: 'POST', headers: { Authorization: `Bearer ${s.tokens.rita!}` } })).status).toBe(404);
    expect((await fetch(`${http}/api/users`)).status).toBe(404);
  });

  it('behind a reverse proxy (--trust-proxy), counts failures against the address the proxy appended', { timeout: 20_000 }, async () => {
    expect(clientAddress('127.0.0.1', '198.51.100.1, 203.0.113.7', true)).toBe('203.0.113.7');
    expect(clientAddress('127.0.0.1', ['198.51.100.1', '203.0.113.8'], true)).toBe('203.0.113.8');
    expect(clientAddress('127.0.0.1', '203.0.113.7', false)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', undefined, true)).toBe('127.0.0.1');

    const s = await server({ users: { ed: 'editor' }, trustProxy: true });
    const http = s.url.replace(/^ws/, 'http');
    const response = await fetch(`${http}/api/me`, { headers: { Authorization: `Bearer ${'w'.repeat(43)}`, 'X-Forwarded-For': '198.51.100.1, 203.0.113.7' } });
    expect(response.status).toBe(401);
    expect(s.limiter.failures('203.0.113.7')).toBe(1);
    expect(s.limiter.failures('127.0.0.1')).toBe(0);

    const r = await RawClient.open(s.url, LIBRARY_DOC, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    cleanups.push(() => r.close());
    expect((await r.authenticate('v'.repeat(43))).refused).toBe('invalid-token');
    expect(s.limiter.failures('203.0.113.9')).toBe(1);
    expect(s.logs).toContain('warn refused 203.0.113.9 for "library": invalid token (1 failures)');
  });

  it('closes the connections of a removed user, a user with a new role and a revoked token, as the account commands change them', { timeout: 30_000 }, async () => {
    const s = await server({ users: { rita: 'reporter', tina: 'translator', ed: 'editor' } });
    const id = randomUUID();
    await storeArticle(s, id, 'en');
    // Another connection to accounts.db, as the account commands (another process) have.
    const cli = Accounts.open(s.dataDir);
    cleanups.push(() => cli.close());

    const rita = client(s.url, LIBRARY_DOC, s.tokens.rita!);
    const tina = client(s.url, versionDocName(id, 'en'), s.tokens.tina!);
    const ed = client(s.url, LIBRARY_DOC, s.tokens.ed!);
    expect(await rita.auth).toEqual({ scope: 'read-write' });
    expect(await tina.auth).toEqual({ scope: 'readonly' });
    expect(await ed.auth).toEqual({ scope: 'read-write' });

    // Removed: the connection closes; the provider reconnects and is refused.
    const ritaAgain = nextAuth(rita.provider);
    cli.remove('rita');
    await until(() => rita.closes.length > 0, "rita's connection to close");
    expect(rita.closes[0]).toEqual({ code: 4401, reason: 'account-removed' });
    expect(await ritaAgain).toEqual({ refused: 'invalid-token' });

    // New role: the connection closes; the provider reconnects with the same token and gets the new access.
    const tinaAgain = nextAuth(tina.provider);
    cli.setRole('tina', 'editor');
    await until(() => tina.closes.length > 0, "tina's connection to close");
    expect(tina.closes[0]).toEqual({ code: 4205, reason: 'role-changed' });
    expect(await tinaAgain).toEqual({ scope: 'read-write' });

    // New token: the old one's connections close and it is refused; the new one works.
    const edAgain = nextAuth(ed.provider);
    const fresh = cli.replaceToken('ed');
    await until(() => ed.closes.length > 0, "ed's connection to close");
    expect(ed.closes[0]).toEqual({ code: 4401, reason: 'token-revoked' });
    expect(await edAgain).toEqual({ refused: 'invalid-token' });
    expect(await client(s.url, LIBRARY_DOC, fresh).auth).toEqual({ scope: 'read-write' });

    expect(s.logs).toEqual(
      expect.arrayContaining([
        'info closing a connection of "rita" from 127.0.0.1: account-removed',
        'info closing a connection of "tina" from 127.0.0.1: role-changed',
        'info closing a connection of "ed" from 127.0.0.1: token-revoked',
      ]),
    );
    for (const line of s.logs) expect(line).not.toContain(fresh);
  });

  it('decides a version again when its article gets its source language: a reporter keeps writing only the source', { timeout: 30_000 }, async () => {
    const s = await server({ users: { rita: 'reporter' } });
    const id = randomUUID();
    // The reporter's desktop opens versions of an article the server does not know yet: all writable.
    const en = client(s.url, versionDocName(id, 'en'), s.tokens.rita!);
    const ckb = client(s.url, versionDocName(id, 'ckb'), s.tokens.rita!);
    expect(await en.auth).toEqual({ scope: 'read-write' });
    expect(await ckb.auth).toEqual({ scope: 'read-write' });

    // The article document says: source English. The Sorani version becomes read-only for the reporter.
    const ckbAgain = nextAuth(ckb.provider);
    const article = client(s.url, articleDocName(id), s.tokens.rita!);
    expect(await article.auth).toEqual({ scope: 'read-write' });
    writeArticleFields(article.doc, { sourceLang: 'en', slug: 'flood', state: 'draft', createdAt: '2026-12-01T00:00:00.000Z' });
    await until(() => ckb.closes.length > 0, 'the Sorani connection to close');
    expect(ckb.closes[0]).toEqual({ code: 4205, reason: 'access-changed' });
    expect(await ckbAgain).toEqual({ scope: 'readonly' });
    expect(en.closes).toEqual([]);
  });
});
