// @vitest-environment node
import fs from 'node:fs';
import path from 'node:path';
import { fromBase64 } from 'lib0/buffer';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { ServiceTable } from '../../shared/api';
import { articleDocName, versionDocName } from '../../shared/collab/doc-names';
import { readFields } from '../../shared/collab/version-doc';
import { emptyBody } from '../../shared/article';
import type { Services } from '../../electron/services/table';
import { memorySecrets } from '../../electron/services/newsroom/secrets';
import { NEWSROOM_FILE } from '../../electron/services/newsroom/state';
import { tempLibrary, type TempLibrary } from './helpers/library';
import { removeTempDirs, startTestServer, storedDoc, until, type TestServer } from './server-harness';

/**
 * The desktop's newsroom sync (electron/services/newsroom) against a real
 * newsroom server on loopback, each desk a library of its own with its own
 * account: articles reach the other desks, offline edits arrive when the
 * server is back, roles are applied on the desk as on the server, the
 * glossary is shared, refusals are reported and nothing is kept of them.
 */

const servers: TestServer[] = [];
const libraries: TempLibrary[] = [];

afterEach(async () => {
  for (const library of libraries.splice(0)) await library.dispose();
  for (const server of servers.splice(0)) await server.close().catch(() => undefined);
  removeTempDirs();
  vi.restoreAllMocks();
});

async function newsroom(users: Record<string, 'reporter' | 'translator' | 'editor' | 'admin'> = { rojan: 'reporter', dilan: 'translator', hawre: 'editor' }): Promise<TestServer> {
  const server = await startTestServer({ users });
  servers.push(server);
  return server;
}

interface Desk {
  library: TempLibrary;
  services: Services;
  table: ServiceTable;
}

function desk(name: string): Desk {
  const library = tempLibrary(`qelem-desk-${name}-`);
  libraries.push(library);
  const services = library.services({ deriveAfterMs: 50, newsroom: { secrets: memorySecrets(), maxRetryDelayMs: 300, reconcileMs: 100 } });
  return { library, services, table: services.table };
}

async function value<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const answer = await result;
  if (!answer.ok) throw new Error(`${answer.error.code}: ${answer.error.message}`);
  return answer.value;
}

async function join(d: Desk, server: TestServer, user: string) {
  return value(d.table.connectNewsroom({ url: server.url, token: server.tokens[user] }));
}

async function writeStory(d: Desk, headline: string) {
  const article = await value(d.table.createArticle({ sourceLang: 'ckb' }));
  await value(d.table.saveVersion({ id: article.id, lang: 'ckb', baseRevision: 1, content: { headline, standfirst: '', dateline: 'هەولێر', byline: '', body: emptyBody('rtl') } }));
  return article.id;
}

async function headlineOn(d: Desk, id: string, lang: 'ckb' | 'en' = 'ckb'): Promise<string | null> {
  const article = await d.table.getArticle({ id });
  return article.ok ? (article.value.versions[lang]?.headline ?? null) : null;
}

