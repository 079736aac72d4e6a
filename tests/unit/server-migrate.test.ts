// @vitest-environment node
/**
 * migrate-to-postgres, as its users run it (the built main.js): a data
 * folder a SQLite server filled, copied into a real PostgreSQL 15 and
 * compared document by document; the tokens keep working on a server on
 * PostgreSQL; a non-empty target refused unless --merge; a server still on
 * the folder stops the move; a copy that reads back different fails it.
 */
import { spawn, spawnSync } from 'node:child_process';
import pg from 'pg';
import * as Y from 'yjs';
import { afterAll, describe, expect, it } from 'vitest';
import { writeArticleFields } from '../../shared/collab/article-doc';
import { articleDocName, versionDocName } from '../../shared/collab/doc-names';
import { compareStates, holds } from '../../server/migrate';
import { PostgresDocumentStorage } from '../../server/storage-postgres';
import { SqliteDocumentStorage } from '../../server/storage-sqlite';
import { connect, removeTempDirs, startTestServer, buildTestServer, tempDir, until, type Client } from './server-harness';
import { skipped, startPostgres } from './server-services';
import { describeWhenStarted } from './server-skip';

const postgres = await startPostgres();
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  if (!skipped(postgres)) await postgres.stop();
  removeTempDirs();
}, 60_000);

let built: Promise<string> | null = null;
/** Built once for the file. */
const mainJs = (): Promise<string> => (built ??= buildTestServer(tempDir('qelem-server-build-')));

