// @vitest-environment node
/**
 * The partition test of issue 15: five desks (libraries with their service
 * table and newsroom sync, as the main process runs them) and one newsroom
 * server in a process of its own, over a network that keeps failing.
 *
 * - Each desk reaches the server through a loopback TCP relay of its own
 *   (helpers/newsroom-net.ts) that is cut and restored at random, so the
 *   desk's own reconnecting brings it back; the server is SIGKILLed and
 *   started again on the same port and data folder now and then; a desk
 *   now and then quits and starts again (its library closed and reopened).
 * - Meanwhile every desk edits shared articles as its role allows (two
 *   reporters, a translator, two editors): through windows (the renderer's
 *   own DocumentReplica on a session of the desk's document hub: text
 *   inserted into and deleted from the version fields, unique markers
 *   among it), through saveVersion (a marker in the standfirst, some in a
 *   new body paragraph), and creating articles.
 * - At the end everything is restored, and once the desks have converged:
 *   every desk's documents, in memory and as its library stored them, the
 *   server's documents as it serves them and as it stored them are the
 *   same document as Yjs sees it (state vector and delete set) with the
 *   same content; every marker any desk inserted is in every copy, and in
 *   every desk's rows (getArticle); every window edit is in every copy as
 *   Yjs knows it (the items it inserted there, the items it deleted deleted).
 * - The checks can fail: run over the first desk's copies from halfway
 *   through, they must find edits missing (the later ones).
 *
 * Two lines are printed: the run's figures (edits, disconnects, kills), then what was checked. QELEM_PARTITION_MS (default 120 s) and
 * QELEM_PARTITION_SEED change the run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyParagraph, LIMITS, versionContent, type VersionContent } from '../../shared/article';
import type { ServiceTable } from '../../shared/api';
import { emptyVersionDocUpdate } from '../../shared/collab/convert';
import { articleDocName, GLOSSARY_DOC, LIBRARY_DOC, parseDocName, versionDocName } from '../../shared/collab/doc-names';
import { listedArticleIds } from '../../shared/collab/library-doc';
import type { Role } from '../../shared/collab/roles';
import { fieldText, type TextField } from '../../shared/collab/version-doc';
import { directionOf, LANGUAGE_KEYS, type LanguageKey } from '../../shared/languages';
import { bodyToPlainText } from '../../shared/render/plain-text';
import type { Services } from '../../electron/services/table';
import { memorySecrets } from '../../electron/services/newsroom/secrets';
import { DocumentReplica } from '../../renderer/documents/replica';
import { Accounts } from '../../server/accounts';
import { seededRandom, type Random } from '../seeded-random';
import { tempDir, tempLibrary, removeDir, type TempLibrary } from './helpers/library';
import { buildTestServer } from './server-harness';
import { deskWindow, docFrom, documentContent, sameDocument, ServerProcess, TcpLink, type DeskWindow } from './helpers/newsroom-net';

const RUN_MS = Number(process.env.QELEM_PARTITION_MS ?? 120_000);
const SEED = Number(process.env.QELEM_PARTITION_SEED ?? 20_261_215);

const DESKS: readonly { user: string; role: Exclude<Role, 'admin'> }[] = [
  { user: 'rojan', role: 'reporter' },
  { user: 'karwan', role: 'reporter' },
  { user: 'dilan', role: 'translator' },
  { user: 'hawre', role: 'editor' },
  { user: 'shilan', role: 'editor' },
];
/** Articles made before the run (by the reporters and editors, two each) and at most this many more during it. */
const MORE_ARTICLES = 8;
/** Fields the windows type into, the standfirst most (the longest allowed). */
const FIELDS: readonly TextField[] = ['headline', 'standfirst', 'standfirst', 'standfirst', 'dateline', 'byline'];
const FIELD_LIMITS: Record<string, number> = { headline: LIMITS.headline, standfirst: LIMITS.standfirst, dateline: LIMITS.dateline, byline: LIMITS.byline };
const MARKER = /⟦[^⟧]*⟧/g;
const FILLER = 'abcdefghijklmnopqrstuvwxyzئابپتجچحخدرڕزژسشعغفڤقکگلڵمنوۆهەیێ ';