describe('newsroom sync', { timeout: 30_000 }, () => {
  it("brings a reporter's story to the other desks, and their edits back", async () => {
    const server = await newsroom();
    const reporter = desk('reporter');
    const editor = desk('editor');
    const id = await writeStory(reporter, 'هەواڵی یەکەم');
    const status = await join(reporter, server, 'rojan');
    expect(status).toMatchObject({ state: expect.stringMatching(/connecting|connected/), identity: { name: 'rojan', role: 'reporter' }, refusal: null });
    await join(editor, server, 'hawre');
    await until(async () => (await headlineOn(editor, id)) === 'هەواڵی یەکەم', 'the story on the editor desk', 10_000);

    // The editor's change of the headline reaches the reporter.
    await value(editor.table.saveVersion({ id, lang: 'ckb', baseRevision: (await value(editor.table.getArticle({ id }))).versions.ckb!.revision, content: { headline: 'هەواڵی یەکەم و دووەم', standfirst: '', dateline: 'هەولێر', byline: '', body: emptyBody('rtl') } }));
    await until(async () => (await headlineOn(reporter, id)) === 'هەواڵی یەکەم و دووەم', 'the edit back on the reporter desk', 10_000);

    // The server keeps what rebuilds a library: the list, the article's data, its version.
    await until(async () => (await storedDoc(server, articleDocName(id))) !== null, 'the article stored on the server');
    await until(async () => {
      const stored = await storedDoc(server, versionDocName(id, 'ckb'));
      return stored !== null && readFields(stored).headline === 'هەواڵی یەکەم و دووەم';
    }, 'the version stored on the server');

    // Everything synced: nothing listed as unsynced, a time of the last sync.
    await until(async () => {
      const now = await value(reporter.table.getNewsroom({}));
      return now.state === 'connected' && now.unsyncedArticleIds.length === 0 && now.lastSyncAt !== null;
    }, 'the reporter desk in sync');
  });

  it('keeps working offline, says what is not synced (across a restart), and sends it when the server is back', async () => {
    const server = await newsroom();
    const reporter = desk('reporter');
    const editor = desk('editor');
    await join(reporter, server, 'rojan');
    await join(editor, server, 'hawre');
    const { port, dataDir } = server;
    await server.close();
    servers.splice(servers.indexOf(server), 1);
    await until(async () => (await value(reporter.table.getNewsroom({}))).state === 'offline', 'the reporter desk offline');

    const id = await writeStory(reporter, 'نووسراو بێ تۆڕ');
    await until(async () => (await value(reporter.table.getNewsroom({}))).unsyncedArticleIds.includes(id), 'the story listed as unsynced');

    // A restart while offline: still known as unsynced.
    reporter.library.reopen();
    const again = reporter.library.services({ deriveAfterMs: 50, newsroom: { secrets: memorySecrets(server.tokens.rojan), maxRetryDelayMs: 300, reconcileMs: 100 } });
    reporter.table = again.table;
    await until(async () => (await value(reporter.table.getNewsroom({}))).unsyncedArticleIds.includes(id), 'the story unsynced after the restart');
    expect(await headlineOn(reporter, id)).toBe('نووسراو بێ تۆڕ');

    // The server returns on the same address.
    const back = await startTestServer({ dataDir, port });
    servers.push(back);
    await until(async () => (await headlineOn(editor, id)) === 'نووسراو بێ تۆڕ', 'the offline story on the editor desk', 15_000);
    await until(async () => (await value(reporter.table.getNewsroom({}))).unsyncedArticleIds.length === 0, 'the reporter desk synced');
  });

  it("applies the account's role on the desk as the server does", async () => {
    const server = await newsroom();
    const reporter = desk('reporter');
    const translator = desk('translator');
    const id = await writeStory(reporter, 'سەرچاوە');
    await join(reporter, server, 'rojan');
    await join(translator, server, 'dilan');
    await until(async () => (await headlineOn(translator, id)) === 'سەرچاوە', 'the story on the translator desk', 10_000);

    // The source is read-only for a translator: refused here, with the reason, and nothing changes.
    const source = (await value(translator.table.getArticle({ id }))).versions.ckb!;
    const refused = await translator.table.saveVersion({ id, lang: 'ckb', baseRevision: source.revision, content: { headline: 'گۆڕاو', standfirst: '', dateline: '', byline: '', body: emptyBody('rtl') } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'read_only', reason: 'source-for-translators' } });
    expect(await headlineOn(translator, id)).toBe('سەرچاوە');
    // Creating articles, the article's own data: the same.
    expect(await translator.table.createArticle({ sourceLang: 'en' })).toMatchObject({ ok: false, error: { code: 'read_only' } });
    expect(await translator.table.updateArticle({ id, state: 'review' })).toMatchObject({ ok: false, error: { code: 'read_only', reason: 'article-for-translators' } });

    // The translation is the translator's: it reaches the reporter.
    await value(translator.table.saveVersion({ id, lang: 'en', baseRevision: 0, content: { headline: 'Source', standfirst: '', dateline: '', byline: '', body: emptyBody('ltr') } }));
    await until(async () => (await headlineOn(reporter, id, 'en')) === 'Source', 'the translation on the reporter desk', 10_000);
    // …and the reporter may not write it.
    const translation = (await value(reporter.table.getArticle({ id }))).versions.en!;
    expect(await reporter.table.saveVersion({ id, lang: 'en', baseRevision: translation.revision, content: { headline: 'x', standfirst: '', dateline: '', byline: '', body: emptyBody('ltr') } })).toMatchObject({
      ok: false,
      error: { code: 'read_only', reason: 'translation-for-reporters' },
    });
  });

  it('shares the glossary: the entries a desk had are added once, then every change goes everywhere', async () => {
    const server = await newsroom();
    const editor = desk('editor');
    const translator = desk('translator');
    const reporter = desk('reporter');
    const own = await value(editor.table.saveGlossaryTerm({ term: { en: 'Peshmerga', ckb: 'پێشمەرگە', kmr: 'پێشمەرگە', note: '' } }));
    await join(editor, server, 'hawre');
    await join(translator, server, 'dilan');
    await join(reporter, server, 'rojan');
    const terms = async (d: Desk) => (await value(d.table.listGlossary({}))).terms;
    await until(async () => (await terms(translator)).some((term) => term.id === own.id), 'the entry on the translator desk', 10_000);

    const added = await value(translator.table.saveGlossaryTerm({ term: { en: 'Erbil', ckb: 'هەولێر', kmr: 'هەولێر', note: 'capital' } }));
    await until(async () => (await terms(editor)).some((term) => term.id === added.id && term.note === 'capital'), 'the new entry on the editor desk', 10_000);
    await value(editor.table.deleteGlossaryTerm({ id: own.id }));
    await until(async () => !(await terms(translator)).some((term) => term.id === own.id), 'the deletion on the translator desk', 10_000);
    await until(async () => (await terms(reporter)).map((term) => term.id).join() === added.id, 'the glossary on the reporter desk', 10_000);
    // A reporter reads the glossary only.
    expect(await reporter.table.saveGlossaryTerm({ term: { en: 'Duhok', ckb: 'دهۆک', kmr: 'دهۆک', note: '' } })).toMatchObject({ ok: false, error: { code: 'read_only', reason: 'glossary-for-reporters' } });
  });

  it('reports a refused token, an admin account and an unencrypted remote server, and keeps none of them', async () => {
    const server = await newsroom({ rojan: 'reporter', root: 'admin' });
    const d = desk('refused');
    const wrong = await value(d.table.connectNewsroom({ url: server.url, token: 'A'.repeat(43) }));
    expect(wrong).toMatchObject({ state: 'refused', refusal: 'token' });
    expect(await value(d.table.getNewsroom({}))).toMatchObject({ state: 'off', url: null });
    expect(fs.existsSync(path.join(d.library.dir, NEWSROOM_FILE))).toBe(false);

    expect(await value(d.table.connectNewsroom({ url: server.url, token: server.tokens.root }))).toMatchObject({ state: 'refused', refusal: 'admin' });

    // Plain ws:// to another machine: refused before anything is sent, unless the user allows it.
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    expect(await value(d.table.connectNewsroom({ url: 'ws://192.0.2.10:1234', token: server.tokens.rojan }))).toMatchObject({ state: 'refused', refusal: 'unencrypted' });
    expect(fetchSpy).not.toHaveBeenCalled();

    // The right token: kept, and never written into the library folder.
    await join(d, server, 'rojan');
    const files = fs.readdirSync(d.library.dir).filter((file) => fs.statSync(path.join(d.library.dir, file)).isFile());
    for (const file of files) expect(fs.readFileSync(path.join(d.library.dir, file)).includes(server.tokens.rojan!), file).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(d.library.dir, NEWSROOM_FILE), 'utf8'))).toMatchObject({ url: server.url, identity: { name: 'rojan', role: 'reporter' } });

    // Disconnecting forgets the server; the library keeps its articles.
    expect(await value(d.table.disconnectNewsroom({}))).toMatchObject({ state: 'off', url: null, identity: null });
    expect(fs.existsSync(path.join(d.library.dir, NEWSROOM_FILE))).toBe(false);
  });
});

