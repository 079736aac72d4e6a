// @vitest-environment node
/**
 * Crash safety: a child process (Node 24, node:sqlite, the app's own
 * service table and document hub) edits shared documents in a loop, as a
 * window does (a replica of each document, every edit pushed as a Yjs
 * update), creating articles now and then, and is killed with SIGKILL at a
 * random moment, over and over. The child writes a line to stdout for every
 * edit only after the library acknowledged it. After every kill the library
 * is checked:
 *   - `PRAGMA integrity_check` is ok, no foreign key is broken, and the search
 *     index passes FTS5's own integrity check;
 *   - every acknowledged edit is in its document (the snapshot and the update
 *     log, read as the library reads them);
 *   - no article is half-written: every article has its documents and its
 *     source version, every version its revisions 1…N without a gap, the
 *     newest equal to the version row, and its row in the search index;
 *   - opened by the app again, the rows derived from the documents hold every
 *     acknowledged edit (what a kill cut short of being derived is derived);
 *   - every backup the child made at its starts (killed or not) is whole.
 * The libraries are replaced every few kills so each check stays quick; the
 * acknowledgements of all earlier kills on a library are checked again after
 * every later one (a crash must not lose what an earlier run saved).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBackupName } from '../../electron/services/backups';
import { createServiceTable } from '../../electron/services/table';
import { createDocumentStore } from '../../electron/store/documents';
import { openLibrary } from '../../electron/store/library';
import { MIGRATIONS } from '../../electron/store/migrations';
import * as Y from 'yjs';
import { lcg32 } from '../seeded-random';

const KILLS = 220;
const KILLS_PER_LIBRARY = 22;
const repo = path.resolve('.');

let tmp: string;
let childJs: string;

/**
 * The child: opens the library in argv[2] through the app's own code, says
 * `ready`, then saves as fast as it can until it is killed. Bundled by Vite
 * for Node (the app's TypeScript imports have no extensions).
 */
const CHILD_SOURCE = `
import { writeSync } from 'node:fs';
import * as Y from ${JSON.stringify(path.join(repo, 'node_modules/yjs/dist/yjs.mjs'))};
import { createServices } from ${JSON.stringify(path.join(repo, 'electron/services/table'))};
import { openLibrary } from ${JSON.stringify(path.join(repo, 'electron/store/library'))};
import { emptyVersionDocUpdate } from ${JSON.stringify(path.join(repo, 'shared/collab/convert'))};
import { versionDocName } from ${JSON.stringify(path.join(repo, 'shared/collab/doc-names'))};
import { lcg32 } from ${JSON.stringify(path.join(repo, 'tests/seeded-random'))};

const [dir, seqText, seedText] = process.argv.slice(2);
let seq = Number(seqText);
const next = lcg32(Number(seedText) >>> 0 || 1);
const random = () => next() / 2 ** 32;
// The parent reads this pipe as it can: on a loaded machine it fills (EAGAIN on the non-blocking pipe), and a
// line must still be written whole, and before the next save, so the wait is here.
const pause = new Int32Array(new SharedArrayBuffer(4));
const say = (line) => {
  const data = Buffer.from(line + '\\n');
  for (let written = 0; written < data.length; ) {
    try {
      written += writeSync(1, data, written);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 2);
    }
  }
};
const b64 = (bytes) => Buffer.from(bytes).toString('base64');
const LANGS = ['en', 'ckb', 'kmr'];

const library = openLibrary(dir);
const { table, documents } = createServices(library, { deriveAfterMs: 50 });
const session = documents.connect(() => undefined);
const articles = new Map();
for (const a of library.db.prepare('SELECT id, source_lang FROM articles').all()) articles.set(a.id, a.source_lang);
say('ready');

/** This process's replica of a document: what the library holds, or a version's deterministic start. */
const replicas = new Map();
async function replicaOf(id, lang) {
  const name = versionDocName(id, lang);
  let replica = replicas.get(name);
  if (!replica) {
    const doc = new Y.Doc();
    const opened = await table.openDocument({ session, name, stateVector: b64(Y.encodeStateVector(doc)) });
    if (!opened.ok) throw new Error('openDocument: ' + opened.error.message);
    Y.applyUpdate(doc, Buffer.from(opened.value.exists ? opened.value.update : b64(emptyVersionDocUpdate(id, lang)), 'base64'), 'remote');
    replica = { doc, created: opened.value.exists };
    replicas.set(name, replica);
  }
  return replica;
}

for (;;) {
  // Now and then a turn of the event loop, as between a window's edits: derivation and the start backup run then.
  if (seq % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
  seq++;
  const ids = [...articles.keys()];
  if (ids.length === 0 || random() < 0.05) {
    const sourceLang = LANGS[Math.floor(random() * 3)];
    const result = await table.createArticle({ sourceLang });
    if (!result.ok) throw new Error('createArticle: ' + result.error.message);
    articles.set(result.value.id, sourceLang);
    say(JSON.stringify({ op: 'create', id: result.value.id, lang: sourceLang, token: '' }));
    continue;
  }
  const id = ids[Math.floor(random() * ids.length)];
  const lang = random() < 0.7 ? articles.get(id) : LANGS[Math.floor(random() * 3)];
  const replica = await replicaOf(id, lang);
  // A word typed into the standfirst: one Yjs update, pushed as a window pushes it.
  const token = 'k' + seq;
  const field = replica.doc.getText('field:standfirst');
  let update = null;
  const capture = (u) => (update = u);
  replica.doc.once('update', capture);
  field.insert(field.length, ' ' + token);
  // A version nobody wrote yet is created by its first push, with its start.
  const push = replica.created ? update : Y.mergeUpdates([Y.encodeStateAsUpdate(replica.doc)]);
  const result = await table.pushDocument({ session, name: versionDocName(id, lang), update: b64(push) });
  if (!result.ok) throw new Error('pushDocument: ' + result.error.code + ' ' + result.error.message);
  replica.created = true;
  say(JSON.stringify({ op: 'push', id, lang, token }));
}
`;

