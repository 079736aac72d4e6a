// @vitest-environment node
import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_METHOD_NAMES, type ApiMethod, type ServiceTable } from '../../shared/api';
import { emptyBody, type SerializedNode } from '../../shared/article';
import { toApiError } from '../../electron/services/error-mapping';
import { ServiceError } from '../../electron/services/service-error';
import { backupsSettled } from '../../electron/services/backups';
import { dispatch } from '../../electron/services/table';
import { LibraryNotWritableError, openLibrary, type Library } from '../../electron/store/library';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { versionDocName } from '../../shared/collab/doc-names';
import { createCleanArticle, testJpeg } from './export-package-fixtures';
import { tempLibrary, type TempLibrary } from './helpers/library';

const isRoot = process.getuid?.() === 0;

let temp: TempLibrary;
let tmp: string;
let library: Library;
let table: ServiceTable;
let articleId: string;
let mediaSha: string;
let glossaryId: string;
/** An article the pre-publish checks pass, so exportArticle has something to export. */
let cleanId: string;
/** A package exported from another library: importPackage's valid payload. */
let packageBase64: string;
/** The backup made when the table was created: restoreBackup's valid payload. */
let backupName: string;
/** A window's session on the library's documents. */
let session: string;

beforeAll(async () => {
  const other = tempLibrary('qelem-table-other-');
  try {
    const otherTable = other.table();
    const { id } = await createCleanArticle(otherTable, testJpeg(48, 32, 3));
    const exported = await otherTable.exportArticle({ id, acceptWarnings: false, note: '' });
    if (!exported.ok) throw new Error(`setup failed: ${exported.error.message}`);
    packageBase64 = exported.value.dataBase64;
  } finally {
    await other.dispose();
  }
});

const fixtureImage = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '../fixtures/images', name));
const pngBase64 = fixtureImage('tiny-5x4.png').toString('base64');

beforeEach(async () => {
  temp = tempLibrary('qelem-table-');
  ({ dir: tmp, library } = temp);
  const services = temp.services();
  table = services.table;
  session = services.documents.connect(() => undefined);
  // Some data, so a dump that stays equal proves more than an empty database.
  const created = await table.createArticle({ sourceLang: 'ckb' });
  if (!created.ok) throw new Error('setup failed');
  articleId = created.value.id;
  const saved = await table.saveVersion({ id: articleId, lang: 'ckb', baseRevision: 1, content: { headline: 'سەردێڕ', standfirst: '', dateline: '', body: emptyBody('rtl') } });
  if (!saved.ok) throw new Error('setup failed');
  const image = await table.importMedia({ name: 'tiny.jpg', dataBase64: fixtureImage('tiny-3x2.jpg').toString('base64') });
  if (!image.ok) throw new Error('setup failed');
  mediaSha = image.value.sha256;
  const term = await table.saveGlossaryTerm({ term: { en: 'Peshmerga', ckb: 'پێشمەرگە', kmr: 'پێشمەرگە', note: '' } });
  if (!term.ok) throw new Error('setup failed');
  glossaryId = term.value.id;
  cleanId = (await createCleanArticle(table, testJpeg(40, 30, 4))).id;
  await backupsSettled(library);
  const backups = await table.listBackups({});
  if (!backups.ok || !backups.value.items[0]) throw new Error('setup failed: no backup made on start');
  backupName = backups.value.items[0].name;
});

afterEach(async () => {
  vi.restoreAllMocks();
  fs.chmodSync(tmp, 0o700);
  await temp.dispose();
});

/** Every row of every table (FTS shadow tables included), order-independent, plus the schema version. */
function dump(db: DatabaseSync): Record<string, string[]> {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  const out: Record<string, string[]> = {};
  for (const { name } of tables) {
    const rows = db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all();
    out[name] = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v))).sort();
  }
  out['(user_version)'] = [JSON.stringify(db.prepare('PRAGMA user_version').get())];
  // The media store's files too: a refused import must leave no file (and no temporary file) behind.
  out['(media files)'] = fs.readdirSync(library.mediaDir).sort();
  return out;
}

const text = (t: string): SerializedNode => ({ type: 'text', version: 1, text: t, format: 0, detail: 0, mode: 'normal', style: '' });

/** 6 MB of serialized JSON: over the 5,000,000-character body limit. */
const hugeBody = { root: { type: 'root', version: 1, children: [{ type: 'paragraph', version: 1, children: [text('a'.repeat(6_000_000))] }] } };