describe('newsroom presence', { timeout: 30_000 }, () => {
  it("carries a window's presence to the windows of another desk, and its leaving", async () => {
    const server = await newsroom();
    const reporter = desk('reporter');
    const editor = desk('editor');
    const id = await writeStory(reporter, 'ئامادەبوون');
    await join(reporter, server, 'rojan');
    await join(editor, server, 'hawre');
    await until(async () => (await headlineOn(editor, id)) === 'ئامادەبوون', 'the story on the editor desk', 10_000);
    const name = versionDocName(id, 'ckb');

    // A window on the editor desk watches the version; a window on the reporter desk announces itself in it.
    const seen = new Awareness(new Y.Doc());
    const session = editor.services.documents.connect((event) => {
      if (event.type === 'awareness' && event.name === name) applyAwarenessUpdate(seen, fromBase64(event.update), 'remote');
    });
    const opened = editor.services.documents.open(session, name, Y.encodeStateVector(new Y.Doc()));
    if (opened.awareness) applyAwarenessUpdate(seen, opened.awareness, 'remote');
    const people = () => [...seen.getStates().values()].map((state) => (state as { name?: string }).name);

    const window = new Awareness(new Y.Doc());
    window.setLocalState({ name: 'rojan', color: '#1565c0', awarenessData: { role: 'reporter' } });
    const sender = reporter.services.documents.connect(() => undefined);
    reporter.services.documents.open(sender, name, Y.encodeStateVector(new Y.Doc()));
    reporter.services.documents.pushAwareness(sender, name, encodeAwarenessUpdate(window, [window.clientID]));
    await until(() => people().includes('rojan'), 'the reporter seen on the editor desk', 10_000);

    reporter.services.documents.close(sender, name);
    await until(() => !people().includes('rojan'), 'the reporter gone from the editor desk', 10_000);
    window.destroy();
    seen.destroy();
  });
});
