// @vitest-environment node
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServiceTable } from '../../shared/api';
import type { VersionContent } from '../../shared/article';
import { ExportAcceptanceSchema } from '../../shared/export/package-format';
import { verifyBag } from '../../electron/package/bagit';
import { webRendition } from '../../electron/package/image-rendition';
import { EXPORT_JSON, originalPath, renditionPath } from '../../electron/package/package';
import { readZip } from '../../electron/package/zip';
import { RENDITION_CACHE_DIR, renditionFile } from '../../electron/package/renditions';
import type { Library } from '../../electron/store/library';
import { createCleanArticle, sha256, testJpeg, testPng } from './export-package-fixtures';
import { steppingClock, tempLibrary, type TempLibrary } from './helpers/library';

// Images are decoded and encoded in pure JavaScript: seconds, not milliseconds, on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let temp: TempLibrary;
let library: Library;
let table: ServiceTable;

beforeEach(() => {
  temp = tempLibrary('qelem-export-');
  library = temp.library;
  table = temp.table({ now: steppingClock('2024-05-06T10:00:00.000Z'), exportedBy: () => 'desk-editor' });
});

afterEach(() => temp.dispose());

const unzip = (base64: string) => new Map(readZip(Buffer.from(base64, 'base64')).map((e) => [e.name, e.data]));

/** Saves the Badini version again with a doubled word: a warning, no error (the links stay done). */
async function withDoubledWord(id: string): Promise<void> {
  const article = await table.getArticle({ id });
  if (!article.ok) throw new Error('setup failed');
  const kmr = article.value.versions.kmr!;
  const content = JSON.parse(JSON.stringify(kmr).replace('هاتە ڤەکرن', 'هاتە هاتە ڤەکرن')) as VersionContent & { lang?: string; revision?: number; updatedAt?: string };
  delete content.lang;
  delete content.revision;
  delete content.updatedAt;
  const saved = await table.saveVersion({ id, lang: 'kmr', baseRevision: kmr.revision, content });
  if (!saved.ok) throw new Error(saved.error.message);
}

