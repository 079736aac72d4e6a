import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { API, type ApiInput, type ApiOutput, type ServiceTable } from '../../shared/api';
import type { ApiMethod } from '../../shared/api-methods';
import { LANGUAGE_KEYS, type LanguageKey } from '../../shared/languages';
import { bodyToPlainText } from '../../shared/render/plain-text';
import { foldForSearch } from '../../shared/text/search-fold';
import { createServices, createServiceTable } from '../../electron/services/table';
import { searchIndexOf } from '../../electron/store/search-index';
import { createTranslationMemory } from '../../electron/store/translation-memory';
import { syncToDisk } from '../../electron/store/database';
import { openLibrary, type Library } from '../../electron/store/library';
import { seededRandom } from '../seeded-random';
import { generateVersion, loadCorpus, type Corpus, type VersionInput } from './corpus';
import { alternate, summarize, timed, type Summary } from './stats';

/** Calls a service-table method and unwraps its result envelope (a failure is a bench bug: throw). */
export async function call<M extends ApiMethod>(table: ServiceTable, method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const result = await table[method](input);
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code}: ${result.error.message}`);
  return result.value as ApiOutput<M>;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A copy of the body with `suffix` appended to the text of the middle block: what one keystroke changes. */
export function editedBody(content: VersionInput, suffix: string): VersionInput {
  const children = [...content.body.root.children];
  const middle = Math.floor(children.length / 2);
  const block = children[middle] as { children?: { text?: string }[] };
  const runs = [...(block.children ?? [])];
  const last = runs[runs.length - 1] ?? {};
  runs[runs.length - 1] = { ...last, text: `${last.text ?? ''}${suffix}` };
  children[middle] = { ...(block as object), children: runs } as (typeof children)[number];
  return { ...content, body: { ...content.body, root: { ...content.body.root, children } } };
}

// ---------------------------------------------------------------------------
// Case 3, for reference: saveVersion of the whole 10,000-word version, what the
// editor's autosave called before issue 14 (the editor now pushes each edit as
// a Yjs update: document-cases.ts). saveVersion is still in the API; it is now
// an edit of the version's document (the smallest change from what it holds)
// and its rows derived at once.

export interface AutosaveResult {
  service: Summary;
  rawInsert: Summary;
  serviceCpu: Summary;
  rawInsertCpu: Summary;
  /** Median milliseconds per part of one save (see breakdownOfSave). */
  breakdown: Record<string, number>;
}

/**
 * saveVersion of the 10,000-word Sorani body through the service table (as
 * both transports call it), against the raw baseline: JSON.stringify of the
 * same content and one INSERT into a scratch table of the same database
 * (autocommit: one commit per save, as the service's transaction, with the library's own synchronous setting).
 */
export async function benchAutosave(content: VersionInput, rounds: number): Promise<AutosaveResult> {
  const dir = tempDir('qelem-bench-save-');
  const library = openLibrary(dir);
  try {
    const table = createServiceTable(library, { backups: false });
    const article = await call(table, 'createArticle', { sourceLang: 'ckb' });
    let revision = (await call(table, 'saveVersion', { id: article.id, lang: 'ckb', baseRevision: 1, content })).revision;
    library.db.exec('CREATE TABLE bench_scratch (id INTEGER PRIMARY KEY, content TEXT NOT NULL)');
    const insert = library.db.prepare('INSERT INTO bench_scratch (content) VALUES (?)');

    // Every save carries one more typed character, prepared outside the timing.
    const edits = Array.from({ length: rounds + 3 }, (_, i) => editedBody(content, 'ک'.repeat(i + 1)));
    let next = 0;
    let rawNext = 0;
    const timing = await alternate(
      rounds,
      3,
      async () => {
        const saved = await call(table, 'saveVersion', { id: article.id, lang: 'ckb', baseRevision: revision, content: edits[next++ % edits.length] as VersionInput });
        revision = saved.revision;
      },
      () => insert.run(JSON.stringify(edits[rawNext++ % edits.length])),
    );
    const breakdown = await breakdownOfSave(library, article.id, revision, edits, Math.min(rounds, 15));
    return { service: summarize(timing.a), rawInsert: summarize(timing.b), serviceCpu: summarize(timing.aCpu), rawInsertCpu: summarize(timing.bCpu), breakdown };
  } finally {
    library.close();
    removeDir(dir);
  }
}

/**
 * Where a save's time goes: the JS steps the service runs, timed on their own,
 * and every SQL statement of the save timed through a wrapped connection (the
 * app's code unchanged: the service is simply handed an instrumented db).
 */
async function breakdownOfSave(library: Library, id: string, startRevision: number, edits: VersionInput[], rounds: number): Promise<Record<string, number>> {
  const samples = new Map<string, number[]>();
  const add = (name: string, ms: number) => samples.set(name, [...(samples.get(name) ?? []), ms]);
  const sqlTimes = new Map<string, number>();
  const label = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 48);
  const db = instrumentedDb(library.db, (sql, ms) => sqlTimes.set(label(sql), (sqlTimes.get(label(sql)) ?? 0) + ms));
  const table = createServiceTable({ ...library, db }, { backups: false });
  let revision = startRevision;
  for (let i = 0; i < rounds; i++) {
    const content = edits[i % edits.length] as VersionInput;
    const payload = { id, lang: 'ckb', baseRevision: revision, content };
    add('validate input (zod)', await timed(() => API.saveVersion.input.safeParse(payload)));
    add('JSON.stringify body (once: the revision is put together around it)', await timed(() => JSON.stringify(content.body)));
    let text = '';
    add('body to plain text', await timed(() => (text = bodyToPlainText(content.body))));
    add('fold for search (now in the deferred catch-up)', await timed(() => foldForSearch(`${content.headline}\n${content.standfirst}\n${content.dateline}\n${text}`)));
    sqlTimes.clear();
    const whole = await timed(async () => (revision = (await call(table, 'saveVersion', payload as ApiInput<'saveVersion'>)).revision));
    add('whole saveVersion (instrumented)', whole);
    let inSql = 0;
    for (const [sql, ms] of sqlTimes) {
      add(`SQL: ${sql}`, ms);
      inSql += ms;
    }
    add('outside SQL (the JS steps above and the rest)', whole - inSql);
    // Deferred work of the save, not part of it: each runs on a pause in saving (and the catch-up before a search).
    add('deferred: search index catch-up (re-index of the version)', await timed(() => searchIndexOf(library.db).catchUp()));
    add('deferred: sync to disk (passive WAL checkpoint)', await timed(() => syncToDisk(library.db)));
  }
  const medians: Record<string, number> = {};
  for (const [name, values] of samples) medians[name] = summarize(values).median;
  return medians;
}

/** The connection with every statement's run/get/all and every exec timed; everything else passes through. */
export function instrumentedDb(db: DatabaseSync, record: (sql: string, ms: number) => void): DatabaseSync {
  const wrapStatement = (statement: StatementSync, sql: string): StatementSync =>
    new Proxy(statement, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        if (property !== 'run' && property !== 'get' && property !== 'all') return value.bind(target);
        return (...args: unknown[]) => {
          const start = performance.now();
          try {
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          } finally {
            record(sql, performance.now() - start);
          }
        };
      },
    });
  return new Proxy(db, {
    get(target, property) {
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      if (property === 'prepare') return (sql: string) => wrapStatement(target.prepare(sql), sql);
      if (property === 'exec')
        return (sql: string) => {
          const start = performance.now();
          try {
            return target.exec(sql);
          } finally {
            record(sql, performance.now() - start);
          }
        };
      return value.bind(target);
    },
  });
}

// ---------------------------------------------------------------------------
// Case 4: a library of 10,000 articles.

export interface GeneratedLibrary {
  dir: string;
  articles: number;
  versions: number;
  /** Seconds to generate (not part of any figure). */
  seconds: number;
}

/**
 * Generates `count` articles through the service table, batched: the calls
 * run inside one outer transaction per 500 articles, which the service's own
 * transactions join (electron/store/database.ts), so a batch costs one fsync.
 * Every article has its source version and, with probability 0.8 each, the
 * other two; bodies are 150–450 words of fixture text; timestamps run over
 * ten years from a fixed clock; 2% are in the trash.
 */
export async function generateLibrary(corpus: Corpus, count: number, seed: number): Promise<GeneratedLibrary> {
  const started = performance.now();
  const dir = tempDir('qelem-bench-library-');
  const random = seededRandom(seed);
  let clock = Date.UTC(2016, 0, 1);
  const step = (10 * 365 * 24 * 3600 * 1000) / (count * 3);
  const library = openLibrary(dir);
  const now = () => new Date((clock += step * (0.5 + random())));
  // A new service table (and document hub) per batch: a hub keeps every document it loaded, with its
  // headless editor, until a minute after its last use, and this loop never gives its timers a turn.
  let services = createServices(library, { now, backups: false, deriveAfterMs: null });
  let versions = 0;
  try {
    for (let i = 0; i < count; i++) {
      if (i % 500 === 0) library.db.exec('BEGIN IMMEDIATE');
      const { table } = services;
      const sourceLang = LANGUAGE_KEYS[Math.floor(random() * LANGUAGE_KEYS.length)] as LanguageKey;
      const article = await call(table, 'createArticle', { sourceLang });
      for (const lang of LANGUAGE_KEYS) {
        if (lang !== sourceLang && random() >= 0.8) continue;
        const words = 150 + Math.floor(random() * 300);
        const content = generateVersion(corpus, lang, words, seed + i * 3 + LANGUAGE_KEYS.indexOf(lang), 'quick');
        await call(table, 'saveVersion', { id: article.id, lang, baseRevision: lang === sourceLang ? 1 : 0, content });
        versions++;
      }
      if (random() < 0.02) await call(table, 'trashArticle', { id: article.id });
      if (i % 500 === 499 || i === count - 1) {
        library.db.exec('COMMIT');
        services.documents.dispose();
        services = createServices(library, { now, backups: false, deriveAfterMs: null });
      }
    }
  } catch (error) {
    if (library.db.isTransaction) library.db.exec('ROLLBACK');
    services.documents.dispose();
    library.close();
    removeDir(dir);
    throw error;
  }
  services.documents.dispose();
  library.close();
  return { dir, articles: count, versions, seconds: (performance.now() - started) / 1000 };
}

export interface LibraryQueryResult {
  /** CPU-time summaries of the same calls, by figure: list, listRaw, search, … */
  cpu: Record<string, Summary>;
  list: Summary;
  listRaw: Summary;
  search: Summary;
  searchRaw: Summary;
  searchHits: number;
  secondSearch: Summary;
  secondSearchRaw: Summary;
  secondSearchHits: number;
  /** The second query with RAW_SEARCH_NEWEST, against RAW_SEARCH. */
  newestFirst: Summary;
  breakdown: Record<string, number>;
}

/** The first page as the raw query a hand-written list would run: source headline joined, newest first, plus the count. */
const RAW_LIST = `SELECT a.id, a.slug, a.source_lang, a.state, a.created_at, a.updated_at, a.trashed_at, v.headline
  FROM articles a LEFT JOIN versions v ON v.article_id = a.id AND v.lang = a.source_lang
  WHERE a.trashed_at IS NULL ORDER BY a.updated_at DESC, a.id DESC LIMIT 50`;
const RAW_COUNT = 'SELECT count(*) AS n FROM articles WHERE trashed_at IS NULL';
/** The FTS5 query alone: matching versions by bm25 rank, no per-article grouping, no snippets. */
const RAW_SEARCH = `SELECT v.article_id, v.lang FROM search_index s JOIN versions v ON v.search_rowid = s.rowid
  WHERE search_index MATCH ? ORDER BY s.rank LIMIT 50`;
/** Experiment, not the app: newest index rows first, no bm25, so FTS5 can stop after 50 matches instead of ranking every one. */
const RAW_SEARCH_NEWEST = `SELECT v.article_id, v.lang FROM search_index s JOIN versions v ON v.search_rowid = s.rowid
  WHERE search_index MATCH ? ORDER BY s.rowid DESC LIMIT 50`;

/**
 * listArticles (first page, the app's defaults) and searchArticles in Sorani
 * through the service table, each against its raw SQLite query on the same
 * connection.
 */
export async function benchLibraryQueries(dir: string, queries: { common: string; second: string }, rounds: number): Promise<LibraryQueryResult> {
  const library = openLibrary(dir);
  try {
    const table = createServiceTable(library, { backups: false });
    const rawList = library.db.prepare(RAW_LIST);
    const rawCount = library.db.prepare(RAW_COUNT);
    const rawSearch = library.db.prepare(RAW_SEARCH);
    const rawNewest = library.db.prepare(RAW_SEARCH_NEWEST);
    const phrase = (query: string) => `"${foldForSearch(query)}"`;

    const list = await alternate(rounds, 2, () => call(table, 'listArticles', {}), () => [rawList.all(), rawCount.get()]);
    const search = await alternate(rounds, 2, () => call(table, 'searchArticles', { query: queries.common }), () => rawSearch.all(phrase(queries.common)));
    const second = await alternate(rounds, 2, () => call(table, 'searchArticles', { query: queries.second }), () => rawSearch.all(phrase(queries.second)));
    const newest = await alternate(rounds, 2, () => rawNewest.all(phrase(queries.second)), () => undefined);
    const searchHits = (await call(table, 'searchArticles', { query: queries.common })).items.length;
    const secondSearchHits = (await call(table, 'searchArticles', { query: queries.second })).items.length;

    // Statement by statement, through an instrumented connection.
    const sqlTimes = new Map<string, number[]>();
    const label = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 60);
    const db = instrumentedDb(library.db, (sql, ms) => {
      const key = label(sql);
      sqlTimes.set(key, [...(sqlTimes.get(key) ?? []), ms]);
    });
    const instrumented = createServiceTable({ ...library, db }, { backups: false });
    const breakdown: Record<string, number> = {};
    for (const [name, run] of [
      ['listArticles', () => call(instrumented, 'listArticles', {})],
      ['searchArticles', () => call(instrumented, 'searchArticles', { query: queries.common })],
    ] as const) {
      const totals: number[] = [];
      const outsideSql: number[] = [];
      const perStatement = new Map<string, number[]>();
      for (let i = 0; i < Math.min(rounds, 10); i++) {
        sqlTimes.clear();
        const total = await timed(run);
        totals.push(total);
        let inSql = 0;
        for (const [sql, times] of sqlTimes) {
          const sum = times.reduce((a, b) => a + b, 0);
          inSql += sum;
          perStatement.set(`${sql} ×${times.length}`, [...(perStatement.get(`${sql} ×${times.length}`) ?? []), sum]);
        }
        outsideSql.push(total - inSql);
      }
      breakdown[`${name}: whole (instrumented)`] = summarize(totals).median;
      for (const [sql, values] of perStatement) breakdown[`${name}: SQL ${sql}`] = summarize(values).median;
      breakdown[`${name}: outside SQL (validation, row mapping, snippets)`] = summarize(outsideSql).median;
    }
    return {
      cpu: {
        list: summarize(list.aCpu),
        listRaw: summarize(list.bCpu),
        search: summarize(search.aCpu),
        searchRaw: summarize(search.bCpu),
        secondSearch: summarize(second.aCpu),
        secondSearchRaw: summarize(second.bCpu),
      },
      list: summarize(list.a),
      listRaw: summarize(list.b),
      search: summarize(search.a),
      searchRaw: summarize(search.b),
      searchHits,
      secondSearch: summarize(second.a),
      secondSearchRaw: summarize(second.b),
      secondSearchHits,
      newestFirst: summarize(newest.a),
      breakdown,
    };
  } finally {
    library.close();
  }
}

// ---------------------------------------------------------------------------
// Case 6: translation-memory lookup against 100,000 stored pairs.

export interface TranslationMemoryResult {
  pairs: number;
  postings: number;
  /** Seconds to fill the memory (not part of any figure). */
  fillSeconds: number;
  /** lookupTranslationMemory through the service table, over the mixed queries. */
  lookup: Summary;
  lookupCpu: Summary;
  /** The same calls split by query kind. */
  byKind: Record<TmQueryKind, Summary>;
  /** One indexed SELECT of a pair by its folded source, on the same connection. */
  baseline: Summary;
  baselineCpu: Summary;
  /** Share of the edited-pair queries whose pair came back as a match (a sanity check, not a figure). */
  editedFound: number;
}

type TmQueryKind = 'stored' | 'edited' | 'fresh';

/**
 * What one segment's text looks like: 4–40 fixture words, in runs of 2–6
 * consecutive words from random places. Runs, not one long window: the
 * fixtures hold only ~20,000 Sorani words, and 100,000 windows over them
 * would make every stored pair a near copy of dozens of others.
 */
function fixturePhrase(corpus: Corpus, lang: LanguageKey, random: () => number): string {
  const lines = corpus.lines[lang];
  const words: string[] = [];
  const length = 4 + Math.floor(random() * 37);
  while (words.length < length) {
    const line = lines[Math.floor(random() * lines.length)] as string[];
    let at = Math.floor(random() * line.length);
    const run = 2 + Math.floor(random() * 5);
    for (let taken = 0; taken < run && at < line.length && words.length < length; taken++) words.push(line[at++] as string);
  }
  return words.join(' ');
}

/** One to three edits a translator's new source typically has: a suffix, a word dropped, a word added. */
function editedPhrase(text: string, corpus: Corpus, random: () => number): string {
  const words = text.split(' ');
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * words.length);
    const kind = random();
    if (kind < 0.4) words[at] = `${words[at]}${['ی', 'ەکە', 'ەکان', 'یش'][Math.floor(random() * 4)]}`;
    else if (kind < 0.7 && words.length > 4) words.splice(at, 1);
    else words.splice(at, 0, fixturePhrase(corpus, 'ckb', random).split(' ')[0] as string);
  }
  return words.join(' ');
}

/**
 * Fills a translation memory with `count` Sorani → English pairs of fixture
 * text (through the memory's own store, in transactions of 2,000), then times
 * lookupTranslationMemory through the service table against one indexed
 * SELECT on the pairs table. Queries mix, a third each: a stored source as it
 * is, a stored source with one to three edits, and a fresh phrase.
 */
export async function benchTranslationMemory(corpus: Corpus, count: number, rounds: number, seed: number): Promise<TranslationMemoryResult> {
  const dir = tempDir('qelem-bench-tm-');
  const library = openLibrary(dir);
  try {
    const random = seededRandom(seed);
    const memory = createTranslationMemory(library.db);
    const started = performance.now();
    const sources: string[] = [];
    for (let i = 0; i < count; i += 2_000) {
      const batch = Array.from({ length: Math.min(2_000, count - i) }, () => {
        const sourceText = fixturePhrase(corpus, 'ckb', random);
        sources.push(sourceText);
        return { from: 'ckb' as const, to: 'en' as const, sourceText, targetText: fixturePhrase(corpus, 'en', random) };
      });
      library.db.exec('BEGIN IMMEDIATE');
      memory.store(batch, new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString());
      library.db.exec('COMMIT');
    }
    const fillSeconds = (performance.now() - started) / 1000;
    const pairs = (library.db.prepare('SELECT count(*) AS n FROM tm_pairs').get() as { n: number }).n;
    const postings = (library.db.prepare('SELECT count(*) AS n FROM tm_postings').get() as { n: number }).n;
    library.db.exec('ANALYZE');

    const kinds: TmQueryKind[] = ['stored', 'edited', 'fresh'];
    const queries = Array.from({ length: rounds + 10 }, (_, i) => {
      const kind = kinds[i % 3] as TmQueryKind;
      const stored = sources[Math.floor(random() * sources.length)] as string;
      const text = kind === 'stored' ? stored : kind === 'edited' ? editedPhrase(stored, corpus, random) : fixturePhrase(corpus, 'ckb', random);
      return { kind, text, stored, fold: foldForSearch(text) };
    });
    const table = createServiceTable(library, { backups: false });
    const select = library.db.prepare('SELECT id, source_text, target_text, updated_at FROM tm_pairs WHERE from_lang = ? AND to_lang = ? AND source_fold = ?');
    let next = 0;
    let rawNext = 0;
    const kindOf: TmQueryKind[] = [];
    let editedQueries = 0;
    let editedFound = 0;
    const timing = await alternate(
      rounds,
      10,
      async () => {
        const query = queries[next++ % queries.length] as (typeof queries)[number];
        kindOf.push(query.kind);
        const { matches } = await call(table, 'lookupTranslationMemory', { from: 'ckb', to: 'en', text: query.text, limit: 5 });
        if (query.kind === 'edited') {
          editedQueries++;
          if (matches.some((m) => m.sourceText === query.stored)) editedFound++;
        }
      },
      () => select.get('ckb', 'en', (queries[rawNext++ % queries.length] as (typeof queries)[number]).fold),
    );
    // The first 10 calls were the warm-up: the timed ones are the rest.
    const timedKinds = kindOf.slice(10);
    const byKind = Object.fromEntries(kinds.map((kind) => [kind, summarize(timing.a.filter((_, i) => timedKinds[i] === kind))])) as Record<TmQueryKind, Summary>;
    return {
      pairs,
      postings,
      fillSeconds,
      lookup: summarize(timing.a),
      lookupCpu: summarize(timing.aCpu),
      byKind,
      baseline: summarize(timing.b),
      baselineCpu: summarize(timing.bCpu),
      editedFound: editedQueries > 0 ? editedFound / editedQueries : NaN,
    };
  } finally {
    library.close();
    removeDir(dir);
  }
}

/**
 * The translation-memory case on its own (node tests/bench/run.mjs --tm-only,
 * after which npm run bench runs it too): prints its figures and writes them
 * to bench-results/translation-memory-<timestamp>.json. Target: p95 < 20 ms.
 */
export async function runTranslationMemoryBench({ repoRoot, argv }: { repoRoot: string; argv: string[] }): Promise<number> {
  const quick = argv.includes('--quick');
  const corpus = loadCorpus(path.join(repoRoot, 'tests/fixtures/text'));
  const count = quick ? 20_000 : 100_000;
  console.log(`bench: filling a translation memory with ${count} pairs (not part of any figure)`);
  const result = await benchTranslationMemory(corpus, count, quick ? 150 : 600, 20_250_802);
  const row = (name: string, s: Summary) => `  ${name.padEnd(52)} median ${s.median.toFixed(2).padStart(6)} ms   p95 ${s.p95.toFixed(2).padStart(6)} ms   n ${s.n}`;
  console.log(`bench: ${result.pairs} pairs, ${result.postings} postings, filled in ${result.fillSeconds.toFixed(0)} s`);
  console.log(`\n6 translation memory: TM lookup, ${count.toLocaleString('en')} pairs (target: p95 < 20 ms)`);
  console.log(row('lookupTranslationMemory (service table)', result.lookup));
  console.log(row('  the same, process CPU time', result.lookupCpu));
  for (const [kind, summary] of Object.entries(result.byKind)) console.log(row(`  queries: ${kind} source`, summary));
  console.log(row('baseline: one indexed SELECT on tm_pairs', result.baseline));
  console.log(`  ratio median ${(result.lookup.median / result.baseline.median).toFixed(1)}, p95 ${(result.lookup.p95 / result.baseline.p95).toFixed(1)}`);
  console.log(`  edited sources whose stored pair came back: ${(result.editedFound * 100).toFixed(1)} %`);
  const met = result.lookup.p95 < 20;
  console.log(`  target met: ${met ? 'yes' : 'NO'}\n`);
  const out = path.join(repoRoot, 'bench-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, `translation-memory-${new Date().toISOString().replaceAll(':', '-')}.json`), `${JSON.stringify({ case: 'TM lookup', ...result, met }, null, 2)}\n`);
  return 0;
}
