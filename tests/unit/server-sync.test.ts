// @vitest-environment node
/**
 * The newsroom server syncing documents: two providers with different roles
 * on one document, the read-only rule enforced against a client that sends
 * updates anyway, documents kept across a restart, and wss:// with TLS.
 */
import https from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { writeArticleFields } from '../../shared/collab/article-doc';
import { articleDocName, versionDocName } from '../../shared/collab/doc-names';
import { connect, RawClient, selfSignedCertificate, startTestServer, storedText, tempDir, until, type Client, type TestServer, removeTempDirs } from './server-harness';

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

async function raw(url: string, name: string): Promise<RawClient> {
  const r = await RawClient.open(url, name);
  cleanups.push(() => r.close());
  return r;
}

/** An article whose source is English, created by the editor; its English version holds "Original". */
async function englishArticle(s: TestServer): Promise<{ id: string; source: string; editor: Client }> {
  const id = randomUUID();
  const article = client(s.url, articleDocName(id), s.tokens.ed!);
  expect(await article.auth).toEqual({ scope: 'read-write' });
  writeArticleFields(article.doc, { sourceLang: 'en', slug: 'flood', state: 'draft', createdAt: '2026-12-01T00:00:00.000Z' });
  const source = versionDocName(id, 'en');
  const editor = client(s.url, source, s.tokens.ed!);
  expect(await editor.auth).toEqual({ scope: 'read-write' });
  editor.doc.getText('headline').insert(0, 'Original');
  await until(async () => (await storedText(s, source)) === 'Original', 'the source version to be stored');
  await until(async () => (await s.storage.fetch(articleDocName(id))) !== null, 'the article to be stored');
  return { id, source, editor };
}