/** Nested 100 deep: over the depth limit of 64. */
function deepBody(depth: number) {
  let node: SerializedNode = text('deep');
  for (let i = 0; i < depth; i++) node = { type: 'paragraph', version: 1, children: [node] };
  return { root: { type: 'root', version: 1, children: [node] } };
}

const validContent = () => ({ headline: 'h', standfirst: '', dateline: '', byline: '', leadImageCaption: '', leadImageAlt: '', body: emptyBody('ltr') });

/** A valid payload per method; each malformed one below is derived from it. */
function validPayload(method: ApiMethod): Record<string, unknown> {
  switch (method) {
    case 'createArticle':
      return { sourceLang: 'en' };
    case 'listArticles':
      return { sort: 'updated' };
    case 'getArticle':
    case 'trashArticle':
    case 'restoreArticle':
      return { id: articleId };
    case 'saveVersion':
      return { id: articleId, lang: 'en', baseRevision: 0, content: validContent() };
    case 'listRevisions':
      return { id: articleId, lang: 'ckb' };
    case 'restoreRevision':
      return { id: articleId, lang: 'ckb', revision: 1, baseRevision: 2 };
    case 'searchArticles':
      return { query: 'سەر' };
    case 'updateArticle':
      return { id: articleId, meta: { publicationDate: '2021-07-25' }, state: 'review' };
    case 'getSettings':
      return {};
    case 'updateSettings':
      return { uiLanguage: 'ckb' };
    case 'importMedia':
      return { name: 'photo.png', dataBase64: pngBase64 };
    case 'getMediaInfo':
      return { sha256: mediaSha };
    case 'lookupTranslationMemory':
      return { from: 'ckb', to: 'en', text: 'هەرێمی کوردستان' };
    case 'listGlossary':
    case 'exportGlossary':
      return {};
    case 'saveGlossaryTerm':
      return { term: { en: 'Kurdistan Region', ckb: 'هەرێمی کوردستان', kmr: 'هەرێما کوردستانێ', note: '' } };
    case 'deleteGlossaryTerm':
      return { id: glossaryId };
    case 'importGlossary':
      return { csv: '\ufeffen,ckb,kmr,note\r\nPeshmerga,پێشمەرگە,پێشمەرگە,"fighters, of the KRG"\r\n' };
    case 'checkArticle':
    case 'listExports':
      return { id: articleId };
    case 'exportArticle':
      return { id: cleanId, acceptWarnings: true, note: 'Checked by the desk.' };
    case 'importPackage':
      return { dataBase64: packageBase64 };
    case 'listBackups':
      return {};
    case 'restoreBackup':
      return { name: backupName };
    case 'openDocument':
      return { session, name: versionDocName(articleId, 'ckb'), stateVector: Buffer.from(Y.encodeStateVector(new Y.Doc())).toString('base64') };
    case 'pushDocument':
      return { session, name: versionDocName(articleId, 'ckb'), update: Buffer.from(headlineEdit()).toString('base64') };
    case 'pushAwareness':
      return { session, name: versionDocName(articleId, 'ckb'), update: Buffer.from(presence()).toString('base64') };
    case 'closeDocument':
      return { session, name: versionDocName(articleId, 'ckb') };
    case 'getNewsroom':
    case 'disconnectNewsroom':
      return {};
    case 'connectNewsroom':
      // Nothing listens on port 9: the library is set up to sync, offline.
      return { url: 'ws://127.0.0.1:9', token: 'QELEM_TOKEN=abcdefghijklmnopqrstuvwxyz0123456789-_ABCDEFG', allowUnencrypted: false };
  }
}

/** A window's edit: some text in the headline of a version, as its own replica makes it. */
function headlineEdit(): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('field:headline').insert(0, 'نوێ');
  return Y.encodeStateAsUpdate(doc);
}

function presence(): Uint8Array {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState({ name: 'Desk' });
  return encodeAwarenessUpdate(awareness, [awareness.clientID]);
}

/** Garbage that passes for base64: not a Yjs update, state vector or awareness update. */
const notYjs = Buffer.from([1, 2, 3, 4, 5, 6, 7, 8]).toString('base64');

