// @vitest-environment node
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUSY_TIMEOUT_MS, SYNC_AFTER_MS, SYNC_WITHIN_MS, WAL_AUTOCHECKPOINT_PAGES, openDatabase, syncToDisk, transaction } from '../../electron/store/database';
import { LibraryNotWritableError, openLibrary, type Library } from '../../electron/store/library';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, SchemaTooNewError, migrate, schemaVersion, type Migration } from '../../electron/store/migrations';
import { createLibraryContext } from '../../electron/services/context';
import { createLibraryService } from '../../electron/services/library';
import { ArticleSummarySchema } from '../../shared/article';
import { removeDir, tempDir } from './helpers/library';

const OLD_ID = '0b0e2a8e-5d1c-4f7a-9c3e-2f6d8a1b4c5d';

const isRoot = process.getuid?.() === 0;

let tmp: string;
const opened: Library[] = [];

function open(dir: string): Library {
  const library = openLibrary(dir);
  opened.push(library);
  return library;
}

beforeEach(() => {
  tmp = tempDir('qelem-store-');
});

afterEach(() => {
  for (const library of opened.splice(0)) library.close();
  fs.chmodSync(tmp, 0o700);
  removeDir(tmp);
});

function pragma(db: DatabaseSync, name: string): unknown {
  const row = db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown>;
  return Object.values(row)[0];
}

function insertArticle(db: DatabaseSync, id: string): void {
  db.prepare(
    "INSERT INTO articles (id, slug, source_lang, state, meta, created_at, updated_at) VALUES (?, ?, 'ckb', 'draft', '{}', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
  ).run(id, `slug-${id}`);
}

