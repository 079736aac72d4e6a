import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import type { ServiceTable } from '../../shared/api';
import { versionDocName } from '../../shared/collab/doc-names';
import type { DocumentEvent } from '../../shared/collab/events';
import { memorySecrets } from '../../electron/services/newsroom/secrets';
import { createServices, type Services } from '../../electron/services/table';
import { openLibrary, type Library } from '../../electron/store/library';
import { Typist } from '../collab-typist';
import { generateVersion, loadCorpus, typedText } from './corpus';
import { addUser, buildBenchServer, f, gitCommit, runOnSqlite, Socket, startInstance, stopInstances, until, type Instance, type Load, type RunResult } from './server-kit';
import { call, removeDir, tempDir } from './service-cases';
import { ratio, summarize, textTable, type Summary } from './stats';

/**
 * npm run bench -- --server (issue 15): the newsroom server as desktops
 * use it, on this machine's loopback, over the built server
 * (out/server/main.js, built here into out/bench/server) on SQLite:
 *
 * 1. One keystroke from one desktop to another: two desks, each a library
 *    of its own with the main process's services and newsroom sync
 *    (electron/services/newsroom, the one socket every document shares);
 *    a window's keystroke (a headless body editor bound to a replica, the
 *    app's binding: tests/collab-typist.ts) pushed to desk A's main process
 *    as a window pushes it, timed until desk B's window session has it
 *    (the hub's event, applied to B's replica). Baseline in the same run,
 *    alternating keystroke by keystroke: the same kind of edit between two
 *    bare Hocuspocus providers on the same server, so the ratio is what the
 *    desks' own layers add to the server's round trip. Desk A and the
 *    baseline's typing provider both reach the server through a loopback
 *    TCP relay in this process (see 3), desk B and the other provider
 *    directly: the same path on both sides of the ratio.
 * 2. Load: 100 simulated desktops (Node providers, each on its own
 *    connection) on 50 articles, 5 keys a second each, for 60 s after a
 *    5 s warm-up (server-kit.ts runLoad, as the scale bench's baseline on a
 *    server of its own): propagation p50/p95 of every keystroke to the
 *    other client of its article, errors, the server's CPU and memory from
 *    /proc. Ratio: its p50/p95 against the unloaded bare pair's of case 1.
 * 3. A desktop returning with 5,000 offline edits, each typed and pushed on
 *    its own (each its own update in the library's log): desk A's network
 *    cut at the relay (its connection closed, no new one let through), the
 *    edits made, the network back; then again with desk A disconnected and
 *    connected in its newsroom settings. Timed from the network back (or
 *    Connect): until desk A's new connection is accepted (its retry delay),
 *    until a client already on the server has every edit, until desk B's
 *    window has them, until desk A says connected with nothing unsynced.
 *    Baseline: a bare provider through the relay, its network cut the same
 *    way, as many edits (each its own transaction), the network back; the
 *    ratio compares the time to the server after the reconnection (the
 *    retry delays are timers, not work). Afterwards the server is stopped
 *    and started again on its data folder, and a new client reads both
 *    documents back: the server kept every edit.
 *
 * `--quick`: fewer keystrokes in 1, the load for 10 s, 500 offline edits.
 * Everything to bench-results/<timestamp>-server.json.
 */

interface Desk {
  dir: string;
  library: Library;
  services: Services;
  table: ServiceTable;
}

function openDesk(name: string): Desk {
  const dir = tempDir(`qelem-bench-desk-${name}-`);
  const library = openLibrary(dir);
  // The app's defaults (derivation delay, reconnect delays, reconciling), the token in memory.
  const services = createServices(library, { backups: false, newsroom: { secrets: memorySecrets() } });
  return { dir, library, services, table: services.table };
}

function closeDesk(desk: Desk): void {
  desk.services.dispose();
  desk.library.close();
  removeDir(desk.dir);
}

/** Resolves a waiter the first time its check holds after a notify; with the time notify was given. */
class Arrival {
  private waiter: { check: () => boolean; resolve: (at: number | null) => void; timer: NodeJS.Timeout } | null = null;