/** Field-specific wrong values, per method. */
function wrongFields(method: ApiMethod): Record<string, unknown>[] {
  const v = validPayload(method);
  const idCases = 'id' in v ? [{ ...v, id: 'not-a-uuid' }, { ...v, id: `${articleId}0` }, { ...v, id: 42 }, { ...v, id: '' }] : [];
  const langCases = 'lang' in v ? [{ ...v, lang: 'fr' }, { ...v, lang: 'ku' }, { ...v, lang: null }] : [];
  switch (method) {
    case 'createArticle':
      return [{ sourceLang: 'fr' }, { sourceLang: 1 }, { sourceLang: ['en'] }, { sourceLang: 'EN' }];
    case 'listArticles':
      return [{ sort: 'random' }, { order: 'up' }, { offset: -1 }, { offset: 1.5 }, { limit: 0 }, { limit: 201 }, { limit: '10' }, { trashed: 'yes' }, { sort: null }];
    case 'getArticle':
    case 'trashArticle':
    case 'restoreArticle':
      return idCases;
    case 'saveVersion':
      return [
        ...idCases,
        ...langCases,
        { ...v, baseRevision: -1 },
        { ...v, baseRevision: 1.5 },
        { ...v, baseRevision: '0' },
        { ...v, content: null },
        { ...v, content: 'text' },
        { ...v, content: { ...validContent(), headline: 5 } },
        { ...v, content: { ...validContent(), headline: 'x'.repeat(501) } },
        { ...v, content: { ...validContent(), body: { root: { type: 'paragraph', children: [] } } } },
        { ...v, content: { ...validContent(), body: { root: { type: 'root', children: [{ type: '' }] } } } },
        { ...v, content: { ...validContent(), body: { root: { type: 'root', children: 'nope' } } } },
        // Bodies the editor cannot show (issue 18): each left the window blank when the article was opened.
        ...[[{ type: 'linebreak', version: 1 }], [{ type: 'text', version: 1, text: 'x' }], [{ type: 'tab', version: 1, text: '\t' }], [{ type: 'table', version: 1, children: [] }], []].map((children) => ({
          ...v,
          content: { ...validContent(), body: { root: { ...emptyBody('ltr').root, children } } },
        })),
        { ...v, content: { ...validContent(), body: { root: { ...emptyBody('ltr').root, children: [{ type: 'list', version: 1, children: [{ type: 'paragraph', version: 1, children: [] }] }] } } } },
        { ...v, content: { headline: 'h', standfirst: '', dateline: '' } },
        { ...v, content: { ...validContent(), leadImageCaption: 5 } },
        { ...v, content: { ...validContent(), leadImageCaption: 'x'.repeat(1001) } },
        { ...v, content: { ...validContent(), leadImageAlt: null } },
        { ...v, content: { ...validContent(), leadImageAlt: 'x'.repeat(501) } },
      ];
    case 'listRevisions':
      return [...idCases, ...langCases];
    case 'restoreRevision':
      return [...idCases, ...langCases, { ...v, revision: 0 }, { ...v, revision: '1' }, { ...v, baseRevision: 0 }, { ...v, baseRevision: null }];
    case 'searchArticles':
      return [{ query: 5 }, { query: null }, { query: 'x'.repeat(201) }, { ...v, limit: 0 }, { ...v, limit: 1000 }];
    case 'updateArticle':
      return [
        ...idCases,
        { ...v, state: 'gone' },
        { ...v, meta: { publicationDate: '25/07/2021' } },
        { ...v, meta: { publicationDate: '2021-02-30' } },
        { ...v, meta: { tags: 'news' } },
        { ...v, meta: { tags: [''] } },
        { ...v, meta: { unknown: 1 } },
        { ...v, meta: null },
        { ...v, meta: { leadImage: { sha256: 'abc', width: 3, height: 2, credit: '' } } },
        { ...v, meta: { leadImage: { sha256: mediaSha, width: 0, height: 2, credit: '' } } },
        { ...v, meta: { leadImage: { sha256: mediaSha, width: 3, height: 2 } } },
        { ...v, meta: { leadImage: { sha256: mediaSha, width: 3, height: 2, credit: 'x'.repeat(201) } } },
        { ...v, meta: { leadImage: { sha256: mediaSha, width: 3, height: 2, credit: '', url: 'https://example.com/x.jpg' } } },
        // Well-formed, but no such image in the media store: refused by the service.
        { ...v, meta: { leadImage: { sha256: 'f'.repeat(64), width: 3, height: 2, credit: '' } } },
      ];
    case 'getSettings':
      return [{ uiLanguage: 'en' }];
    case 'updateSettings':
      return [{ uiLanguage: 'ar' }, { kurdishDigits: 'persian' }, { uiLanguage: 1 }, { kurdishDigits: null }];
    case 'importMedia':
      return [
        { ...v, name: 5 },
        { ...v, name: null },
        { ...v, name: 'x'.repeat(256) },
        { ...v, dataBase64: 5 },
        { ...v, dataBase64: ['iVBORw0KGgo='] },
        { ...v, dataBase64: 'not base64!' },
        { ...v, dataBase64: `${pngBase64.slice(0, -4)}*===` },
        { ...v, dataBase64: `data:image/png;base64,${pngBase64}` },
        { ...v, dataBase64: 'A'.repeat(23_000_000) },
        // Valid base64, refused by the service: not an image, a cut-off PNG, a text file named .jpg, nothing at all.
        { ...v, dataBase64: Buffer.from('%PDF-1.7 not an image').toString('base64') },
        { ...v, dataBase64: fixtureImage('tiny-5x4.png').subarray(0, 40).toString('base64') },
        { name: 'photo.jpg', dataBase64: Buffer.from('Sulaimani, 25 July: a caption, not a photo.').toString('base64') },
        { ...v, dataBase64: '' },
      ];
    case 'getMediaInfo':
      return [{ sha256: 'abc' }, { sha256: mediaSha.toUpperCase() }, { sha256: `${mediaSha}0` }, { sha256: `../${mediaSha.slice(3)}` }, { sha256: 42 }];
    case 'lookupTranslationMemory':
      return [
        { ...v, from: 'fr' },
        { ...v, to: null },
        { ...v, from: 'EN' },
        { ...v, text: 5 },
        { ...v, text: null },
        { ...v, text: 'x'.repeat(20_001) },
        { ...v, limit: 0 },
        { ...v, limit: 21 },
        { ...v, limit: 1.5 },
        { ...v, limit: '5' },
      ];
    case 'listGlossary':
    case 'exportGlossary':
      return [{ format: 'csv' }, { id: glossaryId }];
    case 'saveGlossaryTerm': {
      const term = (v.term as Record<string, unknown>);
      return [
        { ...v, id: 'not-a-uuid' },
        { ...v, id: 42 },
        { ...v, term: null },
        { ...v, term: 'Peshmerga' },
        { ...v, term: { ...term, en: '', ckb: '', kmr: '' } },
        { ...v, term: { ...term, en: '   ', ckb: '\t', kmr: '\n' } },
        { ...v, term: { en: 'Peshmerga' } },
        { ...v, term: { ...term, en: 5 } },
        { ...v, term: { ...term, ckb: 'ک'.repeat(301) } },
        { ...v, term: { ...term, note: 'x'.repeat(1001) } },
        { ...v, term: { ...term, id: glossaryId } },
        { ...v, term: { ...term, fr: 'Peshmerga' } },
      ];
    }
    case 'deleteGlossaryTerm':
      return [{ id: 'not-a-uuid' }, { id: 42 }, { id: null }, { id: [glossaryId] }];
    case 'checkArticle':
    case 'listExports':
      return idCases;
    case 'exportArticle':
      return [
        ...idCases,
        { ...v, acceptWarnings: 'yes' },
        { ...v, acceptWarnings: null },
        { ...v, acceptWarnings: 1 },
        { ...v, note: 5 },
        { ...v, note: null },
        { ...v, note: 'x'.repeat(2_001) },
        // Well-formed, refused by the service: the Sorani-only article fails the pre-publish checks; no export is logged.
        { ...v, id: articleId },
      ];
    case 'importPackage':
      return [
        { dataBase64: 5 },
        { dataBase64: null },
        { dataBase64: [packageBase64] },
        { dataBase64: 'not base64!' },
        { dataBase64: `data:application/zip;base64,${packageBase64}` },
        { dataBase64: `${packageBase64.slice(0, -4)}*===` },
        // Valid base64, refused by the service: nothing at all, not a zip, a zip cut short, an image.
        { dataBase64: '' },
        { dataBase64: Buffer.from('PK\u0003\u0004 not really a zip').toString('base64') },
        { dataBase64: Buffer.from(packageBase64, 'base64').subarray(0, 4_000).toString('base64') },
        { dataBase64: pngBase64 },
      ];
    case 'listBackups':
      return [{ all: true }];
    case 'getNewsroom':
    case 'disconnectNewsroom':
      return [{ url: 'ws://127.0.0.1:9' }];
    case 'connectNewsroom':
      return [
        { ...v, url: 'ftp://newsroom.example.org' },
        { ...v, url: 'newsroom.example.org' },
        { ...v, url: 'wss://desk:secret@newsroom.example.org' },
        { ...v, url: `wss://newsroom.example.org/?token=${String(v.token)}` },
        { ...v, url: 'wss://newsroom.example.org/#x' },
        { ...v, url: 'javascript:alert(1)' },
        { ...v, url: `wss://${'x'.repeat(600)}.org` },
        { ...v, url: 5 },
        { ...v, token: 'short' },
        { ...v, token: 'a token with spaces in the middle of it' },
        { ...v, token: 'x'.repeat(201) },
        { ...v, token: 5 },
        { ...v, allowUnencrypted: 'yes' },
      ];
    case 'openDocument':
    case 'pushDocument':
    case 'pushAwareness':
    case 'closeDocument': {
      const binary = method === 'openDocument' ? 'stateVector' : 'update';
      return [
        { ...v, session: 'no-such-session' },
        { ...v, session: '' },
        { ...v, session: 'a b' },
        { ...v, session: 5 },
        { ...v, name: 'library' },
        { ...v, name: `article/${articleId}/fr` },
        { ...v, name: `article/${articleId}/../ckb` },
        { ...v, name: 'article/not-a-uuid' },
        { ...v, name: null },
        ...(method === 'closeDocument'
          ? []
          : [{ ...v, [binary]: 'not base64!' }, { ...v, [binary]: 5 }, { ...v, [binary]: notYjs }, { ...v, [binary]: 'A'.repeat(6_000_000) }]),
      ];
    }
    case 'restoreBackup':
      return [
        { name: 5 },
        { name: null },
        { name: 'qelem.db' },
        { name: '../qelem.db' },
        { name: `${backupName}/../../qelem.db` },
        { name: `backups/${backupName}` },
        { name: backupName.replace('.db', '.db-wal') },
        { name: backupName.toUpperCase() },
        { name: `.${backupName}.tmp` },
        { name: 'qelem-20250230-000000-000-start.db'.replace('start', 'manual') },
      ];
    case 'importGlossary':
      return [
        { csv: 5 },
        { csv: null },
        { csv: ['en'] },
        { csv: 'x'.repeat(5_000_001) },
        // Well-formed strings the service refuses whole: nothing may be written.
        { csv: '' },
        { csv: '\ufeff' },
        { csv: 'en,fr\r\nPeshmerga,x\r\n' },
        { csv: 'en,ckb,en\r\na,b,c\r\n' },
        { csv: 'note\r\nonly notes\r\n' },
        { csv: 'en,ckb\r\nKirkuk,کەرکووک\r\n"Erbil,هەولێر\r\n' },
        { csv: 'en,ckb\r\nKirkuk,کەرکووک\r\n"Erbil"x,هەولێر\r\n' },
        { csv: 'en,ckb\r\nKirkuk,کەرکووک\r\nEr"bil,هەولێر\r\n' },
        { csv: 'en,ckb\r\nKirkuk,کەرکووک\r\nErbil\r\n' },
        { csv: 'en,ckb\r\nKirkuk,کەرکووک\r\nErbil,هەولێر,extra\r\n' },
        { csv: `en,ckb\r\nKirkuk,کەرکووک\r\n${'x'.repeat(301)},هەولێر\r\n` },
        { csv: `en,note\r\nKirkuk,${'x'.repeat(1001)}\r\n` },
        { csv: 'en,ckb,kmr,note\r\nKirkuk,کەرکووک,کەرکووک,\r\n, ,,a note without a term\r\n' },
      ];
  }
}

