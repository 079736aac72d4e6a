/**
 * Pieces for running the newsroom sync over a network that fails (the
 * partition test, tests/unit/newsroom-partition.test.ts). Nothing here
 * imports Vitest.
 *
 * - ServerProcess: the built server (out/server/main.js, or a copy built
 *   into a temporary folder) as a child process, started, SIGKILLed and
 *   started again on the same port and data folder.
 * - TcpLink: a loopback TCP relay between one desk and the server that can
 *   be cut (every connection through it closed, new ones refused) and
 *   restored, so the desk's own reconnecting is what brings it back.
 * - deskWindow: what a window of the app has on a desk: a session on the
 *   desk's document hub with its events delivered asynchronously (as IPC
 *   delivers them), and the document calls of the API, for the renderer's
 *   own DocumentReplica.
 * - sameDocument / documentContent: two states compared as Yjs sees them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import * as Y from 'yjs';
import type { ApiResult } from '../../../shared/errors';
import type { DocumentEvent } from '../../../shared/collab/events';
import { readArticleFields } from '../../../shared/collab/article-doc';
import { parseDocName } from '../../../shared/collab/doc-names';
import { BODY_ROOT, readFields } from '../../../shared/collab/version-doc';
import type { Services } from '../../../electron/services/table';
import { createDocumentChannel, type DocumentChannel } from '../../../renderer/documents/events';
import type { DocumentApi } from '../../../renderer/documents/replica';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The newsroom server in a process of its own: `node main.js --data DIR --port PORT`. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly log: string[] = [];
  /** 0 until the first start chose a free port; every later start uses the same. */
  port = 0;
  starts = 0;
  kills = 0;

  constructor(
    readonly main: string,
    readonly dataDir: string,
  ) {}

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** The last lines the server wrote to stderr (for a failure's message), or the last of those matching `only`. */
  recentLog(lines = 30, only?: RegExp): string {
    return (only ? this.log.filter((line) => only.test(line)) : this.log).slice(-lines).join('\n');
  }

  /** Starts the server and resolves once it printed its URL; retries a while if the port is not free yet. */
  async start(): Promise<void> {
    if (this.child) throw new Error('the server is already running');
    for (let attempt = 0; ; attempt++) {
      const child = spawn(process.execPath, ['--enable-source-maps', this.main, '--data', this.dataDir, '--port', String(this.port)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        for (const line of chunk.toString().split('\n')) if (line.trim()) this.log.push(line);
        if (this.log.length > 500) this.log.splice(0, this.log.length - 500);
      });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const url = await new Promise<string | null>((resolve) => {
        child.stdout.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const match = /QELEM_SERVER_URL=(\S+)\n/.exec(stdout);
          if (match) resolve(match[1] ?? null);
        });
        child.once('exit', () => resolve(null));
      });
      if (url) {
        this.child = child;
        this.exited = exited;
        this.port = Number(new URL(url).port);
        this.starts++;
        child.once('exit', () => {
          if (this.child === child) this.child = null;
        });
        return;
      }
      await exited;
      // Just after a kill the port (or the data folder's lock) can take a moment to be free.
      if (attempt < 50 && /in use|already using/.test(stderr)) {
        await sleep(100);
        continue;
      }
      throw new Error(`the server did not start (exit ${String(child.exitCode)}): ${stderr.trim() || stdout.trim()}`);
    }
  }

  /** SIGKILL: nothing stored that was not stored already; resolves once the process is gone. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    this.kills++;
    child.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: the server stores every document and stops. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * A loopback TCP relay to the server. `cut()` closes every connection
 * through it at once (the desk sees its socket drop mid-conversation) and
 * refuses new ones until `restore()`. When the server is gone the relay's
 * connection to it fails and the desk's is closed too, as a dead server's
 * would be.
 */
export class TcpLink {
  private readonly listener: net.Server;
  private readonly pairs = new Set<{ down: net.Socket; up: net.Socket }>();
  private isOpen = true;
  cuts = 0;
  port = 0;

  private constructor(private readonly target: () => number) {
    this.listener = net.createServer((down) => this.relay(down));
  }