describe('newsroom server: syncing', () => {
  it('syncs a document between a reporter and an editor, both ways, and stores it', { timeout: 20_000 }, async () => {
    const s = await server({ users: { rita: 'reporter', ed: 'editor' } });
    const reporter = client(s.url, 'library', s.tokens.rita!);
    const editor = client(s.url, 'library', s.tokens.ed!);
    expect(await reporter.auth).toEqual({ scope: 'read-write' });
    expect(await editor.auth).toEqual({ scope: 'read-write' });

    reporter.doc.getMap('articles').set('a', { slug: 'flood' });
    await until(() => editor.doc.getMap('articles').has('a'), "the reporter's entry at the editor");
    editor.doc.getMap('articles').set('b', { slug: 'budget' });
    await until(() => reporter.doc.getMap('articles').has('b'), "the editor's entry at the reporter");

    await until(async () => {
      const state = await s.storage.fetch('library');
      if (!state) return false;
      const doc = new Y.Doc();
      Y.applyUpdate(doc, state);
      return [...doc.getMap('articles').keys()].sort().join() === 'a,b';
    }, 'the library to be stored with both entries');
    expect((await s.storage.list()).map((d) => d.name)).toEqual(['library']);
  });

  it('drops updates a translator sends anyway to the source version it may only read: the stored copy is unchanged and nobody sees them', { timeout: 20_000 }, async () => {
    const s = await server({ users: { tina: 'translator', ed: 'editor' } });
    const { source, editor } = await englishArticle(s);

    // A genuine provider of the translator's is told it may only read.
    const reader = client(s.url, source, s.tokens.tina!);
    expect(await reader.auth).toEqual({ scope: 'readonly' });
    await until(() => reader.doc.getText('headline').toString() === 'Original', 'the source at the translator');

    // A modified client authenticates as the translator and writes anyway.
    const rogue = await raw(s.url, source);
    expect(await rogue.authenticate(s.tokens.tina!)).toMatchObject({ scope: 'readonly' });
    await rogue.sync();
    expect(rogue.doc.getText('headline').toString()).toBe('Original');
    const evil = new Y.Doc();
    Y.applyUpdate(evil, Y.encodeStateAsUpdate(rogue.doc));
    evil.getText('headline').insert(0, 'INJECTED ');
    const injected = Y.encodeStateAsUpdate(evil, Y.encodeStateVector(rogue.doc));
    // As an update message and as a sync step 2: the server answers "not applied" to both.
    expect(await rogue.sendUpdate(injected)).toBe(false);
    expect(await rogue.sendSyncStep2(injected)).toBe(false);
    evil.destroy();

    // The editor changes the document after that, so the server stores it again.
    editor.doc.getText('headline').insert(8, ' edited');
    await until(async () => (await storedText(s, source)) === 'Original edited', "the editor's change to be stored");
    await until(() => reader.doc.getText('headline').toString() === 'Original edited', "the editor's change at the translator");
    await until(() => rogue.doc.getText('headline').toString() === 'Original edited', "the editor's change at the rogue client");

    expect(await storedText(s, source)).toBe('Original edited');
    expect(s.hocuspocus.documents.get(source)?.getText('headline').toString()).toBe('Original edited');
    expect(editor.doc.getText('headline').toString()).toBe('Original edited');
    expect(reader.doc.getText('headline').toString()).toBe('Original edited');
    expect(s.logs.filter((line) => line.includes('dropped an update'))).toEqual([
      `warn dropped an update to read-only ${source} from "tina" (translator: source-for-translators)`,
    ]);
  });

  it('a genuine provider editing a read-only document keeps its change to itself, unconfirmed', { timeout: 20_000 }, async () => {
    const s = await server({ users: { tina: 'translator', ed: 'editor' } });
    const { source, editor } = await englishArticle(s);
    const reader = client(s.url, source, s.tokens.tina!);
    expect(await reader.auth).toEqual({ scope: 'readonly' });
    await until(() => reader.provider.synced && !reader.provider.hasUnsyncedChanges, 'the translator to be synced');

    reader.doc.getText('headline').insert(0, 'Mine ');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reader.provider.hasUnsyncedChanges).toBe(true); // the server answered "not applied"
    expect(editor.doc.getText('headline').toString()).toBe('Original');
    expect(await storedText(s, source)).toBe('Original');
  });

  it('keeps documents across a restart', { timeout: 20_000 }, async () => {
    const dataDir = tempDir();
    const first = await startTestServer({ dataDir, users: { ed: 'editor' } });
    const token = first.tokens.ed!;
    const writer = connect(first.url, 'glossary', token);
    expect(await writer.auth).toEqual({ scope: 'read-write' });
    writer.doc.getMap('terms').set('flood', 'لافاو');
    await until(() => !writer.provider.hasUnsyncedChanges, 'the server to confirm the change');
    writer.destroy();
    await first.close();

    const second = await server({ dataDir });
    const reader = client(second.url, 'glossary', token);
    expect(await reader.auth).toEqual({ scope: 'read-write' });
    await until(() => reader.doc.getMap('terms').get('flood') === 'لافاو', 'the glossary after the restart');
    expect((await second.storage.list()).map((d) => d.name)).toEqual(['glossary']);
  });

  it('one server per data folder', { timeout: 20_000 }, async () => {
    const s = await server();
    await expect(startTestServer({ dataDir: s.dataDir })).rejects.toThrow(`another Qelem server is already using ${s.dataDir}`);
  });

  it('serves wss:// with --tls-cert and --tls-key', { timeout: 30_000 }, async (context) => {
    const dir = tempDir();
    const tls = selfSignedCertificate(dir);
    if (!tls) {
      console.log('openssl not found: skipping the TLS test');
      context.skip();
      return;
    }
    const s = await server({ users: { ed: 'editor' }, tls: { certFile: tls.certFile, keyFile: tls.keyFile } });
    expect(s.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+$/);

    // The certificate as the only trusted CA: the client verifies it fully.
    const a = client(s.url, 'library', s.tokens.ed!, { ca: tls.cert });
    const b = client(s.url, 'library', s.tokens.ed!, { rejectUnauthorized: false });
    expect(await a.auth).toEqual({ scope: 'read-write' });
    expect(await b.auth).toEqual({ scope: 'read-write' });
    a.doc.getMap('articles').set('x', 1);
    await until(() => b.doc.getMap('articles').get('x') === 1, 'the change over wss://');

    // Without trusting the certificate, the connection fails.
    const untrusted = await RawClient.open(s.url, 'library').then(
      () => 'connected',
      (error: Error) => error.message,
    );
    expect(untrusted).toMatch(/self[- ]signed/i);

    const me = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = https.get(`${s.url.replace('wss:', 'https:')}/api/me`, { ca: tls.cert, headers: { Authorization: `Bearer ${s.tokens.ed!}` } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
    });
    expect(me).toEqual({ status: 200, body: JSON.stringify({ name: 'ed', role: 'editor' }) });

    // A renewed certificate: SIGHUP (reloadTls) serves it to new connections.
    const fingerprint = () =>
      new Promise<string>((resolve, reject) => {
        const socket = tlsConnect({ host: '127.0.0.1', port: s.port, rejectUnauthorized: false }, () => {
          resolve(socket.getPeerCertificate().fingerprint256);
          socket.end();
        });
        socket.on('error', reject);
      });
    const before = await fingerprint();
    expect(selfSignedCertificate(dir)).not.toBeNull();
    s.reloadTls();
    expect(await fingerprint()).not.toBe(before);
    expect(s.logs).toContain('info TLS certificate and key reloaded');
  });
});
