import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import path from 'node:path';
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { API, type ApiOutput, type ServiceTable } from '../../shared/api';
import { readArticleFields } from '../../shared/collab/article-doc';
import { parseArticleDocName, versionDocName } from '../../shared/collab/doc-names';
import { bindVersionDoc } from '../../shared/collab/version-editor';
import type { LanguageKey } from '../../shared/languages';
import { createServices, type Services } from '../../electron/services/table';
import { openLibrary } from '../../electron/store/library';
import { Typist } from '../collab-typist';
import { seededRandom } from '../seeded-random';
import type { Corpus, VersionInput } from './corpus';
import { typedText } from './corpus';
import { call, instrumentedDb, removeDir, tempDir } from './service-cases';
import { summarize, timed, timedWithCpu, type Summary } from './stats';

/**
 * The cases of issue 14 (articles as shared Yjs documents) that run in
 * Node: a keystroke pushed to the main process, the derivation it causes,
 * merging a package that carries thousands of edits, and the main
 * process's memory with three long documents loaded. What a window does is
 * done the way a window does it: a replica Y.Doc bound to a headless body
 * editor (the app's own editor definition and binding) types, and each
 * keystroke's Yjs update is pushed through the service table, as both
 * transports call it.
 */

/** Opens `name` for `session` through the service table and loads it into a new typist. */
async function openTypist(table: ServiceTable, session: string, name: string, lang: LanguageKey): Promise<Typist> {
  const typist = new Typist(lang);
  const opened = await call(table, 'openDocument', { session, name, stateVector: toBase64(Y.encodeStateVector(typist.doc)) });
  if (!opened.exists) throw new Error(`${name} does not exist`);
  typist.receive(fromBase64(opened.update));
  return typist;
}

// ---------------------------------------------------------------------------
// One keystroke pushed, and the derivation it causes.

export interface PushResult {
  /** pushDocument of one keystroke's update through the service table. */
  push: Summary;
  pushCpu: Summary;
  /** Baseline: one raw INSERT of a 100-byte blob, autocommit, same database. */
  rawInsert: Summary;
  rawInsertCpu: Summary;
  /** Deriving the version's rows after a burst (documents.flush of the article). */
  derive: Summary;
  deriveCpu: Summary;
  /** What the old autosave's baseline was: JSON.stringify of the whole version and one raw INSERT of it. */
  deriveBaseline: Summary;
  /** Per keystroke, a burst's pushes and its derivation together, divided by the burst. */
  amortised: Summary;
  /** Bytes of one keystroke's update. */
  updateBytes: Summary;
  burst: number;
  /** Median ms per part of a push, and of a derivation. */
  breakdown: Record<string, number>;
  deriveBreakdown: Record<string, number>;
}

/**
 * The 10,000-word Sorani version saved through the service table (which
 * makes its document); a session opens it; a typist types `typed` into the
 * middle block, one pushDocument per keystroke, alternating with the raw
 * baseline. After every `burst` keystrokes the article is derived
 * (documents.flush: what the hub does after a pause, DERIVE_AFTER_MS, or at
 * most DERIVE_WITHIN_MS into continuous typing; 25 keystrokes are 5 s at 300
 * characters a minute), timed on its own, alternating with the old
 * autosave's raw baseline. The hub runs with its default derivation delay,
 * so a push schedules its timer as in the app; the timers never fire (the
 * loop never yields to them): the bench derives.
 */
