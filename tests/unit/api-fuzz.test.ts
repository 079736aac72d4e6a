// @vitest-environment node
/**
 * Hostile input, property-based (fast-check): every method of the API called
 * through the loopback host (started in this process, as browser mode runs it)
 * with random and malformed payloads: arbitrary JSON, a wrong type in one
 * field of a valid payload, missing and extra fields, prototype keys, huge
 * strings, deep nesting, broken JSON and UTF-8, wrong content types, and
 * random method names. For every call:
 *   - the answer is a typed envelope: a valid result (checked against the
 *     method's output schema in shared/api.ts) or an error whose body matches
 *     ApiErrorBodySchema, with a code that is not `internal` or `storage`
 *     (either would be a bug on a healthy library) and no file path in it;
 *   - a call that fails leaves the library byte-for-byte as it was: every row
 *     of every table (FTS shadow tables included), the schema version, and
 *     every file of the library folder (media, settings) but the database's own.
 * The host must still answer a valid call at the end, and the process must not
 * crash (Vitest fails the run on any uncaught error). The calls run in batches,
 * each on a fresh library; a failure names the seed that replays it
 * (QELEM_FUZZ_SEED).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, API_METHOD_NAMES, type ApiMethod, type ServiceTable } from '../../shared/api';
import { emptyBody } from '../../shared/article';
import { ApiErrorBodySchema, type ApiErrorCode } from '../../shared/errors';
import { startHost, type Host } from '../../electron/host/server';
import type { DocumentHub } from '../../electron/services/documents';
import { createServices, createServiceTable } from '../../electron/services/table';
import { openLibrary, type Library } from '../../electron/store/library';
import { createCleanArticle, testJpeg } from './export-package-fixtures';
import { removeDir, tempDir } from './helpers/library';

let tmp: string;
let library: Library;
let table: ServiceTable;
let documents: DocumentHub;
let host: Host;
let agent: Agent;
let articleId: string;
let cleanId: string;
let mediaSha: string;
let glossaryId: string;
let packageBase64: string;
let pngBase64: string;

interface Reply {
  status: number;
  body: string;
}

function post(pathname: string, body: string | Buffer, contentType: string | null = 'application/json', method = 'POST'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${host.port}`, Authorization: `Bearer ${host.token}`, 'Content-Length': String(Buffer.byteLength(body)) };
    if (contentType !== null) headers['Content-Type'] = contentType;
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path: pathname, method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // A server refusing an oversized upload may cut it off before reading it all: the reply still came.
    req.on('error', (error) => setTimeout(() => reject(error), 500));
    req.end(body);
  });
}

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** Every row of every table, the schema version, and every file of the library folder but the database's: as a few lines of hashes. */
function dump(): string {
  const db = library.db;
  const out: string[] = [];
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  for (const { name } of tables) {
    const rows = db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all();
    const lines = rows.map((r) => JSON.stringify(r, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : typeof v === 'bigint' ? String(v) : v))).sort();
    // One line per table: its row count and the hash of its sorted rows (the first table that differs is named).
    out.push(`# table ${name}: ${lines.length} rows, ${sha(lines.join('\n'))}`);
  }
  out.push(`# user_version ${JSON.stringify(db.prepare('PRAGMA user_version').get())}`);
  const files = fs.readdirSync(library.dir, { recursive: true, encoding: 'utf8' }).sort();
  for (const file of files) {
    if (/^qelem\.db(-wal|-shm|-journal)?$/.test(file) || file === 'backups' || file.startsWith(`backups${path.sep}`)) continue;
    const full = path.join(library.dir, file);
    const stat = fs.statSync(full);
    out.push(`# file ${file} ${stat.isDirectory() ? 'dir' : `${stat.size} ${sha(fs.readFileSync(full))}`}`);
  }
  return out.join('\n');
}

function firstDifference(a: string, b: string): string {
  const x = a.split('\n');
  const y = b.split('\n');
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return `line ${i}: before ${x[i]?.slice(0, 300)} | after ${y[i]?.slice(0, 300)}`;
  return '(none)';
}

const currentRevision = (id: string, lang: string) =>
  (library.db.prepare('SELECT revision FROM versions WHERE article_id = ? AND lang = ?').get(id, lang) as { revision: number } | undefined)?.revision ?? 0;

const validContent = (headline = 'h') => ({ headline, standfirst: '', dateline: '', byline: '', leadImageCaption: '', leadImageAlt: '', body: emptyBody('ltr') });

