import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { language, type LanguageKey } from '../../shared/languages';
import { bodyToPlainText } from '../../shared/render/plain-text';
import { countWords } from '../../shared/text/counts';
import { runBrowserCases, type BrowserResults } from './browser-cases';
import { runExportCase } from './export-case';
import { runImportCase, printImportResults, type ImportResults } from './import-case';
import { runQaCase } from './qa-case';
import { runWorkspaceCase, type WorkspaceResults } from './workspace-case';
import type { TraceSummary } from './profile';
import { generateVersion, loadCorpus, typedText, type VersionInput } from './corpus';
import { benchDocumentMemory, benchDocumentPush, benchMerge, type MemoryResult, type MemorySample, type MergeResult, type PushResult } from './document-cases';
import { benchAutosave, benchLibraryQueries, generateLibrary, removeDir, type AutosaveResult, type GeneratedLibrary, type LibraryQueryResult } from './service-cases';
import { ratio, summarize, type Summary } from './stats';

/**
 * npm run bench: the performance cases of issues 8 and 14, each a median and p95 over
 * repeated runs and, where a baseline exists, its ratio to that baseline
 * measured in the same run. Prints a table; writes everything, profiles
 * included, to bench-results/<timestamp>.json.
 */

interface Target {
  /** Which statistic the target is judged on. */
  stat: 'median' | 'p95' | 'max';
  below: number;
}

interface Figure {
  case: string;
  measure: string;
  unit: 'ms' | 'MB';
  value: Summary;
  baseline?: { name: string; value: Summary };
  /** The ratio reported: of p95 for keystrokes (as the issue asks), of medians elsewhere. */
  ratioOf?: 'median' | 'p95';
  ratio?: number;
  /** Both ratios, for the record. */
  ratios?: { median: number; p95: number };
  target?: Target;
  ratioTarget?: number;
  met?: boolean;
  note?: string;
}

const SEED = 20_250_801;
const ROUND = (n: number) => Math.round(n * 100) / 100;

/** The commit measured, and whether the working tree differed from it (other work in progress is measured too). */
function gitState(repoRoot: string): { commit: string; changedFiles: number } | null {
  try {
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8' });
    return { commit, changedFiles: status.split('\n').filter((line) => line.trim() !== '').length };
  } catch {
    return null;
  }
}

function figure(f: Omit<Figure, 'ratio' | 'met'>): Figure {
  const out: Figure = { ...f };
  if (f.baseline) out.ratios = { median: ratio(f.value.median, f.baseline.value.median), p95: ratio(f.value.p95, f.baseline.value.p95) };
  if (f.baseline && f.ratioOf) out.ratio = ratio(f.value[f.ratioOf], f.baseline.value[f.ratioOf]);
  const checks: boolean[] = [];
  if (f.target) checks.push(f.value[f.target.stat] < f.target.below);
  if (f.ratioTarget !== undefined && out.ratio !== undefined) checks.push(out.ratio <= f.ratioTarget);
  if (checks.length > 0) out.met = checks.every(Boolean);
  return out;
}