export async function benchDocumentPush(content: VersionInput, corpus: Corpus, bursts: number, seed: number, burst = 25): Promise<PushResult> {
  const dir = tempDir('qelem-bench-push-');
  const library = openLibrary(dir);
  let services: Services | null = null;
  const typists: Typist[] = [];
  try {
    services = createServices(library, { backups: false });
    const { table, documents } = services;
    const article = await call(table, 'createArticle', { sourceLang: 'ckb' });
    await call(table, 'saveVersion', { id: article.id, lang: 'ckb', baseRevision: 1, content });
    const name = versionDocName(article.id, 'ckb');
    library.db.exec('CREATE TABLE bench_scratch (id INTEGER PRIMARY KEY, data BLOB NOT NULL)');
    library.db.exec('CREATE TABLE bench_versions (id INTEGER PRIMARY KEY, content TEXT NOT NULL)');
    const insertBlob = library.db.prepare('INSERT INTO bench_scratch (data) VALUES (?)');
    const insertJson = library.db.prepare('INSERT INTO bench_versions (content) VALUES (?)');
    const random = seededRandom(seed);
    const blob = Uint8Array.from({ length: 100 }, () => Math.floor(random() * 256));

    const session = documents.connect(() => undefined);
    const typist = await openTypist(table, session, name, 'ckb');
    typists.push(typist);
    typist.place(Math.floor(typist.blocks / 2), 0.5);
    const warmupBursts = 2;
    const chars = [...typedText(corpus, 'ckb', (bursts + warmupBursts + 4) * burst + 200, seed)];
    let nextChar = 0;
    const keystroke = () => {
      for (;;) {
        const update = typist.key(chars[nextChar++ % chars.length] as string);
        if (update) return toBase64(update);
      }
    };

    const out = { push: [] as number[], pushCpu: [] as number[], raw: [] as number[], rawCpu: [] as number[], derive: [] as number[], deriveCpu: [] as number[], deriveBase: [] as number[], amortised: [] as number[], bytes: [] as number[] };
    for (let b = 0; b < warmupBursts + bursts; b++) {
      const record = b >= warmupBursts;
      let pushes = 0;
      for (let k = 0; k < burst; k++) {
        const update = keystroke();
        const push = () => call(table, 'pushDocument', { session, name, update });
        const raw = () => insertBlob.run(blob);
        // Swap the order every keystroke: whichever goes first must not always pay for a cold cache.
        const [first, second] = k % 2 === 0 ? [push, raw] : [raw, push];
        const t1 = await timedWithCpu(first);
        const t2 = await timedWithCpu(second);
        const [tp, tr] = k % 2 === 0 ? [t1, t2] : [t2, t1];
        pushes += tp.wall;
        if (!record) continue;
        out.push.push(tp.wall);
        out.pushCpu.push(tp.cpu);
        out.raw.push(tr.wall);
        out.rawCpu.push(tr.cpu);
        out.bytes.push(fromBase64(update).length);
      }
      const derive = () => documents.flush(article.id);
      const base = () => insertJson.run(JSON.stringify(content));
      let td;
      let tb;
      if (b % 2 === 0) {
        td = await timedWithCpu(derive);
        tb = await timed(base);
      } else {
        tb = await timed(base);
        td = await timedWithCpu(derive);
      }
      if (!record) continue;
      out.derive.push(td.wall);
      out.deriveCpu.push(td.cpu);
      out.deriveBase.push(tb);
      out.amortised.push((pushes + td.wall) / burst);
    }
    documents.dispose();
    services = null;

    // Where a push's and a derivation's time go: the same calls on a new hub over a connection whose
    // statements are all timed (the app's code unchanged), the JS steps timed on their own.
    const samples = new Map<string, number[]>();
    const add = (part: string, ms: number) => samples.set(part, [...(samples.get(part) ?? []), ms]);
    const sqlTimes = new Map<string, number>();
    const label = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 52);
    const db = instrumentedDb(library.db, (sql, ms) => sqlTimes.set(label(sql), (sqlTimes.get(label(sql)) ?? 0) + ms));
    services = createServices({ ...library, db }, { backups: false });
    const instrumented = services;
    const session2 = instrumented.documents.connect(() => undefined);
    // A second replica follows every keystroke: the cost of applying one to a bound document (what the
    // derivation's headless editor catches up with) and of reading the whole version from it.
    const follower = await openTypist(instrumented.table, session2, name, 'ckb');
    typists.push(follower);
    const mirror = new Y.Doc();
    Y.applyUpdate(mirror, Y.encodeStateAsUpdate(typist.doc));
    const deriveSamples = new Map<string, number[]>();
    const addDerive = (part: string, ms: number) => deriveSamples.set(part, [...(deriveSamples.get(part) ?? []), ms]);
    for (let b = 0; b < Math.min(bursts, 6); b++) {
      for (let k = 0; k < burst; k++) {
        const update = keystroke();
        const bytes = fromBase64(update);
        const payload = { session: session2, name, update };
        add('validate input (zod: session, name, base64 of the update)', await timed(() => API.pushDocument.input.safeParse(payload)));
        add('decode base64', await timed(() => fromBase64(update)));
        sqlTimes.clear();
        const whole = await timed(() => call(instrumented.table, 'pushDocument', payload));
        add('whole pushDocument (instrumented)', whole);
        let inSql = 0;
        for (const [sql, ms] of sqlTimes) {
          add(`SQL: ${sql}`, ms);
          inSql += ms;
        }
        add('outside SQL (validation, decoding, apply, broadcast, the rest)', whole - inSql);
        add('of which: Y.applyUpdate of the keystroke (on a plain copy of the document)', await timed(() => Y.applyUpdate(mirror, bytes)));
        addDerive('per keystroke: apply it to a bound copy (the headless editor catching up)', await timed(() => follower.receive(bytes)));
      }
      sqlTimes.clear();
      const whole = await timed(() => instrumented.documents.flush(article.id));
      addDerive('whole derivation (instrumented)', whole);
      let inSql = 0;
      for (const [sql, ms] of sqlTimes) {
        addDerive(`SQL: ${sql}`, ms);
        inSql += ms;
      }
      addDerive('outside SQL (catch-up of its headless editor, read, compare, rows built)', whole - inSql);
      let read = follower.view.read();
      addDerive('of which: read the version from a headless editor (toJSON + fields)', await timed(() => (read = follower.view.read())));
      addDerive('of which: JSON.stringify of it (compared with the last derived)', await timed(() => JSON.stringify(read)));
    }
    mirror.destroy();
    const medians = (from: Map<string, number[]>) => Object.fromEntries([...from].map(([part, values]) => [part, summarize(values).median]));
    return {
      push: summarize(out.push),
      pushCpu: summarize(out.pushCpu),
      rawInsert: summarize(out.raw),
      rawInsertCpu: summarize(out.rawCpu),
      derive: summarize(out.derive),
      deriveCpu: summarize(out.deriveCpu),
      deriveBaseline: summarize(out.deriveBase),
      amortised: summarize(out.amortised),
      updateBytes: summarize(out.bytes),
      burst,
      breakdown: medians(samples),
      deriveBreakdown: medians(deriveSamples),
    };
  } finally {
    for (const typist of typists) typist.dispose();
    services?.documents.dispose();
    library.close();
    removeDir(dir);
  }
}

