import path from 'node:path';
import { readFileSync } from 'node:fs';
import { startBrowserMode } from '../browser-mode';
import { largePackage } from '../large-package';
import { removeDir, tempDir } from './service-cases';
import { summarize, type Summary } from './stats';

/**
 * Case 9 (issue 18 §4): importing a package of about 200 MiB through
 * browser mode's server (out/…/main/web.js: HTTP, JSON, the service table,
 * the import's worker thread), while another client calls listArticles
 * again and again, each call as soon as the one before answered. Measured:
 * the import's time; how long each concurrent call waited (target: the
 * longest under 200 ms); the host process's peak resident memory (VmHWM,
 * the process and its threads) against the package's size (target: under
 * 3×), with its resident memory before for the record.
 */
export interface ImportResults {
  packageBytes: number;
  images: number;
  importMs: number;
  ok: boolean;
  refusal: string | null;
  calls: Summary;
  callsDuringImport: number;
  rssBeforeMb: number;
  peakMb: number;
}

function memory(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

export async function runImportCase(webJs: string, log: (line: string) => void, options: { images?: number; imageBytes?: number } = {}): Promise<ImportResults> {
  const images = options.images ?? 25;
  const imageBytes = options.imageBytes ?? Math.floor(7.8 * 1024 * 1024);
  const { zip } = largePackage(images, imageBytes);
  log(`bench: import: a package of ${(zip.length / 1024 / 1024).toFixed(1)} MiB (${images + 2} pictures) built`);
  const body = JSON.stringify({ dataBase64: zip.toString('base64') });
  const dir = tempDir('qelem-bench-import-');
  const host = await startBrowserMode(webJs, dir, 20_000);
  const pid = host.child.pid as number;
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${host.token}` };
  const call = async (method: string, json: string) => {
    const response = await fetch(`${host.origin}/api/${method}`, { method: 'POST', headers, body: json });
    return (await response.json()) as { ok: boolean; error?: { refusal?: string; message?: string } };
  };
  try {
    for (let i = 0; i < 5; i++) await call('listArticles', '{}');
    const before = memory(pid);
    let done = false;
    const waits: number[] = [];
    const started = performance.now();
    const importing = call('importPackage', body).finally(() => (done = true));
    const concurrent = (async () => {
      while (!done) {
        const sent = performance.now();
        const answer = await call('listArticles', '{}');
        if (!answer.ok) throw new Error(`listArticles failed during the import: ${answer.error?.message}`);
        if (!done) waits.push(performance.now() - sent);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const result = await importing;
    const importMs = performance.now() - started;
    await concurrent;
    const after = memory(pid);
    return {
      packageBytes: zip.length,
      images: images + 2,
      importMs,
      ok: result.ok,
      refusal: result.ok ? null : `${result.error?.refusal ?? ''} ${result.error?.message ?? ''}`,
      calls: summarize(waits),
      callsDuringImport: waits.length,
      rssBeforeMb: before.rssMb,
      peakMb: after.peakMb,
    };
  } finally {
    const exited = new Promise((resolve) => host.child.once('exit', resolve));
    host.child.kill('SIGTERM');
    await exited;
    removeDir(dir);
  }
}

export function printImportResults(r: ImportResults): void {
  const mib = r.packageBytes / 1024 / 1024;
  console.log(`\n9 import: a package of ${mib.toFixed(1)} MiB (${r.images} pictures) through browser mode's server${r.ok ? '' : ` — REFUSED: ${r.refusal}`}`);
  console.log(`  importPackage answered in ${(r.importMs / 1000).toFixed(1)} s`);
  console.log(`  listArticles during it: ${r.callsDuringImport} calls, median ${r.calls.median.toFixed(0)} ms, p95 ${r.calls.p95.toFixed(0)} ms, longest ${r.calls.max.toFixed(0)} ms (target: under 200 ms)`);
  console.log(`  host memory: ${r.rssBeforeMb.toFixed(0)} MB resident before, peak ${r.peakMb.toFixed(0)} MB = ${((r.peakMb * 1024 * 1024) / r.packageBytes).toFixed(2)}× the package (target: under 3×)`);
}

/** `node tests/bench/run.mjs --import-only` (after `npm run build`): this case alone, on out/main/web.js, printed. */
export async function runImportBench({ repoRoot, argv }: { repoRoot: string; argv: string[] }): Promise<number> {
  const quick = argv.includes('--quick');
  const started = performance.now();
  const log = (line: string) => console.log(`${line} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const result = await runImportCase(path.join(repoRoot, 'out/main/web.js'), log, quick ? { images: 5 } : {});
  printImportResults(result);
  return result.ok ? 0 : 1;
}