function run(main: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function client(url: string, name: string, token: string): Client {
  const c = connect(url, name, token);
  cleanups.push(() => c.destroy());
  return c;
}

/** A data folder as a newsroom's SQLite server leaves it: accounts, and documents edited by providers. */
async function filledDataDir(): Promise<{ dir: string; tokens: Record<string, string>; names: string[] }> {
  const s = await startTestServer({ users: { ed: 'editor', rita: 'reporter', tina: 'translator', root: 'admin' } });
  const names = ['library', 'glossary'];
  const clients: Client[] = [];
  for (let i = 0; i < 12; i++) {
    const id = `3f0a9c1e-5d2b-4e8f-a1c7-00000000${String(i).padStart(4, '0')}`;
    const article = client(s.url, articleDocName(id), s.tokens.ed!);
    const en = client(s.url, versionDocName(id, 'en'), s.tokens.ed!);
    clients.push(article, en);
    names.push(articleDocName(id), versionDocName(id, 'en'));
    writeArticleFields(article.doc, { sourceLang: 'en', slug: `story-${i}`, state: 'draft', createdAt: '2026-12-01T00:00:00.000Z' });
    const body = en.doc.getText('body');
    for (let k = 0; k < 40; k++) body.insert(Math.floor(Math.random() * (body.length + 1)), 'ئەمە دەقێکە. Text ');
    body.delete(3, 10);
  }
  const library = client(s.url, 'library', s.tokens.ed!);
  const glossary = client(s.url, 'glossary', s.tokens.tina!);
  clients.push(library, glossary);
  library.doc.getMap('articles').set('a', { slug: 'flood' });
  glossary.doc.getArray('terms').push([{ en: 'flood', ckb: 'لافاو' }]);
  await until(() => clients.every((c) => c.provider.isSynced && !c.provider.hasUnsyncedChanges), 'every edit to reach the server', 20_000);
  for (const c of clients) c.destroy();
  await s.close();
  return { dir: s.dataDir, tokens: s.tokens, names };
}

async function servePostgres(main: string, url: string): Promise<{ url: string; stop: () => Promise<number | null> }> {
  const child = spawn(process.execPath, [main, '--postgres', url, '--port', '0']);
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  await until(() => stdout.includes('\n') || child.exitCode !== null, 'the server to print its URL', 30_000);
  const served = /^QELEM_SERVER_URL=(\S+)\n/.exec(stdout)?.[1];
  if (!served) throw new Error(`no URL: ${stdout}`);
  return {
    url: served,
    async stop() {
      child.kill('SIGTERM');
      return exit;
    },
  };
}


describe('newsroom server: comparing stored documents', () => {
  it('tells the same document, one holding the other, and two different ones apart', () => {
    const a = new Y.Doc();
    a.getText('body').insert(0, 'Flood in the valley');
    const stateA = Y.encodeStateAsUpdate(a);
    // The same document encoded otherwise (merged from two updates): identical.
    const half = new Y.Doc();
    Y.applyUpdate(half, stateA);
    expect(compareStates(stateA, Y.mergeUpdates([stateA, Y.encodeStateAsUpdate(half)]))).toBe('identical');
    const more = new Y.Doc();
    Y.applyUpdate(more, stateA);
    more.getText('body').insert(0, 'Update: ');
    expect(compareStates(stateA, Y.encodeStateAsUpdate(more))).toBe('target-holds-source');
    expect(compareStates(Y.encodeStateAsUpdate(more), stateA)).toBe('differs');
    // A deletion is content too.
    const deleted = new Y.Doc();
    Y.applyUpdate(deleted, stateA);
    deleted.getText('body').delete(0, 6);
    expect(compareStates(stateA, Y.encodeStateAsUpdate(deleted))).toBe('target-holds-source');
    expect(compareStates(Y.encodeStateAsUpdate(deleted), stateA)).toBe('differs');
    expect(holds(stateA, new Uint8Array([1, 2, 3]))).toBe(false);
  });
});

describeWhenStarted(skipped(postgres) ? postgres.skip : null, 'newsroom server: migrate-to-postgres', () => {
  const service = () => {
    if (skipped(postgres)) throw new Error(postgres.skip);
    return postgres;
  };

  it('copies every account and document, compares them all, and the tokens work on a server on PostgreSQL', { timeout: 120_000 }, async () => {
    const main = await mainJs();
    const { dir, tokens, names } = await filledDataDir();
    const url = await service().createDatabase();

    const moved = run(main, 'migrate-to-postgres', '--data', dir, '--postgres', url);
    expect(moved.stderr).toContain('accounts: 4 copied');
    expect(moved.status).toBe(0);
    expect(moved.stdout).toMatch(
      new RegExp(`^accounts: 4 copied, 0 kept as PostgreSQL had them, 4 compared, 0 different\\ndocuments: ${names.length} copied \\([\\d.]+ MiB, 0 merged into documents PostgreSQL had\\), ${names.length} compared, 0 different\\n$`),
    );

    // Every document, compared here too: byte for byte.
    const from = SqliteDocumentStorage.open(dir);
    const to = await PostgresDocumentStorage.open(url);
    cleanups.push(() => from.close(), () => to.close());
    expect((await to.list()).map((d) => d.name)).toEqual((await from.list()).map((d) => d.name));
    for (const name of names) expect(await to.fetch(name)).toEqual(await from.fetch(name));

    // The same tokens, on a server on PostgreSQL: the translator reads the article's English version as it was
    // (read-only: the migrated article document says English is its source).
    const server = await servePostgres(main, url);
    expect(run(main, 'user', 'list', '--postgres', url).stdout.split('\n').map((l) => l.split(/ +/)[0])).toEqual(['NAME', 'ed', 'rita', 'root', 'tina', '']);
    const version = names.find((n) => n.endsWith('/en'))!;
    const reader = client(server.url, version, tokens.tina!);
    expect(await reader.auth).toEqual({ scope: 'readonly' });
    const sqliteDoc = new Y.Doc();
    Y.applyUpdate(sqliteDoc, (await from.fetch(version))!);
    await until(() => reader.doc.getText('body').toString() === sqliteDoc.getText('body').toString() && reader.doc.getText('body').length > 100, 'the migrated version at a client');
    expect(await server.stop()).toBe(0);

    // Again into the same database: refused, nothing changed.
    const again = run(main, 'migrate-to-postgres', '--data', dir, '--postgres', url);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`qelem-server: postgres://qelem@127\\.0\\.0\\.1:\\d+/\\w+ already holds 4 accounts and ${names.length} documents: migrate into an empty database, or add --merge\\n$`));
  });

  it('with --merge, merges into documents PostgreSQL holds and keeps its accounts', { timeout: 120_000 }, async () => {
    const main = await mainJs();
    const { dir, names } = await filledDataDir();
    const url = await service().createDatabase();
    // PostgreSQL already has the library with another entry, and an account "ed" of its own.
    const target = await PostgresDocumentStorage.open(url);
    cleanups.push(() => target.close());
    const theirs = new Y.Doc();
    theirs.getMap('articles').set('z', { slug: 'from-postgres' });
    await target.store('library', Y.encodeStateAsUpdate(theirs));
    const edThere = run(main, 'user', 'add', 'ed', '--role', 'translator', '--postgres', url);
    expect(edThere.status).toBe(0);

    const merged = run(main, 'migrate-to-postgres', '--data', dir, '--postgres', url, '--merge');
    expect(merged.stdout).toContain('accounts: 3 copied, 1 kept as PostgreSQL had them, 3 compared, 0 different');
    expect(merged.stdout).toContain(`documents: ${names.length} copied`);
    expect(merged.stdout).toContain('1 merged into documents PostgreSQL had');
    expect(merged.status).toBe(0);
    const library = new Y.Doc();
    Y.applyUpdate(library, (await target.fetch('library'))!);
    expect([...library.getMap('articles').keys()].sort()).toEqual(['a', 'z']);
    expect(run(main, 'user', 'list', '--postgres', url).stdout).toMatch(/\ned +translator /);
  });

  it('refuses while a server runs on the data folder, and fails (exit 1, naming it) when a document reads back different', { timeout: 120_000 }, async () => {
    const main = await mainJs();
    const { dir, names } = await filledDataDir();
    const url = await service().createDatabase();

    const running = await startTestServer({ dataDir: dir });
    const refused = run(main, 'migrate-to-postgres', '--data', dir, '--postgres', url);
    expect(refused.status).toBe(1);
    expect(refused.stderr.endsWith(`\nqelem-server: another Qelem server is already using ${dir}\n`)).toBe(true);
    await running.close();

    // A database that changes what it is given (a trigger here; a broken one elsewhere): the check notices.
    await (await PostgresDocumentStorage.open(url)).close();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const empty = Buffer.from(Y.encodeStateAsUpdate(new Y.Doc()));
    await admin.query(`CREATE FUNCTION tamper() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.name = 'glossary' THEN NEW.state := '\\x${empty.toString('hex')}'::bytea; END IF; RETURN NEW; END $$`);
    await admin.query('CREATE TRIGGER tamper BEFORE INSERT OR UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION tamper()');
    await admin.end();
    const failed = run(main, 'migrate-to-postgres', '--data', dir, '--postgres', url);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain(`documents: ${names.length} copied`);
    expect(failed.stdout).toContain(`${names.length} compared, 1 different`);
    expect(failed.stderr).toContain('qelem-server: read back different from the copy: document glossary\n');
  });
});