  notify(at: number): void {
    const waiter = this.waiter;
    if (!waiter || !waiter.check()) return;
    this.waiter = null;
    clearTimeout(waiter.timer);
    waiter.resolve(at);
  }

  /** The time of the arrival; null when it did not come within `timeoutMs`. */
  wait(check: () => boolean, timeoutMs: number): Promise<number | null> {
    if (this.waiter) throw new Error('one wait at a time');
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(null);
      }, timeoutMs);
      this.waiter = { check, resolve, timer };
    });
  }
}

/**
 * A loopback TCP relay in front of the server, for the clients whose
 * network the bench cuts (desk A, the baseline's typing client): `cut`
 * closes every connection through it and refuses new ones, `restore` lets
 * them through again on the same port.
 */
class Relay {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;
  /** When the last connection through it was accepted (performance.now()). */
  lastAcceptedAt = 0;

  constructor(private readonly target: number) {}

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async restore(): Promise<void> {
    const server = net.createServer((client) => {
      this.lastAcceptedAt = performance.now();
      const upstream = net.connect(this.target, '127.0.0.1');
      client.setNoDelay(true);
      upstream.setNoDelay(true);
      for (const [a, b] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        this.sockets.add(a);
        a.pipe(b);
        a.on('error', () => b.destroy());
        a.on('close', () => {
          this.sockets.delete(a);
          b.destroy();
        });
      }
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

/** A bare provider on its own connection (no desk): the baseline's client, and the observers. */
interface Bare {
  doc: Y.Doc;
  text: Y.Text;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  updates: Arrival;
  destroy(): void;
}

async function bare(url: string, name: string, token: string): Promise<Bare> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: Socket });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, token, document: doc });
  const updates = new Arrival();
  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (origin === provider) updates.notify(performance.now());
  });
  let synced = false;
  provider.on('synced', () => (synced = true));
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
    throw new Error(`bench client refused: ${reason}`);
  });
  provider.attach();
  await until(() => synced, `a bare client on ${name} to sync`, 15_000);
  return {
    doc,
    text: doc.getText('body'),
    provider,
    socket,
    updates,
    destroy() {
      provider.destroy();
      socket.destroy();
      doc.destroy();
    },
  };
}

/** A window on a desk: a session of its main process with a typist on the version document. */
interface Window {
  session: string;
  typist: Typist;
  updates: Arrival;
}

async function openWindow(desk: Desk, name: string): Promise<Window> {
  const typist = new Typist('ckb');
  const updates = new Arrival();
  const session = desk.services.documents.connect((event: DocumentEvent) => {
    if (event.type !== 'update' || event.name !== name) return;
    const at = performance.now();
    typist.receive(fromBase64(event.update));
    updates.notify(at);
  });
  const opened = await call(desk.table, 'openDocument', { session, name, stateVector: toBase64(Y.encodeStateVector(typist.doc)) });
  if (!opened.exists) throw new Error(`${name} does not exist on the desk`);
  typist.receive(fromBase64(opened.update));
  return { session, typist, updates };
}

const ARRIVAL_TIMEOUT_MS = 5_000;

interface KeystrokeResult {
  rounds: number;
  /** Desk A's window → desk B's window, through both main processes and the server. */
  desks: Summary;
  /** Baseline: bare provider → bare provider, through the same server. */
  bare: Summary;
  missing: { desks: number; bare: number };
  ratio: { median: number; p95: number };
}