describe('checkArticle', () => {
  it('reports the pre-publish findings of the saved article', async () => {
    const { id } = await createCleanArticle(table, testJpeg(40, 30, 1));
    expect(await table.checkArticle({ id })).toEqual({ ok: true, value: { findings: [] } });
    await withDoubledWord(id);
    expect(await table.checkArticle({ id })).toMatchObject({ ok: true, value: { findings: [{ code: 'words.doubled', severity: 'warning', lang: 'kmr', params: { word: 'هاتە' } }] } });
    const sorani = await table.createArticle({ sourceLang: 'ckb' });
    const findings = sorani.ok ? await table.checkArticle({ id: sorani.value.id }) : null;
    expect(findings).toMatchObject({ ok: true, value: { findings: expect.arrayContaining([expect.objectContaining({ code: 'version.missing', lang: 'en', severity: 'error' })]) } });
    expect(await table.checkArticle({ id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('exportArticle', () => {
  it('refuses an article with errors, listing them, and logs nothing', async () => {
    const created = await table.createArticle({ sourceLang: 'ckb' });
    if (!created.ok) throw new Error('setup failed');
    const result = await table.exportArticle({ id: created.value.id, acceptWarnings: true, note: 'Ship it.' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', refusal: 'qa_errors', message: expect.stringMatching(/^The pre-publish checks found \d+ errors; fix them before exporting\.$/) } });
    const findings = (!result.ok && result.error.findings) || [];
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.severity === 'error')).toBe(true);
    expect(findings.map((f) => f.code)).toEqual(expect.arrayContaining(['version.missing', 'headline.missing']));
    expect(await table.listExports({ id: created.value.id })).toEqual({ ok: true, value: { items: [] } });
  });

  it('needs acceptWarnings for warnings, then stores them and the note in the package and the export log', async () => {
    const { id } = await createCleanArticle(table, testJpeg(40, 30, 2));
    await withDoubledWord(id);
    const refused = await table.exportArticle({ id, acceptWarnings: false, note: '' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', refusal: 'qa_warnings', message: 'The pre-publish checks found 1 warning; accept them, with a note, to export anyway.', findings: [{ code: 'words.doubled' }] } });
    expect(await table.listExports({ id })).toEqual({ ok: true, value: { items: [] } });

    const note = 'هاتە هاتە is the wire copy’s own wording; checked with the Duhok desk.';
    const exported = await table.exportArticle({ id, acceptWarnings: true, note });
    if (!exported.ok) throw new Error(exported.error.message);
    const files = unzip(exported.value.dataBase64);
    const acceptance = ExportAcceptanceSchema.parse(JSON.parse(files.get(`data/${EXPORT_JSON}`)!.toString('utf8')));
    expect(acceptance).toEqual({ note, workingCopy: false, acceptedWarnings: [expect.objectContaining({ code: 'words.doubled', lang: 'kmr' })] });
    expect(files.get('bag-info.txt')!.toString('utf8')).toContain('Qelem-Accepted-Warnings: words.doubled\n');

    const log = await table.listExports({ id });
    expect(log).toEqual({
      ok: true,
      value: {
        items: [
          {
            exportedAt: expect.stringMatching(/^2024-05-06T10:/),
            exportedBy: 'desk-editor',
            fileName: exported.value.fileName,
            bytes: exported.value.bytes,
            sha256: exported.value.sha256,
            revisions: { en: 2, ckb: 1, kmr: 2 },
            acceptedWarnings: acceptance.acceptedWarnings,
            note,
            workingCopy: false,
          },
        ],
      },
    });
  });

  it('gives the same bytes when the same article is exported again, and says what it gave', async () => {
    const { id, lead } = await createCleanArticle(table, testJpeg(1700, 1000, 3));
    const first = await table.exportArticle({ id, acceptWarnings: false, note: '' });
    const second = await table.exportArticle({ id, acceptWarnings: false, note: '' });
    if (!first.ok || !second.ok) throw new Error('export failed');
    expect(second.value).toEqual(first.value);
    const zip = Buffer.from(first.value.dataBase64, 'base64');
    expect(first.value).toMatchObject({ fileName: expect.stringMatching(/^\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.zip$/), bytes: zip.length, sha256: sha256(zip) });
    expect(() => verifyBag(readZip(zip))).not.toThrow();
    // The rendition was made once and kept; the second export read it back.
    expect(fs.readdirSync(path.join(library.dir, RENDITION_CACHE_DIR))).toEqual([expect.stringMatching(new RegExp(`^${sha256(lead)}\\..+\\.jpg$`))]);
    const log = await table.listExports({ id });
    expect(log.ok && log.value.items.map((item) => item.sha256)).toEqual([first.value.sha256, first.value.sha256]);
    // A different note is a different package.
    const noted = await table.exportArticle({ id, acceptWarnings: false, note: 'Embargoed until 18:00.' });
    expect(noted.ok && noted.value.sha256).not.toBe(first.value.sha256);
  });

  it('refuses when an image the article shows is gone from the media store', async () => {
    const { id, lead } = await createCleanArticle(table, testJpeg(40, 30, 4));
    fs.rmSync(path.join(library.mediaDir, `${sha256(lead)}.jpg`));
    expect(await table.exportArticle({ id, acceptWarnings: false, note: '' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', refusal: 'media_missing', message: expect.stringContaining(sha256(lead)) },
    });
    expect(await table.listExports({ id })).toEqual({ ok: true, value: { items: [] } });
  });

  it('answers not_found for an unknown article', async () => {
    const id = '00000000-0000-4000-8000-000000000000';
    expect(await table.exportArticle({ id, acceptWarnings: true, note: '' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await table.listExports({ id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('web renditions made at import', () => {
  const exported = async (id: string) => {
    const result = await table.exportArticle({ id, acceptWarnings: false, note: '' });
    if (!result.ok) throw new Error(result.error.message);
    return unzip(result.value.dataBase64);
  };
  const webOf = (files: Map<string, Buffer>, image: Buffer) => files.get(`data/${renditionPath(sha256(image), 'image/jpeg')}`);
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
  /** A worker that dies on its first job. */
  const crashingWorker = new URL(
    `data:text/javascript,${encodeURIComponent("import { workerData } from 'node:worker_threads'; workerData.port.on('message', () => { throw new Error('boom'); });")}`,
  );

  it('makes the rendition in the worker after the import has answered; export reads it and decodes nothing', async () => {
    const lead = testJpeg(1700, 1000, 31);
    const imported = await table.importMedia({ name: 'lead.jpg', dataBase64: lead.toString('base64') });
    expect(imported.ok).toBe(true);
    // The call has answered; the job waits for the next turn of the event loop.
    expect(fs.existsSync(renditionFile(library, sha256(lead), 'image/jpeg'))).toBe(false);
    expect(temp.renditions.counts()).toEqual({ madeByWorker: 0, madeAtExport: 0, workerFailures: 0 });
    // The same bytes again (the fixture imports the lead too): no second job.
    const { id } = await createCleanArticle(table, lead);
    await temp.renditions.settled();
    expect(temp.renditions.counts()).toEqual({ madeByWorker: 1, madeAtExport: 0, workerFailures: 0 });
    const inThread = webRendition(lead, 'image/jpeg', 1700, 1000)!;
    expect(fs.readFileSync(renditionFile(library, sha256(lead), 'image/jpeg')).equals(inThread.data)).toBe(true);

    const files = await exported(id);
    expect(webOf(files, lead)!.equals(inThread.data)).toBe(true);
    expect(temp.renditions.counts()).toEqual({ madeByWorker: 1, madeAtExport: 0, workerFailures: 0 });
  });

  it('waits for the job the worker is on when export comes first: one decode, the same bytes', async () => {
    const lead = testJpeg(1700, 1000, 32);
    const { id } = await createCleanArticle(table, lead);
    await nextTurn(); // the job has gone to the worker
    const files = await exported(id); // blocks until the worker answers
    expect(temp.renditions.counts()).toEqual({ madeByWorker: 1, madeAtExport: 0, workerFailures: 0 });
    expect(webOf(files, lead)!.equals(webRendition(lead, 'image/jpeg', 1700, 1000)!.data)).toBe(true);
  });

  it('makes a queued rendition itself while the worker finishes the one it is on, then takes that one', async () => {
    const lead = testJpeg(1700, 1000, 36);
    const body = testPng(1700, 400, 37);
    const { id } = await createCleanArticle(table, lead, body); // the body picture is imported first
    await nextTurn(); // the worker is on the PNG; the JPEG waits in the queue
    const files = await exported(id);
    expect(temp.renditions.counts()).toEqual({ madeByWorker: 1, madeAtExport: 1, workerFailures: 0 });
    expect(webOf(files, lead)!.equals(webRendition(lead, 'image/jpeg', 1700, 1000)!.data)).toBe(true);
    expect(files.get(`data/${renditionPath(sha256(body), 'image/png')}`)!.equals(webRendition(body, 'image/png', 1700, 400)!.data)).toBe(true);
  });

  it('makes it at export, once, when the job had not started yet', async () => {
    const lead = testJpeg(1700, 1000, 33);
    const { id } = await createCleanArticle(table, lead);
    const files = await exported(id);
    await temp.renditions.settled();
    expect(temp.renditions.counts()).toEqual({ madeByWorker: 0, madeAtExport: 1, workerFailures: 0 });
    expect(webOf(files, lead)!.equals(fs.readFileSync(renditionFile(library, sha256(lead), 'image/jpeg')))).toBe(true);
  });

  it('imports and exports an image the decoder cannot read (it passed the header check): the original serves', async () => {
    // Arithmetic coding (SOF9): the header is fine, jpeg-js cannot decode it.
    const unreadable = Buffer.from(testJpeg(1700, 1000, 34));
    unreadable[unreadable.indexOf(Buffer.from([0xff, 0xc0])) + 1] = 0xc9;
    const { id } = await createCleanArticle(table, unreadable);
    await temp.renditions.settled();
    expect(temp.renditions.counts()).toEqual({ madeByWorker: 0, madeAtExport: 0, workerFailures: 0 });
    const files = await exported(id);
    expect(webOf(files, unreadable)).toBeUndefined();
    expect(files.get(`data/${originalPath(sha256(unreadable), 'image/jpeg')}`)!.equals(unreadable)).toBe(true);
    // The worker's answer is remembered: export did not try the decoder again.
    expect(temp.renditions.counts()).toEqual({ madeByWorker: 0, madeAtExport: 0, workerFailures: 0 });
  });

  it('loses nothing to a worker that crashes: the import stands and export makes the rendition itself', async () => {
    temp.renditions.useWorkerScript(crashingWorker);
    const lead = testJpeg(1700, 1000, 35);
    const { id } = await createCleanArticle(table, lead);
    await nextTurn();
    await temp.renditions.settled();
    expect(temp.renditions.counts()).toEqual({ madeByWorker: 0, madeAtExport: 0, workerFailures: 1 });
    expect(await table.getMediaInfo({ sha256: sha256(lead) })).toMatchObject({ ok: true, value: { width: 1700, height: 1000 } });
    const files = await exported(id);
    expect(temp.renditions.counts()).toEqual({ madeByWorker: 0, madeAtExport: 1, workerFailures: 1 });
    expect(webOf(files, lead)!.equals(webRendition(lead, 'image/jpeg', 1700, 1000)!.data)).toBe(true);
  });

  it('stops starting a worker that fails three times in a row, and starts again with another script', async () => {
    temp.renditions.useWorkerScript(new URL('file:///nonexistent/rendition-worker.js'));
    const import_ = async (seed: number) => {
      const bytes = testJpeg(1601, 2, seed);
      expect((await table.importMedia({ name: 'wide.jpg', dataBase64: bytes.toString('base64') })).ok).toBe(true);
      await nextTurn();
      await temp.renditions.settled();
    };
    for (const seed of [41, 42, 43]) await import_(seed);
    expect(temp.renditions.counts().workerFailures).toBe(3);
    await import_(44); // not even queued
    expect(temp.renditions.counts()).toEqual({ madeByWorker: 0, madeAtExport: 0, workerFailures: 3 });
    temp.renditions.useWorkerScript(null);
    await import_(45);
    expect(temp.renditions.counts()).toEqual({ madeByWorker: 1, madeAtExport: 0, workerFailures: 3 });
  });
});