interface Ack {
  op: 'create' | 'push';
  id: string;
  lang: string;
  /** The word the edit typed into the version's standfirst ('' for a new article). */
  token: string;
}

const digestOf = (v: { headline: unknown; standfirst: unknown; body: unknown }) => createHash('sha256').update(JSON.stringify([v.headline, v.standfirst, v.body])).digest('hex');

/** One run of the child: spawned, killed with SIGKILL after `killAfterMs` (from spawn, or from `ready`), its acknowledgements read. */
function runAndKill(dir: string, seq: number, seed: number, killAfterMs: number, fromReady: boolean): Promise<{ acks: Ack[]; ready: boolean; stderr: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [childJs, dir, String(seq), String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let ready = false;
    let timer: NodeJS.Timeout | undefined;
    const kill = () => child.kill('SIGKILL');
    if (!fromReady) timer = setTimeout(kill, killAfterMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (!ready && out.startsWith('ready\n')) {
        ready = true;
        if (fromReady) timer = setTimeout(kill, killAfterMs);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (err += chunk));
    // A child that dies by itself (an error) is a failure; a safety net for one that never gets ready.
    const guard = setTimeout(kill, 15_000);
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      // Only complete lines count: a line cut by the kill was never acknowledged.
      const lines = out.split('\n').slice(0, -1);
      const acks = lines.filter((l) => l !== 'ready').map((l) => JSON.parse(l) as Ack);
      resolve({ acks, ready, stderr: err, signal });
    });
  });
}

interface VersionRow {
  article_id: string;
  lang: string;
  revision: number;
  headline: string;
  standfirst: string;
  body: string;
  search_rowid: number;
}

/**
 * The backups the child made at its starts (electron/services/backups.ts), some of them killed halfway:
 * every one under a backup's name is whole (a killed one is only ever a temporary file, never listed).
 */
function checkBackups(dir: string): number {
  const backupsDir = path.join(dir, 'backups');
  const names = fs.existsSync(backupsDir) ? fs.readdirSync(backupsDir).filter((name) => parseBackupName(name) !== null) : [];
  for (const name of names) {
    const db = new DatabaseSync(path.join(backupsDir, name), { readOnly: true });
    try {
      expect(db.prepare('PRAGMA integrity_check').all(), `backup ${name}`).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      db.close();
    }
  }
  return names.length;
}

