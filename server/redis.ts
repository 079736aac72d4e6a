import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis, type RedisInstance } from '@hocuspocus/extension-redis';
import type {
  afterUnloadDocumentPayload,
  beforeUnloadDocumentPayload,
  Document,
  Hocuspocus,
  onChangePayload,
  onStoreDocumentPayload,
  RedisTransactionOrigin,
} from '@hocuspocus/server';
import type { Logger } from './log';
import { redactUrl } from './postgres';

/**
 * Several instances over Redis (--redis URL): @hocuspocus/extension-redis
 * passes every change and every awareness (presence) update of a document to
 * the other instances that have it open, so that clients connected to
 * different instances edit the same article live; and it takes a Redis lock
 * around each store, so that one instance at a time stores a document.
 *
 * Two gaps of the extension are closed here:
 *
 * - An instance stores what its own clients changed; a change that reached
 *   it from another instance is stored by that instance. If that instance
 *   dies before its store (SIGKILL, a crash), the change lives only in the
 *   memory of the others. So a change from Redis marks the document as
 *   holding changes this instance has not stored; such a document is stored
 *   before it is unloaded here (its last client gone, or the instance
 *   stopping) and at the latest `remoteStoreMs` after the first such change.
 * - A store skipped because another instance holds the lock is not lost:
 *   the document stays marked, and is stored again once the lock is over
 *   (it lasts `lockTimeoutMs` at most, if its instance died holding it).
 *   (The message Hocuspocus logs for every skipped store is removed: it is
 *   routine.)
 *
 * PostgreSQL merges every store with what another instance stored
 * (./storage-postgres.ts), so a store from an instance that lacks some edit
 * never removes it.
 */
export interface RedisOptions {
  url: string;
  log: Logger;
  /** Keys and channels start with this (default "qelem"): two newsrooms can share one Redis. */
  prefix?: string;
  /** A store of changes that came from other instances happens at the latest this long after the first (default 30 s). */
  remoteStoreMs?: number;
  /** How long a store's lock lasts if its instance dies holding it (default 5 s); a store skipped for the lock is tried again after it. */
  lockTimeoutMs?: number;
}

export function isRedisUrl(url: string): boolean {
  return /^rediss?:\/\/./i.test(url);
}

/** ioredis's host, port and options from a redis:// or rediss:// URL (user, password, database number). */
export function redisConnection(url: string): { host: string; port: number; options: { username?: string; password?: string; db?: number; tls?: object } } {
  const parsed = new URL(url);
  const db = parsed.pathname.replace(/^\//, '');
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    options: {
      ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
      ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
      ...(db ? { db: Number(db) } : {}),
      ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    },
  };
}

const REDIS_ORIGIN: RedisTransactionOrigin = { source: 'redis' };

export class QelemRedis extends Redis {
  readonly identifier: string;
  private readonly log: Logger;
  private readonly remoteStoreMs: number;
  private readonly lockTimeoutMs: number;
  /** Documents holding changes this instance has not stored, with the timer that stores them and when it fires. */
  private readonly unstored = new Map<string, { document: Document; timer: NodeJS.Timeout; due: number }>();
  private destroyed = false;
  private everConnected = false;
  private lastError = '';

  constructor(options: RedisOptions) {
    const { host, port, options: connection } = redisConnection(options.url);
    const identifier = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
    const lockTimeoutMs = options.lockTimeoutMs ?? 5_000;
    super({
      // ioredis would read a host string as a URL with Node's deprecated url.parse (a warning in the
      // log): the host goes in the options instead.
      host: undefined,
      port,
      identifier,
      prefix: options.prefix ?? 'qelem',
      lockTimeout: lockTimeoutMs,
      options: {
        host,
        ...connection,
        // Commands wait (queued) while Redis is away; a publish fails after a few seconds instead of hanging.
        maxRetriesPerRequest: 3,
        connectTimeout: 5_000,
        retryStrategy: (times: number) => Math.min(times * 200, 2_000),
      },
    });
    this.identifier = identifier;
    this.log = options.log;
    this.remoteStoreMs = options.remoteStoreMs ?? 30_000;
    this.lockTimeoutMs = lockTimeoutMs;
    const where = redactUrl(options.url);
    for (const [which, client] of [
      ['publisher', this.pub],
      ['subscriber', this.sub],
    ] as const) {
      let last = '';
      client.on('error', (error: Error) => {
        this.lastError = error.message;
        // Before the first connection, startServer says it in one line; after, ioredis repeats an
        // error on every retry: logged when it changes.
        if (!this.everConnected || error.message === last) return;
        last = error.message;
        this.log.error(`Redis ${where} (${which}): ${error.message}`);
      });
      client.on('ready', () => {
        if (last) this.log.info(`Redis ${where} (${which}) connected again`);
        last = '';
      });
    }
  }