function format(n: number, unit: string): string {
  if (!Number.isFinite(n)) return '–';
  if (unit === 'et') return n < 16 ? '<16' : n.toFixed(0);
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

function printTable(figures: Figure[]): void {
  const header = ['case', 'measure', 'median', 'p95', 'n', 'baseline median / p95', 'ratio median / p95', 'target', 'met'];
  const rows = figures.map((f) => {
    const unit = f.measure.startsWith('Event Timing') ? 'et' : f.unit;
    const target = [f.target ? `${f.target.stat} < ${f.target.below} ${f.unit}` : '', f.ratioTarget !== undefined ? `${f.ratioOf} ratio ≤ ${f.ratioTarget}` : ''].filter(Boolean).join(', ');
    return [
      f.case,
      `${f.measure} (${f.unit})`,
      format(f.value.median, unit),
      format(f.value.p95, unit),
      String(f.value.n),
      f.baseline ? `${format(f.baseline.value.median, unit)} / ${format(f.baseline.value.p95, unit)}` : '',
      f.ratios ? `${f.ratios.median.toFixed(2)} / ${f.ratios.p95.toFixed(2)}` : '',
      target,
      f.met === undefined ? '' : f.met ? 'yes' : 'NO',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...(r[i] as string)].length)));
  const line = (cells: string[]) => cells.map((c, i) => c + ' '.repeat((widths[i] as number) - [...c].length)).join('  ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const row of rows) console.log(line(row));
  console.log('');
}

function workspaceFigure(ws: WorkspaceResults): Figure {
  return figure({
    case: '7 workspace',
    measure: `translation workspace URL → ${ws.rows} rows drawn, open row editable (2,000 words, three versions)`,
    unit: 'ms',
    value: summarize(ws.workspace),
    baseline: { name: 'the same article opened in the article editor (English, 2,000 words)', value: summarize(ws.article) },
    ratioOf: 'median',
    target: { stat: 'median', below: 500 },
  });
}

function describeBreakdown(title: string, breakdown: Record<string, number>): void {
  console.log(title);
  for (const [name, ms] of Object.entries(breakdown)) console.log(`  ${ms.toFixed(2).padStart(8)} ms  ${name}`);
}

/** Per-pair differences of two runs' samples (a − b), in order. */
const differences = (a: number[], b: number[]) => a.slice(0, Math.min(a.length, b.length)).map((x, i) => x - (b[i] as number));

/** The figures of issue 14 that come from Node: a keystroke pushed, its derivation, a merge, the main process's memory. */
function documentFigures(push: PushResult, merge: MergeResult, memory: MemoryResult, httpPush: number[]): Figure[] {
  const raw = { name: 'one raw INSERT of a 100-byte blob, same database (autocommit)', value: push.rawInsert };
  const mem = (pick: (s: MemorySample) => number, samples: MemorySample[]) => samples.map(pick);
  const json = { name: `their JSON (3 versions, ${memory.jsonMb.toFixed(2)} MB of UTF-8)`, value: summarize([memory.jsonMb]) };
  return [
    figure({
      case: '3 push',
      measure: 'pushDocument of one keystroke, 10k-word Sorani document loaded, in Node (validate, append, apply)',
      unit: 'ms',
      value: push.push,
      baseline: raw,
      ratioOf: 'p95',
      target: { stat: 'p95', below: 2 },
      note: `Updates of ${push.updateBytes.median} bytes (median). Derivation not included: see the next rows.`,
    }),
    figure({ case: '3 push', measure: 'the same, process CPU time', unit: 'ms', value: push.pushCpu, baseline: { name: 'raw INSERT, CPU time', value: push.rawInsertCpu }, ratioOf: 'p95' }),
    figure({
      case: '3 push',
      measure: `derivation after ${push.burst} keystrokes (version row, revision, search mark), in Node`,
      unit: 'ms',
      value: push.derive,
      baseline: { name: "JSON.stringify + raw INSERT of the whole version (the old autosave's baseline)", value: push.deriveBaseline },
      ratioOf: 'median',
      note: 'Runs after a pause of 1 s in a document’s edits, or 5 s into continuous typing (DERIVE_AFTER_MS, DERIVE_WITHIN_MS), in its own turn of the event loop; compaction (every 500 log rows) falls into some of these.',
    }),
    figure({ case: '3 push', measure: 'derivation, process CPU time', unit: 'ms', value: push.deriveCpu }),
    figure({
      case: '3 push',
      measure: `per keystroke, its derivation amortised (one per ${push.burst} keystrokes)`,
      unit: 'ms',
      value: push.amortised,
      baseline: raw,
      ratioOf: 'p95',
      note: `${push.burst} keystrokes are 5 s of typing at 300 characters a minute, the longest the hub waits before deriving.`,
    }),
    figure({
      case: '3 push',
      measure: 'pushDocument of one keystroke over loopback HTTP (browser mode)',
      unit: 'ms',
      value: summarize(httpPush),
      baseline: { name: 'the service in Node', value: push.push },
      ratioOf: 'median',
    }),
    figure({
      case: '8 merge',
      measure: `importPackage: ${merge.editsPerSide.toLocaleString('en')} separate edits into a library with ${merge.editsPerSide.toLocaleString('en')} others to the same 10k-word article, documents not loaded`,
      unit: 'ms',
      value: merge.merge,
      baseline: { name: 'the same package imported into an empty library', value: merge.baseline },
      ratioOf: 'median',
      target: { stat: 'median', below: 500 },
      note: `Package ${(merge.packageBytes / 1e6).toFixed(2)} MB. Both sides, each having taken in the other’s package, hold identical documents: ${merge.identical ? 'yes' : 'NO'}.`,
    }),
    figure({ case: '8 merge', measure: 'the same, process CPU time', unit: 'ms', value: merge.mergeCpu, baseline: { name: 'into an empty library, CPU time', value: merge.baselineCpu }, ratioOf: 'median' }),
    figure({
      case: '8 merge',
      measure: 'the same, the article’s documents already loaded (open in a window)',
      unit: 'ms',
      value: merge.mergeLoaded,
      baseline: { name: 'into an empty library', value: merge.baseline },
      ratioOf: 'median',
      target: { stat: 'median', below: 500 },
    }),
    figure({
      case: '5 memory',
      measure: 'main process JS heap, 3 × 10k-word documents loaded and derived',
      unit: 'MB',
      value: summarize(mem((s) => s.heapUsedMb, memory.loaded)),
      baseline: { name: 'the same process and steps, one one-paragraph document', value: summarize(mem((s) => s.heapUsedMb, memory.small)) },
      ratioOf: 'median',
    }),
    figure({
      case: '5 memory',
      measure: 'JS heap the three documents add (loaded − one-paragraph)',
      unit: 'MB',
      value: summarize(differences(mem((s) => s.heapUsedMb, memory.loaded), mem((s) => s.heapUsedMb, memory.small))),
      baseline: json,
      ratioOf: 'median',
    }),
    figure({
      case: '5 memory',
      measure: 'RSS the three documents add (loaded − one-paragraph)',
      unit: 'MB',
      value: summarize(differences(mem((s) => s.rssMb, memory.loaded), mem((s) => s.rssMb, memory.small))),
      baseline: json,
      ratioOf: 'median',
      note: `RSS with them loaded: ${summarize(mem((s) => s.rssMb, memory.loaded)).median.toFixed(0)} MB (one-paragraph: ${summarize(mem((s) => s.rssMb, memory.small)).median.toFixed(0)} MB).`,
    }),
    figure({
      case: '5 memory',
      measure: 'JS heap of the three states in plain Y.Docs alone (no hub, no headless editors)',
      unit: 'MB',
      value: summarize(differences(mem((s) => s.heapUsedMb, memory.ydocs), mem((s) => s.heapUsedMb, memory.none))),
      baseline: json,
      ratioOf: 'median',
      note: `Stored states: ${memory.stateMb.toFixed(2)} MB.`,
    }),
  ];
}

function describePush(push: PushResult, merge: MergeResult): void {
  describeBreakdown('pushDocument of one keystroke in Node, median ms per part (SQL statements timed through a wrapped connection):', push.breakdown);
  describeBreakdown(`Derivation after ${push.burst} keystrokes, median ms per part:`, push.deriveBreakdown);
  console.log(
    `Merge: ${merge.editsPerSide} keystrokes pushed on each side (typed in ${merge.typingSeconds.toFixed(0)} s, not timed); package ${(merge.packageBytes / 1e6).toFixed(2)} MB; the merge said ${JSON.stringify(merge.summary)}; both sides identical after taking in each other's package: ${merge.identical ? 'yes' : 'NO'}`,
  );
}

export async function runBench({ repoRoot, argv }: { repoRoot: string; argv: string[] }): Promise<number> {
  const started = performance.now();
  const quick = argv.includes('--quick');
  const experiments = !argv.includes('--no-experiments');
  const documentsOnly = argv.includes('--documents-only');
  // The machine is shared: the load before and after says how much of the noise came from elsewhere.
  const loadBefore = loadavg().map(ROUND);
  const log = (line: string) => console.log(`${line} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const corpus = loadCorpus(path.join(repoRoot, 'tests/fixtures/text'));
  if (argv.includes('--workspace-only')) {
    printTable([workspaceFigure(await runWorkspaceCase(repoRoot, corpus, SEED, quick ? 4 : 10, log))]);
    return 0;
  }

  // The 10,000-word article in each language, built by the app's own editor definition.
  const docs = {} as Record<LanguageKey, VersionInput>;
  const words = {} as Record<LanguageKey, number>;
  for (const [i, lang] of (['ckb', 'en', 'kmr'] as const).entries()) {
    docs[lang] = generateVersion(corpus, lang, 10_000, SEED + i);
    words[lang] = countWords(bodyToPlainText(docs[lang].body), language(lang).tag);
  }
  // 400 characters per editor, typed in 8 chunks of 50 that alternate between the app and the baselines.
  const typed = typedText(corpus, 'ckb', quick ? 100 : 400, SEED);
  const probeText = typedText(corpus, 'ckb', quick ? 40 : 100, SEED + 2);
  const sizes = { words, sorani: { blocks: docs.ckb.body.root.children.length, jsonCharacters: JSON.stringify(docs.ckb).length, textCharacters: bodyToPlainText(docs.ckb.body).length } };
  log(`bench: 10k-word articles generated (${Object.entries(words).map(([lang, n]) => `${lang} ${n} words`).join(', ')}; Sorani: ${sizes.sorani.blocks} blocks, ${sizes.sorani.jsonCharacters} characters of JSON)`);

  // Case 3: a keystroke pushed to the main process, and the derivation it causes; the old whole-version save for reference.
  log('bench: keystrokes pushed through the service table (pushDocument), derived every 25');
  const push = await benchDocumentPush(docs.ckb, corpus, quick ? 12 : 40, SEED + 5);
  let save: AutosaveResult | null = null;
  if (!documentsOnly) {
    log('bench: saveVersion of the whole version (the old autosave path), for reference');
    save = await benchAutosave(docs.ckb, quick ? 8 : 20);
  }

  // Case 4: the 10,000-article library (generation not timed), then cases 1, 2 and 5 in Chromium.
  const articleCount = quick ? 1_000 : 10_000;
  let library: GeneratedLibrary | null = null;
  if (!documentsOnly) {
    log(`bench: generating a library of ${articleCount} articles (not part of any figure)`);
    library = await generateLibrary(corpus, articleCount, SEED);
    log(`bench: library generated: ${library.articles} articles, ${library.versions} versions in ${library.seconds.toFixed(0)} s`);
  }
  // One word (province, glued into many forms) and two very common words (Kurdistan Region).
  const queries = { common: 'پارێزگا', second: 'هەرێمی کوردستان' };
  let queriesResult: LibraryQueryResult | null = null;
  let browser: BrowserResults;
  try {
    if (library) {
      log('bench: listing and searching the library');
      queriesResult = await benchLibraryQueries(library.dir, queries, quick ? 10 : 30);
    }
    browser = await runBrowserCases(
      {
        repoRoot,
        docs,
        warmup: typedText(corpus, 'ckb', 6, SEED + 1),
        typed,
        probeText,
        rounds: quick ? 2 : 8,
        paceMs: 40,
        opens: quick ? 4 : 10,
        library10kDir: library?.dir ?? null,
        searchQuery: queries.common,
        experiments,
        scope: documentsOnly ? 'documents' : 'all',
      },
      log,
    );
  } finally {
    if (library) removeDir(library.dir);
  }
  const b = browser;
  const q = queriesResult;
  let ws: WorkspaceResults | null = null;
  if (!documentsOnly) {
    log('bench: opening the translation workspace');
    ws = await runWorkspaceCase(repoRoot, corpus, SEED, quick ? 4 : 10, log);
  }

  const mergeEdits = quick ? 1_000 : 5_000;
  log(`bench: merging a package of ${mergeEdits} separate edits into a library with ${mergeEdits} others`);
  const merge = await benchMerge(corpus, docs.ckb, mergeEdits, quick ? 2 : 5, SEED + 6, log);
  log('bench: main-process memory with three 10,000-word documents loaded');
  const memory = await benchDocumentMemory(repoRoot, docs, quick ? 2 : 3);

  const figures: Figure[] = [
    figure({
      case: '1 keystroke',
      measure: 'key event → next frame (editor bound to its replica, every keystroke pushed)',
      unit: 'ms',
      value: summarize(b.keystroke.app.latency),
      baseline: { name: 'bare Lexical (no React, no binding), same document', value: summarize(b.keystroke.baseline.latency) },
      ratioOf: 'p95',
      target: { stat: 'p95', below: 16 },
      ratioTarget: 1.3,
    }),
    figure({
      case: '1 keystroke',
      measure: 'bare Lexical bound to a Y.Doc by the app’s binding (no React, nothing sent)',
      unit: 'ms',
      value: summarize(b.keystroke.bound.latency),
      baseline: { name: 'bare Lexical', value: summarize(b.keystroke.baseline.latency) },
      ratioOf: 'p95',
      note: 'The binding’s share of the app’s keystroke: Lexical → Yjs sync, Y.UndoManager, the update event.',
    }),
  ];
  figures.push(
    figure({
      case: '1 keystroke',
      measure: 'main-thread CPU per keystroke (trace)',
      unit: 'ms',
      value: summarize(b.trace.app.cpuPerKey),
      baseline: { name: 'bare Lexical', value: summarize(b.trace.baseline.cpuPerKey) },
      ratioOf: 'median',
      note: 'Thread time (tdur) of the renderer main thread from one keydown to the next, from a trace of a separate round: the work per keystroke, not stretched by other processes on the cores.',
    }),
    figure({
      case: '1 keystroke',
      measure: 'main-thread CPU per keystroke (trace), bare Lexical bound',
      unit: 'ms',
      value: summarize(b.trace.bound.cpuPerKey),
      baseline: { name: 'bare Lexical', value: summarize(b.trace.baseline.cpuPerKey) },
      ratioOf: 'median',
    }),
  );
  figures.push(
    figure({
      case: '1 keystroke',
      measure: 'Event Timing duration',
      unit: 'ms',
      value: summarize(b.keystroke.app.eventTiming),
      baseline: { name: 'bare Lexical', value: summarize(b.keystroke.baseline.eventTiming) },
      note: 'PerformanceEventTiming: the largest of keydown/keypress/beforeinput/input per keystroke, to the next paint, rounded to 8 ms; the API reports nothing under 16 ms (shown as <16).',
    }),
    figure({
      case: '2 open',
      measure: 'article URL → body editable, painted (replica opens the document, binding renders it)',
      unit: 'ms',
      value: summarize(b.open.app),
      baseline: { name: 'bare Lexical: fetch JSON + parse + set state + paint', value: summarize(b.open.baseline) },
      ratioOf: 'median',
      target: { stat: 'median', below: 300 },
    }),
    figure({
      case: '2 open',
      measure: 'bare Lexical opened from the document: fetch the Yjs state, bind, apply, paint',
      unit: 'ms',
      value: summarize(b.open.bound),
      baseline: { name: 'bare Lexical from JSON', value: summarize(b.open.baseline) },
      ratioOf: 'median',
      note: 'No React, no app: what opening through the binding costs by itself.',
    }),
    figure({
      case: '2 open',
      measure: 'first open in a fresh page (cold)',
      unit: 'ms',
      value: summarize([b.open.appCold]),
      baseline: { name: 'bare Lexical, first open', value: summarize([b.open.baselineCold]) },
      ratioOf: 'median',
      note: `Bare Lexical bound, first open: ${b.open.boundCold.toFixed(0)} ms.`,
    }),
  );
  if (b.openThree) {
    figures.push(
      figure({
        case: '2 open',
        measure: 'open, all three 10k-word versions saved',
        unit: 'ms',
        value: summarize(b.openThree.app),
        baseline: { name: 'bare Lexical, three editors', value: summarize(b.openThree.baseline) },
        ratioOf: 'median',
      }),
    );
  }
  if (b.openContentVisibility) {
    figures.push(
      figure({
        case: '2 open (experiment)',
        measure: 'open with content-visibility: auto on blocks',
        unit: 'ms',
        value: summarize(b.openContentVisibility.app),
        baseline: { name: 'bare Lexical, same style', value: summarize(b.openContentVisibility.baseline) },
        ratioOf: 'median',
        target: { stat: 'median', below: 300 },
      }),
    );
  }
  const docFigures = documentFigures(push, merge, memory, b.httpPush);
  figures.push(...docFigures.filter((f) => f.case === '3 push'));
  if (save) {
    figures.push(
      figure({
        case: '3 save (reference)',
        measure: 'saveVersion, whole 10k-word version, in Node (the old autosave; no longer called by the editor)',
        unit: 'ms',
        value: save.service,
        baseline: { name: 'JSON.stringify + one raw INSERT, same database', value: save.rawInsert },
        ratioOf: 'median',
        note: 'Now an edit of the version’s document (the smallest change from what it holds) and its rows derived at once.',
      }),
      figure({
        case: '3 save (reference)',
        measure: 'the same, process CPU time',
        unit: 'ms',
        value: save.serviceCpu,
        baseline: { name: 'raw INSERT, CPU time', value: save.rawInsertCpu },
        ratioOf: 'median',
      }),
    );
  }
  if (q) {
    figures.push(
      figure({
        case: '4 library',
        measure: 'listArticles, first page, in Node',
        unit: 'ms',
        value: q.list,
        baseline: { name: 'raw SELECT of the page + count', value: q.listRaw },
        ratioOf: 'median',
        target: { stat: 'median', below: 20 },
      }),
      figure({ case: '4 library', measure: 'the same, process CPU time', unit: 'ms', value: q.cpu.list as Summary, baseline: { name: 'raw, CPU time', value: q.cpu.listRaw as Summary }, ratioOf: 'median' }),
      figure({
        case: '4 library',
        measure: `searchArticles "${queries.common}", in Node`,
        unit: 'ms',
        value: q.search,
        baseline: { name: 'raw FTS5 MATCH … ORDER BY rank LIMIT 50', value: q.searchRaw },
        ratioOf: 'median',
        target: { stat: 'median', below: 50 },
      }),
      figure({ case: '4 library', measure: 'the same, process CPU time', unit: 'ms', value: q.cpu.search as Summary, baseline: { name: 'raw, CPU time', value: q.cpu.searchRaw as Summary }, ratioOf: 'median' }),
      figure({
        case: '4 library',
        measure: `searchArticles "${queries.second}", in Node`,
        unit: 'ms',
        value: q.secondSearch,
        baseline: { name: 'raw FTS5 MATCH … ORDER BY rank LIMIT 50', value: q.secondSearchRaw },
        ratioOf: 'median',
        target: { stat: 'median', below: 50 },
      }),
      figure({ case: '4 library', measure: 'the same, process CPU time', unit: 'ms', value: q.cpu.secondSearch as Summary, baseline: { name: 'raw, CPU time', value: q.cpu.secondSearchRaw as Summary }, ratioOf: 'median' }),
      figure({
        case: '4 library (experiment)',
        measure: `raw FTS5 "${queries.second}" newest first, no bm25`,
        unit: 'ms',
        value: q.newestFirst,
        baseline: { name: 'raw FTS5 by bm25 rank', value: q.secondSearchRaw },
        ratioOf: 'median',
      }),
    );
  }
  if (b.http && q) {
    figures.push(
      figure({ case: '4 library', measure: 'listArticles over loopback HTTP', unit: 'ms', value: summarize(b.http.list), baseline: { name: 'the service in Node', value: q.list }, ratioOf: 'median' }),
      figure({ case: '4 library', measure: 'searchArticles over loopback HTTP', unit: 'ms', value: summarize(b.http.search), baseline: { name: 'the service in Node', value: q.search }, ratioOf: 'median' }),
    );
  }
  if (b.heap) {
    figures.push(
      figure({
        case: '5 memory',
        measure: 'renderer JS heap, 3 × 10k words open',
        unit: 'MB',
        value: summarize(b.heap.app),
        baseline: { name: 'bare Lexical, three editors, same documents', value: summarize(b.heap.baseline) },
        ratioOf: 'median',
      }),
      figure({
        case: '5 memory',
        measure: 'renderer JS heap before opening',
        unit: 'MB',
        value: summarize(b.heap.appLibraryOnly),
        baseline: { name: 'bare Lexical page, no editor yet', value: summarize(b.heap.baselineEmpty) },
        ratioOf: 'median',
      }),
    );
  }
  figures.push(...docFigures.filter((f) => f.case === '5 memory'));
  if (b.rss && library) {
    figures.push(
      figure({
        case: '5 memory',
        measure: `host RSS, ${library.articles}-article library open`,
        unit: 'MB',
        value: summarize(b.rss.library10k),
        baseline: { name: 'host RSS, empty library, same steps', value: summarize(b.rss.empty) },
        ratioOf: 'median',
      }),
    );
  }
  if (ws) figures.push(workspaceFigure(ws));

  let ex: Awaited<ReturnType<typeof runExportCase>> | null = null;
  if (!documentsOnly) {
    log('bench: exporting a package of a three-language article with two 5 MB images');
    ex = await runExportCase(quick ? 3 : 7, log);
    const exportBaseline = { name: 'writeZip of the same files alone', value: ex.baseline };
    figures.push(
      figure({
        case: '6 export',
        measure: 'exportArticle, 3 languages, two 5 MB images imported earlier (web renditions made at import, in a worker)',
        unit: 'ms',
        value: ex.afterImport,
        baseline: exportBaseline,
        ratioOf: 'median',
        target: { stat: 'median', below: 2000 },
        note: `Renditions decoded during these exports: ${ex.decodedAtExportAfterImport}. The worker wrote both ${ex.background.median.toFixed(0)} ms (median) after the import answered.`,
      }),
      figure({
        case: '6 export',
        measure: 'the same, one event-loop turn after the import (waits for the worker)',
        unit: 'ms',
        value: ex.coldWorker,
        baseline: exportBaseline,
        ratioOf: 'median',
      }),
      figure({
        case: '6 export',
        measure: 'the same, rendition cache emptied (renditions made in the export)',
        unit: 'ms',
        value: ex.cold,
        baseline: exportBaseline,
        ratioOf: 'median',
        note: `One rendition each outside the service: JPEG ${ex.renditionMs.jpeg.toFixed(0)} ms, PNG ${ex.renditionMs.png.toFixed(0)} ms (pure-JS decode, area scaling, encode).`,
      }),
      figure({
        case: '6 export',
        measure: 'the same, warm (renditions kept from an earlier export)',
        unit: 'ms',
        value: ex.warm,
        baseline: exportBaseline,
        ratioOf: 'median',
      }),
      figure({ case: '6 export', measure: 'importMedia of the two images (answers before any decoding)', unit: 'ms', value: ex.importCalls }),
    );
  }
  if (!documentsOnly) {
    log('bench: the pre-publish checks on 20,000 paragraphs');
    const qa = await runQaCase(repoRoot, quick ? 5 : 15, log);
    figures.push(
      figure({
        case: '8 checks',
        measure: `checkArticle, ${qa.paragraphs.toLocaleString('en')} paragraphs × 3 languages, ${qa.findings.toLocaleString('en')} findings`,
        unit: 'ms',
        value: qa.checks,
        baseline: { name: 'segmentsOf of the three versions (their plain text)', value: qa.baseline },
        ratioOf: 'median',
        target: { stat: 'median', below: 2000 },
        note: `process CPU time median ${qa.checksCpu.median.toFixed(0)} ms`,
      }),
      figure({ case: '8 checks', measure: `checkArticle, the finding's article: ${qa.repeated.paragraphs.toLocaleString('en')} paragraphs of one word repeated, ${qa.repeated.findings.toLocaleString('en')} findings`, unit: 'ms', value: qa.repeated.checks }),
    );
  }
  let imported: ImportResults | null = null;
  if (!documentsOnly) {
    log('bench: importing a 200 MiB package while other calls go on');
    imported = await runImportCase(path.join(repoRoot, 'out/bench/app/main/web.js'), log, quick ? { images: 5 } : {});
    const one = (value: number): Summary => ({ n: 1, median: value, p95: value, min: value, max: value });
    const mib = imported.packageBytes / 1024 / 1024;
    figures.push(
      figure({ case: '9 import', measure: `importPackage of ${mib.toFixed(0)} MiB through browser mode's server`, unit: 'ms', value: one(imported.importMs), note: imported.ok ? undefined : `refused: ${imported.refusal}` }),
      figure({ case: '9 import', measure: `listArticles during that import (${imported.callsDuringImport} calls; max is the longest wait)`, unit: 'ms', value: imported.calls, target: { stat: 'max', below: 200 } }),
      figure({ case: '9 import', measure: `host peak resident memory (VmHWM, MiB), ${(imported.peakMb / mib).toFixed(2)}× the package`, unit: 'MB', value: one(imported.peakMb), target: { stat: 'max', below: 3 * mib } }),
    );
  }
  figures.push(...docFigures.filter((f) => f.case === '8 merge'));
  if (library) console.log(`Library: ${library.articles} articles, ${library.versions} versions (generated in ${library.seconds.toFixed(0)} s through the service table, not timed).`);
  printTable(figures);
  if (imported) printImportResults(imported);
  describePush(push, merge);
  if (save) describeBreakdown('saveVersion of the whole version in Node (reference), median ms per part (SQL statements timed through a wrapped connection):', save.breakdown);
  if (q) describeBreakdown('Library queries in Node, median ms per part:', q.breakdown);
  const printTrace = (title: string, traces: Record<'app' | 'baseline', TraceSummary> & { bound?: TraceSummary }) => {
    console.log(title);
    for (const side of ['app', 'baseline', 'bound'] as const) {
      const trace = traces[side];
      if (!trace) continue;
      const parts = Object.entries(trace.perKeystroke).sort((x, y) => y[1] - x[1]);
      const total = parts.reduce((sum, [, ms]) => sum + ms, 0);
      console.log(`  ${side.padEnd(8)} total ${total.toFixed(1)}: ${parts.map(([name, ms]) => `${name} ${ms.toFixed(1)}`).join(', ')}`);
      console.log(`  ${''.padEnd(8)} top events: ${trace.topEvents.slice(0, 7).map((e) => `${e.name} ${e.ms.toFixed(1)}`).join(', ')}`);
    }
  };
  printTrace('Keystroke: renderer main-thread self time per keystroke (ms, from a trace):', b.trace);
  if (b.open.trace) printTrace('Open: renderer main-thread self time of one open (ms, from a trace):', b.open.trace);
  console.log(`  app: the getArticle request ends ${summarize(b.open.appRequest).median.toFixed(0)} ms and openDocument ${summarize(b.open.appDocumentRequest).median.toFixed(0)} ms into the open (median of ${b.open.appRequest.length})`);
  if (b.profile) {
    const openProfile = b.profile.appOpen;
    console.log(`Open CPU profile, app (one open, ${(openProfile.totalMs - openProfile.idleMs).toFixed(0)} ms busy); functions by inclusive time:`);
    for (const m of openProfile.topInclusive.filter((f) => !/^\((program|garbage collector)\)$/.test(f.name)).slice(0, 16)) console.log(`  ${(m.share * 100).toFixed(1).padStart(5)}%  ${m.ms.toFixed(1).padStart(6)} ms  ${m.name}`);
    const keystrokes = [...probeText].length;
    for (const side of ['app', 'baseline'] as const) {
      const p = b.profile[side];
      const row = (m: { name: string; ms: number; share: number }) => `  ${(m.share * 100).toFixed(1).padStart(5)}%  ${(m.ms / keystrokes).toFixed(2).padStart(6)} ms/key  ${m.name}`;
      console.log(`Keystroke CPU profile, ${side} (${keystrokes} keys; sampling inflates absolute times, read the shares): busy ${((p.totalMs - p.idleMs) / keystrokes).toFixed(1)} ms/key; self time by module:`);
      for (const m of p.selfByModule.slice(0, 8)) console.log(row(m));
      console.log('  top functions, inclusive:');
      for (const m of p.topInclusive.slice(0, 14)) console.log(row(m));
    }
  }

  const elapsed = (performance.now() - started) / 1000;
  const git = gitState(repoRoot);
  const loadAfter = loadavg().map(ROUND);
  console.log(`bench: load average (1, 5, 15 min) on ${cpus().length} cores: ${loadBefore.join(', ')} before, ${loadAfter.join(', ')} after`);
  console.log(`\nbench: finished in ${elapsed.toFixed(0)} s${quick ? ' (--quick: smaller library, fewer rounds)' : ''}${documentsOnly ? ' (--documents-only)' : ''}; measured ${git ? `${git.commit.slice(0, 10)}${git.changedFiles > 0 ? ` plus ${git.changedFiles} changed tracked files` : ''}` : 'outside git'}`);

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const outDir = path.join(repoRoot, 'bench-results');
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${stamp}${documentsOnly ? '-documents' : ''}.json`);
  const rounded = (summary: Summary) => Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, ROUND(v)]));
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        startedAt: new Date(Date.now() - elapsed * 1000).toISOString(),
        seconds: ROUND(elapsed),
        quick,
        documentsOnly,
        seed: SEED,
        git,
        loadAverage: { before: loadBefore, after: loadAfter },
        machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: ROUND(totalmem() / 2 ** 30), node: process.version, chromium: '/usr/bin/chromium' },
        data: {
          sizes,
          typedCharacters: [...typed].length,
          library: library ? { articles: library.articles, versions: library.versions, generationSeconds: ROUND(library.seconds), generatedThrough: 'service table calls, 500 articles per outer transaction (the service transactions join it), a new service table per batch' } : null,
          queries,
        },
        importCase: imported,
        figures: figures.map((f) => ({ ...f, value: rounded(f.value), baseline: f.baseline ? { name: f.baseline.name, value: rounded(f.baseline.value) } : undefined, ratio: f.ratio === undefined ? undefined : ROUND(f.ratio) })),
        samples: {
          workspaceOpen: ws?.workspace.map(ROUND),
          workspaceBaseline: ws?.article.map(ROUND),
          keystrokeApp: b.keystroke.app.latency.map(ROUND),
          keystrokeBaseline: b.keystroke.baseline.latency.map(ROUND),
          keystrokeBound: b.keystroke.bound.latency.map(ROUND),
          openApp: b.open.app.map(ROUND),
          openBaseline: b.open.baseline.map(ROUND),
          openBound: b.open.bound.map(ROUND),
          httpPush: b.httpPush.map(ROUND),
        },
        documents: {
          push: { burst: push.burst, updateBytes: push.updateBytes, breakdown: push.breakdown, deriveBreakdown: push.deriveBreakdown },
          merge: { editsPerSide: merge.editsPerSide, packageBytes: merge.packageBytes, summary: merge.summary, identical: merge.identical, typingSeconds: ROUND(merge.typingSeconds) },
          memory,
        },
        breakdowns: {
          saveVersion: save?.breakdown,
          library: q?.breakdown,
          keystrokeTrace: b.trace,
          keystrokeProfile: b.profile ? { app: b.profile.app, baseline: b.profile.baseline } : null,
          openTrace: b.open.trace,
          openProfile: b.profile?.appOpen,
          openRequestMs: b.open.appRequest.map(ROUND),
          openDocumentRequestMs: b.open.appDocumentRequest.map(ROUND),
        },
        pageVisibility: [...new Set(b.visibility)],
        exportCase: ex ? { images: ex.images, packageBytes: ex.packageBytes, entries: ex.entries, renditionMs: ex.renditionMs } : null,
      },
      null,
      1,
    )}\n`,
  );
  if (b.profile) writeFileSync(path.join(outDir, `${stamp}-app-typing.cpuprofile`), JSON.stringify(b.profile.appRaw));
  console.log(`bench: results in ${path.relative(repoRoot, file)}`);
  return 0;
}
