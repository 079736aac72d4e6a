import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { isIPv6 } from 'node:net';
import type { Duplex } from 'node:stream';
import { Database } from '@hocuspocus/extension-database';
import { Hocuspocus, type Extension, type WebSocketLike } from '@hocuspocus/server';
import crossws from 'crossws/adapters/node';
import { parseDocName, versionDocName } from '../shared/collab/doc-names';
import { LANGUAGE_KEYS } from '../shared/languages';
import { authenticator, readOnlyWriteLogger, sourceLanguageWatcher, type ConnectionContext } from './access';
import { Accounts, type AccountStore } from './accounts';
import { PostgresAccounts } from './accounts-postgres';
import { Clients, SERVER_STOPPING, type Client } from './clients';
import { ensureDataDir, lockDataDir } from './data-dir';
import { apiHandler, type Readiness } from './http-api';
import { stderrLogger, type Logger } from './log';
import { DocumentPins } from './pins';
import { checkReachable, InstanceLock, openPool, redactUrl, type Pool } from './postgres';
import { FailureLimiter, type RateLimitOptions } from './rate-limit';
import { QelemRedis } from './redis';
import { SourceLanguages } from './source-languages';
import type { DocumentStorage } from './storage';
import { PostgresDocumentStorage } from './storage-postgres';
import { SqliteDocumentStorage } from './storage-sqlite';

/**
 * The newsroom server: Hocuspocus 4 over our own HTTP or HTTPS server
 * (Hocuspocus's own `Server` class only does plain HTTP), with crossws's
 * Node adapter handling the WebSocket upgrade as that class does.
 *
 * Its accounts and documents are in a data folder (SQLite, one instance) or
 * in PostgreSQL; with PostgreSQL and Redis, any number of instances serve
 * the same newsroom behind a load balancer (./redis.ts).
 */
export interface ServerOptions {
  /** The data folder (SQLite); required unless `postgres` is given. */
  dataDir?: string;
  /** postgres://… : accounts and documents in PostgreSQL instead of the data folder. */
  postgres?: string;
  /** redis://… : one of several instances, passing changes to each other through Redis (needs `postgres`). */
  redis?: string;
  /** Redis keys and channels start with this (default "qelem"). */
  redisPrefix?: string;
  /** With Redis: changes from other instances are stored here at the latest this long after the first (default 30 s). */
  remoteStoreMs?: number;
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
  readonly accounts: AccountStore;
  readonly limiter: FailureLimiter;
  readonly clients: Clients;
  /** Where the documents are, for the log: the data folder, or PostgreSQL's URL without its password. */
  readonly where: string;
  /** With --redis: the extension (its instance identifier, its connection). */
  readonly redis: QelemRedis | null;
  /** Closes connections of accounts changed since; runs by itself every accountsPollMs. Returns how many it closed. */
  enforceAccounts(): Promise<number>;
  /** What GET /readyz answers. */
  readiness(): Promise<Readiness>;
  /** Reads the TLS certificate and key again (after a renewal); new connections get them. */
  reloadTls(): void;
  /**
   * Stops: not ready any more, refuses new connections, closes every
   * connection (clients reconnect, to another instance if there is one),
   * stores every document, closes the databases.
   */
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
  if (options.redis && !options.postgres) throw new StartupError('--redis needs --postgres: instances share their accounts and documents through PostgreSQL');

