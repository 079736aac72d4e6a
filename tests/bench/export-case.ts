import { rmSync } from 'node:fs';
import path from 'node:path';
import { readImageHeader } from '../../electron/services/image-header';
import { RENDITION_CACHE_DIR } from '../../electron/services/export';
import { webRendition } from '../../electron/export/image-rendition';
import { readZip, writeZip } from '../../electron/export/zip';
import { createServiceTable } from '../../electron/services/table';
import { openLibrary } from '../../electron/store/library';
import { createCleanArticle, testJpeg, testPng } from '../unit/export-package-fixtures';
import { removeDir, tempDir } from './service-cases';
import { summarize, timed, type Summary } from './stats';

/**
 * Case 6: exporting a three-language article with two 5 MB images (a noisy
 * JPEG lead image, 2,500 × 1,560, and a noisy PNG in every body, 1,700 ×
 * 1,000: noise keeps the files as large as camera photographs with the
 * fewest pixels), both imported through the media service. Timed through
 * the service table, base64 included, as the renderer calls it:
 * - cold: the rendition cache emptied before each run, so both web
 *   renditions are decoded, scaled and encoded again (a first export);
 * - warm: the renditions kept by the previous export (every later export of
 *   the same pictures).
 * Baseline, in the same run: writeZip of the very files of the package
 * alone (hashing for CRCs, deflating the text, storing the images).
 */
export interface ExportResults {
  cold: Summary;
  warm: Summary;
  baseline: Summary;
  /** One rendition each, made outside the service: where the cold time goes. */
  renditionMs: { jpeg: number; png: number };
  images: { jpeg: { bytes: number; width: number; height: number }; png: { bytes: number; width: number; height: number } };
  packageBytes: number;
  entries: number;
}

export async function runExportCase(rounds: number, log: (line: string) => void): Promise<ExportResults> {
  const dir = tempDir('qelem-bench-export-');
  const library = openLibrary(dir);
  try {
    const table = createServiceTable(library);
    const jpeg = testJpeg(2500, 1560, 61, 92, 96);
    const png = testPng(1700, 1000, 62, 256);
    const { id } = await createCleanArticle(table, jpeg, png);
    log(`bench: export: article with a ${(jpeg.length / 1e6).toFixed(1)} MB JPEG and a ${(png.length / 1e6).toFixed(1)} MB PNG imported through the media service`);

    const exportOnce = async () => {
      const result = await table.exportArticle({ id, acceptWarnings: false, note: '' });
      if (!result.ok) throw new Error(`export failed: ${result.error.message}`);
      return result.value;
    };
    const dropCache = () => rmSync(path.join(library.dir, RENDITION_CACHE_DIR), { recursive: true, force: true });

    // Untimed warm-up: loads fonts and JIT-compiles the codecs.
    const first = await exportOnce();
    const entries = readZip(Buffer.from(first.dataBase64, 'base64')).map((e) => ({ name: e.name, data: e.data, compress: !/\.(?:jpg|png|webp|woff2)$/.test(e.name) }));

    const cold: number[] = [];
    const warm: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < rounds; i++) {
      dropCache();
      cold.push(await timed(exportOnce));
      warm.push(await timed(exportOnce));
      warm.push(await timed(exportOnce));
      baseline.push(await timed(() => writeZip(entries)));
    }

    const header = (bytes: Buffer) => {
      const h = readImageHeader(bytes);
      if (!h.ok) throw new Error('bench image is not an image');
      return h;
    };
    const j = header(jpeg);
    const p = header(png);
    const renditionMs = {
      jpeg: await timed(() => webRendition(jpeg, j.mime, j.width, j.height)),
      png: await timed(() => webRendition(png, p.mime, p.width, p.height)),
    };
    return {
      cold: summarize(cold),
      warm: summarize(warm),
      baseline: summarize(baseline),
      renditionMs,
      images: { jpeg: { bytes: jpeg.length, width: j.width, height: j.height }, png: { bytes: png.length, width: p.width, height: p.height } },
      packageBytes: first.bytes,
      entries: entries.length,
    };
  } finally {
    library.close();
    removeDir(dir);
  }
}

/** `node tests/bench/run.mjs --export-only`: this case alone, printed. */
export async function runExportBench({ argv }: { repoRoot: string; argv: string[] }): Promise<number> {
  const quick = argv.includes('--quick');
  const started = performance.now();
  const log = (line: string) => console.log(`${line} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const result = await runExportCase(quick ? 3 : 7, log);
  printExportResults(result);
  return 0;
}

export function printExportResults(r: ExportResults): void {
  const row = (name: string, s: Summary) => `  ${name.padEnd(60)} median ${s.median.toFixed(0).padStart(6)} ms   p95 ${s.p95.toFixed(0).padStart(6)} ms   n ${s.n}`;
  console.log(`\n6 export: three-language article, ${(r.images.jpeg.bytes / 1e6).toFixed(1)} MB JPEG ${r.images.jpeg.width}×${r.images.jpeg.height} + ${(r.images.png.bytes / 1e6).toFixed(1)} MB PNG ${r.images.png.width}×${r.images.png.height}; package ${(r.packageBytes / 1e6).toFixed(1)} MB, ${r.entries} files (target: under 2 s)`);
  console.log(row('exportArticle, cold (both web renditions made)', r.cold));
  console.log(row('exportArticle, warm (renditions kept from an earlier export)', r.warm));
  console.log(row('baseline: writeZip of the same files alone', r.baseline));
  console.log(`  ratio of medians: cold ${(r.cold.median / r.baseline.median).toFixed(1)}, warm ${(r.warm.median / r.baseline.median).toFixed(1)}`);
  console.log(`  one rendition each, outside the service: JPEG ${r.renditionMs.jpeg.toFixed(0)} ms, PNG ${r.renditionMs.png.toFixed(0)} ms`);
  console.log(`  target met: cold ${r.cold.median < 2000 ? 'yes' : 'NO'}, warm ${r.warm.median < 2000 ? 'yes' : 'NO'}\n`);
}