/** A payload the method accepts, against the library as it is now. */
function validPayload(method: ApiMethod): Record<string, unknown> {
  switch (method) {
    case 'createArticle':
      return { sourceLang: 'en' };
    case 'listArticles':
      return { sort: 'updated', order: 'desc', offset: 0, limit: 10, trashed: false };
    case 'getArticle':
    case 'trashArticle':
    case 'restoreArticle':
    case 'checkArticle':
    case 'listExports':
      return { id: articleId };
    case 'saveVersion':
      return { id: articleId, lang: 'ckb', baseRevision: currentRevision(articleId, 'ckb'), content: validContent() };
    case 'updateArticle':
      return { id: articleId, meta: { publicationDate: '2021-07-25', tags: ['a'] }, state: 'review' };
    case 'listRevisions':
      return { id: articleId, lang: 'ckb' };
    case 'restoreRevision':
      return { id: articleId, lang: 'ckb', revision: 1, baseRevision: currentRevision(articleId, 'ckb') };
    case 'searchArticles':
      return { query: 'سەر', limit: 5 };
    case 'getSettings':
    case 'listGlossary':
    case 'exportGlossary':
      return {};
    case 'updateSettings':
      return { uiLanguage: 'ckb', kurdishDigits: 'ascii' };
    case 'importMedia':
      return { name: 'photo.png', dataBase64: pngBase64 };
    case 'getMediaInfo':
      return { sha256: mediaSha };
    case 'lookupTranslationMemory':
      return { from: 'ckb', to: 'en', text: 'هەرێمی کوردستان', limit: 5 };
    case 'saveGlossaryTerm':
      return { id: glossaryId, term: { en: 'Peshmerga', ckb: 'پێشمەرگە', kmr: 'پێشمەرگە', note: '' } };
    case 'deleteGlossaryTerm':
      return { id: glossaryId };
    case 'importGlossary':
      return { csv: '\ufeffen,ckb,kmr,note\r\nPeshmerga,پێشمەرگە,پێشمەرگە,"fighters"\r\n' };
    case 'exportArticle':
      return { id: cleanId, acceptWarnings: true, note: 'desk' };
    case 'importPackage':
      return { dataBase64: packageBase64 };
    case 'listBackups':
      return {};
    case 'restoreBackup':
      // The newest backup (the one made at start, or one a restore made).
      return { name: fs.readdirSync(path.join(library.dir, 'backups')).filter((n) => n.startsWith('qelem-')).sort().at(-1) ?? 'qelem-20250725-093000-000-start.db' };
    default:
      // A method added to the contract later: {} is at least a payload to start from.
      return {};
  }
}

// ---- Hostile values -------------------------------------------------------

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', '__lookupSetter__'];

/** An object with `key` as an own, enumerable property, so JSON.stringify sends it (`{"__proto__": …}` included). */
function withOwnKey(target: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...target };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}

function nested(depth: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 'deep';
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/**
 * A big value that fast-check prints by its recipe ("deep(2000, array)") and
 * JSON.stringify sends in full: a counterexample report stays readable, and
 * fast-check never walks 2,000 levels of nesting itself.
 */
function big(label: string, make: () => unknown): unknown {
  return { toJSON: make, [fc.toStringMethod]: () => label };
}

const HOSTILE_NODES: unknown[] = [
  { type: 'linebreak', version: 1 },
  { type: 'text', version: 1, text: 'loose', format: 0, detail: 0, mode: 'normal', style: '' },
  { type: 'tab', version: 1, text: '\t' },
  { type: 'table', version: 1, children: [] },
  { type: 'root', version: 1, children: [] },
  { type: 'listitem', version: 1, children: [] },
  { type: 'link', version: 1, url: 'https://example.org/', children: [{ type: 'list', version: 1, children: [] }] },
  { type: 'paragraph', version: 1, children: [{ type: 'image', version: 1, children: [] }] },
];
const hostileNodes: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_NODES),
  fc.constantFrom(...HOSTILE_NODES).map((node) => [node]),
  fc.constantFrom(...HOSTILE_NODES).map((node) => ({ root: { type: 'root', version: 1, direction: 'ltr', format: '', indent: 0, children: [node] } })),
  fc.constant({ root: { type: 'root', version: 1, direction: 'ltr', format: '', indent: 0, children: [] } }),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, -0, 1e308, 2 ** 53, 2 ** 53 - 1, 2 ** 31, 2 ** 31 - 1, -(2 ** 31), '', ' ', '0', 'null', 'NaN', [], {}, [null], [[]], { '': '' }) },
  // Body nodes the editor cannot show where they land (issue 18): loose inline nodes, unknown types, bodies of them.
  { weight: 2, arbitrary: hostileNodes },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.integer({ min: -(2 ** 52), max: 2 ** 52 }) },
  { weight: 1, arbitrary: fc.double().filter(Number.isFinite) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_KEYS).map((key) => withOwnKey({}, key, { polluted: true, isAdmin: true })) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 20, max: 1_000 }), fc.constantFrom('array' as const, 'object' as const)).map(([d, k]) => big(`deep(${d}, ${k})`, () => nested(d, k))) },
  // Huge strings: past every field's limit, a few of them past the body limit of the request.
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 3_000_000 }).map((n) => big(`'ک' × ${n}`, () => 'ک'.repeat(n))) },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 50_000 }).map((n) => big(`array of ${n} strings`, () => Array.from({ length: n }, (_, i) => String(i % 7)))) },
);