function malformedPayloads(method: ApiMethod): [string, unknown][] {
  const v = validPayload(method);
  // Every field of listArticles has a default, so nothing can be missing there.
  const requiredKeys = method === 'listArticles' || method === 'updateSettings' ? [] : method === 'updateArticle' ? ['id'] : method === 'connectNewsroom' ? ['url'] : Object.keys(v);
  const emptyIsValid: ApiMethod[] = ['listArticles', 'getSettings', 'updateSettings', 'listGlossary', 'exportGlossary', 'listBackups', 'getNewsroom', 'disconnectNewsroom'];
  const cases: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a string', 'createArticle'],
    ['a number', 42],
    ['a boolean', true],
    ['an array', []],
    ['an array holding a valid payload', [v]],
    ['extra field', { ...v, extra: 1 }],
    ['__proto__ key', JSON.parse(`{"__proto__": {"polluted": true}${Object.keys(v).length ? ', ' : ''}${JSON.stringify(v).slice(1, -1)}}`)],
    ['6 MB body', method === 'saveVersion' ? { ...v, content: { ...validContent(), body: hugeBody } } : { ...v, body: hugeBody }],
    ['100-deep body', method === 'saveVersion' ? { ...v, content: { ...validContent(), body: deepBody(100) } } : { ...v, body: deepBody(100) }],
  ];
  for (const key of requiredKeys) {
    const { [key]: _dropped, ...rest } = v;
    cases.push([`missing ${key}`, rest]);
  }
  // An empty object is a valid list request, settings read, (empty) settings change, or glossary read.
  if (!emptyIsValid.includes(method)) cases.push(['empty object', {}]);
  wrongFields(method).forEach((payload, i) => cases.push([`wrong field #${i + 1}: ${JSON.stringify(payload).slice(0, 80)}`, payload]));
  return cases;
}