async function keystrokeCase(
  rounds: number,
  chars: string[],
  desks: { a: Desk; windowA: Window; windowB: Window; name: string },
  pair: { a: Bare; b: Bare },
): Promise<KeystrokeResult> {
  let next = 0;
  const idA = desks.windowA.typist.doc.clientID;
  const deskKeystroke = async (): Promise<number | null> => {
    let update: Uint8Array | null = null;
    while (!update) update = desks.windowA.typist.key(chars[next++ % chars.length]!);
    const clock = Y.getState(desks.windowA.typist.doc.store, idA);
    const arrived = desks.windowB.updates.wait(() => Y.getState(desks.windowB.typist.doc.store, idA) >= clock, ARRIVAL_TIMEOUT_MS);
    // From the moment the window's edit leaves it (what the renderer sends over IPC).
    const start = performance.now();
    await call(desks.a.table, 'pushDocument', { session: desks.windowA.session, name: desks.name, update: toBase64(update) });
    const at = await arrived;
    return at === null ? null : at - start;
  };
  let cursor = 0;
  const bareKeystroke = async (): Promise<number | null> => {
    const idBare = pair.a.doc.clientID;
    const clock = Y.getState(pair.a.doc.store, idBare) + 1;
    const arrived = pair.b.updates.wait(() => Y.getState(pair.b.doc.store, idBare) >= clock, ARRIVAL_TIMEOUT_MS);
    const start = performance.now();
    // The provider sends from the document's update event, within the transaction's end.
    pair.a.text.insert(cursor++, chars[next % chars.length]!);
    const at = await arrived;
    return at === null ? null : at - start;
  };
  const warmup = 10;
  const out = { desks: [] as number[], bare: [] as number[], missingDesks: 0, missingBare: 0 };
  for (let i = 0; i < warmup + rounds; i++) {
    const record = i >= warmup;
    // Swap the order every round: whichever goes first must not always meet a busier moment.
    const order = i % 2 === 0 ? (['desks', 'bare'] as const) : (['bare', 'desks'] as const);
    for (const which of order) {
      const ms = which === 'desks' ? await deskKeystroke() : await bareKeystroke();
      if (ms === null) {
        if (which === 'desks') out.missingDesks += 1;
        else out.missingBare += 1;
      } else if (record) out[which].push(ms);
      // A typist's pace: 5 to 10 keys a second, never back to back.
      await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 100));
    }
  }
  const deskSummary = summarize(out.desks);
  const bareSummary = summarize(out.bare);
  return {
    rounds,
    desks: deskSummary,
    bare: bareSummary,
    missing: { desks: out.missingDesks, bare: out.missingBare },
    ratio: { median: ratio(deskSummary.median, bareSummary.median), p95: ratio(deskSummary.p95, bareSummary.p95) },
  };
}

/** How long a client returning with its offline edits took, from the moment it could (network back, or Connect). */
interface Return {
  /** …until its new connection was accepted (for the network: its retry delay). */
  reconnectMs: number | null;
  /** …until a client already on the server has every edit. */
  toServerMs: number | null;
  /** …until the other desk's window has every edit (desks only). */
  toOtherDeskMs: number | null;
  /** …until the returning client says it is synced (a desk: connected, no article unsynced; a provider: no unsynced changes). */
  toSyncedMs: number | null;
}

interface OfflineResult {
  edits: number;
  /** Desk A: ms to type and push the edits while offline, each of the two times (for scale; not a figure of the server). */
  typingMs: number[];
  /** Desk A's network cut (the relay) while the edits were made, then back. */
  deskNetwork: Return;
  /** Desk A disconnected in its newsroom settings while the edits were made, then connected again. */
  deskSettings: Return;
  /** Baseline: a bare provider, its network cut the same way, the same number of edits, each its own transaction. */
  bareNetwork: Return;
  /** Desk / bare provider, network cut: to the server from the reconnection (the retry delays left out). */
  ratio: number;
  /** After the server was stopped and started again: every edit read back from it. */
  keptAfterRestart: { desk: boolean; bare: boolean } | null;
}

/** Waits up to `timeoutMs` for `check`; the ms from `start` when it held, or null. */
async function timeUntil(check: () => boolean | Promise<boolean>, start: number, timeoutMs: number, stepMs = 5): Promise<number | null> {
  const deadline = start + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  return performance.now() - start;
}

const RETURN_TIMEOUT_MS = 120_000;

interface DeskPair {
  a: Desk;
  b: Desk;
  windowA: Window;
  windowB: Window;
  name: string;
  tokenA: string;
}