// ---- Payload recipes: drawn by fast-check, applied to a valid payload at call time ----

type Mutation =
  | { op: 'replace'; at: number; value: unknown }
  | { op: 'delete'; at: number }
  | { op: 'addKey'; at: number; key: string; value: unknown }
  | { op: 'whole'; value: unknown }
  | { op: 'valid' }
  | { op: 'validVariant'; text: string; n: number }
  | { op: 'hostileBody'; node: unknown; inParagraph: boolean };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('addKey' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom(...PROTO_KEYS), fc.string({ maxLength: 10 })), value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('whole' as const), value: hostileValue }) },
  { weight: 1, arbitrary: fc.constant({ op: 'valid' as const }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('validVariant' as const), text: fc.string({ unit: 'grapheme', maxLength: 40 }), n: fc.integer({ min: -3, max: 300 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('hostileBody' as const), node: fc.constantFrom(...HOSTILE_NODES), inParagraph: fc.boolean() }) },
);

/** Paths to every object member, arrays' items included, down to depth 4: where a mutation can land. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  if (depth > 4 || value === null || typeof value !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((k) => [[...prefix, k], ...pathsOf((value as Record<string | number, unknown>)[k], [...prefix, k], depth + 1)]);
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function containerAt(root: unknown, at: (string | number)[]): Record<string | number, unknown> {
  let node = root as Record<string | number, unknown>;
  for (const k of at) node = node[k] as Record<string | number, unknown>;
  return node;
}

function apply(method: ApiMethod, m: Mutation): unknown {
  const base = clone(validPayload(method));
  const paths = pathsOf(base);
  switch (m.op) {
    case 'valid':
      return base;
    case 'hostileBody': {
      // A valid payload whose body (where it has one) holds a node the editor cannot show there.
      const body = (base as { content?: { body?: { root: { children: unknown[] } } } }).content?.body;
      if (body) body.root.children.push(m.inParagraph ? { type: 'paragraph', version: 1, children: [m.node] } : m.node);
      return base;
    }
    case 'whole':
      return m.value;
    case 'validVariant':
      // Valid-looking changes: random text and numbers where text and numbers go.
      for (const p of paths) {
        const parent = containerAt(base, p.slice(0, -1));
        const key = p.at(-1)!;
        if (typeof parent[key] === 'string' && !['id', 'sha256', 'dataBase64', 'lang', 'sourceLang', 'from', 'to', 'state', 'sort', 'order', 'uiLanguage', 'kurdishDigits', 'type', 'direction', 'format', 'mode', 'publicationDate'].includes(String(key))) parent[key] = m.text;
        if (typeof parent[key] === 'number' && key !== 'version' && key !== 'baseRevision') parent[key] = m.n;
      }
      return base;
    case 'replace':
    case 'delete': {
      if (paths.length === 0) return m.op === 'replace' ? { x: m.value } : base;
      const p = paths[m.at % paths.length]!;
      const parent = containerAt(base, p.slice(0, -1));
      if (m.op === 'replace') parent[p.at(-1)!] = m.value;
      else if (Array.isArray(parent)) parent.splice(Number(p.at(-1)), 1);
      else delete parent[p.at(-1)!];
      return base;
    }
    case 'addKey': {
      const objects = [[], ...paths].filter((p) => {
        const v = p.length === 0 ? base : containerAt(base, p);
        return v !== null && typeof v === 'object' && !Array.isArray(v);
      });
      const p = objects[m.at % objects.length]!;
      if (p.length === 0) return withOwnKey(base, m.key, m.value);
      const parent = containerAt(base, p.slice(0, -1));
      parent[p.at(-1)!] = withOwnKey(parent[p.at(-1)!] as Record<string, unknown>, m.key, m.value);
      return base;
    }
  }
}

// Raw bodies that are not a JSON payload at all, or a payload JSON cannot even express safely.
// Drawn as a recipe (printed in a counterexample), made into bytes at call time.
type RawBody = { kind: string; body: () => string | Buffer; contentType: string | null; httpMethod?: string };
const raw = (kind: string, label: string, body: () => string | Buffer, contentType: string | null = 'application/json', httpMethod?: string): RawBody => ({
  kind,
  body,
  contentType,
  httpMethod,
  [fc.toStringMethod]: () => `${kind}: ${label} (${contentType ?? 'no content type'}${httpMethod ? `, ${httpMethod}` : ''})`,
} as RawBody);
const rawBody: fc.Arbitrary<RawBody> = fc.oneof(
  fc.string({ maxLength: 60 }).map((s) => raw('not json', JSON.stringify(s), () => s)),
  fc.jsonValue({ maxDepth: 2 }).chain((v) => {
    const text = JSON.stringify(v) ?? 'null';
    return fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => raw('truncated json', JSON.stringify(text.slice(0, cut)), () => text.slice(0, cut)));
  }),
  fc.uint8Array({ minLength: 1, maxLength: 40 }).map((bytes) =>
    raw('bad utf-8', Buffer.from(bytes).toString('hex'), () => Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xff, 0xfe]), Buffer.from(bytes), Buffer.from('"}')])),
  ),
  fc.tuple(fc.integer({ min: 1_000, max: 200_000 }), fc.constantFrom('arrays', 'objects in id', 'body children')).map(([depth, where]) =>
    raw('deep raw', `${where} ${depth} deep`, () =>
      where === 'arrays'
        ? `${'['.repeat(depth)}${']'.repeat(depth)}`
        : where === 'objects in id'
          ? `{"id":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`
          : `{"content":{"body":{"root":${'{"children":['.repeat(depth)}${']}'.repeat(depth)}}}}`,
    ),
  ),
  fc.constantFrom<RawBody>(
    raw('empty', '', () => ''),
    raw('bom json', 'BOM {}', () => '\ufeff{}'),
    raw('wrong type', '{}', () => '{}', 'text/plain'),
    raw('wrong type', '{}', () => '{}', 'application/x-www-form-urlencoded'),
    raw('wrong type', '{}', () => '{}', null),
    raw('get', '', () => '', 'application/json', 'GET'),
    raw('over the body limit', '8 MiB + 10', () => `{"query":"${'x'.repeat(8 * 1024 * 1024 + 10)}"}`),
  ),
);

const methodName: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.constantFrom(...PROTO_KEYS, '', '.', '..', '%2e%2e', 'api', '/listArticles', 'listArticles/', 'listArticles%00', 'listArticles?x=1'),
  fc.constantFrom(...API_METHOD_NAMES).map((m) => m.toUpperCase()),
  fc.constantFrom(...API_METHOD_NAMES).map((m) => `${m}x`),
);

// ---- The checks -----------------------------------------------------------

const tally = { payloads: 0, ok: 0, fullChecks: 0, libraries: 0, errors: new Map<string, number>(), byKind: new Map<string, number>() };
const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/**
 * What a failed call is compared against. Every call: SQLite's count of rows
 * changed on this connection (the only one: the host runs in this process;
 * rolled-back writes count too) and the library folder's files with their
 * sizes and times. Every few calls, in full: the dump (every row of every
 * table, every file's hash) taken before the call against the dump after it.
 * The database's own files are compared by content (the dump), not by bytes:
 * the store checkpoints the WAL into qelem.db on a timer after saves
 * (electron/store/database.ts), whatever the calls in between.
 */