const DEBUG = process.env.QELEM_PARTITION_DEBUG === '1';
const traced: string[] = [];
const t0 = Date.now();
function trace(line: string): void {
  traced.push(`${((Date.now() - t0) / 1000).toFixed(2)} ${line}`);
}

function bodyItems(desk: Desk, articleId: string, lang: LanguageKey): string {
  const state = desk.services.documents.stateOf(versionDocName(articleId, lang));
  if (!state) return '-';
  const doc = docFrom(state);
  const body = doc.get('body', Y.XmlText);
  const out: string[] = [];
  let item = body._start;
  while (item) {
    const content = item.content as unknown as { type?: Y.XmlText; str?: string };
    const inner = content.type instanceof Y.XmlText ? content.type.toString().replace(/<[^>]*>/g, '') : (content.str ?? item.content.constructor.name);
    out.push(`${item.id.client}:${item.id.clock}${item.deleted ? 'D' : ''}[${inner.slice(0, 20)}]`);
    item = item.right;
  }
  doc.destroy();
  return out.join(' ');
}

function bodyMarkers(desk: Desk, articleId: string, lang: LanguageKey): Set<string> {
  const state = desk.services.documents.stateOf(versionDocName(articleId, lang));
  if (!state) return new Set();
  const doc = docFrom(state);
  const text = doc.get('body', Y.XmlText).toString();
  doc.destroy();
  return new Set(text.match(MARKER) ?? []);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Marker {
  text: string;
  articleId: string;
  lang: LanguageKey;
  where: TextField | 'body';
  desk: string;
}

/** A window's edit as Yjs made it: the items it inserted (its client's clocks from..to) and the items it deleted. */
interface WindowEdit {
  name: string;
  desk: string;
  client: number;
  from: number;
  to: number;
  deleted: { client: number; clock: number; len: number }[];
}

interface Desk {
  user: string;
  role: Exclude<Role, 'admin'>;
  token: string;
  lib: TempLibrary;
  services: Services;
  table: ServiceTable;
  link: TcpLink;
  window: DeskWindow;
  replicas: Map<string, DocumentReplica>;
  /** Articles this desk has rows for, with their source language. */
  known: Map<string, LanguageKey>;
  random: Random;
  markers: number;
}

const counts = { windowInserts: 0, windowDeletes: 0, saves: 0, conflicts: 0, created: 0, restarts: 0, markers: 0 };
const markers: Marker[] = [];
const windowEdits: WindowEdit[] = [];
const problems: string[] = [];

let main = '';
let server: ServerProcess;
let dataDir = '';
const desks: Desk[] = [];
const links: TcpLink[] = [];

async function value<T>(result: Promise<{ ok: true; value: T } | { ok: false; error: { code: string; message: string } }>): Promise<T> {
  const answer = await result;
  if (!answer.ok) throw Object.assign(new Error(`${answer.error.code}: ${answer.error.message}`), { code: answer.error.code });
  return answer.value;
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs: number, detail?: () => string | Promise<string>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail ? `: ${await detail()}` : ''}`);
    await sleep(50);
  }
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

function newsroomOptions(token?: string) {
  return { deriveAfterMs: 200, newsroom: { secrets: memorySecrets(token), maxRetryDelayMs: 1_000, reconcileMs: 250 } };
}

function openDesk(desk: Pick<Desk, 'lib' | 'token'>): Pick<Desk, 'services' | 'table' | 'window' | 'replicas'> {
  const services = desk.lib.services(newsroomOptions(desk.token));
  return { services, table: services.table, window: deskWindow(services), replicas: new Map() };
}

/** Which versions of an article this desk's role may write. */
function writableLangs(desk: Desk, sourceLang: LanguageKey): LanguageKey[] {
  if (desk.role === 'editor') return [...LANGUAGE_KEYS];
  if (desk.role === 'reporter') return [sourceLang];
  return LANGUAGE_KEYS.filter((lang) => lang !== sourceLang);
}

async function refreshKnown(desk: Desk): Promise<void> {
  const list = await value(desk.table.listArticles({ limit: 200 }));
  for (const item of list.items) desk.known.set(item.id, item.sourceLang);
}

function newMarker(desk: Desk): string {
  return `⟦${desk.user}.${++desk.markers}⟧`;
}

/** Positions where text may go: anywhere but inside a marker. */
function freePositions(text: string): number[] {
  const inside = new Set<number>();
  for (const match of text.matchAll(MARKER)) for (let i = match.index + 1; i < match.index + match[0].length; i++) inside.add(i);
  const positions: number[] = [];
  for (let i = 0; i <= text.length; i++) if (!inside.has(i)) positions.push(i);
  return positions;
}

/** A stretch of filler (no marker in it) to delete, or null. */
function fillerRange(text: string, random: Random): [number, number] | null {
  const marked = new Set<number>();
  for (const match of text.matchAll(MARKER)) for (let i = match.index; i < match.index + match[0].length; i++) marked.add(i);
  const starts = [...text].map((_, i) => i).filter((i) => !marked.has(i));
  if (starts.length === 0) return null;
  const start = pick(random, starts);
  let end = start;
  const want = 1 + Math.floor(random() * 6);
  while (end < text.length && end - start < want && !marked.has(end)) end++;
  return [start, end];
}

function filler(random: Random): string {
  let text = '';
  const length = 1 + Math.floor(random() * 5);
  for (let i = 0; i < length; i++) text += pick(random, [...FILLER]);
  return text;
}

/** A window's edit of a version field: a marker, some filler, or filler deleted. */
/** Makes a window's edit in one transaction and keeps what Yjs made of it. */
function recordedEdit(desk: Desk, name: string, doc: Y.Doc, edit: () => void): void {
  let made: WindowEdit | null = null;
  const onTransaction = (transaction: Y.Transaction) => {
    const deleted: WindowEdit['deleted'] = [];
    for (const [client, items] of transaction.deleteSet.clients) for (const item of items) deleted.push({ client, clock: item.clock, len: item.len });
    made = { name, desk: desk.user, client: doc.clientID, from: transaction.beforeState.get(doc.clientID) ?? 0, to: transaction.afterState.get(doc.clientID) ?? 0, deleted };
  };
  doc.on('afterTransaction', onTransaction);
  try {
    doc.transact(edit);
  } finally {
    doc.off('afterTransaction', onTransaction);
  }
  if (made) windowEdits.push(made);
}

async function windowEdit(desk: Desk, articleId: string, lang: LanguageKey): Promise<void> {
  const name = versionDocName(articleId, lang);
  let replica = desk.replicas.get(name);
  if (!replica) {
    replica = new DocumentReplica(name, desk.window.api, desk.window.channel, { start: () => emptyVersionDocUpdate(articleId, lang) });
    desk.replicas.set(name, replica);
    await replica.connect();
  }
  if (!replica.ready) return;
  const field = pick(desk.random, FIELDS);
  const text = fieldText(replica.doc, field);
  const current = text.toString();
  const roll = desk.random();
  const room = (FIELD_LIMITS[field] ?? 200) - current.length > 40;
  if (roll < 0.5 && room) {
    const marker = newMarker(desk);
    const at = pick(desk.random, freePositions(current));
    recordedEdit(desk, name, replica.doc, () => text.insert(at, marker));
    markers.push({ text: marker, articleId, lang, where: field, desk: desk.user });
    counts.windowInserts++;
    counts.markers++;
  } else if (roll < 0.75 && room) {
    const at = pick(desk.random, freePositions(current));
    recordedEdit(desk, name, replica.doc, () => text.insert(at, filler(desk.random)));
    counts.windowInserts++;
  } else {
    const range = fillerRange(current, desk.random);
    if (!range) return;
    recordedEdit(desk, name, replica.doc, () => text.delete(range[0], range[1] - range[0]));
    counts.windowDeletes++;
  }
}

/** saveVersion of the version as the desk's rows have it, with a marker added to the standfirst (and some to a new body paragraph). */
async function saveEdit(desk: Desk, articleId: string, lang: LanguageKey): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const article = await value(desk.table.getArticle({ id: articleId }));
    const saved = article.versions[lang];
    const base: VersionContent = versionContent(saved, directionOf(lang));
    if (base.standfirst.length > LIMITS.standfirst - 40) return;
    const marker = newMarker(desk);
    const inBody = desk.random() < 0.4;
    const content: VersionContent = {
      ...base,
      standfirst: inBody ? base.standfirst : `${base.standfirst} ${marker}`,
      body: inBody
        ? { root: { ...base.body.root, children: [...base.body.root.children, { ...emptyParagraph(), children: [{ type: 'text', version: 1, text: marker, format: 0, detail: 0, mode: 'normal', style: '' }] }] } }
        : base.body,
    };
    const before = DEBUG ? bodyMarkers(desk, articleId, lang) : null;
    const itemsBefore = DEBUG ? bodyItems(desk, articleId, lang) : '';
    const result = await desk.table.saveVersion({ id: articleId, lang, baseRevision: saved?.revision ?? 0, content });
    if (before) {
      const after = bodyMarkers(desk, articleId, lang);
      const lost = [...before].filter((m) => !after.has(m));
      trace(`${desk.user} save ${articleId.slice(0, 8)}/${lang} base ${saved?.revision ?? 0} +${marker}${inBody ? ' body' : ''} -> ${result.ok ? result.value.revision : result.error.code}; rows had ${JSON.stringify(base.body.root.children.map((c) => bodyToPlainText({ root: { ...base.body.root, children: [c] } }).trim() || '·'))}${lost.length ? ` LOST ${lost.join(' ')}\n   before ${itemsBefore}\n   after  ${bodyItems(desk, articleId, lang)}\n   wanted ${JSON.stringify(content.body.root.children.map((c) => [c['$'], (c.children?.[0] as { text?: string } | undefined)?.text]))}` : ''}`);
    }
    if (result.ok) {
      const text = bodyToPlainText(result.value.body) + result.value.standfirst;
      if (!text.includes(marker)) problems.push(`${desk.user}: saveVersion answered without its marker ${marker}`);
      markers.push({ text: marker, articleId, lang, where: inBody ? 'body' : 'standfirst', desk: desk.user });
      counts.saves++;
      counts.markers++;
      return;
    }
    // Someone's edit arrived between reading and saving: read again, as the app's autosave does.
    if (result.error.code !== 'conflict') throw new Error(`saveVersion: ${result.error.code}: ${result.error.message}`);
    counts.conflicts++;
  }
}

/** The desk quits (its windows' edits saved first) and starts again on the same library, newsroom settings kept. */
async function restartDesk(desk: Desk): Promise<void> {
  await until(() => [...desk.replicas.values()].every((replica) => !replica.unsaved), `${desk.user}'s windows saved before quitting`, 10_000);
  for (const replica of desk.replicas.values()) replica.dispose();
  desk.window.close();
  desk.lib.reopen();
  Object.assign(desk, openDesk(desk));
  counts.restarts++;
}

