// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { ServiceTable } from '../../shared/api';
import type { Article, Body, VersionContent } from '../../shared/article';
import { readArticleFields } from '../../shared/collab/article-doc';
import { articleDocName, parseArticleDocName, versionDocName } from '../../shared/collab/doc-names';
import { bindVersionDoc } from '../../shared/collab/version-editor';
import { ExportAcceptanceSchema } from '../../shared/export/package-format';
import type { Services } from '../../electron/services/table';
import { readZip } from '../../electron/package/zip';
import { Typist } from '../collab-typist';
import { seededRandom } from '../seeded-random';
import { paragraph } from './body-fixtures';
import { tempLibrary, type TempLibrary } from './helpers/library';

/**
 * An article travels between libraries (a reporter's laptop, a translator's)
 * as packages, and whatever each side did is merged: the package carries the
 * article's shared documents.
 */
vi.setConfig({ testTimeout: 60_000 });

let reporter: TempLibrary;
let translator: TempLibrary;
let tables: { reporter: ServiceTable; translator: ServiceTable };

beforeEach(() => {
  reporter = tempLibrary('qelem-merge-reporter-');
  translator = tempLibrary('qelem-merge-translator-');
  tables = { reporter: reporter.table({ backups: false }), translator: translator.table({ backups: false }) };
});

afterEach(async () => {
  await reporter.dispose();
  await translator.dispose();
});

async function value<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(settled.error.message);
  return settled.value;
}

const PARAGRAPHS = ['Peshmerga forces reached the bridge at dawn.', 'The governor of Duhok said the road would reopen.', 'Talks continue in Erbil on Monday.'];
const SORANI = ['هێزەکانی پێشمەرگە بەرەبەیان گەیشتنە سەر پردەکە.', 'پارێزگاری دهۆک وتی ڕێگاکە دەکرێتەوە.', 'گفتوگۆکان دووشەممە لە هەولێر بەردەوام دەبن.'];

function content(headline: string, paragraphs: readonly string[], dir: 'ltr' | 'rtl' = 'ltr'): VersionContent {
  return {
    headline,
    standfirst: '',
    dateline: '',
    byline: '',
    leadImageCaption: '',
    leadImageAlt: '',
    body: { root: { type: 'root', version: 1, direction: dir, format: '', indent: 0, children: paragraphs.map((text) => paragraph(text)) } },
    fieldLinks: {},
  };
}

/** Saves a version as an edit of what the library holds (the text of one paragraph replaced). */
async function editParagraph(table: ServiceTable, id: string, lang: 'en' | 'ckb', index: number, text: string): Promise<void> {
  const article = await value(table.getArticle({ id }));
  const version = article.versions[lang]!;
  const { lang: _lang, revision, updatedAt: _updatedAt, ...current } = version;
  const children = current.body.root.children.map((block, i) => (i === index ? { ...block, children: [{ type: 'text', version: 1, text, format: 0, detail: 0, mode: 'normal', style: '' }] } : block));
  await value(table.saveVersion({ id, lang, baseRevision: revision, content: { ...current, body: { root: { ...current.body.root, children } } } }));
}

const texts = (article: Article, lang: 'en' | 'ckb') => article.versions[lang]?.body.root.children.map((block) => JSON.stringify(block).match(/"text":"([^"]*)"/)?.[1] ?? '') ?? [];

/** A working copy of the article (any stage), as the other side imports it. */
async function workingCopy(table: ServiceTable, id: string): Promise<string> {
  return (await value(table.exportArticle({ id, acceptWarnings: false, note: '', workingCopy: true }))).dataBase64;
}

async function storyOnBothSides(): Promise<string> {
  const created = await value(tables.reporter.createArticle({ sourceLang: 'en' }));
  await value(tables.reporter.saveVersion({ id: created.id, lang: 'en', baseRevision: 1, content: content('Bridge reopens', PARAGRAPHS) }));
  const imported = await value(tables.translator.importPackage({ dataBase64: await workingCopy(tables.reporter, created.id) }));
  expect(imported.merged).toBeUndefined();
  expect(texts(imported, 'en')).toEqual(PARAGRAPHS);
  return created.id;
}