/** Opens the library after a kill and checks everything; returns the number of rows checked. */
function checkLibrary(dir: string, acks: readonly Ack[]): { versions: number; revisions: number; backups: number } | 'not created' | 'not migrated' {
  const file = path.join(dir, 'qelem.db');
  if (!fs.existsSync(file)) {
    // Killed before the library was created: then nothing can have been acknowledged.
    expect(acks).toEqual([]);
    return 'not created';
  }
  const db = new DatabaseSync(file);
  try {
    expect(db.prepare('PRAGMA integrity_check').all()).toEqual([{ integrity_check: 'ok' }]);
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    // Killed while the schema was being created or migrated: each migration is one transaction, so the
    // database is at an earlier version, and the next start carries on. Nothing was acknowledged yet.
    const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
    if (version < MIGRATIONS.at(-1)!.version) {
      expect(acks).toEqual([]);
      return 'not migrated';
    }
    // FTS5's own check of its shadow tables (throws SQLITE_CORRUPT_VTAB when they disagree); it writes nothing.
    db.exec("INSERT INTO search_index (search_index) VALUES ('integrity-check')");

    // No article half-written.
    const articles = db.prepare('SELECT id, source_lang FROM articles').all() as { id: string; source_lang: string }[];
    const versions = db.prepare('SELECT article_id, lang, revision, headline, standfirst, body, search_rowid FROM versions').all() as unknown as VersionRow[];
    const byKey = new Map(versions.map((v) => [`${v.article_id}/${v.lang}`, v]));
    for (const a of articles) expect(byKey.has(`${a.id}/${a.source_lang}`), `article ${a.id} without its source version`).toBe(true);
    const revisionCounts = db.prepare('SELECT article_id, lang, count(*) AS n, min(revision) AS lo, max(revision) AS hi FROM revisions GROUP BY article_id, lang').all() as {
      article_id: string;
      lang: string;
      n: number;
      lo: number;
      hi: number;
    }[];
    expect(revisionCounts.length).toBe(versions.length);
    // Every article has its article document and its source version's.
    const documentNames = new Set((db.prepare('SELECT name FROM documents').all() as { name: string }[]).map((row) => row.name));
    for (const a of articles) {
      expect(documentNames.has(`article/${a.id}`), `article ${a.id} without its document`).toBe(true);
      expect(documentNames.has(`article/${a.id}/${a.source_lang}`), `article ${a.id} without its source version's document`).toBe(true);
    }
    let revisions = 0;
    for (const r of revisionCounts) {
      const v = byKey.get(`${r.article_id}/${r.lang}`);
      expect(v, `revisions of ${r.article_id}/${r.lang} without a version`).toBeDefined();
      expect([r.lo, r.hi, r.n], `revisions of ${r.article_id}/${r.lang}`).toEqual([1, v!.revision, v!.revision]);
      revisions += r.n;
    }
    const selectRevision = db.prepare('SELECT content FROM revisions WHERE article_id = ? AND lang = ? AND revision = ?');
    const searchRow = db.prepare('SELECT rowid FROM search_index WHERE rowid = ?');
    for (const v of versions) {
      const newest = selectRevision.get(v.article_id, v.lang, v.revision) as { content: string };
      expect(digestOf(JSON.parse(newest.content) as VersionRow), `newest revision of ${v.article_id}/${v.lang} differs from its version row`).toBe(
        digestOf({ headline: v.headline, standfirst: v.standfirst, body: JSON.parse(v.body) }),
      );
      expect(searchRow.get(v.search_rowid), `search row of ${v.article_id}/${v.lang}`).toBeDefined();
    }

    // Every acknowledged edit is in its document, as the library reads documents (snapshot, then the log).
    const store = createDocumentStore(db);
    const standfirsts = new Map<string, string>();
    const standfirstOf = (id: string, lang: string): string | null => {
      const name = `article/${id}/${lang}`;
      if (!standfirsts.has(name)) {
        const stored = store.load(name);
        if (!stored) return null;
        const doc = new Y.Doc();
        Y.applyUpdate(doc, Y.mergeUpdates(stored.updates));
        standfirsts.set(name, doc.getText('field:standfirst').toString());
      }
      return standfirsts.get(name) ?? null;
    };
    for (const ack of acks) {
      if (ack.op === 'create') {
        expect(articles.some((a) => a.id === ack.id), `acknowledged article ${ack.id} is missing`).toBe(true);
        expect(store.load(`article/${ack.id}`), `the document of acknowledged article ${ack.id} is missing`).not.toBeNull();
        continue;
      }
      const words = standfirstOf(ack.id, ack.lang)?.split(' ') ?? [];
      expect(words, `acknowledged edit ${ack.token} of ${ack.id}/${ack.lang} is missing from its document`).toContain(ack.token);
    }
    return { versions: versions.length, revisions, backups: checkBackups(dir) };
  } finally {
    db.close();
  }
}

/**
 * The library opened by the app again, as at its next start: the rows derived
 * from the documents (the version's standfirst, its search row) hold every
 * acknowledged edit, what a kill cut short of being derived included.
 */
