import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { isIPv6 } from 'node:net';
import type { Duplex } from 'node:stream';
import { Database } from '@hocuspocus/extension-database';
import { Hocuspocus, type Extension, type WebSocketLike } from '@hocuspocus/server';
import crossws from 'crossws/adapters/node';
import { authenticator, readOnlyWriteLogger, sourceLanguageWatcher, type ConnectionContext } from './access';
import { Accounts } from './accounts';
import { Clients, SERVER_STOPPING, type Client } from './clients';
import { ensureDataDir, lockDataDir } from './data-dir';
import { apiHandler } from './http-api';
import { stderrLogger, type Logger } from './log';
import { FailureLimiter, type RateLimitOptions } from './rate-limit';
import { SourceLanguages } from './source-languages';
import type { DocumentStorage } from './storage';
import { SqliteDocumentStorage } from './storage-sqlite';

/**
 * The newsroom server: Hocuspocus 4 over our own HTTP or HTTPS server
 * (Hocuspocus's own `Server` class only does plain HTTP), with crossws's
 * Node adapter handling the WebSocket upgrade as that class does.
 */
export interface ServerOptions {
  dataDir: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 1234; 0 for a free port. */
  port?: number;
  /** PEM files: serve wss:// (and https:// for /api/me). */
  tls?: { certFile: string; keyFile: string };
  /** Count failures against the last address of X-Forwarded-For (set by a reverse proxy) instead of the proxy's. */
  trustProxy?: boolean;
  log?: Logger;
  /** Default: SQLite in dataDir. */
  storage?: DocumentStorage;
  /** Hocuspocus stores a document this long after its last change (default 2 s)… */
  storeDebounceMs?: number;
  /** …and at most this long after its first unstored change (default 10 s). */
  storeMaxDebounceMs?: number;
  /** How often the server looks for account changes made by the account commands (default 1 s). */
  accountsPollMs?: number;
  rateLimit?: Partial<RateLimitOptions>;
  /** Hocuspocus closes connections silent for this long (default 60 s). */
  idleTimeoutMs?: number;
}

export interface RunningServer {
  /** ws://HOST:PORT or wss://HOST:PORT */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly hocuspocus: Hocuspocus<ConnectionContext>;
  readonly storage: DocumentStorage;
  readonly accounts: Accounts;
  readonly limiter: FailureLimiter;
  readonly clients: Clients;
  /** Closes connections of accounts changed since; runs by itself every accountsPollMs. Returns how many it closed. */
  enforceAccounts(): number;
  /** Reads the TLS certificate and key again (after a renewal); new connections get them. */
  reloadTls(): void;
  /** Stops accepting, closes every connection, stores every document, closes the databases. */
  close(): Promise<void>;
}

/** A reason the server cannot start that one line explains (a port in use, a TLS file not readable). */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 1234;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? stderrLogger();
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? DEFAULT_PORT;
  const tls = options.tls ? readTls(options.tls) : null;

  ensureDataDir(options.dataDir);
  const unlock = lockDataDir(options.dataDir);
  let accounts: Accounts | null = null;
  let storage: DocumentStorage | null = null;
  try {
    accounts = Accounts.open(options.dataDir);
    storage = options.storage ?? SqliteDocumentStorage.open(options.dataDir);
    return await serve(options, { log, host, port, tls, accounts, storage, unlock });
  } catch (error) {
    await storage?.close();
    accounts?.close();
    unlock();
    throw error;
  }
}

interface Parts {
  log: Logger;
  host: string;
  port: number;
  tls: { cert: Buffer; key: Buffer } | null;
  accounts: Accounts;
  storage: DocumentStorage;
  unlock: () => void;
}