  static async start(target: () => number): Promise<TcpLink> {
    const link = new TcpLink(target);
    await new Promise<void>((resolve) => link.listener.listen({ host: '127.0.0.1', port: 0 }, resolve));
    link.port = (link.listener.address() as net.AddressInfo).port;
    return link;
  }

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get open(): boolean {
    return this.isOpen;
  }

  /** Connections through the link now. */
  get connections(): number {
    return this.pairs.size;
  }

  cut(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.cuts++;
    for (const pair of [...this.pairs]) this.drop(pair);
  }

  restore(): void {
    this.isOpen = true;
  }

  async close(): Promise<void> {
    this.isOpen = false;
    for (const pair of [...this.pairs]) this.drop(pair);
    await new Promise<void>((resolve) => this.listener.close(() => resolve()));
  }

  private relay(down: net.Socket): void {
    down.on('error', () => undefined);
    if (!this.isOpen) {
      down.destroy();
      return;
    }
    const up = net.connect({ host: '127.0.0.1', port: this.target() });
    up.on('error', () => undefined);
    const pair = { down, up };
    this.pairs.add(pair);
    down.pipe(up);
    up.pipe(down);
    down.once('close', () => this.drop(pair));
    up.once('close', () => this.drop(pair));
  }

  private drop(pair: { down: net.Socket; up: net.Socket }): void {
    if (!this.pairs.delete(pair)) return;
    pair.down.destroy();
    pair.up.destroy();
  }
}

/** What a window has on a desk: a session on its hub and the document calls the renderer makes. */
export interface DeskWindow {
  api: DocumentApi;
  channel: DocumentChannel;
  close(): void;
}

export function deskWindow(services: Services): DeskWindow {
  const { table, documents } = services;
  let session: string | null = null;
  let closed = false;
  const channel = createDocumentChannel({
    subscribe(listener) {
      // Events reach a window asynchronously and in order, as they do over IPC.
      const queue: DocumentEvent[] = [];
      let scheduled = false;
      session = documents.connect((event) => {
        queue.push(event);
        if (scheduled) return;
        scheduled = true;
        setImmediate(() => {
          scheduled = false;
          for (const next of queue.splice(0)) if (!closed) listener(next);
        });
      });
    },
  });
  const call = async <T>(result: Promise<ApiResult<T>>): Promise<T> => {
    const answer = await result;
    if (!answer.ok) throw Object.assign(new Error(`${answer.error.code}: ${answer.error.message}`), { body: answer.error });
    return answer.value;
  };
  const api: DocumentApi = {
    openDocument: (input) => call(table.openDocument(input)),
    pushDocument: (input) => call(table.pushDocument(input)),
    pushAwareness: (input) => call(table.pushAwareness(input)),
    closeDocument: (input) => call(table.closeDocument(input)),
  };
  return {
    api,
    channel,
    close() {
      closed = true;
      if (session !== null) documents.disconnect(session);
      channel.close();
    },
  };
}

/** A document from its state. */
export function docFrom(state: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

/**
 * Whether two states are the same document as Yjs sees it: the same items
 * (state vectors) and the same of them deleted (delete sets), so that each
 * has nothing to send the other.
 */
export function sameDocument(a: Uint8Array, b: Uint8Array): boolean {
  const x = docFrom(a);
  const y = docFrom(b);
  try {
    return Y.equalSnapshots(Y.snapshot(x), Y.snapshot(y));
  } finally {
    x.destroy();
    y.destroy();
  }
}

/** What a document holds, readably (for comparing content and for messages). */
export function documentContent(name: string, state: Uint8Array): string {
  const doc = docFrom(state);
  try {
    const parsed = parseDocName(name);
    switch (parsed?.kind) {
      case 'version':
        return JSON.stringify({ ...readFields(doc), body: doc.get(BODY_ROOT, Y.XmlText).toString() });
      case 'article':
        return JSON.stringify(readArticleFields(doc));
      case 'library':
        return JSON.stringify(doc.getMap('articles').toJSON());
      case 'glossary':
        return JSON.stringify(doc.getMap('terms').toJSON());
      default:
        return '';
    }
  } finally {
    doc.destroy();
  }
}
