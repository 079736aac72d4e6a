import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { versionDocName } from '../../shared/collab/doc-names';
import { summarize, type Summary } from './stats';

/**
 * What the newsroom server's benches share (npm run bench -- --scale, issue
 * 17; npm run bench -- --server, issue 15): the built server
 * (out/server/main.js, built into out/bench/server) started as its users
 * start it, accounts made through its CLI, simulated desktops (Node
 * providers, each on its own connection) typing into shared articles with
 * every keystroke's propagation measured in this process (one clock), CPU
 * and memory of processes sampled from /proc, and the table printed.
 */

export interface Load {
  clients: number;
  articles: number;
  keysPerSecond: number;
  warmupMs: number;
  typingMs: number;
}

export interface ProcessFigures {
  name: string;
  /** Mean CPU over the typing window, % of one core. */
  cpuPercent: number;
  /** The busiest 1-second sample. */
  cpuPercentMax: number;
  rssMbMean: number;
  rssMbMax: number;
}

/** What runLoad measured. */
export interface LoadResult {
  load: Load;
  connectMs: Summary;
  keystrokes: number;
  /** Keystroke arrivals measured (keystroke × other client of its article). */
  deliveries: number;
  propagation: Summary;
  /** Between clients on different instances / the same instance. */
  propagationCross: Summary | null;
  propagationSame: Summary;
  errors: { disconnects: number; refusals: number; serverErrorLines: number; missingDeliveries: number; articlesDiffering: number; examples: string[] };
}

/** One setup under a load: what runLoad measured, the processes sampled meanwhile, how the instances stopped. */
export interface RunResult extends LoadResult {
  setup: string;
  instances: number;
  processes: ProcessFigures[];
  stopMs: number[];
  stopCodes: (number | null)[];
}

export const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a process, in seconds; null once it is gone. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
  } catch {
    return null;
  }
}

export function statusKb(pid: number, field: 'VmRSS'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export function pssKb(pid: number): number {
  try {
    const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) : statusKb(pid, 'VmRSS');
  } catch {
    return 0;
  }
}

export function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

/** Samples the CPU and memory of named process groups every second. */
export class Sampler {
  private readonly samples = new Map<string, { cpu: number[]; memKb: number[] }>();
  private readonly last = new Map<string, Map<number, number>>();
  private timer: NodeJS.Timeout | null = null;
  private lastAt = 0;
  private started = 0;
  private readonly totals = new Map<string, number>();

  constructor(private readonly groups: { name: string; pids: () => number[]; memory: (pid: number) => number }[]) {}

  start(): void {
    this.started = performance.now();
    this.lastAt = this.started;
    for (const group of this.groups) {
      this.samples.set(group.name, { cpu: [], memKb: [] });
      this.totals.set(group.name, 0);
      this.last.set(group.name, new Map(group.pids().map((pid) => [pid, cpuSeconds(pid) ?? 0])));
    }
    this.timer = setInterval(() => this.sample(), 1_000);
  }

  private sample(): void {
    const now = performance.now();
    const seconds = (now - this.lastAt) / 1000;
    this.lastAt = now;
    for (const group of this.groups) {
      const before = this.last.get(group.name)!;
      const after = new Map<number, number>();
      let used = 0;
      let memKb = 0;
      for (const pid of group.pids()) {
        const cpu = cpuSeconds(pid);
        if (cpu === null) continue;
        after.set(pid, cpu);
        used += cpu - (before.get(pid) ?? cpu);
        memKb += group.memory(pid);
      }
      this.last.set(group.name, after);
      this.totals.set(group.name, (this.totals.get(group.name) ?? 0) + used);
      const s = this.samples.get(group.name)!;
      s.cpu.push((used / seconds) * 100);
      s.memKb.push(memKb);
    }
  }

  stop(): ProcessFigures[] {
    if (this.timer) clearInterval(this.timer);
    this.sample();
    const seconds = (performance.now() - this.started) / 1000;
    return this.groups.map((group) => {
      const s = this.samples.get(group.name)!;
      return {
        name: group.name,
        cpuPercent: ((this.totals.get(group.name) ?? 0) / seconds) * 100,
        cpuPercentMax: s.cpu.reduce((a, b) => Math.max(a, b), 0),
        rssMbMean: s.memKb.reduce((a, b) => a + b, 0) / Math.max(1, s.memKb.length) / 1024,
        rssMbMax: s.memKb.reduce((a, b) => Math.max(a, b), 0) / 1024,
      };
    });
  }
}

export interface Instance {
  child: ChildProcessWithoutNullStreams;
  url: string;
  errorLines: string[];
  exit: Promise<number | null>;
}