/** Desk A's window types `edits` keystrokes, each pushed on its own (each its own update in the library's log); ms taken. */
async function typeOffline(desks: DeskPair, edits: number, chars: string[], from: number): Promise<number> {
  const start = performance.now();
  let made = 0;
  let next = from;
  while (made < edits) {
    const update = desks.windowA.typist.key(chars[next++ % chars.length]!);
    if (!update) continue;
    await call(desks.a.table, 'pushDocument', { session: desks.windowA.session, name: desks.name, update: toBase64(update) });
    made += 1;
  }
  return performance.now() - start;
}

/** Times desk A's return: `back` lets it reach the server again; measured against an observer already there and desk B. */
async function deskReturn(desks: DeskPair, relay: Relay, observer: Bare, back: () => Promise<unknown>): Promise<Return> {
  const idA = desks.windowA.typist.doc.clientID;
  const clock = Y.getState(desks.windowA.typist.doc.store, idA);
  const start = performance.now();
  await back();
  const [reconnectMs, toServerMs, toOtherDeskMs, toSyncedMs] = await Promise.all([
    timeUntil(() => relay.lastAcceptedAt >= start, start, RETURN_TIMEOUT_MS, 1),
    timeUntil(() => Y.getState(observer.doc.store, idA) >= clock, start, RETURN_TIMEOUT_MS),
    timeUntil(() => Y.getState(desks.windowB.typist.doc.store, idA) >= clock, start, RETURN_TIMEOUT_MS),
    timeUntil(
      async () => {
        const status = await call(desks.a.table, 'getNewsroom', {});
        return status.state === 'connected' && status.unsyncedArticleIds.length === 0;
      },
      start,
      RETURN_TIMEOUT_MS,
      20,
    ),
  ]);
  return { reconnectMs, toServerMs, toOtherDeskMs, toSyncedMs };
}

async function offlineCase(
  edits: number,
  chars: string[],
  url: string,
  relay: Relay,
  desks: DeskPair,
  bareName: string,
  token: string,
  log: (line: string) => void,
): Promise<Omit<OfflineResult, 'keptAfterRestart'> & { deskClient: number; deskClock: number; bareClient: number; bareClock: number }> {
  const observer = await bare(url, desks.name, token);
  const typingMs: number[] = [];
  const show = (r: Return) => `reconnected after ${f(r.reconnectMs ?? NaN)} ms, on the server after ${f(r.toServerMs ?? NaN)} ms, ${r.toOtherDeskMs === null ? '' : `on desk B after ${f(r.toOtherDeskMs)} ms, `}synced after ${f(r.toSyncedMs ?? NaN)} ms`;

  // Desk A's network gone (its connection cut, no new one let through), the edits made, the network back.
  await relay.cut();
  await until(() => desks.a.services.newsroom.status().state !== 'connected', 'desk A to notice its network gone', 10_000);
  typingMs.push(await typeOffline(desks, edits, chars, 0));
  const deskNetwork = await deskReturn(desks, relay, observer, () => relay.restore());
  log(`offline: desk A, network back: ${show(deskNetwork)}`);

  // Desk A disconnected in its settings, the edits made, connected again.
  await call(desks.a.table, 'disconnectNewsroom', {});
  typingMs.push(await typeOffline(desks, edits, chars, edits));
  const deskSettings = await deskReturn(desks, relay, observer, () => call(desks.a.table, 'connectNewsroom', { url: relay.url, token: desks.tokenA }));
  log(`offline: desk A, connected again: ${show(deskSettings)}`);
  observer.destroy();
  const deskClient = desks.windowA.typist.doc.clientID;
  const deskClock = Y.getState(desks.windowA.typist.doc.store, deskClient);
  // The desks stop syncing: nothing else on the server while the baseline runs.
  await call(desks.a.table, 'disconnectNewsroom', {});
  await call(desks.b.table, 'disconnectNewsroom', {});

  // The baseline: a bare provider through the relay, its network cut, as many transactions, the network back.
  const client = await bare(relay.url, bareName, token);
  const watcher = await bare(url, bareName, token);
  await relay.cut();
  await until(() => client.socket.status !== 'connected', 'the bare client to notice its network gone', 10_000);
  for (let i = 0; i < edits; i++) client.text.insert(client.text.length, chars[i % chars.length]!);
  const bareClient = client.doc.clientID;
  const bareClock = Y.getState(client.doc.store, bareClient);
  const start = performance.now();
  await relay.restore();
  const [reconnectMs, toServerMs, toSyncedMs] = await Promise.all([
    timeUntil(() => relay.lastAcceptedAt >= start, start, RETURN_TIMEOUT_MS, 1),
    timeUntil(() => Y.getState(watcher.doc.store, bareClient) >= bareClock, start, RETURN_TIMEOUT_MS),
    timeUntil(() => client.provider.isSynced && !client.provider.hasUnsyncedChanges, start, RETURN_TIMEOUT_MS),
  ]);
  const bareNetwork: Return = { reconnectMs, toServerMs, toOtherDeskMs: null, toSyncedMs };
  client.destroy();
  watcher.destroy();
  log(`offline: bare provider, network back: ${show(bareNetwork)}`);
  const afterReconnect = (r: Return) => (r.toServerMs !== null && r.reconnectMs !== null ? r.toServerMs - r.reconnectMs : NaN);
  return {
    edits,
    typingMs,
    deskNetwork,
    deskSettings,
    bareNetwork,
    ratio: ratio(afterReconnect(deskNetwork), afterReconnect(bareNetwork)),
    deskClient,
    deskClock,
    bareClient,
    bareClock,
  };
}