// ---------------------------------------------------------------------------
// Merging a package that carries thousands of separate edits.

export interface MergeResult {
  /** importPackage of side A's package into side B's library, the article's documents not loaded (a fresh start of the app). */
  merge: Summary;
  mergeCpu: Summary;
  /** The same, the documents already loaded (the article open in a window): the merge without loading them. */
  mergeLoaded: Summary;
  /** Baseline: the same package imported into an empty library. */
  baseline: Summary;
  baselineCpu: Summary;
  editsPerSide: number;
  packageBytes: number;
  /** What the merge said it changed (the first timed one). */
  summary: ApiOutput<'importPackage'>['merged'] | null;
  /** Both libraries, after each took in the other's package, hold the same documents (state vectors and content). */
  identical: boolean;
  /** Seconds to type both sides' edits (not part of any figure). */
  typingSeconds: number;
}

/**
 * Two libraries with one article: the 10,000-word Sorani version, made in
 * A and imported into B as a working copy. Each side then types
 * `editsPerSide` keystrokes through its document hub, every keystroke its
 * own Yjs update pushed as a window pushes it: runs of 3–30 characters at
 * random places of the body (different places on each side), now and then a
 * character taken back, derived every 100 keystrokes as the hub would. Then
 * A's working copy is imported into copies of B's library (one per round:
 * a merge changes the library), timed through the service table, against
 * the same package imported into an empty library. Finally B's package goes
 * into A, and both sides are compared.
 */
