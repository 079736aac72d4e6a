// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { ServiceTable } from '../../shared/api';
import { MAX_REVISION, type Article, type VersionContent } from '../../shared/article';
import { emptyVersionDocUpdate } from '../../shared/collab/convert';
import { versionDocName } from '../../shared/collab/doc-names';
import { bindVersionDoc } from '../../shared/collab/version-editor';
import { isValidBody } from '../../shared/editor/body-schema';
import type { LanguageKey } from '../../shared/languages';
import { InvalidBodyError } from '../../electron/services/documents';
import type { Services } from '../../electron/services/table';
import { RevisionLimitError } from '../../electron/store/versions';
import { BROKEN_BODY_EDITS, brokenBodyUpdate, type BrokenBodyEdit } from '../hostile-documents';
import { paragraph } from './body-fixtures';
import { tempLibrary, type TempLibrary } from './helpers/library';

/**
 * Shared documents and the body rules (issue 18 §1, §2): what the main
 * process takes into a version's document from outside (a window's push, a
 * package's merge) never leaves a body the editor cannot show, and the
 * library's rows are never derived from one that does (a library edited by
 * hand, an older build); no derivation numbers a revision past MAX_REVISION.
 */
vi.setConfig({ testTimeout: 60_000 });

let temp: TempLibrary;
let services: Services;
let table: ServiceTable;

beforeEach(() => {
  temp = tempLibrary('qelem-doc-guards-');
  services = temp.services({ backups: false });
  table = services.table;
});

afterEach(() => temp.dispose());

async function value<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const settled = await result;
  if (!settled.ok) throw new Error(settled.error.message);
  return settled.value;
}

const content = (headline: string, texts: string[], dir: 'ltr' | 'rtl' = 'ltr'): VersionContent => ({
  headline,
  standfirst: '',
  dateline: '',
  byline: '',
  leadImageCaption: '',
  leadImageAlt: '',
  body: { root: { type: 'root', version: 1, direction: dir, format: '', indent: 0, children: texts.map((text) => paragraph(text)) } },
  fieldLinks: {},
});

const FIRST = 'Peshmerga forces reached the bridge at dawn.';
const SECOND = 'The governor of Duhok said the road would reopen.';

/** An English article at revision 3 (two saves), its document loaded. */
async function story(): Promise<string> {
  const { id } = await value(table.createArticle({ sourceLang: 'en' }));
  await value(table.saveVersion({ id, lang: 'en', baseRevision: 1, content: content('Bridge reopens', [FIRST]) }));
  await value(table.saveVersion({ id, lang: 'en', baseRevision: 2, content: content('Bridge reopens', [FIRST, SECOND]) }));
  return id;
}

/** A window: its session and the document as it opened it. */
async function openWindow(id: string, lang: LanguageKey = 'en') {
  const session = services.documents.connect(() => undefined);
  const name = versionDocName(id, lang);
  const opened = await value(table.openDocument({ session, name, stateVector: Buffer.from(Y.encodeStateVector(new Y.Doc())).toString('base64') }));
  return { session, name, state: new Uint8Array(Buffer.from(opened.update, 'base64')) };
}

const push = (session: string, name: string, update: Uint8Array) => table.pushDocument({ session, name, update: Buffer.from(update).toString('base64') });

const logRows = (name: string) => (temp.library.db.prepare('SELECT count(*) AS n FROM document_updates WHERE name = ?').get(name) as { n: number }).n;

const bodyTexts = (article: Article, lang: LanguageKey = 'en') => article.versions[lang]!.body.root.children.map((block) => JSON.stringify(block).match(/"text":"([^"]*)"/)?.[1] ?? '');

describe("a window's push that would break the body", () => {
  it.each(Object.keys(BROKEN_BODY_EDITS) as BrokenBodyEdit[])('%s: refused with invalid_input, nothing stored or sent, and the document still takes edits', async (edit) => {
    const id = await story();
    const { session, name, state } = await openWindow(id);
    const heard: unknown[] = [];
    const other = services.documents.connect((event) => heard.push(event));
    await value(table.openDocument({ session: other, name, stateVector: Buffer.from(Y.encodeStateVector(new Y.Doc())).toString('base64') }));
    const rows = logRows(name);

    const refused = await push(session, name, brokenBodyUpdate(state, edit));
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/cannot show.*Nothing was changed/) } });
    expect(logRows(name)).toBe(rows);
    expect(heard.filter((event) => (event as { type: string }).type === 'update')).toEqual([]);
    const article = await value(table.getArticle({ id }));
    expect(article.versions.en!.revision).toBe(3);
    expect(bodyTexts(article)).toEqual([FIRST, SECOND]);

    // The same window's next (valid) edit goes through: the headless editor was made again from the library's document.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const before = Y.encodeStateVector(doc);
    doc.getText('field:headline').insert(0, 'Update: ');
    expect(await push(session, name, Y.encodeStateAsUpdate(doc, before))).toEqual({ ok: true, value: {} });
    const after = await value(table.getArticle({ id }));
    expect(after.versions.en!.headline).toBe('Update: Bridge reopens');
    expect(bodyTexts(after)).toEqual([FIRST, SECOND]);
  });

  it('refuses a new version whose first state is broken: no document is created', async () => {
    const id = await story();
    const { session, name } = await openWindow(id, 'ckb');
    const start = emptyVersionDocUpdate(id, 'ckb');
    const broken = Y.mergeUpdates([start, brokenBodyUpdate(start, 'a line break in the root')]);
    expect(await push(session, name, broken)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(services.documents.has(name)).toBe(false);
    expect((await value(table.getArticle({ id }))).versions.ckb).toBeUndefined();
  });

  it("refuses a package's document merged in the same way (importPackage reports it as invalid_document)", async () => {
    const id = await story();
    const name = versionDocName(id, 'en');
    const state = services.documents.stateOf(name)!;
    expect(() => services.documents.apply(name, brokenBodyUpdate(state, 'a text node in the root'))).toThrow(InvalidBodyError);
    expect(bodyTexts(await value(table.getArticle({ id })))).toEqual([FIRST, SECOND]);
  });
});

