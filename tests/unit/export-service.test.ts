// @vitest-environment node
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServiceTable } from '../../shared/api';
import type { VersionContent } from '../../shared/article';
import { ExportAcceptanceSchema } from '../../shared/export/package-format';
import { verifyBag } from '../../electron/export/bagit';
import { EXPORT_JSON } from '../../electron/export/package';
import { readZip } from '../../electron/export/zip';
import { RENDITION_CACHE_DIR } from '../../electron/services/export';
import { createServiceTable } from '../../electron/services/table';
import { openLibrary, type Library } from '../../electron/store/library';
import { createCleanArticle, sha256, testJpeg } from './export-package-fixtures';

// Images are decoded and encoded in pure JavaScript: seconds, not milliseconds, on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let tmp: string;
let library: Library;
let table: ServiceTable;
let clock: number;

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qelem-export-'));
  library = openLibrary(tmp);
  clock = Date.parse('2024-05-06T10:00:00.000Z');
  table = createServiceTable(library, { now: () => new Date((clock += 1000)), exportedBy: () => 'desk-editor' });
});

afterEach(() => {
  library.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

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
    expect(acceptance).toEqual({ note, acceptedWarnings: [expect.objectContaining({ code: 'words.doubled', lang: 'kmr' })] });
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