export async function until(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function startInstance(main: string, args: string[]): Promise<Instance> {
  const child = spawn(process.execPath, [main, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] }) as unknown as ChildProcessWithoutNullStreams;
  let stdout = '';
  let stderr = '';
  const errorLines: string[] = [];
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    const lines = stderr.split('\n');
    stderr = lines.pop() ?? '';
    for (const line of lines) if (/ error |Error|\[on[A-Z]/.test(line)) errorLines.push(line);
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await until(() => stdout.includes('\n') || child.exitCode !== null, 'the server to print its URL', 30_000);
  const url = /^QELEM_SERVER_URL=(\S+)\n/.exec(stdout)?.[1];
  if (!url) throw new Error(`the server did not start: ${stdout} ${stderr}`);
  return { child, url, errorLines, exit };
}

/** A new account through the server's CLI (`where`: --data DIR or --postgres URL); its token. */
export function addUser(main: string, where: string[], name = 'bench', role: 'reporter' | 'translator' | 'editor' = 'editor'): string {
  const result = spawnSync(process.execPath, [main, 'user', 'add', name, '--role', role, ...where], { encoding: 'utf8' });
  const token = /^QELEM_TOKEN=(\S+)\n/.exec(result.stdout)?.[1];
  if (!token) throw new Error(`user add failed: ${result.stderr}`);
  return token;
}

/** One simulated desktop: a provider on its own connection, typing into its article's version. */
export interface SimClient {
  index: number;
  article: number;
  instance: number;
  doc: Y.Doc;
  text: Y.Text;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  cursor: Y.RelativePosition | null;
  /** Send time of each of this client's keystrokes, by Yjs clock. */
  sent: Map<number, number>;
  /** Per other client of the article: the clock up to which its keystrokes have arrived here. */
  seen: Map<number, number>;
  nextAt: number;
  connected: number;
}

export class Socket extends WebSocket {
  constructor(address: string, protocols?: string | string[]) {
    super(address, protocols);
    this.on('error', () => undefined);
  }
}

export async function runLoad(setup: string, urls: string[], token: string, load: Load, sampler: Sampler, log: (line: string) => void): Promise<LoadResult> {
  const articleIds = Array.from({ length: load.articles }, () => randomUUID());
  const members: SimClient[][] = articleIds.map(() => []);
  const clients: SimClient[] = [];
  const errors = { disconnects: 0, refusals: 0, serverErrorLines: 0, missingDeliveries: 0, articlesDiffering: 0, examples: [] as string[] };
  const latencies: number[] = [];
  const cross: number[] = [];
  const same: number[] = [];
  let measuring = false;
  let keystrokes = 0;
  let deliveries = 0;
  const byClientId = new Map<number, SimClient>();

  const connectTimes: number[] = [];
  for (let i = 0; i < load.clients; i++) {
    const article = i % load.articles;
    const instance = Math.floor(i / load.articles) % urls.length;
    const doc = new Y.Doc();
    const socket = new HocuspocusProviderWebsocket({ url: urls[instance]!, WebSocketPolyfill: Socket });
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: versionDocName(articleIds[article]!, 'en'), token, document: doc });
    const client: SimClient = { index: i, article, instance, doc, text: doc.getText('body'), provider, socket, cursor: null, sent: new Map(), seen: new Map(), nextAt: 0, connected: 0 };
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
      errors.refusals += 1;
      if (errors.examples.length < 10) errors.examples.push(`client ${i} refused: ${reason}`);
    });
    socket.on('close', ({ event }: { event: { code: number; reason: string } }) => {
      if (client.connected === 0) return;
      errors.disconnects += 1;
      if (errors.examples.length < 10) errors.examples.push(`client ${i} disconnected: ${event.code} ${String(event.reason)}`);
    });
    doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== provider) return;
      const now = performance.now();
      for (const other of members[article]!) {
        if (other === client) continue;
        const state = Y.getState(doc.store, other.doc.clientID);
        const from = client.seen.get(other.doc.clientID) ?? 0;
        if (state <= from) continue;
        client.seen.set(other.doc.clientID, state);
        for (let clock = from; clock < state; clock++) {
          const at = other.sent.get(clock);
          if (at === undefined || !measuring) continue;
          const ms = now - at;
          latencies.push(ms);
          (other.instance === client.instance ? same : cross).push(ms);
          deliveries += 1;
        }
      }
    });
    members[article]!.push(client);
    clients.push(client);
    byClientId.set(doc.clientID, client);
    provider.attach();
    const started = performance.now();
    provider.on('synced', () => {
      if (client.connected === 0) {
        client.connected = performance.now();
        connectTimes.push(client.connected - started);
      }
    });
    // In batches: 25 desktops at a time, as a newsroom arriving in the morning, quickly.
    if (i % 25 === 24) await until(() => clients.every((c) => c.connected > 0), 'a batch of clients to sync', 60_000);
  }
  await until(() => clients.every((c) => c.connected > 0), 'every client to sync', 60_000);
  log(`${setup}: ${clients.length} clients synced on ${load.articles} articles`);

  // Typing: each client every 1000/keysPerSecond ms, phases spread evenly.
  const period = 1000 / load.keysPerSecond;
  const start = performance.now();
  for (const c of clients) c.nextAt = start + Math.random() * period;
  const type = (c: SimClient) => {
    const text = c.text;
    const at = c.cursor ? (Y.createAbsolutePositionFromRelativePosition(c.cursor, c.doc)?.index ?? text.length) : text.length;
    const clock = Y.getState(c.doc.store, c.doc.clientID);
    c.sent.set(clock, performance.now());
    text.insert(at, String.fromCharCode(97 + ((c.index + clock) % 26)));
    c.cursor = Y.createRelativePositionFromTypeIndex(text, at + 1);
    keystrokes += 1;
  };
  const ticker = setInterval(() => {
    const now = performance.now();
    if (!measuring && now - start >= load.warmupMs) {
      measuring = true;
      sampler.start();
    }
    for (const c of clients) {
      while (c.nextAt <= now) {
        type(c);
        c.nextAt += period;
      }
    }
  }, 5);
  await new Promise((resolve) => setTimeout(resolve, load.warmupMs + load.typingMs));
  clearInterval(ticker);
  measuring = false;
  log(`${setup}: typing stopped, ${keystrokes} keystrokes`);

  // Everything typed must arrive everywhere.
  const missing = () => {
    let n = 0;
    for (const c of clients) {
      for (const other of members[c.article]!) {
        if (other === c) continue;
        n += Math.max(0, Y.getState(other.doc.store, other.doc.clientID) - Y.getState(c.doc.store, other.doc.clientID));
      }
    }
    return n;
  };
  try {
    await until(() => missing() === 0, 'every keystroke to arrive everywhere', 30_000);
  } catch {
    // counted below
  }
  errors.missingDeliveries = missing();
  for (const group of members) {
    const text = group[0]!.text.toString();
    if (group.some((c) => c.text.toString() !== text)) errors.articlesDiffering += 1;
  }
  for (const c of clients) {
    c.connected = 0;
    c.provider.destroy();
    c.socket.destroy();
    c.doc.destroy();
  }
  return {
    load,
    connectMs: summarize(connectTimes),
    keystrokes,
    deliveries,
    propagation: summarize(latencies),
    propagationCross: urls.length > 1 ? summarize(cross) : null,
    propagationSame: summarize(same),
    errors,
  };
}

