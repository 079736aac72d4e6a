// npm run bench (after `electron-vite build` has built the app): builds the
// baseline page, an unminified copy of the renderer (for CPU profiles) and the
// bench runner with Vite, then runs the runner. `--quick`: a smaller library
// and fewer rounds, for working on the bench itself; `--no-experiments`: skip
// timing the candidate fix for open time. The translation-memory lookup case
// runs after the others; `--tm-only` runs it alone (no app build needed);
// `--workspace-only` runs only the translation-workspace case; `--export-only`
// runs only the export case (no app build needed); `--qa-only` runs only the
// case of the pre-publish checks on 20,000 paragraphs (no app build needed);
// `--import-only` runs only the case of a 200 MiB package imported while
// other calls go on (on out/main/web.js: run "npm run build" first);
// `--documents-only` runs
// only the cases of issue 14 (shared documents): a keystroke pushed, its
// derivation, merging a package of 5,000 edits, main-process memory, and in
// the browser keystroke latency and open time with the editor bound to its
// document. `--scale` runs only the newsroom server's load case (issue 17:
// two instances over Redis and PostgreSQL against one on SQLite; with
// `--quick`, a small version), no app build needed. `--server` runs only the
// newsroom server's cases of issue 15 (a keystroke from desk to desk, 100
// clients typing, a desk returning with 5,000 offline edits; `--quick`, a
// small version), no app build needed.
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const started = performance.now();
const argv = process.argv.slice(2);

/** The translation-memory case: service-cases.ts bundled on its own, beside the runner. */
async function runTranslationMemoryCase() {
  await build({
    configFile: path.join(repoRoot, 'tests/bench/vite.config.ts'),
    build: {
      ssr: path.join(repoRoot, 'tests/bench/service-cases.ts'),
      emptyOutDir: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'tm.js' } },
    },
  });
  const { runTranslationMemoryBench } = await import(pathToFileURL(path.join(repoRoot, 'out/bench/node/tm.js')).href);
  return runTranslationMemoryBench({ repoRoot, argv });
}

/** The export case alone: export-case.ts bundled on its own, beside the runner. */
async function runExportCaseOnly() {
  await build({
    configFile: path.join(repoRoot, 'tests/bench/vite.config.ts'),
    build: {
      ssr: path.join(repoRoot, 'tests/bench/export-case.ts'),
      emptyOutDir: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'export.js' } },
    },
  });
  const { runExportBench } = await import(pathToFileURL(path.join(repoRoot, 'out/bench/node/export.js')).href);
  return runExportBench({ repoRoot, argv });
}

/** The checks case alone: qa-case.ts bundled on its own, beside the runner. */
async function runQaCaseOnly() {
  await build({
    configFile: path.join(repoRoot, 'tests/bench/vite.config.ts'),
    build: {
      ssr: path.join(repoRoot, 'tests/bench/qa-case.ts'),
      emptyOutDir: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'qa.js' } },
    },
  });
  const { runQaBench } = await import(pathToFileURL(path.join(repoRoot, 'out/bench/node/qa.js')).href);
  return runQaBench({ repoRoot, argv });
}

/** The newsroom server's load case: scale.ts bundled on its own, beside the runner. */
async function runScaleCase() {
  await build({
    configFile: path.join(repoRoot, 'tests/bench/vite.config.ts'),
    build: {
      ssr: path.join(repoRoot, 'tests/bench/scale.ts'),
      emptyOutDir: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'scale.js' } },
    },
  });
  const { runScaleBench } = await import(pathToFileURL(path.join(repoRoot, 'out/bench/node/scale.js')).href);
  return runScaleBench({ repoRoot, argv });
}

/** The newsroom server's cases of issue 15: server.ts bundled on its own, beside the runner. */
async function runServerCase() {
  await build({
    configFile: path.join(repoRoot, 'tests/bench/vite.config.ts'),
    build: {
      ssr: path.join(repoRoot, 'tests/bench/server.ts'),
      emptyOutDir: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'server.js' } },
    },
  });
  const { runServerBench } = await import(pathToFileURL(path.join(repoRoot, 'out/bench/node/server.js')).href);
  return runServerBench({ repoRoot, argv });
}

if (argv.includes('--server')) {
  process.exitCode = await runServerCase();
  process.exit();
}

/** The import case alone: import-case.ts bundled on its own, beside the runner. */
async function runImportCaseOnly() {
  await build({
    configFile: path.join(repoRoot, 'tests/bench/vite.config.ts'),
    build: {
      ssr: path.join(repoRoot, 'tests/bench/import-case.ts'),
      emptyOutDir: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'import.js' } },
    },
  });
  const { runImportBench } = await import(pathToFileURL(path.join(repoRoot, 'out/bench/node/import.js')).href);
  return runImportBench({ repoRoot, argv });
}

if (argv.includes('--import-only')) {
  process.exitCode = await runImportCaseOnly();
  process.exit();
}
if (argv.includes('--qa-only')) {
  process.exitCode = await runQaCaseOnly();
  process.exit();
}
if (argv.includes('--scale')) {
  process.exitCode = await runScaleCase();
  process.exit();
}
if (argv.includes('--export-only')) {
  process.exitCode = await runExportCaseOnly();
  process.exit();
}
if (argv.includes('--tm-only')) {
  process.exitCode = await runTranslationMemoryCase();
  process.exit();
}
// A private copy of the app build: other work in this checkout may rebuild out/ while the bench runs.
const appCopy = path.join(repoRoot, 'out/bench/app');
for (const part of ['main', 'renderer']) {
  if (!existsSync(path.join(repoRoot, 'out', part))) throw new Error(`out/${part} is missing: run "electron-vite build" first (npm run bench does)`);
}
rmSync(appCopy, { recursive: true, force: true });
cpSync(path.join(repoRoot, 'out/main'), path.join(appCopy, 'main'), { recursive: true });
cpSync(path.join(repoRoot, 'out/renderer'), path.join(appCopy, 'renderer'), { recursive: true });
if (!existsSync(path.join(appCopy, 'renderer/index.html'))) throw new Error('out/renderer was being rebuilt while it was copied; run the bench again');
await build({ configFile: path.join(repoRoot, 'tests/bench/baseline/vite.config.ts') });
// The unminified renderer is only for the CPU profiles, which --documents-only does not take.
if (!argv.includes('--documents-only')) await build({ configFile: path.join(repoRoot, 'tests/bench/renderer-profile.config.ts') });
await build({ configFile: path.join(repoRoot, 'tests/bench/vite.config.ts') });
// The memory case's child process (a main process of its own), beside the runner.
await build({
  configFile: path.join(repoRoot, 'tests/bench/vite.config.ts'),
  build: {
    ssr: path.join(repoRoot, 'tests/bench/memory-child.ts'),
    emptyOutDir: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'memory-child.js' } },
  },
});
console.log(`bench: runner and baseline built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const { runBench } = await import(pathToFileURL(path.join(repoRoot, 'out/bench/node/bench.js')).href);
process.exitCode = await runBench({ repoRoot, argv });
const tmExit = argv.includes('--workspace-only') || argv.includes('--documents-only') ? 0 : await runTranslationMemoryCase();
if (!process.exitCode) process.exitCode = tmExit;