describe('a package of an article the library already holds', () => {
  it('is merged: the edits made on each side both stay, a new translation comes in, and the toast’s figures say so', async () => {
    const id = await storyOnBothSides();
    // Meanwhile, on two laptops: the translator translates and fixes a word of the source; the reporter edits another paragraph.
    await value(tables.translator.saveVersion({ id, lang: 'ckb', baseRevision: 0, content: content('پردەکە دەکرێتەوە', SORANI, 'rtl') }));
    await editParagraph(tables.translator, id, 'en', 0, 'Peshmerga forces reached the Khabur bridge at dawn.');
    await editParagraph(tables.reporter, id, 'en', 2, 'Talks continue in Erbil on Tuesday.');

    const merged = await value(tables.reporter.importPackage({ dataBase64: await workingCopy(tables.translator, id) }));
    expect(merged.merged).toEqual({ versionsAdded: ['ckb'], blocksAdded: 0, blocksChanged: 1, fieldsChanged: 0 });
    expect(texts(merged, 'en')).toEqual(['Peshmerga forces reached the Khabur bridge at dawn.', PARAGRAPHS[1], 'Talks continue in Erbil on Tuesday.']);
    expect(texts(merged, 'ckb')).toEqual(SORANI);

    // Back to the translator: both libraries now hold the same article, word for word.
    const back = await value(tables.translator.importPackage({ dataBase64: await workingCopy(tables.reporter, id) }));
    expect(back.merged).toEqual({ versionsAdded: [], blocksAdded: 0, blocksChanged: 1, fieldsChanged: 0 });
    for (const lang of ['en', 'ckb'] as const) {
      const { revision: _r, updatedAt: _u, ...mine } = back.versions[lang]!;
      const { revision: _r2, updatedAt: _u2, ...theirs } = merged.versions[lang]!;
      expect(mine).toEqual(theirs);
    }
  });

  it('changes nothing the second time', async () => {
    const id = await storyOnBothSides();
    await editParagraph(tables.translator, id, 'en', 1, 'The governor of Duhok said the road would reopen on Sunday.');
    const copy = await workingCopy(tables.translator, id);
    expect((await value(tables.reporter.importPackage({ dataBase64: copy }))).merged).toMatchObject({ blocksChanged: 1 });
    const once = await value(tables.reporter.getArticle({ id }));
    const twice = await value(tables.reporter.importPackage({ dataBase64: copy }));
    expect(twice.merged).toEqual({ versionsAdded: [], blocksAdded: 0, blocksChanged: 0, fieldsChanged: 0 });
    const { merged: _merged, ...article } = twice;
    expect(article).toEqual(once);
  });

  it('ends the same whichever side merges into which', async () => {
    const id = await storyOnBothSides();
    await editParagraph(tables.translator, id, 'en', 0, 'Peshmerga forces reached the bridge before dawn.');
    await editParagraph(tables.reporter, id, 'en', 0, 'Kurdish Peshmerga forces reached the bridge at dawn.');
    const fromTranslator = await workingCopy(tables.translator, id);
    const fromReporter = await workingCopy(tables.reporter, id);
    const atReporter = await value(tables.reporter.importPackage({ dataBase64: fromTranslator }));
    const atTranslator = await value(tables.translator.importPackage({ dataBase64: fromReporter }));
    expect(texts(atReporter, 'en')).toEqual(texts(atTranslator, 'en'));
    // Both edits of the same sentence kept, merged word by word.
    expect(texts(atReporter, 'en')[0]).toBe('Kurdish Peshmerga forces reached the bridge before dawn.');
  });
});

/**
 * Types `edits` keystrokes into a version's document as a window does: a
 * replica bound to the body editor, each keystroke its own Yjs update pushed
 * through the session, in runs of 2–12 characters at seeded places, now and
 * then one taken back; derived every 50 keystrokes as the hub would after a
 * pause. Returns the characters it added, net.
 */
async function typeSeparateEdits(services: Services, name: string, edits: number, seed: number): Promise<number> {
  const random = seededRandom(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyz     ';
  const session = services.documents.connect(() => undefined);
  const typist = new Typist('en');
  const opened = await value(services.table.openDocument({ session, name, stateVector: Buffer.from(Y.encodeStateVector(typist.doc)).toString('base64') }));
  typist.receive(Buffer.from(opened.update, 'base64'));
  let net = 0;
  let typedInRun = 0;
  let runLeft = 0;
  for (let k = 0; k < edits; ) {
    if (runLeft === 0) {
      typist.place(Math.floor(random() * typist.blocks), random());
      runLeft = 2 + Math.floor(random() * 11);
      typedInRun = 0;
    }
    const back = typedInRun > 0 && random() < 0.15;
    const update = typist.key(back ? '\b' : (letters[Math.floor(random() * letters.length)] as string));
    if (!update) continue;
    typedInRun += back ? -1 : 1;
    net += back ? -1 : 1;
    runLeft--;
    await value(services.table.pushDocument({ session, name, update: Buffer.from(update).toString('base64') }));
    if (++k % 50 === 0) services.documents.flush();
  }
  services.documents.flush();
  typist.dispose();
  services.documents.disconnect(session);
  return net;
}

/** A document's state vector and what it holds (a version as its headless editor reads it, the article's fields). */
function documentState(services: Services, name: string): { stateVector: Uint8Array; content: unknown } {
  const state = services.documents.stateOf(name);
  const parsed = parseArticleDocName(name);
  if (!state || !parsed) throw new Error(`no document ${name}`);
  const doc = new Y.Doc();
  const view = parsed.kind === 'version' ? bindVersionDoc(doc, parsed.lang) : null;
  Y.applyUpdate(doc, state);
  const content = view ? view.read() : readArticleFields(doc);
  view?.dispose();
  return { stateVector: Y.encodeStateVector(doc), content };
}

const textLength = (body: Body) => JSON.stringify(body).match(/"text":"([^"]*)"/g)?.reduce((sum, run) => sum + run.length - '"text":""'.length, 0) ?? 0;