export async function stopInstances(instances: Instance[]): Promise<{ stopMs: number[]; stopCodes: (number | null)[] }> {
  const stopMs: number[] = [];
  const stopCodes: (number | null)[] = [];
  await Promise.all(
    instances.map(async (instance, i) => {
      const at = performance.now();
      instance.child.kill('SIGTERM');
      stopCodes[i] = await instance.exit;
      stopMs[i] = performance.now() - at;
    }),
  );
  return { stopMs, stopCodes };
}

/** The load on one instance over SQLite (a data folder): the scale bench's baseline, the server bench's load case. */
export async function runOnSqlite(main: string, load: Load, log: (line: string) => void, label = 'baseline'): Promise<RunResult> {
  const dir = mkdtempSync(path.join(tmpdir(), 'qelem-bench-sqlite-'));
  try {
    const token = addUser(main, ['--data', dir]);
    const instance = await startInstance(main, ['--data', dir]);
    const pid = instance.child.pid!;
    const sampler = new Sampler([
      { name: 'instance (SQLite)', pids: () => [pid], memory: (p) => statusKb(p, 'VmRSS') },
      { name: 'load generator (this process)', pids: () => [process.pid], memory: (p) => statusKb(p, 'VmRSS') },
    ]);
    const result = await runLoad(label, [instance.url], token, load, sampler, log);
    const processes = sampler.stop();
    result.errors.serverErrorLines = instance.errorLines.length;
    result.errors.examples.push(...instance.errorLines.slice(0, 5));
    const stopped = await stopInstances([instance]);
    return { setup: 'one instance, SQLite', instances: 1, ...result, processes, ...stopped };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The newsroom server built for the benches into out/bench/server (another checkout's build of out/server cannot change under them); its entry. */
export async function buildBenchServer(repoRoot: string): Promise<string> {
  const { buildServer } = (await import(pathToFileURL(path.join(repoRoot, 'build/server.mjs')).href)) as { buildServer: (o: { outDir: string }) => Promise<string> };
  return buildServer({ outDir: path.join(repoRoot, 'out/bench/server') });
}

/** A figure for a table: '–' when missing, no decimals from 100 up. */
export const f = (n: number | undefined, digits = 1) => (n === undefined || !Number.isFinite(n) ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(digits));

export function gitCommit(repoRoot: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}