describe('service table input validation', () => {
  for (const method of API_METHOD_NAMES) {
    it(`${method}: every malformed payload is invalid_input and writes nothing`, async () => {
      const before = dump(library.db);
      for (const [label, payload] of malformedPayloads(method)) {
        const result = await dispatch(table, method, payload);
        expect(result.ok, `${method} with ${label}`).toBe(false);
        if (!result.ok) {
          expect(result.error.code, `${method} with ${label}`).toBe('invalid_input');
          expect(result.error.message.length).toBeLessThan(500);
          expect(JSON.stringify(result.error)).not.toMatch(/\n\s+at /);
        }
      }
      expect(dump(library.db)).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('opens no document of an article the library does not have, and makes none', async () => {
    const before = dump(library.db);
    const name = versionDocName('00000000-0000-4000-8000-000000000000', 'en');
    for (const method of ['openDocument', 'pushDocument'] as const) {
      const result = await dispatch(table, method, { ...validPayload(method), name });
      expect(result, method).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    expect(await dispatch(table, 'pushAwareness', { ...validPayload('pushAwareness'), name })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(dump(library.db)).toEqual(before);
  });

  it('accepts the valid payloads (control for the cases above)', async () => {
    for (const method of API_METHOD_NAMES) {
      const result = await dispatch(table, method, validPayload(method));
      expect(result, method).toMatchObject({ ok: true });
    }
  });
});

describe('dispatch', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '', 'createarticle', 'deleteEverything', ' getArticle'])(
    'answers unknown_method for %j',
    async (name) => {
      const before = dump(library.db);
      expect(await dispatch(table, name, { id: articleId })).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
      expect(dump(library.db)).toEqual(before);
    },
  );

  it('answers unknown_method for names that are not strings', async () => {
    for (const name of [null, undefined, 42, {}, ['getArticle'], Symbol('getArticle')]) {
      expect(await dispatch(table, name, {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('runs a known method and wraps its value', async () => {
    const result = await dispatch(table, 'getArticle', { id: articleId });
    expect(result).toMatchObject({ ok: true, value: { id: articleId, versions: { ckb: { revision: 2 } } } });
  });
});

describe('service errors through the table', () => {
  it('passes not_found and conflict (with currentRevision) through', async () => {
    expect(await table.getArticle({ id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const stale = await table.saveVersion({ id: articleId, lang: 'ckb', baseRevision: 1, content: validContent() });
    expect(stale).toEqual({ ok: false, error: { code: 'conflict', message: expect.any(String), currentRevision: 2 } });
  });

  it('maps a database that refuses writes to storage_readonly, writing nothing', async () => {
    const before = dump(library.db);
    // Root ignores permission bits, so the refusal is made by SQLite itself.
    library.db.exec('PRAGMA query_only = ON');
    const result = await table.saveVersion({ id: articleId, lang: 'ckb', baseRevision: 2, content: validContent() });
    expect(result).toMatchObject({ ok: false, error: { code: 'storage_readonly' } });
    expect(await table.createArticle({ sourceLang: 'en' })).toMatchObject({ ok: false, error: { code: 'storage_readonly' } });
    library.db.exec('PRAGMA query_only = OFF');
    expect(dump(library.db)).toEqual(before);
    expect(library.db.isTransaction).toBe(false);
  });

  it('maps a full database to storage_full, writing nothing', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const before = dump(library.db);
    const pages = (library.db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    library.db.exec(`PRAGMA max_page_count = ${pages}`);
    const big = { ...validContent(), body: { root: { type: 'root', version: 1, children: [{ type: 'paragraph', version: 1, children: [text('x'.repeat(200_000))] }] } } };
    const result = await table.saveVersion({ id: articleId, lang: 'ckb', baseRevision: 2, content: big });
    expect(result).toMatchObject({ ok: false, error: { code: 'storage_full' } });
    expect(dump(library.db)).toEqual(before);
  });

  it('maps a glossary import that fills the disk to storage_full, writing no entry', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const before = dump(library.db);
    const pages = (library.db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    library.db.exec(`PRAGMA max_page_count = ${pages}`);
    const rows = Array.from({ length: 5_000 }, (_, i) => `Term ${i},زاراوەی ${i},پەیڤ ${i},"note, ${'x'.repeat(100)}"`);
    const result = await table.importGlossary({ csv: `en,ckb,kmr,note\r\n${rows.join('\r\n')}\r\n` });
    expect(result).toMatchObject({ ok: false, error: { code: 'storage_full' } });
    expect(dump(library.db)).toEqual(before);
    expect(library.db.isTransaction).toBe(false);
  });

  it('maps an unexpected failure to internal, logs it, and leaks no stack', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    library.db.close(); // the service now fails in a way it does not expect
    const result = await table.getArticle({ id: articleId });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toMatch(/at |\.ts|database is not open/);
    expect(log).toHaveBeenCalled();
  });

  it.skipIf(isRoot)('refuses a library folder without write permission (skipped as root: root ignores permission bits; see the query_only test)', () => {
    const dir = path.join(tmp, 'locked');
    fs.mkdirSync(dir, { mode: 0o555 });
    let thrown: unknown;
    try {
      openLibrary(dir);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LibraryNotWritableError);
    expect(toApiError(thrown, 'open').code).toBe('storage_readonly');
  });
});

describe('toApiError', () => {
  const errno = (code: string) => Object.assign(new Error(`${code}: something at /home/user/secret`), { code });
  const sqlite = (errcode: number, errstr: string) => Object.assign(new Error(errstr), { code: 'ERR_SQLITE_ERROR', errcode, errstr });

  beforeEach(() => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });

  it.each([
    ['EROFS', 'storage_readonly'],
    ['EACCES', 'storage_readonly'],
    ['EPERM', 'storage_readonly'],
    ['ENOSPC', 'storage_full'],
  ])('maps errno %s to %s', (code, expected) => {
    expect(toApiError(errno(code), 'test').code).toBe(expected);
  });

  it.each([
    [8, 'attempt to write a readonly database', 'storage_readonly'],
    [1032, 'attempt to write a readonly database', 'storage_readonly'], // SQLITE_READONLY_DBMOVED (extended)
    [3, 'access permission denied', 'storage_readonly'],
    [13, 'database or disk is full', 'storage_full'],
    [5, 'database is locked', 'storage'],
    [11, 'database disk image is malformed', 'storage'],
    [1, 'SQL logic error', 'storage'],
  ])('maps SQLite code %i (%s) to %s', (errcode, errstr, expected) => {
    expect(toApiError(sqlite(errcode, errstr), 'test').code).toBe(expected);
  });

  it('maps a library folder that cannot be written to storage_readonly', () => {
    expect(toApiError(new LibraryNotWritableError('/x', { cause: errno('EACCES') }), 'open').code).toBe('storage_readonly');
  });

  it('passes a ServiceError body through unchanged', () => {
    const body = { code: 'conflict' as const, message: 'changed', currentRevision: 7 };
    expect(toApiError(new ServiceError(body), 'test')).toBe(body);
  });

  it('hides the message and stack of anything else behind internal', () => {
    const error = new TypeError('Cannot read properties of undefined (reading "x") at /home/user/secret.ts');
    const body = toApiError(error, 'test');
    expect(body.code).toBe('internal');
    expect(JSON.stringify(body)).not.toMatch(/secret|TypeError|reading/);
    expect(toApiError('a thrown string', 'test').code).toBe('internal');
    expect(toApiError(undefined, 'test').code).toBe('internal');
  });
});
