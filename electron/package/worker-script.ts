import fs from 'node:fs';
import { Worker, type TransferListItem } from 'node:worker_threads';

/**
 * The worker threads of the package layer (rendition-worker.ts,
 * package-worker.ts): each is built as its own entry beside out/main/index.js
 * and web.js (electron.vite.config.ts), or run from its TypeScript source
 * when the app runs from sources (vitest, the bench's source cases).
 */

/**
 * `name`'s script: out/main/<name>.js beside the built app (the calling code
 * sits in out/main or out/main/chunks), or the TypeScript source beside
 * `from` (the caller's import.meta.url). The names are variables so the
 * bundler leaves them alone.
 */
export function defaultWorkerScript(name: string, from: string): URL | null {
  const candidates = [`./${name}.js`, `../${name}.js`, `./${name}.ts`];
  for (const candidate of candidates) {
    const url = new URL(candidate, from);
    if (fs.existsSync(url)) return url;
  }
  return null;
}

/** Runs a TypeScript worker from sources: relative imports without an extension get `.ts`. */
const TYPESCRIPT_BOOTSTRAP = `
const { registerHooks } = require('node:module');
const { workerData } = require('node:worker_threads');
registerHooks({
  resolve(specifier, context, next) {
    if (/^\\.\\.?\\//.test(specifier) && !/\\.[cm]?[jt]s$/.test(specifier)) {
      try { return next(specifier + '.ts', context); } catch {}
    }
    return next(specifier, context);
  },
});
import(workerData.script);
`;

export interface WorkerStart {
  name: string;
  workerData?: Record<string, unknown>;
  transferList?: TransferListItem[];
}

/**
 * Starts the worker of `script`: a built .js as it is; a .ts source through
 * the bootstrap above, with Node's type transformation (the sources use
 * parameter properties, which type stripping alone refuses).
 */
export function startWorkerScript(script: URL, start: WorkerStart): Worker {
  const workerData = start.workerData ?? {};
  if (!script.pathname.endsWith('.ts')) return new Worker(script, { name: start.name, workerData, transferList: start.transferList });
  return new Worker(TYPESCRIPT_BOOTSTRAP, {
    eval: true,
    name: start.name,
    workerData: { ...workerData, script: script.href },
    transferList: start.transferList,
    execArgv: ['--experimental-transform-types', '--disable-warning=ExperimentalWarning'],
  });
}