export async function benchMerge(corpus: Corpus, content: VersionInput, editsPerSide: number, rounds: number, seed: number, log: (line: string) => void): Promise<MergeResult> {
  const dirs: string[] = [];
  const newDir = (prefix: string) => {
    const dir = tempDir(prefix);
    dirs.push(dir);
    return dir;
  };
  const open = (dir: string) => {
    const library = openLibrary(dir);
    const services = createServices(library, { backups: false, deriveAfterMs: null });
    return {
      library,
      ...services,
      close() {
        services.documents.dispose();
        library.close();
      },
    };
  };
  type Side = ReturnType<typeof open>;
  const sides: Side[] = [];
  try {
    const a = open(newDir('qelem-bench-merge-a-'));
    sides.push(a);
    const article = await call(a.table, 'createArticle', { sourceLang: 'ckb' });
    await call(a.table, 'saveVersion', { id: article.id, lang: 'ckb', baseRevision: 1, content });
    const workingCopy = async (side: Side) => (await call(side.table, 'exportArticle', { id: article.id, acceptWarnings: false, note: '', workingCopy: true })).dataBase64;
    const bDir = newDir('qelem-bench-merge-b-');
    const b = open(bDir);
    sides.push(b);
    await call(b.table, 'importPackage', { dataBase64: await workingCopy(a) });

    const started = performance.now();
    const name = versionDocName(article.id, 'ckb');
    for (const [index, side] of [a, b].entries()) {
      const random = seededRandom(seed + 7 * (index + 1));
      const session = side.documents.connect(() => undefined);
      const typist = await openTypist(side.table, session, name, 'ckb');
      const text = [...typedText(corpus, 'ckb', editsPerSide + 50, seed + 11 * (index + 1))];
      let typedInRun = 0;
      let runLeft = 0;
      for (let k = 0, c = 0; k < editsPerSide; c++) {
        if (runLeft === 0) {
          typist.place(Math.floor(random() * typist.blocks), random());
          runLeft = 3 + Math.floor(random() * 28);
          typedInRun = 0;
        }
        // A character taken back now and then: only one typed in this run, so blocks never join.
        const back = typedInRun > 0 && random() < 0.12;
        const update = typist.key(back ? '\b' : (text[c % text.length] as string));
        // A keystroke that changed nothing (a mark the Kurdish normalisation drops) is no edit.
        if (!update) continue;
        typedInRun += back ? -1 : 1;
        runLeft--;
        await call(side.table, 'pushDocument', { session, name, update: toBase64(update) });
        if (k % 100 === 99) side.documents.flush(article.id);
        k++;
      }
      side.documents.flush(article.id);
      typist.dispose();
      side.documents.disconnect(session);
    }
    const typingSeconds = (performance.now() - started) / 1000;
    log(`bench: merge: ${editsPerSide} keystrokes typed and pushed on each side in ${typingSeconds.toFixed(0)} s (not part of any figure)`);
    const fromA = await workingCopy(a);
    const fromB = await workingCopy(b);
    b.close();
    sides.splice(sides.indexOf(b), 1);

    // One copy of B per import: a warm-up, then `rounds` cold and `rounds` with the documents loaded.
    const copyOfB = () => {
      const dir = newDir('qelem-bench-merge-copy-');
      cpSync(bDir, dir, { recursive: true });
      return dir;
    };
    const importInto = async (dir: string, preload: boolean) => {
      const side = open(dir);
      try {
        if (preload) {
          // The article open in a window: its documents loaded (and their headless editors made) before.
          const session = side.documents.connect(() => undefined);
          for (const docName of [`article/${article.id}`, name]) await call(side.table, 'openDocument', { session, name: docName, stateVector: 'AA==' });
        }
        let merged: ApiOutput<'importPackage'> | null = null;
        const time = await timedWithCpu(async () => (merged = await call(side.table, 'importPackage', { dataBase64: fromA })));
        return { time, merged: merged as ApiOutput<'importPackage'> | null };
      } finally {
        side.close();
      }
    };
    await importInto(copyOfB(), false);
    await importInto(newDir('qelem-bench-merge-empty-'), false);
    const out = { merge: [] as number[], mergeCpu: [] as number[], loaded: [] as number[], base: [] as number[], baseCpu: [] as number[] };
    let summary: MergeResult['summary'] = null;
    let mergedDir: string | null = null;
    for (let i = 0; i < rounds; i++) {
      const steps: (() => Promise<void>)[] = [
        async () => {
          const dir = copyOfB();
          const { time, merged } = await importInto(dir, false);
          out.merge.push(time.wall);
          out.mergeCpu.push(time.cpu);
          summary ??= merged?.merged ?? null;
          mergedDir ??= dir;
        },
        async () => {
          const { time } = await importInto(copyOfB(), true);
          out.loaded.push(time.wall);
        },
        async () => {
          const { time } = await importInto(newDir('qelem-bench-merge-empty-'), false);
          out.base.push(time.wall);
          out.baseCpu.push(time.cpu);
        },
      ];
      // A different order every round: no case always runs right after the same one.
      for (let s = 0; s < steps.length; s++) await (steps[(s + i) % steps.length] as () => Promise<void>)();
    }

    // The other way round: B's package into A. Both must now hold the same documents.
    await call(a.table, 'importPackage', { dataBase64: fromB });
    const merged = open(mergedDir as unknown as string);
    sides.push(merged);
    let identical = true;
    for (const docName of [`article/${article.id}`, name]) {
      const [x, y] = [a, merged].map((side) => {
        const state = side.documents.stateOf(docName);
        if (!state) throw new Error(`${docName} missing after the merge`);
        return documentContent(docName, state);
      }) as [DocumentContent, DocumentContent];
      identical &&= x.stateVector === y.stateVector && x.content === y.content;
    }
    const [va, vb] = await Promise.all([a, merged].map(async (side) => (await call(side.table, 'getArticle', { id: article.id })).versions.ckb));
    const strip = (v: typeof va) => JSON.stringify(v ? { ...v, revision: 0, updatedAt: '' } : null);
    identical &&= strip(va) === strip(vb);

    return {
      merge: summarize(out.merge),
      mergeCpu: summarize(out.mergeCpu),
      mergeLoaded: summarize(out.loaded),
      baseline: summarize(out.base),
      baselineCpu: summarize(out.baseCpu),
      editsPerSide,
      packageBytes: Buffer.from(fromA, 'base64').length,
      summary,
      identical,
      typingSeconds,
    };
  } finally {
    for (const side of sides) side.close();
    for (const dir of dirs) removeDir(dir);
  }
}