async function serve(options: ServerOptions, parts: Parts): Promise<RunningServer> {
  const { log, host, tls, accounts, storage, unlock } = parts;
  const limiter = new FailureLimiter(options.rateLimit);
  const clients = new Clients();

  const hocuspocus: Hocuspocus<ConnectionContext> = new Hocuspocus<ConnectionContext>({
    name: 'qelem',
    quiet: true,
    timeout: options.idleTimeoutMs ?? 60_000,
    debounce: options.storeDebounceMs ?? 2_000,
    maxDebounce: options.storeMaxDebounceMs ?? 10_000,
  });
  const sourceLanguages = new SourceLanguages(storage, (name) => {
    const document = hocuspocus.documents.get(name);
    return document && !document.isLoading ? document : undefined;
  });
  const qelem: Extension<ConnectionContext> = {
    extensionName: 'qelem',
    onAuthenticate: authenticator({ accounts, limiter, sourceLanguages, clients, log }),
    beforeSync: readOnlyWriteLogger(log),
    onChange: sourceLanguageWatcher(sourceLanguages, () => hocuspocus, log),
  };
  const database = new Database({
    fetch: ({ documentName }) => storage.fetch(documentName),
    store: async ({ documentName, state }) => {
      try {
        await storage.store(documentName, state);
      } catch (error) {
        // Hocuspocus keeps the document in memory and stores it again on its next change.
        log.error(`could not store ${documentName}: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
    },
  });
  // The extensions need the instance (its loaded documents), so they come once it exists.
  hocuspocus.configure({ extensions: [database, qelem] });

  const peers = new Map<string, { client: Client; connection: ReturnType<typeof hocuspocus.handleConnection> }>();
  /** Hands a closing connection to Hocuspocus (which stores a document whose last connection it was), once. */
  const detach = (peerId: string, why: { code: number; reason: string }) => {
    const entry = peers.get(peerId);
    if (!entry) return;
    peers.delete(peerId);
    clients.delete(entry.client);
    entry.connection.handleClose(why);
  };

  const addressOfRequest = (request: IncomingMessage) => clientAddress(request.socket.remoteAddress, request.headers['x-forwarded-for'], options.trustProxy);
  const ws = crossws({
    hooks: {
      open(peer) {
        const client: Client = {
          remoteAddress: clientAddress(peer.remoteAddress, peer.request.headers.get('x-forwarded-for') ?? undefined, options.trustProxy),
          identities: new Map(),
          close: (why) => {
            peer.close(why.code, why.reason);
            // Detach from the documents now, not after the closing handshake: nothing
            // the client sends from here on reaches a document.
            detach(peer.id, why);
          },
        };
        clients.add(client);
        const connection = hocuspocus.handleConnection(peer.websocket as unknown as WebSocketLike, peer.request as Request, { client });
        peers.set(peer.id, { client, connection });
      },
      message(peer, message) {
        peers.get(peer.id)?.connection.handleMessage(message.uint8Array());
      },
      close(peer, event) {
        detach(peer.id, { code: event.code ?? 1000, reason: event.reason ?? '' });
      },
      error(peer, error) {
        log.warn(`WebSocket error from ${peers.get(peer.id)?.client.remoteAddress ?? 'a client'}: ${error.message}`);
      },
    },
  });
  const api = apiHandler({ accounts, limiter, addressOf: addressOfRequest, log });
  const onRequest = (request: IncomingMessage, response: ServerResponse) => {
    api(request, response).catch((error: unknown) => {
      log.error(`GET ${request.url ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) response.writeHead(500).end();
    });
  };
  let httpsServer: HttpsServer | null = null;
  try {
    if (tls) httpsServer = createHttpsServer({ cert: tls.cert, key: tls.key }, onRequest);
  } catch (error) {
    throw new StartupError(`the TLS certificate or key is not usable: ${error instanceof Error ? error.message : String(error)}`);
  }
  const httpServer: HttpServer | HttpsServer = httpsServer ?? createHttpServer(onRequest);
  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    ws.handleUpgrade(request, socket, head).catch((error: unknown) => {
      log.warn(`WebSocket upgrade failed: ${error instanceof Error ? error.message : String(error)}`);
      socket.destroy();
    });
  });
  httpServer.on('tlsClientError', () => {
    // A client that gave up on our certificate, or a port scanner: nothing to log each time.
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, host, parts.port)));
    httpServer.listen({ host, port: parts.port }, () => {
      httpServer.removeAllListeners('error');
      resolve();
    });
  });
  httpServer.on('error', (error) => log.error(`server error: ${error.message}`));
  const address = httpServer.address() as AddressInfo;
  const url = `${tls ? 'wss' : 'ws'}://${isIPv6(host) ? `[${host}]` : host}:${address.port}`;

  const enforceAccounts = () => clients.enforce(accounts.snapshot(), log);
  let seenVersion = accounts.dataVersion();
  const poll = setInterval(() => {
    try {
      const version = accounts.dataVersion();
      if (version === seenVersion) return;
      seenVersion = version;
      enforceAccounts();
    } catch (error) {
      log.error(`could not read the accounts: ${error instanceof Error ? error.message : String(error)}`);
    }
  }, options.accountsPollMs ?? 1_000);
  poll.unref();

  let closing: Promise<void> | null = null;
  const close = async () => {
    clearInterval(poll);
    httpServer.close();
    httpServer.closeAllConnections();
    // Closing the sockets runs Hocuspocus's close handling: the last connection of
    // a document stores it at once and unloads it.
    clients.closeAll(SERVER_STOPPING);
    if (!(await documentsUnloaded(hocuspocus, 5_000))) {
      ws.closeAll(undefined, undefined, true);
      hocuspocus.flushPendingStores();
      if (!(await documentsUnloaded(hocuspocus, 10_000))) log.error(`${hocuspocus.getDocumentsCount()} documents could not be stored before stopping`);
    }
    await hocuspocus.hooks('onDestroy', { instance: hocuspocus });
    await storage.close();
    accounts.close();
    unlock();
  };

  return {
    url,
    host,
    port: address.port,
    hocuspocus,
    storage,
    accounts,
    limiter,
    clients,
    enforceAccounts,
    reloadTls() {
      if (!options.tls || !httpsServer) return;
      const fresh = readTls(options.tls);
      httpsServer.setSecureContext({ cert: fresh.cert, key: fresh.key });
      log.info('TLS certificate and key reloaded');
    },
    close: () => (closing ??= close()),
  };
}

/** The address failures are counted against: the socket's, or with trustProxy the one the proxy appended last. */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustProxy = false): string {
  if (trustProxy && forwardedFor !== undefined) {
    const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
    const last = header.split(',').map((part) => part.trim()).filter(Boolean).at(-1);
    if (last) return last;
  }
  return socketAddress ?? 'unknown';
}

function readTls(files: { certFile: string; keyFile: string }): { cert: Buffer; key: Buffer } {
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new StartupError(`cannot read the TLS ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  };
  return { cert: read(files.certFile, 'certificate'), key: read(files.keyFile, 'key') };
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  switch (error.code) {
    case 'EADDRINUSE':
      return new StartupError(`port ${port} on ${host} is in use; choose another with --port`);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(`cannot listen on ${host}: not an address of this machine (--host)`);
    case 'EACCES':
      return new StartupError(`not allowed to listen on port ${port} (ports below 1024 need privileges: use a reverse proxy)`);
    default:
      return error;
  }
}

async function documentsUnloaded(hocuspocus: Hocuspocus<ConnectionContext>, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (hocuspocus.getDocumentsCount() > 0 || hocuspocus.loadingDocuments.size > 0) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}