let quick = '';
/** A full dump of the library as it is now, when one is wanted for the next call. */
let before: string | null = null;
let callsSinceFullCheck = 0;
const FULL_CHECK_EVERY = 5;

function quickState(): string {
  const changes = (library.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  const files = fs.readdirSync(library.dir, { recursive: true, encoding: 'utf8' }).sort();
  return [
    `rows changed: ${changes}`,
    ...files
      .filter((f) => f !== 'backups' && !f.startsWith(`backups${path.sep}`) && !/^qelem\.db(-wal|-shm|-journal)?$/.test(f))
      .map((f) => {
        const stat = fs.statSync(path.join(library.dir, f));
        return `${f} ${stat.size} ${stat.mtimeMs}`;
      }),
  ].join('\n');
}

/** Sends one call and checks its answer and, for a failed call, that nothing changed. */
async function check(kind: string, pathname: string, method: ApiMethod | null, body: string | Buffer, contentType: string | null, httpMethod = 'POST'): Promise<void> {
  tally.payloads++;
  count(tally.byKind, kind);
  callsSinceFullCheck++;
  if (before === null && callsSinceFullCheck >= FULL_CHECK_EVERY) before = dump();
  const reply = await post(pathname, body, contentType, httpMethod);
  expect([200, 400, 404, 405, 413, 415], `${kind} ${pathname}: status`).toContain(reply.status);
  let envelope: unknown;
  try {
    envelope = JSON.parse(reply.body);
  } catch {
    throw new Error(`${kind} ${pathname}: the answer is not JSON: ${reply.body.slice(0, 200)}`);
  }
  const e = envelope as { ok?: unknown; value?: unknown; error?: unknown };
  expect(typeof e.ok, `${kind} ${pathname}: envelope`).toBe('boolean');
  if (e.ok === true) {
    expect(reply.status).toBe(200);
    expect(method, `${kind} ${pathname}: a result for no method`).not.toBeNull();
    const parsed = API[method!].output.safeParse(e.value);
    expect(parsed.success, `${kind} ${method}: output does not match its schema: ${parsed.error?.message.slice(0, 500)}`).toBe(true);
    tally.ok++;
    quick = quickState();
    before = null; // the library changed: the next call takes its own "before"
    return;
  }
  const error = ApiErrorBodySchema.safeParse(e.error);
  expect(error.success, `${kind} ${pathname}: error body: ${reply.body.slice(0, 300)}`).toBe(true);
  const code: ApiErrorCode = error.data!.code;
  count(tally.errors, code);
  expect(['internal', 'storage', 'storage_full', 'storage_readonly'], `${kind} ${pathname}: ${error.data!.message}`).not.toContain(code);
  expect(reply.body).not.toContain(tmp);
  expect(quickState(), `${kind} ${pathname}: a failed call (${code}) wrote rows or files`).toBe(quick);
  if (before !== null) {
    const after = dump();
    if (after !== before) throw new Error(`${kind} ${pathname}: a failed call (${code}) changed the library: ${firstDifference(before, after)}`);
    tally.fullChecks++;
    callsSinceFullCheck = 0;
    before = null;
  }
}

/** A package exported from another library: importPackage's valid payload (imported once per library, then refused as article_exists). */
async function makePackage(): Promise<string> {
  const other = openLibrary(path.join(tmp, 'other'));
  const otherTable = createServiceTable(other, { searchCatchUpDelayMs: null });
  const exported = await otherTable.exportArticle({ id: (await createCleanArticle(otherTable, testJpeg(48, 32, 3))).id, acceptWarnings: false, note: '' });
  other.close();
  if (!exported.ok) throw new Error(`setup failed: ${exported.error.message}`);
  return exported.value.dataBase64;
}

/**
 * A new library with some data in it, behind a new host. Each batch of calls
 * starts on one: what the valid calls add (up to megabytes of body text) stays
 * small enough to dump after every few calls.
 */
async function freshLibrary(): Promise<void> {
  await closeLibrary();
  tally.libraries++;
  // No search catch-up timer: the library changes only by the calls made here.
  library = openLibrary(path.join(tmp, `library-${tally.libraries}`));
  const services = createServices(library, { searchCatchUpDelayMs: null });
  table = services.table;
  documents = services.documents;
  const value = <T,>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T => {
    if (!r.ok) throw new Error(`setup failed: ${r.error.message}`);
    return r.value;
  };
  articleId = value(await table.createArticle({ sourceLang: 'ckb' })).id;
  value(await table.saveVersion({ id: articleId, lang: 'ckb', baseRevision: 1, content: { ...validContent('سەردێڕ'), body: emptyBody('rtl') } }));
  mediaSha = value(await table.importMedia({ name: 'tiny.jpg', dataBase64: fs.readFileSync(path.join(import.meta.dirname, '../fixtures/images/tiny-3x2.jpg')).toString('base64') })).sha256;
  glossaryId = value(await table.saveGlossaryTerm({ term: { en: 'Peshmerga', ckb: 'پێشمەرگە', kmr: 'پێشمەرگە', note: '' } })).id;
  cleanId = (await createCleanArticle(table, testJpeg(40, 30, 4))).id;
  host = await startHost({ table, documents, rendererDir: path.join(tmp, 'no-renderer'), port: 0, mediaDir: library.mediaDir });
  agent = new Agent({ keepAlive: true, maxSockets: 1 });
  quick = quickState();
  before = null;
}

async function closeLibrary(): Promise<void> {
  agent?.destroy();
  await host?.close();
  library?.close();
}

const fuzzLog: string[] = [];

beforeAll(async () => {
  tmp = tempDir('qelem-fuzz-');
  packageBase64 = await makePackage();
  pngBase64 = fs.readFileSync(path.join(import.meta.dirname, '../fixtures/images/tiny-5x4.png')).toString('base64');
}, 60_000);

afterAll(async () => {
  await closeLibrary();
  removeDir(tmp);
  if (fuzzLog.length > 0) console.log(fuzzLog.join('\n'));
});

/** Runs `runs` calls of a property in batches, each batch on a fresh library. */
async function inBatches<T>(runs: number, batch: number, arbitrary: fc.Arbitrary<T>, call: (value: T) => Promise<void>): Promise<void> {
  const seed = Number(process.env.QELEM_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
  for (let done = 0, round = 0; done < runs; done += batch, round++) {
    await freshLibrary();
    try {
      await fc.assert(fc.asyncProperty(arbitrary, call), { numRuns: Math.min(batch, runs - done), seed: seed + round, endOnFailure: true });
    } catch (error) {
      throw new Error(`batch ${round} failed; rerun with QELEM_FUZZ_SEED=${seed}`, { cause: error });
    }
  }
}

describe('API fuzz through the loopback host', () => {
  const started = Date.now();

  it('answers mutated payloads of every method with a valid result or a typed error, and a failed call changes nothing', { timeout: 120_000 }, async () => {
    await inBatches(4_000, 500, fc.tuple(fc.constantFrom(...API_METHOD_NAMES), mutation), async ([method, m]) => {
      const payload = apply(method, m);
      await check(m.op, `/api/${method}`, method, JSON.stringify(payload) ?? 'null', 'application/json');
    });
  });

  it('answers raw malformed bodies with a typed error and changes nothing', { timeout: 120_000 }, async () => {
    await inBatches(600, 600, fc.tuple(fc.constantFrom(...API_METHOD_NAMES), rawBody), async ([method, r]) => {
      await check(r.kind, `/api/${method}`, method, r.body(), r.contentType, r.httpMethod);
    });
  });

  it('answers random method names with unknown_method and changes nothing', { timeout: 60_000 }, async () => {
    const unknownBefore = tally.errors.get('unknown_method') ?? 0;
    await inBatches(600, 600, fc.tuple(methodName, fc.jsonValue({ maxDepth: 2 })), async ([name, payload]) => {
      await check('method name', `/api/${encodeURIComponent(name)}`, null, JSON.stringify(payload) ?? 'null', 'application/json');
    });
    expect((tally.errors.get('unknown_method') ?? 0) - unknownBefore).toBe(600);
  });

  it('still serves a valid call afterwards', async () => {
    const reply = await post('/api/listArticles', '{}');
    expect(reply.status).toBe(200);
    expect((JSON.parse(reply.body) as { ok: boolean }).ok).toBe(true);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const kinds = [...tally.byKind].map(([k, n]) => `${k} ${n}`).join(', ');
    const codes = [...tally.errors].map(([k, n]) => `${k} ${n}`).join(', ');
    fuzzLog.push(
      `api fuzz: ${tally.payloads} payloads tried in ${seconds} s on ${tally.libraries} libraries (${kinds}); ${tally.ok} valid results, ` +
        `errors: ${codes}; every failed call checked for changed rows and files, ${tally.fullChecks} of them against a full dump`,
    );
  });
});