interface DocumentContent {
  /** Y.encodeStateVector, hex. */
  stateVector: string;
  /** What the document holds, as JSON: a version as its headless editor reads it, the article's fields. */
  content: string;
}

/** A document's state vector and content, read the way the main process reads them. */
export function documentContent(name: string, state: Uint8Array): DocumentContent {
  const parsed = parseArticleDocName(name);
  if (!parsed) throw new Error(`not a document name: ${name}`);
  const doc = new Y.Doc();
  try {
    let content: string;
    if (parsed.kind === 'version') {
      const view = bindVersionDoc(doc, parsed.lang);
      Y.applyUpdate(doc, state);
      content = JSON.stringify(view.read());
      view.dispose();
    } else {
      Y.applyUpdate(doc, state);
      content = JSON.stringify(readArticleFields(doc));
    }
    return { stateVector: Buffer.from(Y.encodeStateVector(doc)).toString('hex'), content };
  } finally {
    doc.destroy();
  }
}

// ---------------------------------------------------------------------------
// The main process's memory with three long documents loaded.

export interface MemorySample {
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
}

export interface MemoryResult {
  /** A main process (memory-child.ts) with the three 10,000-word version documents opened through a session and derived. */
  loaded: MemorySample[];
  /** The same process, the same steps, with one one-paragraph version instead. */
  small: MemorySample[];
  /** The three documents' states applied to plain Y.Docs only (no hub, no headless editors). */
  ydocs: MemorySample[];
  /** The same process with no document (ydocs's baseline). */
  none: MemorySample[];
  /** UTF-8 bytes of the three versions' JSON (what getArticle carried and the old autosave wrote), in MB. */
  jsonMb: number;
  /** Bytes of the three documents' states as stored, in MB. */
  stateMb: number;
}

