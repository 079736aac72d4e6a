import { randomUUID } from 'node:crypto';
import type { Document, Hocuspocus } from '@hocuspocus/server';
import type { Logger } from './log';

/**
 * Documents an instance keeps loaded for itself. With several instances an
 * article's document may be edited on another instance than the one serving
 * its versions; who may write a version depends on the article's source
 * language (./access.ts). So while a version is open here, its article's
 * document is kept loaded here too: Redis brings it every change made
 * elsewhere, and the source-language watcher sees them as if they were made
 * here. A pin is a direct connection count on the document (no client, no
 * store of its own); pins nothing needs any more are released every
 * `sweepMs` (a pin is kept at least that long).
 */
export class DocumentPins {
  private readonly pins = new Map<string, { document: Document; since: number }>();
  private readonly pending = new Map<string, Promise<Document | undefined>>();
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly hocuspocus: Hocuspocus,
    /** Whether a pin on this document is still of use (a version of the article open here). */
    private readonly needed: (name: string) => boolean,
    private readonly log: Logger,
    private readonly sweepMs = 10_000,
  ) {
    this.timer = setInterval(() => this.sweep(), sweepMs);
    this.timer.unref();
  }

  get size(): number {
    return this.pins.size;
  }

  /** The document `name`, loaded here (from storage, and from other instances through Redis) and kept loaded. */
  async pin(name: string): Promise<Document | undefined> {
    if (this.closed) return undefined;
    const pinned = this.pins.get(name);
    if (pinned && !pinned.document.isDestroyed) {
      pinned.since = Date.now();
      return pinned.document;
    }
    const pending = this.pending.get(name);
    if (pending) return pending;
    const loading = this.hocuspocus
      .createDocument(name, new Request('http://localhost'), randomUUID(), { isAuthenticated: true, readOnly: true }, {})
      .then(
        (document) => {
          if (this.closed) return undefined;
          document.addDirectConnection();
          this.pins.set(name, { document, since: Date.now() });
          return document;
        },
        (error: unknown) => {
          this.log.error(`could not load ${name}: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        },
      )
      .finally(() => this.pending.delete(name));
    this.pending.set(name, loading);
    return loading;
  }

  /** Releases the pins nothing needs any more (and that are older than sweepMs). */
  sweep(now = Date.now()): void {
    for (const [name, pin] of [...this.pins]) {
      if (now - pin.since < this.sweepMs || this.needed(name)) continue;
      this.release(name);
    }
  }

  /** Releases every pin (the instance is stopping). */
  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    for (const name of [...this.pins.keys()]) this.release(name);
  }

  private release(name: string): void {
    const pin = this.pins.get(name);
    if (!pin) return;
    this.pins.delete(name);
    if (pin.document.isDestroyed) return;
    pin.document.removeDirectConnection();
    if (pin.document.getConnectionsCount() === 0) void this.hocuspocus.unloadDocument(pin.document);
  }
}
