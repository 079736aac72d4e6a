/**
 * Helpers for the newsroom server's tests: a server on a free loopback port
 * in a temporary folder, HocuspocusProvider clients in Node (over `ws`), and
 * a raw client speaking Hocuspocus's framing directly (no provider), which
 * can send what a well-behaved provider would not.
 *
 * Hocuspocus's framing, read from @hocuspocus/server (IncomingMessage,
 * OutgoingMessage, MessageReceiver) and @hocuspocus/common (auth.ts): every
 * message is `varString(documentName) varUint(type) payload`, types Sync 0,
 * Awareness 1, Auth 2, QueryAwareness 3, SyncReply 4, Stateless 5, CLOSE 7,
 * SyncStatus 8. Auth payloads: `varUint(0 Token) varString(token)` from the
 * client; `varUint(2 Authenticated) varString('readonly'|'read-write')` or
 * `varUint(1 PermissionDenied) varString(reason)` from the server. Sync
 * payloads are y-protocols/sync messages; SyncStatus is `varUint(1|0)`,
 * whether the server applied the client's update.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket, { type ClientOptions } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { Accounts } from '../../server/accounts';
import { memoryLogger } from '../../server/log';
import { startServer, type RunningServer, type ServerOptions } from '../../server/server';
import type { Role } from '../../shared/collab/roles';

export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3, SyncReply: 4, Stateless: 5, Close: 7, SyncStatus: 8 } as const;
const AuthType = { Token: 0, PermissionDenied: 1, Authenticated: 2 } as const;

const tempDirs: string[] = [];

export function tempDir(prefix = 'qelem-server-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/**
 * The server as it ships (build/server.mjs bundles server/main.ts), built into `outDir` for tests that run
 * it as its own process: the path of its main.js.
 */
export async function buildTestServer(outDir: string): Promise<string> {
  const { buildServer } = (await import(pathToFileURL(path.resolve(import.meta.dirname, '../../build/server.mjs')).href)) as {
    buildServer: (options: { outDir: string }) => Promise<string>;
  };
  return buildServer({ outDir });
}

/** Removes the folders tempDir made (call after the servers using them have stopped). */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

export interface TestServer extends RunningServer {
  dataDir: string;
  logs: string[];
  tokens: Record<string, string>;
}

/** A server on a free loopback port with fast stores and account polling, and one account per role given. */
export async function startTestServer(options: Partial<ServerOptions> & { users?: Record<string, Role> } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const tokens: Record<string, string> = {};
  if (options.users) {
    const accounts = Accounts.open(dataDir);
    for (const [name, role] of Object.entries(options.users)) tokens[name] = accounts.add(name, role);
    accounts.close();
  }
  const log = memoryLogger();
  const server = await startServer({
    port: 0,
    storeDebounceMs: 30,
    storeMaxDebounceMs: 200,
    accountsPollMs: 50,
    log,
    ...options,
    dataDir,
  });
  return Object.assign(server, { dataDir, logs: log.lines, tokens });
}

export interface Client {
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  doc: Y.Doc;
  /** Resolves with the scope or the refusal of the first authentication. */
  auth: Promise<{ scope: string } | { refused: string }>;
  /** Every close of the socket: code and reason. */
  closes: { code: number; reason: string }[];
  destroy(): void;
}

/** A HocuspocusProvider on its own connection, as the desktop makes one per document. */
export function connect(url: string, name: string, token: string | null, wsOptions: ClientOptions = {}): Client {
  const doc = new Y.Doc();
  class Socket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, wsOptions);
      // The provider listens for errors itself; this keeps a socket destroyed while still connecting
      // (a client closed while its server is away) from throwing "closed before the connection was established".
      this.on('error', () => undefined);
    }
  }
  const socket = new HocuspocusProviderWebsocket({
    url,
    WebSocketPolyfill: Socket,
    delay: 30,
    minDelay: 30,
    maxDelay: 200,
    jitter: false,
  });
  const closes: { code: number; reason: string }[] = [];
  socket.on('close', ({ event }: { event: { code: number; reason: string } }) => closes.push({ code: event.code, reason: String(event.reason) }));
  const provider = new HocuspocusProvider({ websocketProvider: socket, name, token, document: doc });
  const auth = new Promise<{ scope: string } | { refused: string }>((resolve) => {
    provider.on('authenticated', ({ scope }: { scope: string }) => resolve({ scope }));
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve({ refused: reason }));
  });
  provider.attach();
  return {
    provider,
    socket,
    doc,
    auth,
    closes,
    destroy() {
      provider.destroy();
      socket.destroy();
      doc.destroy();
    },
  };
}

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/** The next authentication of a provider (after a reconnect). */
export function nextAuth(provider: HocuspocusProvider): Promise<{ scope: string } | { refused: string }> {
  return new Promise((resolve) => {
    const done = (result: { scope: string } | { refused: string }) => {
      provider.off('authenticated', ok);
      provider.off('authenticationFailed', failed);
      resolve(result);
    };
    const ok = ({ scope }: { scope: string }) => done({ scope });
    const failed = ({ reason }: { reason: string }) => done({ refused: reason });
    provider.on('authenticated', ok);
    provider.on('authenticationFailed', failed);
  });
}

/** The stored state of a document, read back into a Y.Doc (null when never stored). */
export async function storedDoc(server: RunningServer, name: string): Promise<Y.Doc | null> {
  const state = await server.storage.fetch(name);
  if (!state) return null;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  return doc;
}