export async function runServerBench({ repoRoot, argv }: { repoRoot: string; argv: string[] }): Promise<number> {
  const quick = argv.includes('--quick');
  const rounds = quick ? 40 : 300;
  const offlineEdits = quick ? 500 : 5_000;
  const load: Load = quick
    ? { clients: 100, articles: 50, keysPerSecond: 5, warmupMs: 3_000, typingMs: 10_000 }
    : { clients: 100, articles: 50, keysPerSecond: 5, warmupMs: 5_000, typingMs: 60_000 };
  const started = performance.now();
  const log = (line: string) => console.log(`${line} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const loadBefore = loadavg().map((n) => Math.round(n * 100) / 100);

  const main = await buildBenchServer(repoRoot);
  const corpus = loadCorpus(path.join(repoRoot, 'tests/fixtures/text'));
  const chars = [...typedText(corpus, 'ckb', 4_000, 15)];
  log('server bench: server built');

  // Cases 1 and 3: one server, two desks (a reporter and an editor), bare clients with an editor's account.
  const dataDir = tempDir('qelem-bench-server-');
  const tokens = { rojan: addUser(main, ['--data', dataDir], 'rojan', 'reporter'), hawre: addUser(main, ['--data', dataDir], 'hawre', 'editor'), bench: addUser(main, ['--data', dataDir]) };
  let instance: Instance | null = await startInstance(main, ['--data', dataDir]);
  const url = instance.url;
  // Desk A and the baseline's typing client reach the server through a relay whose network the offline case cuts.
  const relay = new Relay(Number(new URL(url).port));
  await relay.restore();
  const deskA = openDesk('reporter');
  const deskB = openDesk('editor');
  const pair: Bare[] = [];
  let keystrokes: KeystrokeResult;
  let offline: OfflineResult;
  const serverErrorLines: string[] = [];
  try {
    const article = await call(deskA.table, 'createArticle', { sourceLang: 'ckb' });
    await call(deskA.table, 'saveVersion', { id: article.id, lang: 'ckb', baseRevision: 1, content: generateVersion(corpus, 'ckb', 800, 15) });
    const name = versionDocName(article.id, 'ckb');
    await call(deskA.table, 'connectNewsroom', { url: relay.url, token: tokens.rojan });
    await call(deskB.table, 'connectNewsroom', { url, token: tokens.hawre });
    const deadline = Date.now() + 30_000;
    while (!(await deskB.table.getArticle({ id: article.id })).ok || !deskB.services.documents.has(name)) {
      if (Date.now() > deadline) throw new Error('the article did not reach desk B');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const windowA = await openWindow(deskA, name);
    const windowB = await openWindow(deskB, name);
    windowA.typist.place(Math.floor(windowA.typist.blocks / 2), 0.5);
    log('server bench: two desks connected, the article on both');

    const bareName = versionDocName(randomUUID(), 'en');
    pair.push(await bare(relay.url, bareName, tokens.bench), await bare(url, bareName, tokens.bench));
    keystrokes = await keystrokeCase(rounds, chars, { a: deskA, windowA, windowB, name }, { a: pair[0]!, b: pair[1]! });
    log(`keystroke: desks p50 ${f(keystrokes.desks.median)} / p95 ${f(keystrokes.desks.p95)} ms; bare pair p50 ${f(keystrokes.bare.median)} / p95 ${f(keystrokes.bare.p95)} ms`);
    for (const b of pair.splice(0)) b.destroy();

    const offlineBareName = versionDocName(randomUUID(), 'en');
    const measured = await offlineCase(offlineEdits, chars, url, relay, { a: deskA, b: deskB, windowA, windowB, name, tokenA: tokens.rojan }, offlineBareName, tokens.bench, log);
    // The server stopped (storing what it holds) and started again on its folder: everything read back.
    serverErrorLines.push(...instance.errorLines);
    await stopInstances([instance]);
    instance = await startInstance(main, ['--data', dataDir]);
    const readBack = async (docName: string, client: number, clock: number) => {
      const reader = await bare(instance!.url, docName, tokens.bench);
      const kept = Y.getState(reader.doc.store, client) >= clock;
      reader.destroy();
      return kept;
    };
    const { deskClient, deskClock, bareClient, bareClock, ...rest } = measured;
    offline = { ...rest, keptAfterRestart: { desk: await readBack(name, deskClient, deskClock), bare: await readBack(offlineBareName, bareClient, bareClock) } };
    serverErrorLines.push(...instance.errorLines);
    await stopInstances([instance]);
    instance = null;
    log('server bench: read back after a restart');
  } finally {
    for (const b of pair) b.destroy();
    closeDesk(deskA);
    closeDesk(deskB);
    await relay.cut();
    if (instance) await stopInstances([instance]);
    removeDir(dataDir);
  }

  // Case 2: the load, on a server of its own.
  log(`load: ${load.clients} clients on ${load.articles} articles, ${load.keysPerSecond} keys/s each, ${load.typingMs / 1000} s after ${load.warmupMs / 1000} s warm-up`);
  const load100: RunResult = await runOnSqlite(main, load, log, 'load');
  const server = load100.processes.find((p) => p.name.startsWith('instance'))!;
  const loadErrors = load100.errors.disconnects + load100.errors.refusals + load100.errors.serverErrorLines + load100.errors.missingDeliveries + load100.errors.articlesDiffering;
  const loadRatio = { median: ratio(load100.propagation.median, keystrokes.bare.median), p95: ratio(load100.propagation.p95, keystrokes.bare.p95) };

  const ms = (n: number | null) => (n === null ? 'not within 120 s' : f(n));
  const returnCells = (r: Return) => [ms(r.reconnectMs), ms(r.toServerMs), r === offline.bareNetwork ? '' : ms(r.toOtherDeskMs), ms(r.toSyncedMs)];
  const lines = [
    ...textTable(
      ['case', 'p50 ms', 'p95 ms', 'target', 'baseline p50 / p95 ms', 'ratio p50 / p95', 'n', 'missing'],
      [
        [
          'keystroke, desk to desk',
          f(keystrokes.desks.median),
          f(keystrokes.desks.p95),
          `p95 < 100 ms: ${keystrokes.desks.p95 < 100 ? 'met' : 'NOT met'}`,
          `${f(keystrokes.bare.median)} / ${f(keystrokes.bare.p95)} (bare provider pair)`,
          `${keystrokes.ratio.median.toFixed(2)} / ${keystrokes.ratio.p95.toFixed(2)}`,
          String(keystrokes.desks.n),
          `${keystrokes.missing.desks} (bare ${keystrokes.missing.bare})`,
        ],
        [
          `${load.clients} clients, ${load.articles} articles, ${load.typingMs / 1000} s`,
          f(load100.propagation.median),
          f(load100.propagation.p95),
          `p95 < 150 ms: ${load100.propagation.p95 < 150 ? 'met' : 'NOT met'}`,
          `${f(keystrokes.bare.median)} / ${f(keystrokes.bare.p95)} (bare pair, no load)`,
          `${loadRatio.median.toFixed(2)} / ${loadRatio.p95.toFixed(2)}`,
          `${load100.deliveries} (${load100.keystrokes} keys)`,
          `${load100.errors.missingDeliveries} (errors ${loadErrors})`,
        ],
      ],
    ),
    '',
    ...textTable(
      ['load: process', 'CPU % of a core (mean / max 1 s)', 'memory MB RSS (mean / max)'],
      load100.processes.map((p) => [p.name, `${f(p.cpuPercent)} / ${f(p.cpuPercentMax)}`, `${f(p.rssMbMean)} / ${f(p.rssMbMax)}`]),
    ),
    '',
    ...textTable(
      [`${offline.edits} offline edits, returning (ms from network back / Connect)`, 'reconnected', 'on the server', 'on the other desk', 'client says synced', 'kept after a server restart'],
      [
        ['desk, network cut and back', ...returnCells(offline.deskNetwork), offline.keptAfterRestart?.desk ? 'all' : 'NOT all'],
        ['desk, disconnected and connected in settings', ...returnCells(offline.deskSettings), offline.keptAfterRestart?.desk ? 'all' : 'NOT all'],
        ['baseline: bare provider, network cut and back', ...returnCells(offline.bareNetwork), offline.keptAfterRestart?.bare ? 'all' : 'NOT all'],
      ],
    ),
    `ratio desk / bare provider (network cut), to the server after the reconnection: ${offline.ratio.toFixed(2)}; desk A typed and pushed them offline in ${offline.typingMs.map((t) => (t / 1000).toFixed(1)).join(' s and ')} s (not part of any figure)`,
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average before ${loadBefore.join(' ')}, after ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}; the server, the desks and every client on this one machine (loopback)`,
  ];
  console.log('');
  for (const line of lines) console.log(line);
  const examples = [...load100.errors.examples, ...serverErrorLines.slice(0, 5)];
  if (examples.length > 0) console.log(`first errors: ${examples.slice(0, 10).join(' | ')}`);

  const outDir = path.join(repoRoot, 'bench-results');
  if (!existsSync(outDir)) mkdirSync(outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(outDir, `${stamp}-server${quick ? '-quick' : ''}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        kind: 'server',
        quick,
        machine: { cores: cpus().length, model: cpus()[0]?.model, memoryGiB: totalmem() / 2 ** 30, loadBefore, loadAfter: loadavg() },
        commit: gitCommit(repoRoot),
        keystrokes,
        load: { ...load100, ratioToUnloadedBarePair: loadRatio, server },
        offline,
        serverErrorLines: serverErrorLines.slice(0, 20),
        table: lines,
      },
      null,
      2,
    ),
  );
  console.log(`\nwritten to ${path.relative(repoRoot, file)}`);
  const failed =
    keystrokes.missing.desks > 0 ||
    keystrokes.missing.bare > 0 ||
    load100.errors.missingDeliveries > 0 ||
    load100.errors.articlesDiffering > 0 ||
    offline.deskNetwork.toServerMs === null ||
    offline.deskSettings.toServerMs === null ||
    offline.bareNetwork.toServerMs === null ||
    !offline.keptAfterRestart?.desk ||
    !offline.keptAfterRestart.bare;
  return failed ? 1 : 0;
}