async function checkDerived(dir: string, acks: readonly Ack[]): Promise<void> {
  const library = openLibrary(dir);
  try {
    const table = createServiceTable(library, { backups: false, deriveAfterMs: null });
    const byVersion = new Map<string, string[]>();
    for (const ack of acks) if (ack.op === 'push') byVersion.set(`${ack.id}/${ack.lang}`, [...(byVersion.get(`${ack.id}/${ack.lang}`) ?? []), ack.token]);
    for (const [key, tokens] of byVersion) {
      const [id, lang] = key.split('/') as [string, 'en' | 'ckb' | 'kmr'];
      const read = await table.getArticle({ id });
      expect(read.ok, `${id} cannot be read: ${!read.ok ? read.error.message : ''}`).toBe(true);
      const words = read.ok ? (read.value.versions[lang]?.standfirst.split(' ') ?? []) : [];
      for (const token of tokens) expect(words, `acknowledged edit ${token} of ${key} is missing from its derived version row`).toContain(token);
    }
  } finally {
    library.close();
  }
}

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qelem-crash-'));
  const entry = path.join(tmp, 'child.ts');
  fs.writeFileSync(entry, CHILD_SOURCE);
  await build({
    configFile: false,
    root: repo,
    logLevel: 'warn',
    // Dependencies (zod) bundled too: the child runs from a temporary folder with no node_modules.
    ssr: { noExternal: true },
    build: {
      ssr: entry,
      outDir: path.join(tmp, 'child'),
      emptyOutDir: true,
      target: 'node24',
      minify: false,
      copyPublicDir: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'child.mjs' } },
    },
  });
  childJs = path.join(tmp, 'child', 'child.mjs');
}, 120_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('crash safety', () => {
  it(`keeps every acknowledged edit through ${KILLS} SIGKILLs at random moments`, { timeout: 180_000 }, async () => {
    const started = Date.now();
    const firstSeed = Number(process.env.QELEM_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
    const totals = { survived: 0, acknowledged: 0, beforeReady: 0, unopened: 0, last: { versions: 0, revisions: 0, backups: 0 } };
    let failed = false;

    /** One lane of kills, its libraries its own; two lanes run side by side (a child is mostly waiting on its disk). */
    async function lane(index: number, kills: number): Promise<void> {
      const next = lcg32(firstSeed + index);
      const random = () => next() / 2 ** 32;
      let seq = index * 1e9;
      let dir = '';
      let acks: Ack[] = [];
      for (let kill = 0; kill < kills && !failed; kill++) {
        if (kill % KILLS_PER_LIBRARY === 0) {
          dir = path.join(tmp, `lane-${index}-library-${kill / KILLS_PER_LIBRARY}`);
          acks = [];
        }
        // One kill in eight lands while the child starts (opening, migrating, its first saves); the rest while it saves.
        const early = random() < 0.125;
        const delay = early ? 10 + random() * 200 : random() * 120;
        const run = await runAndKill(dir, seq, Math.floor(random() * 2 ** 31), delay, !early);
        seq += 100_000;
        try {
          expect(run.signal, `the child ended by itself: ${run.stderr.slice(0, 2000)}`).toBe('SIGKILL');
          acks.push(...run.acks);
          const checked = checkLibrary(dir, acks);
          if (typeof checked === 'string') totals.unopened++;
          else {
            totals.last = checked;
            // The app's own reading (which derives what was not) every few kills: it is the slow part.
            if (kill % 5 === 4 || kill === kills - 1) await checkDerived(dir, acks);
          }
        } catch (error) {
          failed = true;
          throw new Error(`lane ${index}, after kill ${kill + 1} (QELEM_CRASH_SEED=${firstSeed})`, { cause: error });
        }
        if (!run.ready) totals.beforeReady++;
        totals.acknowledged += run.acks.length;
        totals.survived++;
      }
    }

    await Promise.all([lane(0, Math.ceil(KILLS / 2)), lane(1, Math.floor(KILLS / 2))]);
    console.log(
      `crash safety: ${totals.survived} SIGKILLs survived in ${((Date.now() - started) / 1000).toFixed(1)} s ` +
        `(${totals.beforeReady} before the child was ready, ${totals.unopened} before its library was created and migrated), ` +
        `${totals.acknowledged} acknowledged edits all found in their documents and, opened again, in the derived rows; a library after ${KILLS_PER_LIBRARY} kills: ${totals.last.versions} versions, ${totals.last.revisions} revisions, ${totals.last.backups} whole backups made at its starts`,
    );
    expect(totals.survived).toBe(KILLS);
    expect(totals.acknowledged).toBeGreaterThan(KILLS);
  });
});