describe('a document broken behind the API’s back', () => {
  it('is not derived: every read answers with the last body that could be shown, and restoring a revision mends the document', async () => {
    const id = await story();
    const name = versionDocName(id, 'en');
    const state = services.documents.stateOf(name)!;
    // Written into the library file, then opened again (as an older build or a hand edit would leave it).
    temp.library.db.prepare('INSERT INTO document_updates (name, data) VALUES (?, ?)').run(name, brokenBodyUpdate(state, 'a line break in the root'));
    temp.reopen();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    services = temp.services({ backups: false });
    table = services.table;
    try {
      const article = await value(table.getArticle({ id }));
      expect(article.versions.en!.revision).toBe(3);
      expect(bodyTexts(article)).toEqual([FIRST, SECOND]);
      expect(errors.mock.calls.some(([message]) => /is not derived: A linebreak node cannot sit in the root/.test(String(message)))).toBe(true);
      expect(await value(table.listRevisions({ id, lang: 'en' }))).toHaveLength(3);
      expect((await table.checkArticle({ id })).ok).toBe(true);

      const restored = await value(table.restoreRevision({ id, lang: 'en', revision: 2, baseRevision: 3 }));
      expect(restored.revision).toBe(4);
      const doc = new Y.Doc();
      const view = bindVersionDoc(doc, 'en');
      Y.applyUpdate(doc, services.documents.stateOf(name)!);
      expect(isValidBody(view.read().body)).toBe(true);
      expect(bodyTexts(await value(table.getArticle({ id })))).toEqual([FIRST]);
    } finally {
      errors.mockRestore();
    }
  });
});

describe('revision numbers derived from documents (issue 18 §2)', () => {
  it(`a version at ${MAX_REVISION} takes no window edit, and a change of its document numbers no revision past it`, async () => {
    const id = await story();
    temp.library.db.prepare("UPDATE versions SET revision = ? WHERE article_id = ? AND lang = 'en'").run(MAX_REVISION, id);
    const { session, name, state } = await openWindow(id);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    const before = Y.encodeStateVector(doc);
    doc.getText('field:byline').insert(0, 'Desk');
    const update = Y.encodeStateAsUpdate(doc, before);
    expect(await push(session, name, update)).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/revision 2147483647, the highest a version can have/) } });

    // A change that reaches the document anyway (a package merged, the newsroom): the rows stay, every read answers.
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      services.documents.apply(name, update);
      const article = await value(table.getArticle({ id }));
      expect(article.versions.en!.revision).toBe(MAX_REVISION);
      expect(article.versions.en!.byline).toBe('');
      expect(await value(table.listRevisions({ id, lang: 'en' }))).toHaveLength(3);
      expect(errors.mock.calls.some(([message]) => /is not derived: The en version is at revision 2147483647/.test(String(message)))).toBe(true);
    } finally {
      errors.mockRestore();
    }
  });

  it('the version store itself never writes a revision past MAX_REVISION', () => {
    const context = temp.context();
    const write = (revision: number, imported: boolean) =>
      context.versions.write({
        articleId: '00000000-0000-4000-8000-000000000000',
        sourceLang: 'en',
        lang: 'en',
        content: content('x', ['y']),
        current: { revision, searchRowid: null },
        now: new Date().toISOString(),
        ...(imported ? { imported: { revision, updatedAt: new Date().toISOString(), translation: null } } : {}),
      });
    expect(() => write(MAX_REVISION, false)).toThrow(RevisionLimitError);
    expect(() => write(MAX_REVISION + 1, true)).toThrow(RevisionLimitError);
    expect(() => write(Number.MAX_SAFE_INTEGER, false)).toThrow(RevisionLimitError);
  });
});