  /** Whether both connections to Redis are up. */
  get isConnected(): boolean {
    return status(this.pub) === 'ready' && status(this.sub) === 'ready';
  }

  /** Resolves once both connections are up; throws after `withinMs`. */
  async waitConnected(withinMs: number): Promise<void> {
    const deadline = Date.now() + withinMs;
    while (!this.isConnected) {
      if (Date.now() > deadline) throw new Error(this.lastError || `no answer within ${withinMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    this.everConnected = true;
  }

  /** A round trip to Redis (readiness). */
  async ping(): Promise<void> {
    await this.pub.ping();
  }

  /** How many documents hold changes from other instances not stored here yet. */
  get unstoredCount(): number {
    return this.unstored.size;
  }

  override async onChange(data: onChangePayload): Promise<void> {
    await super.onChange(data);
    const origin = data.transactionOrigin as { source?: string } | undefined;
    if (origin?.source === 'redis') this.markUnstored(data.document, this.remoteStoreMs);
  }

  override async onStoreDocument(payload: onStoreDocumentPayload): Promise<void> {
    // Whatever this store writes holds every change received so far.
    this.clearUnstored(payload.documentName);
    try {
      await super.onStoreDocument(payload);
    } catch (error) {
      if (error instanceof Error && error.name === 'SkipFurtherHooksError') {
        // Another instance is storing the document now (or died holding the lock): ours is stored once the lock is over.
        this.markUnstored(payload.document, this.lockTimeoutMs + 500);
        error.message = '';
      }
      throw error;
    }
  }

  override async beforeUnloadDocument(data: beforeUnloadDocumentPayload): Promise<void> {
    const entry = this.unstored.get(data.documentName);
    if (entry && entry.document === data.document) await this.storeNow(data.document);
    await super.beforeUnloadDocument(data);
  }

  override async afterUnloadDocument(data: afterUnloadDocumentPayload): Promise<void> {
    if (!data.instance.documents.has(data.documentName)) this.clearUnstored(data.documentName);
    await super.afterUnloadDocument(data);
  }

  override async onDestroy(): Promise<void> {
    this.destroyed = true;
    for (const name of [...this.unstored.keys()]) this.clearUnstored(name);
    await super.onDestroy();
  }

  /** Stores `document` in `delayMs` at the latest (sooner if it was due sooner). */
  private markUnstored(document: Document, delayMs: number): void {
    if (this.destroyed) return;
    const due = Date.now() + delayMs;
    const entry = this.unstored.get(document.name);
    if (entry && entry.document === document && entry.due <= due) return;
    this.clearUnstored(document.name);
    const timer = setTimeout(() => {
      if (this.unstored.get(document.name)?.document !== document) return;
      this.unstored.delete(document.name);
      void this.storeNow(document);
    }, delayMs);
    timer.unref();
    this.unstored.set(document.name, { document, timer, due });
  }

  private clearUnstored(name: string): void {
    const entry = this.unstored.get(name);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.unstored.delete(name);
  }

  /** Runs Hocuspocus's store hooks for `document` now (the Redis lock, then the database). */
  private async storeNow(document: Document): Promise<void> {
    const instance: Hocuspocus = this.instance;
    if (!instance || document.isDestroyed) return;
    try {
      await instance.storeDocumentHooks(
        document,
        {
          instance,
          clientsCount: document.getConnectionsCount(),
          document,
          documentName: document.name,
          lastContext: {},
          lastTransactionOrigin: REDIS_ORIGIN,
        },
        true,
      );
    } catch (error) {
      this.log.error(`could not store ${document.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

function status(client: RedisInstance): string {
  return (client as { status?: string }).status ?? '';
}