export async function storedText(server: RunningServer, name: string, field = 'headline'): Promise<string | null> {
  const doc = await storedDoc(server, name);
  const text = doc?.getText(field).toString() ?? null;
  doc?.destroy();
  return text;
}

/**
 * A client without a provider: it speaks the framing above itself, so it can
 * send an update to a document it was given read-only.
 */
export class RawClient {
  readonly doc = new Y.Doc();
  readonly received: { type: number; detail: string | number | boolean }[] = [];
  private readonly ws: WebSocket;
  private waiters: { test: (m: RawClient['received'][number]) => boolean; resolve: (m: RawClient['received'][number]) => void }[] = [];
  closed: { code: number; reason: string } | null = null;

  private constructor(
    url: string,
    readonly documentName: string,
    options: ClientOptions,
  ) {
    this.ws = new WebSocket(url, options);
    this.ws.binaryType = 'nodebuffer';
    this.ws.on('message', (data: Buffer) => this.onMessage(new Uint8Array(data)));
    this.ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
  }

  static async open(url: string, documentName: string, options: ClientOptions = {}): Promise<RawClient> {
    const client = new RawClient(url, documentName, options);
    await new Promise<void>((resolve, reject) => {
      client.ws.once('open', () => resolve());
      client.ws.once('error', reject);
    });
    return client;
  }

  /** Sends the token; resolves with the server's answer: { scope } or { refused }, and how long it took. */
  async authenticate(token: string): Promise<{ scope?: string; refused?: string; ms: number }> {
    const started = performance.now();
    const answer = this.next((m) => m.type === MessageType.Auth);
    this.send(MessageType.Auth, (encoder) => {
      encoding.writeVarUint(encoder, AuthType.Token);
      encoding.writeVarString(encoder, token);
    });
    const message = await answer;
    const ms = performance.now() - started;
    const [kind, value] = String(message.detail).split(':', 2) as [string, string];
    return kind === 'authenticated' ? { scope: value, ms } : { refused: value, ms };
  }

  /**
   * The handshake a provider makes: sync step 1; the server answers with its
   * step 2 (applied to this.doc) and its own step 1, which onMessage answers
   * with a step 2, acknowledged by a sync status. Resolves after that status.
   */
  async sync(): Promise<void> {
    const step2 = this.next((m) => m.type === MessageType.Sync && m.detail === syncProtocol.messageYjsSyncStep2);
    const acknowledged = this.next((m) => m.type === MessageType.SyncStatus);
    this.send(MessageType.Sync, (encoder) => syncProtocol.writeSyncStep1(encoder, this.doc));
    await step2;
    await acknowledged;
  }

  /** Sends an update as a provider would for a local change; resolves with the server's sync status (true: applied). */
  async sendUpdate(update: Uint8Array): Promise<boolean> {
    const status = this.next((m) => m.type === MessageType.SyncStatus);
    this.send(MessageType.Sync, (encoder) => syncProtocol.writeUpdate(encoder, update));
    return (await status).detail === true;
  }

  /** Sends a sync step 2 carrying `update` (what a provider sends after connecting); resolves with the sync status. */
  async sendSyncStep2(update: Uint8Array): Promise<boolean> {
    const status = this.next((m) => m.type === MessageType.SyncStatus);
    this.send(MessageType.Sync, (encoder) => {
      encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2);
      encoding.writeVarUint8Array(encoder, update);
    });
    return (await status).detail === true;
  }

  close(): void {
    this.ws.close();
    this.doc.destroy();
  }

  private send(type: number, write: (encoder: encoding.Encoder) => void): void {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, this.documentName);
    encoding.writeVarUint(encoder, type);
    write(encoder);
    this.ws.send(encoding.toUint8Array(encoder));
  }

  private next(test: (m: RawClient['received'][number]) => boolean): Promise<RawClient['received'][number]> {
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  private onMessage(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    decoding.readVarString(decoder);
    const type = decoding.readVarUint(decoder);
    let detail: string | number | boolean = '';
    switch (type) {
      case MessageType.Auth: {
        const kind = decoding.readVarUint(decoder);
        detail = `${kind === AuthType.Authenticated ? 'authenticated' : kind === AuthType.PermissionDenied ? 'refused' : 'token-request'}:${kind === AuthType.Token ? '' : decoding.readVarString(decoder)}`;
        break;
      }
      case MessageType.Sync:
      case MessageType.SyncReply: {
        const reply = encoding.createEncoder();
        encoding.writeVarString(reply, this.documentName);
        encoding.writeVarUint(reply, MessageType.Sync);
        const before = encoding.length(reply);
        detail = syncProtocol.readSyncMessage(decoder, reply, this.doc, 'server');
        // Answer the server's step 1 as a provider does (with this.doc's state).
        if (encoding.length(reply) > before) this.ws.send(encoding.toUint8Array(reply));
        break;
      }
      case MessageType.SyncStatus:
        detail = decoding.readVarUint(decoder) === 1;
        break;
      case MessageType.Close:
        detail = decoding.readVarString(decoder);
        break;
      default:
        break;
    }
    const message = { type, detail };
    this.received.push(message);
    const waiting = this.waiters.filter((w) => w.test(message));
    this.waiters = this.waiters.filter((w) => !w.test(message));
    for (const w of waiting) w.resolve(message);
  }
}

/** A self-signed certificate for 127.0.0.1 made with openssl, or null when there is no openssl. */
export function selfSignedCertificate(dir: string): { certFile: string; keyFile: string; cert: Buffer } | null {
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
      { stdio: 'ignore' },
    );
  } catch {
    return null;
  }
  return { certFile, keyFile, cert: fs.readFileSync(certFile) };
}