describe('openDatabase', () => {
  it('sets WAL, synchronous=NORMAL, foreign keys and a busy timeout', () => {
    const { db } = open(path.join(tmp, 'lib'));
    expect(pragma(db, 'journal_mode')).toBe('wal');
    expect(pragma(db, 'synchronous')).toBe(1); // NORMAL: commits synced on a pause (see the transaction tests)
    expect(pragma(db, 'wal_autocheckpoint')).toBe(WAL_AUTOCHECKPOINT_PAGES);
    expect(pragma(db, 'journal_size_limit')).toBe(8 * 1024 * 1024);
    expect(pragma(db, 'foreign_keys')).toBe(1);
    expect(pragma(db, 'busy_timeout')).toBe(BUSY_TIMEOUT_MS);
  });

  it('creates every table, with a trigram FTS5 search index', () => {
    const { db } = open(path.join(tmp, 'lib'));
    const tables = (db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table'").all() as { name: string; sql: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['articles', 'versions', 'revisions', 'search_index', 'media', 'glossary', 'tm_pairs', 'tm_keys', 'tm_postings']));
    const fts = db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'search_index'").get() as { sql: string };
    expect(fts.sql).toMatch(/fts5/i);
    expect(fts.sql).toMatch(/trigram/);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('enforces foreign keys: a version needs its article', () => {
    const { db } = open(path.join(tmp, 'lib'));
    expect(() =>
      db
        .prepare(
          "INSERT INTO versions (article_id, lang, headline, standfirst, dateline, body, body_text, revision, updated_at, search_rowid) VALUES ('nope', 'en', '', '', '', '{}', '', 1, '', 1)",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it('refuses a database written by a newer Qelem, with a clear message', () => {
    const file = path.join(tmp, 'newer.db');
    const raw = new DatabaseSync(file);
    raw.exec(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(SchemaTooNewError);
    expect(() => openDatabase(file)).toThrow(/newer version of Qelem/);
  });
});

describe('migrate', () => {
  it('is a no-op on an up-to-date database', () => {
    const db = new DatabaseSync(':memory:');
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('applies pending migrations in order and records each version', () => {
    const db = new DatabaseSync(':memory:');
    const steps: Migration[] = [
      { version: 2, description: 'second', sql: 'ALTER TABLE t ADD COLUMN b TEXT' },
      { version: 1, description: 'first', sql: 'CREATE TABLE t (a TEXT)' },
    ];
    expect(migrate(db, steps.slice(1))).toBe(1);
    expect(migrate(db, steps)).toBe(2);
    expect((db.prepare('PRAGMA table_info(t)').all() as { name: string }[]).map((c) => c.name)).toEqual(['a', 'b']);
  });

  it('rolls a failing migration back completely, version included', () => {
    const db = new DatabaseSync(':memory:');
    const steps: Migration[] = [
      { version: 1, description: 'ok', sql: 'CREATE TABLE t (a TEXT)' },
      { version: 2, description: 'breaks half-way', sql: 'CREATE TABLE u (a TEXT); INSERT INTO missing VALUES (1);' },
    ];
    expect(() => migrate(db, steps)).toThrow(/no such table: missing/);
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'u'").get()).toBeUndefined();
    expect(db.isTransaction).toBe(false);
  });

  it('numbers the real migrations 1..n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });
});

describe('migrations 4 and 5 on a library written by schema 3', () => {
  it('opens, lists and reads an older library: no links, progress worked out', () => {
    const dir = path.join(tmp, 'old');
    fs.mkdirSync(dir);
    const raw = new DatabaseSync(path.join(dir, 'qelem.db'));
    migrate(raw, MIGRATIONS.filter((m) => m.version <= 3));
    const at = '2024-05-01T10:00:00.000Z';
    const body = JSON.stringify({ root: { type: 'root', version: 1, direction: 'rtl', format: '', indent: 0, children: [{ type: 'paragraph', version: 1, children: [] }] } });
    raw.prepare("INSERT INTO articles (id, slug, source_lang, state, meta, created_at, updated_at) VALUES (?, 'old-one', 'ckb', 'translating', '{}', ?, ?)").run(OLD_ID, at, at);
    raw.prepare("INSERT INTO search_index (rowid, folded) VALUES (1, 'سەردێڕ'), (2, 'headline')").run();
    const insertVersion = raw.prepare(
      "INSERT INTO versions (article_id, lang, headline, standfirst, dateline, body, body_text, revision, updated_at, search_rowid) VALUES (?, ?, ?, '', '', ?, '', 1, ?, ?)",
    );
    insertVersion.run(OLD_ID, 'ckb', 'سەردێڕ', body, at, 1);
    insertVersion.run(OLD_ID, 'en', 'Headline', body, at, 2);
    const content = JSON.stringify({ headline: 'Headline', standfirst: '', dateline: '', body: JSON.parse(body) });
    raw.prepare("INSERT INTO revisions (article_id, lang, revision, content, saved_at) VALUES (?, 'en', 1, ?, ?)").run(OLD_ID, content, at);
    raw.close();

    const library = open(dir);
    expect(schemaVersion(library.db)).toBe(LATEST_SCHEMA_VERSION);
    const service = createLibraryService(createLibraryContext(library));
    const list = service.listArticles({ sort: 'updated', order: 'desc', offset: 0, limit: 50, trashed: false });
    expect(list.total).toBe(1);
    // Schema 3 had no links: the translation starts with its source's one segment (the headline) missing.
    expect(ArticleSummarySchema.parse(list.items[0])).toMatchObject({
      id: OLD_ID,
      headline: 'سەردێڕ',
      languages: ['en', 'ckb'],
      progress: { en: { from: 'ckb', total: 1, missing: 1, draft: 0, done: 0, stale: 0, approved: 0, orphaned: 0 } },
    });
    const read = service.getArticle({ id: OLD_ID });
    expect(read.versions.en).toMatchObject({ headline: 'Headline', fieldLinks: {}, revision: 1 });
    expect(service.searchArticles({ query: 'headline', limit: 10 }).items.map((h) => h.id)).toEqual([OLD_ID]);
    // The next save works on the migrated row (its document made from it), and the old revision restores on top.
    const changed = { headline: 'Headline, changed', standfirst: '', dateline: '', byline: '', leadImageCaption: '', leadImageAlt: '', body: JSON.parse(body), fieldLinks: {} };
    expect(service.saveVersion({ id: OLD_ID, lang: 'en', baseRevision: 1, content: changed })).toMatchObject({ revision: 2, headline: 'Headline, changed' });
    expect(service.restoreRevision({ id: OLD_ID, lang: 'en', revision: 1, baseRevision: 2 })).toMatchObject({ revision: 3, headline: 'Headline', fieldLinks: {} });
    expect(library.db.prepare('SELECT count(*) AS n FROM glossary').get()).toEqual({ n: 0 });
    expect(library.db.prepare('SELECT count(*) AS n FROM tm_pairs').get()).toEqual({ n: 0 });
  });
});

describe('migration 8 on a library written by schema 7 (issue 16: the search fold changed)', () => {
  it('rebuilds the index, refolds glossary and memory, and fills the headline sort keys', () => {
    const dir = path.join(tmp, 'old7');
    fs.mkdirSync(dir);
    const raw = new DatabaseSync(path.join(dir, 'qelem.db'));
    migrate(raw, MIGRATIONS.filter((m) => m.version <= 7));
    const at = (minute: number) => `2024-05-01T10:${String(minute).padStart(2, '0')}:00.000Z`;
    const body = JSON.stringify({ root: { type: 'root', version: 1, direction: 'rtl', format: '', indent: 0, children: [] } });
    const insertVersion = raw.prepare(
      "INSERT INTO versions (article_id, lang, headline, standfirst, dateline, body, body_text, revision, updated_at, search_rowid) VALUES (?, 'ckb', ?, '', '', ?, ?, 2, ?, ?)",
    );
    const ids = ['0b0e2a8e-5d1c-4f7a-9c3e-2f6d8a1b4c51', '0b0e2a8e-5d1c-4f7a-9c3e-2f6d8a1b4c52'];
    ids.forEach((id, i) => raw.prepare("INSERT INTO articles (id, slug, source_lang, state, meta, created_at, updated_at) VALUES (?, ?, 'ckb', 'draft', '{}', ?, ?)").run(id, `old-${i}`, at(i), at(i)));
    // Rows as schema 7 folded them: punctuation kept, ڕ and a final ه as typed, no spaces around; and a stale mark.
    raw.prepare("INSERT INTO search_index (rowid, folded) VALUES (1, 'هەولێر نوکه، ڕۆژی هەینی.'), (2, 'پارێزگا بی بی سی'), (-2, '')").run();
    insertVersion.run(ids[0]!, 'هەولێر', body, 'نوکه، ڕۆژی هەینی.', at(0), 1);
    insertVersion.run(ids[1]!, 'پارێزگا', body, 'بی بی سی لە تەمووزدا', at(1), 2);
    raw.prepare("INSERT INTO glossary (id, en, ckb, kmr, note, en_fold, ckb_fold, kmr_fold, created_at, updated_at) VALUES ('g1', 'Peshmerga', 'پێشمەرگه', 'پێشمەرگه', '', 'peshmerga', 'پێشمەرگه', 'پێشمەرگه', ?, ?)").run(at(0), at(0));
    // Two memory pairs the new fold makes one (ڕ/ر at a word start): the newer stays.
    const addPair = (id: number, source: string, target: string, minute: number) => {
      raw.prepare("INSERT INTO tm_pairs (id, from_lang, to_lang, source_text, target_text, source_fold, word_count, updated_at) VALUES (?, 'ckb', 'en', ?, ?, ?, 2, ?)").run(id, source, target, source, at(minute));
      for (const key of new Set(source.split(' ').map((w) => w.slice(0, 5)))) {
        const row = raw
          .prepare("INSERT INTO tm_keys (from_lang, to_lang, key, pairs) VALUES ('ckb', 'en', ?, 1) ON CONFLICT (from_lang, to_lang, key) DO UPDATE SET pairs = pairs + 1 RETURNING id")
          .get(key) as { id: number };
        raw.prepare('INSERT INTO tm_postings (key_id, word_count, pair_id) VALUES (?, 2, ?)').run(row.id, id);
      }
    };
    addPair(1, 'ڕۆژی هەینی', 'on Friday (older)', 1);
    addPair(2, 'رۆژی هەینی', 'on Friday', 2);
    addPair(3, 'هەولێر باران', 'rain in Erbil', 3);
    raw.close();

    const library = open(dir);
    expect(schemaVersion(library.db)).toBe(LATEST_SCHEMA_VERSION);
    const { db } = library;
    expect(db.prepare('SELECT rowid, folded FROM search_index ORDER BY rowid').all()).toEqual([
      { rowid: 1, folded: ' هەولێر نوکە رۆژی هەینی ' },
      { rowid: 2, folded: ' پارێزگا بی بی سی لە تەمموزدا ' },
    ]);
    const service = createLibraryService(createLibraryContext(library));
    const found = (query: string) => service.searchArticles({ query, limit: 10 }).items.map((h) => h.id);
    expect(found('نوكه')).toEqual([ids[0]]);
    expect(found('رۆژ')).toEqual([ids[0]]);
    expect(found('بی بی سی')).toEqual([ids[1]]);
    expect(found('تەمموز')).toEqual([ids[1]]);
    const headlines = service.listArticles({ sort: 'headline', order: 'asc', offset: 0, limit: 50, trashed: false }).items.map((i) => i.headline);
    expect(headlines).toEqual(['پارێزگا', 'هەولێر']);

    expect(db.prepare('SELECT en_fold, ckb_fold, kmr_fold FROM glossary').get()).toEqual({ en_fold: 'peshmerga', ckb_fold: 'پێشمەرگە', kmr_fold: 'پێشمەرگە' });
    expect(db.prepare('SELECT id, source_fold, target_text FROM tm_pairs ORDER BY id').all()).toEqual([
      { id: 2, source_fold: 'رۆژی هەینی', target_text: 'on Friday' },
      { id: 3, source_fold: 'هەولێر باران', target_text: 'rain in Erbil' },
    ]);
    // Every key counts exactly the pairs that post it.
    const counts = db.prepare('SELECT k.key, k.pairs, (SELECT count(*) FROM tm_postings p WHERE p.key_id = k.id) AS posted FROM tm_keys k ORDER BY k.key').all() as { key: string; pairs: number; posted: number }[];
    expect(counts.map((c) => [c.key, c.pairs])).toEqual(counts.map((c) => [c.key, c.posted]));
    expect(counts.map((c) => c.key).sort()).toEqual(['باران', 'رۆژی', 'هەولێ', 'هەینی'].sort());
  });
});

describe('transaction', () => {
  it('commits on success and rolls back on a throw', () => {
    const { db } = open(path.join(tmp, 'lib'));
    transaction(db, () => insertArticle(db, 'a'));
    expect(() =>
      transaction(db, () => {
        insertArticle(db, 'b');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect((db.prepare('SELECT id FROM articles').all() as { id: string }[]).map((r) => r.id)).toEqual(['a']);
    expect(db.isTransaction).toBe(false);
  });

  describe('syncing commits to disk (synchronous = NORMAL)', () => {
    const bigArticle = (db: DatabaseSync, id: string) =>
      db.prepare("INSERT INTO articles (id, slug, source_lang, state, meta, created_at, updated_at) VALUES (?, ?, 'ckb', 'draft', ?, '', '')").run(id, id, JSON.stringify({ pad: 'x'.repeat(200_000) }));
    /** The articles in the database file alone (a copy without its WAL): a commit reaches it when the WAL is checkpointed, after the WAL was synced. */
    const inDatabaseFile = (library: Library) => {
      const copy = path.join(tmp, `copy-${Math.random()}.db`);
      fs.copyFileSync(path.join(library.dir, 'qelem.db'), copy);
      const raw = new DatabaseSync(copy, { readOnly: true });
      try {
        return (raw.prepare('SELECT id FROM articles ORDER BY id').all() as { id: string }[]).map((r) => r.id);
      } finally {
        raw.close();
      }
    };

    afterEach(() => {
      vi.useRealTimers();
    });

    it('syncs the commits once writing pauses', () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const library = open(path.join(tmp, 'lib'));
      expect(syncToDisk(library.db)).toBe(true);
      transaction(library.db, () => bigArticle(library.db, 'a'));
      vi.advanceTimersByTime(SYNC_AFTER_MS - 10);
      expect(inDatabaseFile(library)).toEqual([]);
      vi.advanceTimersByTime(20);
      expect(inDatabaseFile(library)).toEqual(['a']);
    });

    it('syncs within SYNC_WITHIN_MS however often commits follow', () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const library = open(path.join(tmp, 'lib'));
      syncToDisk(library.db);
      // A commit every second for 12 s: never a pause of SYNC_AFTER_MS.
      for (let i = 0; i < 12; i++) {
        transaction(library.db, () => bigArticle(library.db, `a${String(i).padStart(2, '0')}`));
        vi.advanceTimersByTime(1_000);
      }
      expect(inDatabaseFile(library).length).toBeGreaterThanOrEqual(SYNC_WITHIN_MS / 1_000);
    });

    it('does not sync inside a transaction left open, but right after it', () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const library = open(path.join(tmp, 'lib'));
      syncToDisk(library.db);
      transaction(library.db, () => bigArticle(library.db, 'a'));
      library.db.exec('BEGIN IMMEDIATE');
      bigArticle(library.db, 'b');
      vi.advanceTimersByTime(SYNC_WITHIN_MS);
      expect(inDatabaseFile(library)).toEqual([]);
      library.db.exec('COMMIT');
      vi.advanceTimersByTime(SYNC_AFTER_MS);
      expect(inDatabaseFile(library)).toEqual(['a', 'b']);
    });

    it('leaves a closed library alone', () => {
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const library = openLibrary(path.join(tmp, 'lib'));
      transaction(library.db, () => bigArticle(library.db, 'a'));
      library.close();
      expect(() => vi.advanceTimersByTime(SYNC_WITHIN_MS)).not.toThrow();
      expect(vi.getTimerCount()).toBe(0);
    });
  });
});

describe('openLibrary', () => {
  it('creates the folder, media/ and qelem.db', () => {
    const dir = path.join(tmp, 'deep', 'er', 'lib');
    const library = open(dir);
    expect(fs.statSync(library.mediaDir).isDirectory()).toBe(true);
    expect(library.mediaDir).toBe(path.join(library.dir, 'media'));
    expect(fs.existsSync(path.join(dir, 'qelem.db'))).toBe(true);
  });

  it('keeps data across close and reopen', () => {
    const dir = path.join(tmp, 'lib');
    const first = openLibrary(dir);
    insertArticle(first.db, 'kept');
    first.close();
    const second = open(dir);
    expect(second).not.toBe(first);
    expect(second.db.prepare('SELECT id FROM articles').all()).toEqual([{ id: 'kept' }]);
  });

  it('opens a folder once per process, whatever path names it', () => {
    const dir = path.join(tmp, 'lib');
    const a = open(dir);
    expect(open(dir)).toBe(a);
    expect(open(`${dir}/./`)).toBe(a);
    fs.symlinkSync(dir, path.join(tmp, 'alias'));
    expect(open(path.join(tmp, 'alias'))).toBe(a);
    expect(open(path.join(tmp, 'other'))).not.toBe(a);
  });

  it('forgets a closed library, and closing twice is harmless', () => {
    const dir = path.join(tmp, 'lib');
    const a = openLibrary(dir);
    a.close();
    a.close();
    expect(a.db.isOpen).toBe(false);
    const b = open(dir);
    expect(b).not.toBe(a);
    expect(b.db.isOpen).toBe(true);
  });

  it('does not register a library whose schema is too new', () => {
    const dir = path.join(tmp, 'lib');
    fs.mkdirSync(dir);
    const raw = new DatabaseSync(path.join(dir, 'qelem.db'));
    raw.exec(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    raw.close();
    expect(() => openLibrary(dir)).toThrow(SchemaTooNewError);
    expect(() => openLibrary(dir)).toThrow(SchemaTooNewError);
  });

  it.skipIf(isRoot)('refuses a folder it cannot write (skipped as root: root ignores permission bits)', () => {
    const dir = path.join(tmp, 'locked');
    fs.mkdirSync(dir, { mode: 0o555 });
    expect(() => openLibrary(dir)).toThrow(LibraryNotWritableError);
  });
});
