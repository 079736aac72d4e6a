// @vitest-environment node
/**
 * The server's two stores behind one interface each, run through the same
 * tests: documents (DocumentStorage) and accounts (AccountStore) in SQLite
 * (a data folder) and in PostgreSQL (a real PostgreSQL 15 started here).
 * Then what only PostgreSQL does: instances storing the same document
 * without losing each other's edits, the schema versions, and the instance
 * lock that keeps a server without Redis alone on its database.
 */
import * as Y from 'yjs';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { AccountError, Accounts, type AccountStore } from '../../server/accounts';
import { PostgresAccounts } from '../../server/accounts-postgres';
import { DatabaseInUseError, InstanceLock, migratePostgres, openPool } from '../../server/postgres';
import { SchemaTooNewError } from '../../server/sqlite';
import type { DocumentStorage } from '../../server/storage';
import { PostgresDocumentStorage, POSTGRES_DOCUMENT_MIGRATIONS } from '../../server/storage-postgres';
import { SqliteDocumentStorage } from '../../server/storage-sqlite';
import { removeTempDirs, tempDir } from './server-harness';
import { skipped, startPostgres } from './server-services';
import { describeWhenStarted } from './server-skip';

const postgres = await startPostgres();
const closers: (() => unknown)[] = [];
afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  if (!skipped(postgres)) await postgres.stop();
  removeTempDirs();
});

interface Backend {
  name: string;
  /** A fresh, empty store of each kind. */
  fresh(): Promise<{ storage: () => Promise<DocumentStorage>; accounts: () => Promise<AccountStore>; raw: () => Promise<string> }>;
}

const sqlite: Backend = {
  name: 'SQLite',
  async fresh() {
    const dir = tempDir();
    return {
      storage: async () => track(SqliteDocumentStorage.open(dir)),
      accounts: async () => track(Accounts.open(dir)),
      // Every byte the data folder holds, as text: where a token must not be.
      raw: async () => {
        const fs = await import('node:fs');
        const path = await import('node:path');
        return fs
          .readdirSync(dir)
          .map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1'))
          .join('');
      },
    };
  },
};

const postgresBackend: Backend = {
  name: 'PostgreSQL',
  async fresh() {
    if (skipped(postgres)) throw new Error(postgres.skip);
    const url = await postgres.createDatabase();
    return {
      storage: async () => track(await PostgresDocumentStorage.open(url)),
      accounts: async () => track(await PostgresAccounts.open(url)),
      raw: async () => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        const rows = await client.query('SELECT * FROM users');
        await client.end();
        return JSON.stringify(rows.rows);
      },
    };
  },
};

function track<T extends { close(): unknown }>(store: T): T {
  closers.push(() => store.close());
  return store;
}

function docWith(text: string, clientID?: number): Y.Doc {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  doc.getText('body').insert(0, text);
  return doc;
}

const textOf = (state: Uint8Array | null) => {
  if (!state) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc.getText('body').toString();
};

const backends = skipped(postgres) ? [sqlite] : [sqlite, postgresBackend];

