import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { DatabaseSync } from 'node:sqlite';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import * as Y from 'yjs';
import { signIn, startBrowserMode } from '../browser-mode';
import { expect } from './fixtures';
import { readFields, type VersionFields } from '../../shared/collab/version-doc';

/**
 * A newsroom on loopback for the end-to-end tests: the built server
 * (out/server/main.js) in a process of its own that a test can SIGKILL and
 * start again on the same port and data folder, accounts made with its
 * account command, and desks: browser mode on a library of its own,
 * started with --server and --token as a user would set them in the
 * newsroom dialog, each in a browser context of its own.
 */
const SERVER = resolve('out/server/main.js');

export type Role = 'reporter' | 'translator' | 'editor';

export interface Desk {
  name: string;
  role: Role;
  libraryDir: string;
  page: Page;
  context: BrowserContext;
  host: ChildProcess;
  /** Requests the page made to anything but its own host (there must be none). */
  foreign: string[];
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
    });
  });
}

export class Newsroom {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'qelem-e2e-newsroom-'));
  readonly desks: Desk[] = [];
  private server: ChildProcess | null = null;
  private readonly temp: string[] = [this.dataDir];

  private constructor(
    readonly port: number,
    readonly tokens: Record<string, string>,
  ) {}

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Accounts made, the server not started yet. */
  static async create(users: Record<string, Role>): Promise<Newsroom> {
    const room = new Newsroom(await freePort(), {});
    for (const [name, role] of Object.entries(users)) {
      const out = execFileSync(process.execPath, [SERVER, 'user', 'add', name, '--role', role, '--data', room.dataDir], { encoding: 'utf8' });
      const token = /^QELEM_TOKEN=(\S+)$/m.exec(out)?.[1];
      if (!token) throw new Error(`no token printed for ${name}: ${out}`);
      room.tokens[name] = token;
    }
    return room;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [SERVER, '--data', this.dataDir, '--port', String(this.port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('the newsroom server did not start within 15 s')), 15_000);
      child.once('exit', (code) => fail(new Error(`the newsroom server exited with ${code}`)));
      lines.on('line', (line) => {
        if (line.startsWith('QELEM_SERVER_URL=')) {
          clearTimeout(timer);
          ok();
        }
      });
    });
    this.server = child;
  }

  /** The server dies at once, as in a power cut: nothing it held in memory is stored. */
  async kill(): Promise<void> {
    const child = this.server;
    if (!child) return;
    this.server = null;
    const exited = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    const child = this.server;
    if (!child) return;
    this.server = null;
    const exited = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGTERM');
    await exited;
  }

  async desk(browser: Browser, name: string, role: Role): Promise<Desk> {
    const libraryDir = mkdtempSync(join(tmpdir(), `qelem-e2e-${name}-`));
    this.temp.push(libraryDir);
    const { url, origin, child } = await startBrowserMode(resolve('out/main/web.js'), libraryDir, 15_000, ['--server', this.url, '--token', this.tokens[name]!]);
    const context = await browser.newContext();
    // The page talks to its own host only: the newsroom is the main process's business. (The sign-in page,
    // QELEM_URL, is a local file that posts to the host.)
    const foreign: string[] = [];
    context.on('request', (request) => {
      if (!request.url().startsWith(origin) && request.url() !== url && !/^(data|blob):/.test(request.url())) foreign.push(request.url());
    });
    const page = await context.newPage();
    await signIn(page, url);
    await expect(page.getByRole('button', { name: 'New article' })).toBeVisible();
    const desk = { name, role, libraryDir, page, context, host: child, foreign };
    this.desks.push(desk);
    return desk;
  }

  /** The server's stored state of a document (null if it has none). */
  storedState(name: string): Uint8Array | null {
    const db = new DatabaseSync(join(this.dataDir, 'documents.db'), { readOnly: true });
    try {
      const row = db.prepare('SELECT state FROM documents WHERE name = ?').get(name) as { state: Uint8Array } | undefined;
      return row ? new Uint8Array(row.state) : null;
    } finally {
      db.close();
    }
  }

  async close(): Promise<void> {
    for (const desk of this.desks) {
      await desk.context.close();
      const exited = new Promise((ok) => desk.host.once('exit', ok));
      desk.host.kill('SIGTERM');
      await exited;
    }
    await this.stop();
    for (const dir of this.temp) rmSync(dir, { recursive: true, force: true });
  }
}

/** A document as a desk's library holds it (its snapshot and update log merged), null if it has none. */
export function libraryState(libraryDir: string, name: string): Uint8Array | null {
  const db = new DatabaseSync(join(libraryDir, 'qelem.db'), { readOnly: true });
  try {
    const row = db.prepare('SELECT snapshot FROM documents WHERE name = ?').get(name) as { snapshot: Uint8Array } | undefined;
    if (!row) return null;
    const updates = db.prepare('SELECT data FROM document_updates WHERE name = ? ORDER BY id').all(name) as { data: Uint8Array }[];
    return Y.mergeUpdates([new Uint8Array(row.snapshot), ...updates.map((update) => new Uint8Array(update.data))]);
  } finally {
    db.close();
  }
}

/** A state written out again from a document made of it: equal bytes for documents holding the same. */
/** The text fields (headline, standfirst, …) of a version's document as stored. */
export function fieldsOf(state: Uint8Array | null): VersionFields | null {
  if (!state) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const fields = readFields(doc);
  doc.destroy();
  return fields;
}

export function canonical(state: Uint8Array | null): string {
  if (!state) return '';
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const bytes = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return Buffer.from(bytes).toString('base64');
}