describe('many separate edits on both sides', () => {
  it('merge into identical documents whichever side merges into which, every character kept once', async () => {
    const atReporterSide = reporter.services({ backups: false, deriveAfterMs: null });
    const atTranslatorSide = translator.services({ backups: false, deriveAfterMs: null });
    const paragraphs = Array.from({ length: 24 }, (_, i) => `${PARAGRAPHS[i % PARAGRAPHS.length]} (${i + 1})`);
    const { id } = await value(atReporterSide.table.createArticle({ sourceLang: 'en' }));
    await value(atReporterSide.table.saveVersion({ id, lang: 'en', baseRevision: 1, content: content('Bridge reopens', paragraphs) }));
    await value(atTranslatorSide.table.importPackage({ dataBase64: await workingCopy(atReporterSide.table, id) }));
    const start = textLength((await value(atTranslatorSide.table.getArticle({ id }))).versions.en!.body);

    // 300 keystrokes on each laptop, each its own update, at different places.
    const name = versionDocName(id, 'en');
    const added = (await typeSeparateEdits(atReporterSide, name, 300, 1)) + (await typeSeparateEdits(atTranslatorSide, name, 300, 2));

    const fromTranslator = await workingCopy(atTranslatorSide.table, id);
    const fromReporter = await workingCopy(atReporterSide.table, id);
    const atReporter = await value(atReporterSide.table.importPackage({ dataBase64: fromTranslator }));
    const atTranslator = await value(atTranslatorSide.table.importPackage({ dataBase64: fromReporter }));
    for (const docName of [articleDocName(id), name]) {
      const [mine, theirs] = [documentState(atReporterSide, docName), documentState(atTranslatorSide, docName)];
      expect(mine.stateVector).toEqual(theirs.stateVector);
      expect(mine.content).toEqual(theirs.content);
    }
    const { revision: _r, updatedAt: _u, ...reporterVersion } = atReporter.versions.en!;
    const { revision: _r2, updatedAt: _u2, ...translatorVersion } = atTranslator.versions.en!;
    expect(reporterVersion).toEqual(translatorVersion);
    // Nothing lost, nothing doubled: the text is what both started from plus what each side added.
    expect(textLength(reporterVersion.body)).toBe(start + added);
  });
});

describe('a working copy', () => {
  it('goes out at any stage, without the checks, and says everywhere that it is not for publication', async () => {
    const created = await value(tables.reporter.createArticle({ sourceLang: 'ckb' }));
    await value(tables.reporter.saveVersion({ id: created.id, lang: 'ckb', baseRevision: 1, content: content('پردەکە دەکرێتەوە', SORANI, 'rtl') }));
    // The checks block a publish-ready export (no English or Badini version yet)…
    expect(await tables.reporter.exportArticle({ id: created.id, acceptWarnings: true, note: '' })).toMatchObject({ ok: false, error: { refusal: 'qa_errors' } });
    // …not a working copy.
    const exported = await value(tables.reporter.exportArticle({ id: created.id, acceptWarnings: false, note: '', workingCopy: true }));
    expect(exported.fileName).toMatch(/-working-copy\.zip$/);
    const files = new Map(readZip(Buffer.from(exported.dataBase64, 'base64')).map((entry) => [entry.name, entry.data.toString('utf8')]));
    expect(files.get('bag-info.txt')).toContain('Qelem-Working-Copy: yes');
    expect(ExportAcceptanceSchema.parse(JSON.parse(files.get('data/qelem/export.json')!))).toEqual({ acceptedWarnings: [], note: '', workingCopy: true });
    expect(files.get('data/ckb/index.html')).toContain('<p class="working-copy" role="note">کۆپیی کار: بۆ بڵاوکردنەوە نییە.</p>');
    expect(JSON.parse(files.get('data/ckb/article.ninjs.json')!)).toMatchObject({ pubStatus: 'withheld' });
    expect(await value(tables.reporter.listExports({ id: created.id }))).toMatchObject({ items: [{ workingCopy: true, fileName: exported.fileName }] });
  });
});