describe.each(backends)('newsroom server storage: $name', (backend) => {
  it('stores, fetches and lists documents by name', async () => {
    const { storage: open } = await backend.fresh();
    const storage = await open();
    expect(await storage.fetch('library')).toBeNull();
    expect(await storage.list()).toEqual([]);
    await storage.check();

    const names = ['library', 'glossary', 'article/b0', 'article/a0/en', 'article/a0', 'Zeta', 'article/a0/ckb'];
    for (const [i, name] of names.entries()) await storage.store(name, Y.encodeStateAsUpdate(docWith(`doc ${i}`)));
    for (const [i, name] of names.entries()) expect(textOf(await storage.fetch(name))).toBe(`doc ${i}`);
    const listed = await storage.list();
    // Byte order, as SQLite's BINARY collation sorts.
    expect(listed.map((d) => d.name)).toEqual([...names].sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : 1)));
    for (const d of listed) {
      expect(d.size).toBe((await storage.fetch(d.name))!.byteLength);
      expect(new Date(d.updatedAt).toISOString()).toBe(d.updatedAt);
    }
  });

  it('a store of the grown document replaces what it held, byte for byte when nobody else wrote', async () => {
    const { storage: open } = await backend.fresh();
    const storage = await open();
    const doc = docWith('First');
    await storage.store('library', Y.encodeStateAsUpdate(doc));
    doc.getText('body').insert(5, ' and second');
    doc.getText('body').delete(0, 1);
    const state = Y.encodeStateAsUpdate(doc);
    await storage.store('library', state);
    expect(await storage.fetch('library')).toEqual(state);
    expect(textOf(await storage.fetch('library'))).toBe('irst and second');
  });

  it('keeps a large document whole (1 MiB of text)', async () => {
    const { storage: open } = await backend.fresh();
    const storage = await open();
    const text = 'ئەمە دەقێکی کوردییە. '.repeat(30_000);
    const state = Y.encodeStateAsUpdate(docWith(text));
    await storage.store('article/big/ckb', state);
    expect(await storage.fetch('article/big/ckb')).toEqual(state);
  });

  it('keeps accounts as token hashes only, authenticating each token to its account', async () => {
    const { accounts: open, raw } = await backend.fresh();
    const accounts = await open();
    const sara = await accounts.add('sara', 'reporter');
    const tara = await accounts.add('tara', 'translator');
    expect(await accounts.authenticate(sara)).toMatchObject({ name: 'sara', role: 'reporter', generation: 1 });
    expect(await accounts.authenticate(tara)).toMatchObject({ name: 'tara', role: 'translator' });
    expect(await accounts.authenticate('')).toBeNull();
    expect(await accounts.authenticate(`${sara.slice(0, -1)}${sara.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(await accounts.authenticate(`${sara} `)).toBeNull();
    const stored = await raw();
    expect(stored).toContain('sara');
    expect(stored).not.toContain(sara);
    expect(stored).not.toContain(tara);
  });

  it('a new token revokes the old one; a new role or token raises the generation', async () => {
    const { accounts: open } = await backend.fresh();
    const accounts = await open();
    const old = await accounts.add('sara', 'reporter');
    const fresh = await accounts.replaceToken('sara');
    expect(await accounts.authenticate(old)).toBeNull();
    expect(await accounts.authenticate(fresh)).toMatchObject({ name: 'sara', generation: 2 });
    expect(await accounts.setRole('sara', 'editor')).toMatchObject({ role: 'editor', generation: 3 });
    expect(await accounts.setRole('sara', 'editor')).toMatchObject({ role: 'editor', generation: 3 });
    expect(await accounts.authenticate(fresh)).toMatchObject({ role: 'editor', generation: 3 });
  });

  it('refuses a second account of the same name (ASCII case folded), a bad name, an unknown name', async () => {
    const { accounts: open } = await backend.fresh();
    const accounts = await open();
    await accounts.add('Sara', 'reporter');
    await expect(Promise.resolve().then(() => accounts.add('sara', 'editor'))).rejects.toThrow(AccountError);
    await expect(Promise.resolve().then(() => accounts.add('two words', 'editor'))).rejects.toThrow(/not a valid user name/);
    expect(await accounts.add('شێرکۆ', 'translator')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only A–Z fold, as SQLite's NOCASE: these are two people.
    await accounts.add('Émile', 'editor');
    await accounts.add('émile', 'editor');
    await expect(Promise.resolve().then(() => accounts.remove('nobody'))).rejects.toThrow('no user named "nobody"');
    await expect(Promise.resolve().then(() => accounts.replaceToken('nobody'))).rejects.toThrow(AccountError);
    expect((await accounts.list()).map((a) => [a.name, a.role])).toEqual([
      ['Sara', 'reporter'],
      ['Émile', 'editor'],
      ['émile', 'editor'],
      ['شێرکۆ', 'translator'],
    ]);
    expect((await accounts.find('SARA'))?.name).toBe('Sara');
    expect((await accounts.remove('SARA')).name).toBe('Sara');
    expect(await accounts.find('sara')).toBeNull();
  });

  it("sees another process's changes through its change marker", async () => {
    const { accounts: open } = await backend.fresh();
    const server = await open();
    const cli = await open();
    const token = await cli.add('sara', 'reporter');
    const before = await server.changeMarker();
    expect(await server.authenticate(token)).toMatchObject({ name: 'sara' });
    await cli.remove('sara');
    expect(await server.changeMarker()).not.toBe(before);
    expect(await server.authenticate(token)).toBeNull();
    expect((await server.snapshot()).size).toBe(0);
    await server.check();
  });
});

describeWhenStarted(skipped(postgres) ? postgres.skip : null, 'newsroom server storage: PostgreSQL (the suite above, and what only PostgreSQL does)', () => {
  const service = () => {
    if (skipped(postgres)) throw new Error(postgres.skip);
    return postgres;
  };

  it('two instances storing the same document keep both their edits, whoever stores last', async () => {
    const url = await service().createDatabase();
    const a = track(await PostgresDocumentStorage.open(url));
    const b = track(await PostgresDocumentStorage.open(url));
    const base = docWith('Shared.', 1);
    await a.store('article/x/en', Y.encodeStateAsUpdate(base));

    // Each instance's copy gets an edit the other never sees (no Redis here).
    const onA = new Y.Doc();
    Y.applyUpdate(onA, (await a.fetch('article/x/en'))!);
    const onB = new Y.Doc();
    Y.applyUpdate(onB, (await b.fetch('article/x/en'))!);
    onA.getText('body').insert(0, 'A ');
    onB.getText('body').insert(7, ' B');
    onB.getText('body').delete(0, 1);

    await a.store('article/x/en', Y.encodeStateAsUpdate(onA));
    expect(a.merges).toBe(0);
    await b.store('article/x/en', Y.encodeStateAsUpdate(onB));
    expect(b.merges).toBe(1);
    // A stores again: B wrote since A's last write, so A merges too, and B's edit stays.
    onA.getText('body').insert(0, '>');
    await a.store('article/x/en', Y.encodeStateAsUpdate(onA));
    expect(a.merges).toBe(1);

    const expected = new Y.Doc();
    Y.applyUpdate(expected, Y.encodeStateAsUpdate(onA));
    Y.applyUpdate(expected, Y.encodeStateAsUpdate(onB));
    expect(textOf(await a.fetch('article/x/en'))).toBe(expected.getText('body').toString());
    expect(expected.getText('body').toString()).toBe('>A hared. B');
  });

  it('stores from two instances at once, forty each, lose nothing', async () => {
    const url = await service().createDatabase();
    const a = track(await PostgresDocumentStorage.open(url));
    const b = track(await PostgresDocumentStorage.open(url));
    const docA = new Y.Doc();
    const docB = new Y.Doc();
    const writes: Promise<void>[] = [];
    for (let i = 0; i < 40; i++) {
      docA.getArray<string>('log').push([`a${i}`]);
      docB.getArray<string>('log').push([`b${i}`]);
      writes.push(a.store('library', Y.encodeStateAsUpdate(docA)), b.store('library', Y.encodeStateAsUpdate(docB)));
    }
    await Promise.all(writes);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, (await a.fetch('library'))!);
    const log = stored.getArray<string>('log').toArray();
    expect(log).toHaveLength(80);
    expect(new Set(log)).toEqual(new Set([...Array.from({ length: 40 }, (_, i) => `a${i}`), ...Array.from({ length: 40 }, (_, i) => `b${i}`)]));
  });

  it('applies its migrations once, and refuses a database a newer server migrated', async () => {
    const url = await service().createDatabase();
    const pool = openPool(url);
    closers.push(() => pool.end());
    await Promise.all([1, 2, 3].map(() => migratePostgres(pool, 'documents', POSTGRES_DOCUMENT_MIGRATIONS, 'test')));
    expect((await pool.query('SELECT component, version FROM qelem_schema')).rows).toEqual([{ component: 'documents', version: 1 }]);
    await pool.query(`UPDATE qelem_schema SET version = 99 WHERE component = 'documents'`);
    await expect(PostgresDocumentStorage.open(url)).rejects.toThrow(SchemaTooNewError);
    await expect(PostgresDocumentStorage.open(url)).rejects.toThrow(/schema version 99, newer than this server knows \(1\)/);
  });

  it('lets instances with Redis share a database, and keeps one without Redis alone on it', async () => {
    const url = await service().createDatabase();
    const first = await InstanceLock.take(url, 'shared');
    const second = await InstanceLock.take(url, 'shared');
    await expect(InstanceLock.take(url, 'alone')).rejects.toThrow(DatabaseInUseError);
    await expect(InstanceLock.take(url, 'alone')).rejects.toThrow(/a Qelem server without --redis|another Qelem server/);
    await first.release();
    await second.release();
    const alone = await InstanceLock.take(url, 'alone');
    await expect(InstanceLock.take(url, 'shared')).rejects.toThrow(/a Qelem server without --redis is using postgres:\/\/qelem@127\.0\.0\.1:\d+\/\w+ \(instances that share a database all need --redis\)/);
    await expect(InstanceLock.take(url, 'alone')).rejects.toThrow(/another Qelem server is already using/);
    await alone.release();
    const again = await InstanceLock.take(url, 'alone');
    await again.release();
  });
});