/**
 * Builds a library with the article in three 10,000-word versions (and a
 * second article of one short paragraph), closes it, then runs the bundled
 * memory child (out/bench/node/memory-child.js) on it `runs` times in each
 * mode, in turns: a fresh Node process each time, its memory read after
 * garbage collection.
 */
export async function benchDocumentMemory(repoRoot: string, docs: Record<LanguageKey, VersionInput>, runs: number): Promise<MemoryResult> {
  const dir = tempDir('qelem-bench-memory-');
  try {
    const library = openLibrary(dir);
    const services = createServices(library, { backups: false, deriveAfterMs: null });
    let ids: { big: string; small: string };
    let stateBytes = 0;
    try {
      const big = await call(services.table, 'createArticle', { sourceLang: 'ckb' });
      for (const lang of ['ckb', 'en', 'kmr'] as const) {
        const current = await call(services.table, 'getArticle', { id: big.id });
        await call(services.table, 'saveVersion', { id: big.id, lang, baseRevision: current.versions[lang]?.revision ?? 0, content: docs[lang] });
        stateBytes += services.documents.stateOf(versionDocName(big.id, lang))?.length ?? 0;
      }
      const small = await call(services.table, 'createArticle', { sourceLang: 'ckb' });
      const short = docs.ckb.body.root.children.slice(0, 1);
      await call(services.table, 'saveVersion', { id: small.id, lang: 'ckb', baseRevision: 1, content: { ...docs.ckb, body: { root: { ...docs.ckb.body.root, children: short } } } });
      services.documents.flush();
      ids = { big: big.id, small: small.id };
    } finally {
      services.documents.dispose();
      library.close();
    }
    const child = path.join(repoRoot, 'out/bench/node/memory-child.js');
    const run = (mode: 'loaded' | 'small' | 'ydocs' | 'none'): MemorySample => {
      const result = spawnSync(process.execPath, ['--expose-gc', child, dir, mode, ids.big, ids.small], { encoding: 'utf8', timeout: 120_000 });
      const line = result.stdout.trim().split('\n').pop() ?? '';
      if (result.status !== 0 || !line.startsWith('{')) throw new Error(`memory child (${mode}) failed: ${result.status} ${result.stderr.slice(-2000)}`);
      return JSON.parse(line) as MemorySample;
    };
    const out: Pick<MemoryResult, 'loaded' | 'small' | 'ydocs' | 'none'> = { loaded: [], small: [], ydocs: [], none: [] };
    for (let i = 0; i < runs; i++) {
      const modes = ['loaded', 'small', 'ydocs', 'none'] as const;
      for (let m = 0; m < modes.length; m++) {
        const mode = modes[(m + i) % modes.length] as (typeof modes)[number];
        out[mode].push(run(mode));
      }
    }
    const jsonBytes = (['ckb', 'en', 'kmr'] as const).reduce((sum, lang) => sum + Buffer.byteLength(JSON.stringify(docs[lang])), 0);
    return { ...out, jsonMb: jsonBytes / 2 ** 20, stateMb: stateBytes / 2 ** 20 };
  } finally {
    removeDir(dir);
  }
}