  const opened = options.postgres ? await openPostgres(options.postgres, Boolean(options.redis), log) : openDataDir(options.dataDir);
  let storage: DocumentStorage | null = null;
  let redis: QelemRedis | null = null;
  try {
    storage = options.storage ?? (await opened.storage());
    if (options.redis) {
      redis = new QelemRedis({ url: options.redis, log, prefix: options.redisPrefix, remoteStoreMs: options.remoteStoreMs });
      try {
        await redis.waitConnected(5_000);
      } catch (error) {
        throw new StartupError(`cannot reach Redis at ${redactUrl(options.redis)}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return await serve(options, { log, host, port, tls, accounts: opened.accounts, storage, redis, where: opened.where, lock: opened.lock, release: opened.release });
  } catch (error) {
    await redis?.onDestroy().catch(() => undefined);
    if (!options.storage) await storage?.close();
    await opened.accounts.close();
    await opened.release();
    throw error;
  }
}

interface Opened {
  accounts: AccountStore;
  storage: () => Promise<DocumentStorage>;
  where: string;
  lock: InstanceLock | null;
  release: () => Promise<void>;
}

function openDataDir(dataDir: string | undefined): Opened {
  if (!dataDir) throw new StartupError('a data folder (--data) or a PostgreSQL database (--postgres) is needed');
  ensureDataDir(dataDir);
  const unlock = lockDataDir(dataDir);
  try {
    return {
      accounts: Accounts.open(dataDir),
      storage: async () => SqliteDocumentStorage.open(dataDir),
      where: dataDir,
      lock: null,
      release: async () => unlock(),
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/** PostgreSQL: the instance lock first (a server already there says so), then one pool for accounts and documents. */
async function openPostgres(url: string, withRedis: boolean, log: Logger): Promise<Opened> {
  const where = redactUrl(url);
  const lock = await InstanceLock.take(url, withRedis ? 'shared' : 'alone', log);
  let pool: Pool | null = null;
  try {
    pool = openPool(url, log);
    await checkReachable(pool, url);
    const accounts = await PostgresAccounts.on(pool, where);
    const shared = pool;
    return {
      accounts,
      storage: () => PostgresDocumentStorage.on(shared, where),
      where,
      lock,
      release: async () => {
        await shared.end();
        await lock.release();
      },
    };
  } catch (error) {
    await pool?.end();
    await lock.release();
    throw error;
  }
}

interface Parts {
  log: Logger;
  host: string;
  port: number;
  tls: { cert: Buffer; key: Buffer } | null;
  accounts: AccountStore;
  storage: DocumentStorage;
  redis: QelemRedis | null;
  where: string;
  lock: InstanceLock | null;
  release: () => Promise<void>;
}

async function serve(options: ServerOptions, parts: Parts): Promise<RunningServer> {
  const { log, host, tls, accounts, storage, redis, lock } = parts;
  const limiter = new FailureLimiter(options.rateLimit);
  const clients = new Clients();

  const hocuspocus: Hocuspocus<ConnectionContext> = new Hocuspocus<ConnectionContext>({
    name: 'qelem',
    quiet: true,
    timeout: options.idleTimeoutMs ?? 60_000,
    debounce: options.storeDebounceMs ?? 2_000,
    maxDebounce: options.storeMaxDebounceMs ?? 10_000,
  });
  // With several instances, an article's document stays loaded here while its versions are (./pins.ts).
  const pins = redis ? new DocumentPins(hocuspocus, (name) => versionsOpen(hocuspocus, name), log) : null;
  const sourceLanguages = new SourceLanguages(
    storage,
    (name) => {
      const document = hocuspocus.documents.get(name);
      return document && !document.isLoading ? document : undefined;
    },
    undefined,
    pins ? (name) => pins.pin(name) : undefined,
  );
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
  // Redis goes first (its priority): its lock is taken before the database stores.
  hocuspocus.configure({ extensions: redis ? [redis, database, qelem] : [database, qelem] });

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
  let stopping = false;
  let lastReadiness: { at: number; answer: Promise<Readiness> } | null = null;
  /** What /readyz says; asked at most once a second, whoever asks (it costs a query on each database). */
  const readiness = (): Promise<Readiness> => {
    if (stopping) return Promise.resolve({ ready: false, checks: { state: 'stopping' } });
    if (lastReadiness && Date.now() - lastReadiness.at < 1_000) return lastReadiness.answer;
    const answer = checkReadiness({ storage, accounts, redis, lock });
    lastReadiness = { at: Date.now(), answer };
    return answer;
  };
  const api = apiHandler({ accounts, limiter, addressOf: addressOfRequest, log, readiness });
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
    if (stopping) {
      // A client still on an open HTTP connection: go elsewhere (the provider retries, through the balancer).
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n');
      return;
    }
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

  const enforceAccounts = async () => clients.enforce(await accounts.snapshot(), log);
  let seenMarker = await accounts.changeMarker();
  let polling = false;
  const poll = setInterval(() => {
    if (polling) return;
    polling = true;
    (async () => {
      const marker = await accounts.changeMarker();
      if (marker === seenMarker) return;
      seenMarker = marker;
      await enforceAccounts();
    })()
      .catch((error: unknown) => log.error(`could not read the accounts: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (polling = false));
  }, options.accountsPollMs ?? 1_000);
  poll.unref();

  let closing: Promise<void> | null = null;
  const close = async () => {
    // Not ready any more; no new connection (a load balancer sends them to another instance).
    stopping = true;
    clearInterval(poll);
    httpServer.close();
    httpServer.closeAllConnections();
    pins?.close();
    // Closing the sockets runs Hocuspocus's close handling: the last connection of
    // a document stores it at once and unloads it. Clients reconnect on 1001.
    clients.closeAll(SERVER_STOPPING);
    if (!(await documentsUnloaded(hocuspocus, 5_000))) {
      ws.closeAll(undefined, undefined, true);
      hocuspocus.flushPendingStores();
      if (!(await documentsUnloaded(hocuspocus, 10_000))) log.error(`${hocuspocus.getDocumentsCount()} documents could not be stored before stopping`);
    }
    await hocuspocus.hooks('onDestroy', { instance: hocuspocus });
    await storage.close();
    await accounts.close();
    await parts.release();
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
    where: parts.where,
    redis,
    enforceAccounts,
    readiness,
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

/** Each check with a deadline: a database that does not answer in 2 s is as good as unreachable. */
async function checkReadiness(parts: { storage: DocumentStorage; accounts: AccountStore; redis: QelemRedis | null; lock: InstanceLock | null }): Promise<Readiness> {
  const within = async (what: () => unknown, failure: string): Promise<string> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(what),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), 2_000);
        }),
      ]);
      return 'ok';
    } catch {
      return failure;
    } finally {
      clearTimeout(timer);
    }
  };
  const checks: Record<string, string> = { state: 'serving' };
  const [documents, accounts, redis] = await Promise.all([
    within(() => parts.storage.check(), 'unreachable'),
    within(() => parts.accounts.check(), 'unreachable'),
    parts.redis ? (parts.redis.isConnected ? within(() => parts.redis?.ping(), 'not answering') : Promise.resolve('not connected')) : Promise.resolve(null),
  ]);
  checks.storage = documents;
  checks.accounts = accounts;
  if (parts.lock) checks.instanceLock = parts.lock.held ? 'ok' : 'lost';
  if (redis !== null) checks.redis = redis;
  const ready = Object.entries(checks).every(([key, value]) => key === 'state' || value === 'ok');
  return { ready, checks };
}

/** Whether a version of the article whose document is `name` is open (or opening) here. */
function versionsOpen(hocuspocus: Hocuspocus<ConnectionContext>, name: string): boolean {
  const doc = parseDocName(name);
  if (doc?.kind !== 'article') return false;
  return LANGUAGE_KEYS.some((lang) => {
    const version = versionDocName(doc.articleId, lang);
    return hocuspocus.documents.has(version) || hocuspocus.loadingDocuments.has(version);
  });
}

async function documentsUnloaded(hocuspocus: Hocuspocus<ConnectionContext>, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (hocuspocus.getDocumentsCount() > 0 || hocuspocus.loadingDocuments.size > 0) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}