async function act(desk: Desk): Promise<void> {
  const roll = desk.random();
  if (roll < 0.005) return restartDesk(desk);
  if (roll < 0.05 && desk.role !== 'translator' && counts.created < MORE_ARTICLES) {
    const article = await value(desk.table.createArticle({ sourceLang: pick(desk.random, LANGUAGE_KEYS) }));
    desk.known.set(article.id, article.sourceLang);
    counts.created++;
    return;
  }
  if (roll < 0.1 || desk.known.size === 0) await refreshKnown(desk);
  const choices = [...desk.known].flatMap(([id, source]) => writableLangs(desk, source).map((lang) => [id, lang] as const));
  if (choices.length === 0) return;
  const [id, lang] = pick(desk.random, choices);
  if (roll < 0.22) await saveEdit(desk, id, lang);
  else await windowEdit(desk, id, lang);
}

async function deskLoop(desk: Desk, endAt: number): Promise<void> {
  while (Date.now() < endAt) {
    await sleep(80 + desk.random() * 320);
    try {
      await act(desk);
    } catch (error) {
      problems.push(`${desk.user}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** Debugging: notes when a body marker a desk's document had is gone from it. */
async function watchBodies(endAt: number): Promise<void> {
  const seen = new Map<string, Set<string>>();
  while (Date.now() < endAt + 5_000) {
    await sleep(100);
    for (const desk of desks) {
      for (const id of desk.known.keys()) {
        for (const lang of LANGUAGE_KEYS) {
          const key = `${desk.user} ${id}/${lang}`;
          let now: Set<string>;
          try {
            now = bodyMarkers(desk, id, lang);
          } catch {
            continue;
          }
          const before = seen.get(key) ?? new Set<string>();
          const gone = [...before].filter((m) => !now.has(m));
          if (gone.length) trace(`${desk.user} doc ${id.slice(0, 8)}/${lang} LOST ${gone.join(' ')} (now ${[...now].join(' ')})`);
          seen.set(key, now);
        }
      }
    }
  }
}

/** Waits `ms`, or until `endAt` if that comes first; false if the run ended meanwhile. */
async function wait(ms: number, endAt: number): Promise<boolean> {
  await sleep(Math.max(0, Math.min(ms, endAt - Date.now())));
  return Date.now() < endAt;
}

/** Cuts a desk's relay now and then. At the end of the run a cut relay stays cut: the end restores everything at once. */
async function linkChaos(desk: Desk, random: Random, endAt: number): Promise<void> {
  while (await wait(1_500 + random() * 8_000, endAt)) {
    desk.link.cut();
    if (!(await wait(150 + random() * 4_000, endAt))) return;
    desk.link.restore();
  }
}

/** SIGKILLs the server now and then and starts it again a moment later (unless the run ended meanwhile). */
async function serverChaos(random: Random, endAt: number): Promise<void> {
  while (await wait(8_000 + random() * 16_000, endAt)) {
    await server.kill();
    if (!(await wait(200 + random() * 3_000, endAt))) return;
    await server.start();
  }
}

/** The names of every document there is to compare: the newsroom's two and every listed article's four. */
function documentNames(libraryState: Uint8Array): string[] {
  const doc = docFrom(libraryState);
  const ids = listedArticleIds(doc);
  doc.destroy();
  return [LIBRARY_DOC, GLOSSARY_DOC, ...ids.flatMap((id) => [articleDocName(id), ...LANGUAGE_KEYS.map((lang) => versionDocName(id, lang))])];
}

const EMPTY = Y.encodeStateAsUpdate(new Y.Doc());
const isEmpty = (state: Uint8Array) => docFrom(state).store.clients.size === 0;

function deskState(desk: Desk, name: string): Uint8Array {
  return desk.services.documents.stateOf(name) ?? EMPTY;
}

/** Names of the documents where some desk differs from the first; empty when all agree. */
function divergent(names: readonly string[]): string[] {
  const [first, ...rest] = desks as [Desk, ...Desk[]];
  return names.filter((name) => {
    const reference = deskState(first, name);
    return rest.some((desk) => !sameDocument(reference, deskState(desk, name)));
  });
}

async function settled(): Promise<boolean> {
  for (const desk of desks) {
    const status = await value(desk.table.getNewsroom({}));
    if (status.state !== 'connected' || status.pendingDocuments > 0 || status.unsyncedArticleIds.length > 0) return false;
    if ([...desk.replicas.values()].some((replica) => replica.unsaved)) return false;
  }
  const first = desks[0] as Desk;
  return divergent(documentNames(deskState(first, LIBRARY_DOC))).length === 0;
}

async function describeState(): Promise<string> {
  const lines: string[] = [];
  for (const desk of desks) {
    const status = await value(desk.table.getNewsroom({}));
    lines.push(`${desk.user}: ${status.state} pending ${status.pendingDocuments} unsynced ${status.unsyncedArticleIds.length} unsaved windows ${[...desk.replicas.values()].filter((r) => r.unsaved).length}`);
  }
  const names = documentNames(deskState(desks[0] as Desk, LIBRARY_DOC));
  lines.push(`differing documents: ${divergent(names).join(', ') || 'none'}`);
  lines.push(`server: ${server.running ? 'running' : 'stopped'}; its warnings and errors:\n${server.recentLog(20, / (warn|error) /)}\nits log:\n${server.recentLog(15)}`);
  return lines.join('\n');
}

/** Every document as the live server serves it, read by a provider of its own (not through a relay). */
async function serverStates(names: readonly string[], token: string): Promise<Map<string, Uint8Array>> {
  const socket = new HocuspocusProviderWebsocket({ url: server.url, WebSocketPolyfill: WebSocket, maxAttempts: 0, delay: 100, minDelay: 100, maxDelay: 500 });
  const providers: HocuspocusProvider[] = [];
  try {
    const states = new Map<string, Uint8Array>();
    await Promise.all(
      names.map(async (name) => {
        const doc = new Y.Doc();
        const provider = new HocuspocusProvider({ websocketProvider: socket, name, token, document: doc });
        providers.push(provider);
        const synced = new Promise<void>((resolve) => provider.on('synced', () => resolve()));
        provider.attach();
        await Promise.race([synced, sleep(20_000).then(() => Promise.reject(new Error(`the server did not sync ${name}`)))]);
        states.set(name, Y.encodeStateAsUpdate(doc));
      }),
    );
    return states;
  } finally {
    for (const provider of providers) provider.destroy();
    socket.destroy();
  }
}

/** What the server stored (its documents.db, read beside the running server). */
function storedStates(names: readonly string[]): Map<string, Uint8Array> {
  const db = new DatabaseSync(path.join(dataDir, 'documents.db'), { readOnly: true });
  try {
    const select = db.prepare('SELECT state FROM documents WHERE name = ?');
    const states = new Map<string, Uint8Array>();
    for (const name of names) {
      const row = select.get(name) as { state: Uint8Array } | undefined;
      states.set(name, row ? new Uint8Array(row.state) : EMPTY);
    }
    return states;
  } finally {
    db.close();
  }
}

function markersMissing(name: string, content: string, articleId: string, lang: LanguageKey | null): string[] {
  return markers.filter((m) => m.articleId === articleId && (lang === null || m.lang === lang) && !content.includes(m.text)).map((m) => `${m.text} (${m.where} of ${name})`);
}

/** The window edits of a document that a state of it lacks: items inserted it does not have, items deleted it has not deleted. */
function windowEditsMissing(name: string, state: Uint8Array): string[] {
  const doc = docFrom(state);
  try {
    const has = Y.decodeStateVector(Y.encodeStateVector(doc));
    const deletes = Y.createDeleteSetFromStructStore(doc.store);
    const missing: string[] = [];
    for (const edit of windowEdits) {
      if (edit.name !== name) continue;
      if ((has.get(edit.client) ?? 0) < edit.to) missing.push(`${edit.desk}'s insertion ${edit.client}:${edit.from}..${edit.to} in ${name}`);
      for (const { client, clock, len } of edit.deleted) {
        for (let at = clock; at < clock + len; at++) {
          if (Y.isDeleted(deletes, Y.createID(client, at))) continue;
          missing.push(`${edit.desk}'s deletion of ${client}:${at} in ${name}`);
          break;
        }
      }
    }
    return missing;
  } finally {
    doc.destroy();
  }
}

/** Everything the checks would find missing from these states of the documents. */
function editsMissing(names: readonly string[], stateOf: (name: string) => Uint8Array): string[] {
  const missing: string[] = [];
  for (const name of names) {
    const state = stateOf(name);
    missing.push(...windowEditsMissing(name, state));
    const parsed = parseDocName(name);
    if (parsed?.kind === 'version') missing.push(...markersMissing(name, documentContent(name, state), parsed.articleId, parsed.lang));
  }
  return missing;
}

beforeAll(async () => {
  main = await buildTestServer(tempDir('qelem-partition-build-'));
  if (!fs.existsSync(main)) throw new Error(`the server build made no ${main}`);
}, 120_000);

afterAll(async () => {
  for (const desk of desks) {
    for (const replica of desk.replicas.values()) replica.dispose();
    desk.window.close();
  }
  for (const desk of desks.splice(0)) await desk.lib.dispose().catch(() => undefined);
  for (const link of links.splice(0)) await link.close();
  await server?.kill();
  if (dataDir) removeDir(dataDir);
  if (main) removeDir(path.dirname(main));
}, 60_000);

describe('newsroom partition', () => {
  it('five desks and a server that keep losing each other end identical, with every edit', { timeout: RUN_MS + 150_000 }, async () => {
    dataDir = tempDir('qelem-partition-server-');
    const tokens: Record<string, string> = {};
    const accounts = Accounts.open(dataDir);
    for (const { user, role } of DESKS) tokens[user] = accounts.add(user, role);
    tokens.auditor = accounts.add('auditor', 'editor');
    accounts.close();
    server = new ServerProcess(main, dataDir);
    await server.start();

    for (const [i, { user, role }] of DESKS.entries()) {
      const link = await TcpLink.start(() => server.port);
      links.push(link);
      const lib = tempLibrary(`qelem-partition-${user}-`);
      const token = tokens[user] as string;
      const desk: Desk = { user, role, token, lib, link, known: new Map(), random: seededRandom(SEED + i), markers: 0, ...openDesk({ lib, token }) };
      desks.push(desk);
      // Two articles of its own before connecting (offline work the newsroom gets when it first connects).
      if (role !== 'translator') {
        for (const lang of [LANGUAGE_KEYS[i % 3], LANGUAGE_KEYS[(i + 1) % 3]] as LanguageKey[]) {
          const article = await value(desk.table.createArticle({ sourceLang: lang }));
          desk.known.set(article.id, lang);
        }
      }
      const status = await value(desk.table.connectNewsroom({ url: link.url, token }));
      expect(status.identity).toMatchObject({ name: user, role });
    }
    await until(async () => (await Promise.all(desks.map(async (desk) => (await value(desk.table.listArticles({ limit: 200 }))).total))).every((total) => total === 8), 'the first 8 articles on every desk', 30_000, describeState);

    // The run: edits on every desk; relays cut, the server killed, desks restarted, all at random.
    const started = Date.now();
    const endAt = started + RUN_MS;
    const chaos = seededRandom(SEED * 7);
    // The first desk's copies from halfway through, for showing that the checks find what is missing.
    const halfway = new Map<string, Uint8Array>();
    const takeHalfway = sleep(RUN_MS / 2).then(() => {
      const first = desks[0] as Desk;
      for (const name of documentNames(deskState(first, LIBRARY_DOC))) halfway.set(name, deskState(first, name));
    });
    await Promise.all([takeHalfway, ...desks.map((desk) => deskLoop(desk, endAt)), ...desks.map((desk, i) => linkChaos(desk, seededRandom(SEED * 13 + i), endAt)), serverChaos(chaos, endAt), ...(DEBUG ? [watchBodies(endAt)] : [])]);
    const disconnects = links.reduce((sum, link) => sum + link.cuts, 0);
    const edits = counts.windowInserts + counts.windowDeletes + counts.saves + counts.created;
    const downAtEnd = { links: links.filter((link) => !link.open).length, server: !server.running };
    console.log(
      `partition: ${desks.length} desks, ${(RUN_MS / 1000).toFixed(0)} s, seed ${SEED}: ${edits} edits (${counts.windowInserts} window inserts, ${counts.windowDeletes} window deletions, ${counts.saves} saves, ${counts.created} articles made; ${counts.markers} markers; ${counts.conflicts} save conflicts retried), ` +
        `${disconnects} disconnects (relay cuts), ${server.kills} server kills (SIGKILL, restarted), ${counts.restarts} desk restarts; at the end ${downAtEnd.links} relays cut${downAtEnd.server ? ' and the server down' : ''}`,
    );
    expect(problems, 'edits that failed on a desk').toEqual([]);
    // Not a quiet run: edits everywhere, links cut, the server killed (a shorter run than the default kills less).
    expect(windowEdits.length).toBeGreaterThan(RUN_MS / 1_000);
    expect(disconnects).toBeGreaterThanOrEqual(Math.floor(RUN_MS / 20_000));
    expect(server.kills).toBeGreaterThanOrEqual(Math.floor(RUN_MS / 40_000));

    // Everything back at once; the desks converge.
    for (const link of links) link.restore();
    if (!server.running) await server.start();
    const restoredAt = Date.now();
    await until(settled, 'every desk connected, synced and identical', 60_000, describeState);
    const convergeMs = Date.now() - restoredAt;

    const reference = desks[0] as Desk;
    const names = documentNames(deskState(reference, LIBRARY_DOC));
    const expected = new Map(names.map((name) => [name, deskState(reference, name)]));
    const created = listedArticleIds(docFrom(expected.get(LIBRARY_DOC) as Uint8Array));
    expect(created.length, 'every article listed').toBe(8 + counts.created);

    // Content, and every marker in every copy.
    const missing: string[] = [];
    for (const desk of desks) {
      for (const name of names) {
        const state = deskState(desk, name);
        expect(sameDocument(state, expected.get(name) as Uint8Array), `${desk.user}'s ${name}`).toBe(true);
        expect(documentContent(name, state), `${desk.user}'s ${name}`).toBe(documentContent(name, expected.get(name) as Uint8Array));
      }
    }
    for (const id of created) {
      for (const lang of LANGUAGE_KEYS) {
        const name = versionDocName(id, lang);
        missing.push(...markersMissing(name, documentContent(name, expected.get(name) as Uint8Array), id, lang));
      }
    }
    if (DEBUG && missing.length > 0) console.log(traced.filter((line) => missing.some((m) => line.includes(m.split(' ')[0] as string) || line.includes(m.split('article/')[1]?.slice(0, 8) ?? '~'))).join('\n'));
    expect(missing, 'markers missing from the documents').toEqual([]);
    // Every window edit, as Yjs made it, in every desk's copy.
    for (const desk of desks) expect(editsMissing(names, (name) => deskState(desk, name)), `${desk.user}'s copies lacking window edits`).toEqual([]);
    // The checks can fail: the first desk's copies from halfway through lack the edits made since.
    const lacking = editsMissing(names, (name) => halfway.get(name) ?? EMPTY);
    expect(lacking.filter((line) => line.includes('insertion')).length, 'window insertions missing halfway').toBeGreaterThan(0);
    expect(lacking.filter((line) => line.includes('⟦')).length, 'markers missing halfway').toBeGreaterThan(0);

    // Every window has what its desk has.
    for (const desk of desks) {
      for (const [name, replica] of desk.replicas) expect(sameDocument(Y.encodeStateAsUpdate(replica.doc), expected.get(name) as Uint8Array), `${desk.user}'s window on ${name}`).toBe(true);
    }

    // The rows every desk derived from them.
    for (const desk of desks) {
      for (const id of created) {
        const article = await value(desk.table.getArticle({ id }));
        for (const lang of LANGUAGE_KEYS) {
          const version = article.versions[lang];
          const text = version ? [version.headline, version.standfirst, version.dateline, version.byline, bodyToPlainText(version.body)].join('\n') : '';
          missing.push(...markersMissing(`${desk.user}'s row of ${id}/${lang}`, text, id, lang));
        }
      }
    }
    expect(missing, 'markers missing from the rows').toEqual([]);

    // The server, live and stored (its stores run a few seconds after the last change).
    const live = await serverStates(names, tokens.auditor as string);
    for (const name of names) expect(sameDocument(live.get(name) as Uint8Array, expected.get(name) as Uint8Array), `the server's ${name}`).toBe(true);
    expect(editsMissing(names, (name) => live.get(name) as Uint8Array), "the server's documents lacking edits").toEqual([]);
    await until(
      () => {
        const stored = storedStates(names);
        return names.every((name) => (isEmpty(expected.get(name) as Uint8Array) ? true : sameDocument(stored.get(name) as Uint8Array, expected.get(name) as Uint8Array)));
      },
      'the server to store every document',
      30_000,
      () => `not stored as on the desks: ${names.filter((name) => !sameDocument(storedStates([name]).get(name) as Uint8Array, expected.get(name) as Uint8Array)).join(', ')}`,
    );
    const documents = names.filter((name) => !isEmpty(expected.get(name) as Uint8Array)).length;

    // What each desk's library stored: the same, read back after a restart with no newsroom.
    for (const desk of desks) {
      for (const replica of desk.replicas.values()) replica.dispose();
      desk.replicas.clear();
      desk.window.close();
      desk.lib.reopen();
      const services = desk.lib.services(newsroomOptions());
      Object.assign(desk, { services, table: services.table, window: deskWindow(services) });
      for (const name of names) expect(sameDocument(deskState(desk, name), expected.get(name) as Uint8Array), `${desk.user}'s stored ${name}`).toBe(true);
    }

    console.log(
      `partition: ${documents} documents identical on ${desks.length} desks, their windows, their libraries and the server (live and stored), converged ${(convergeMs / 1000).toFixed(1)} s after everything was restored; ` +
        `none of the ${counts.markers} markers and ${windowEdits.length} window edits missing anywhere (${lacking.length} missing from the first desk's copies halfway through)`,
    );
  });
});
