import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { NewsroomRefusal } from '../../../shared/newsroom';
import type { DocumentHub } from '../documents';

/**
 * One connection to the newsroom server: a single WebSocket
 * (HocuspocusProviderWebsocket) with one attached HocuspocusProvider per
 * document the library syncs. Each provider works on the document hub's own
 * in-memory document (pinned while synced), so what the server sends is
 * applied, stored and derived like any edit, and the library's own edits,
 * whoever made them, go to the server. Presence is the hub's: the windows'
 * carets reach the server and everyone else's reach the windows.
 *
 * This class knows nothing of articles or roles: ./sync.ts decides which
 * documents to follow.
 */
export interface ConnectionEvents {
  /** Anything the status is made of changed (socket state, a document's sync). */
  changed(): void;
  /** The server refused the token (or the account opens no documents): the connection has stopped trying. */
  refused(refusal: NewsroomRefusal): void;
  /** The socket is open (first time, or again after being closed: the account's role may have changed). */
  connected(): void;
  /** The server says this document may only be read. */
  readOnly(name: string): void;
  /** The server holds all this document holds (now in sync, or an edit arrived from it while in sync). */
  confirmed(name: string, doc: Y.Doc): void;
}

export interface ConnectionOptions {
  url: string;
  token: string;
  documents: DocumentHub;
  events: ConnectionEvents;
  /** Longest wait between two attempts to reach the server (ms). */
  maxRetryDelayMs?: number;
  /** The WebSocket class (Node 22+ and Electron have one built in). */
  WebSocket?: unknown;
}

interface Followed {
  provider: HocuspocusProvider;
  doc: Y.Doc;
  /** The server confirmed everything this document holds (synced, no update awaiting its answer). */
  inSync: boolean;
  offUpdate: () => void;
}

export class NewsroomConnection {
  private readonly socket: HocuspocusProviderWebsocket;
  private readonly followed = new Map<string, Followed>();
  private everConnected = false;
  /** The socket closed, or an attempt to open it failed, at least once. */
  private everDisconnected = false;
  private stopped = false;

  constructor(private readonly options: ConnectionOptions) {
    this.socket = new HocuspocusProviderWebsocket({
      url: options.url,
      WebSocketPolyfill: options.WebSocket ?? globalThis.WebSocket,
      delay: 500,
      factor: 1.5,
      maxDelay: options.maxRetryDelayMs ?? 2_000,
      maxAttempts: 0,
      jitter: true,
      minDelay: 250,
      onStatus: ({ status }) => {
        if (status === WebSocketStatus.Disconnected) this.everDisconnected = true;
        options.events.changed();
      },
      onConnect: () => {
        this.everConnected = true;
        options.events.connected();
        options.events.changed();
      },
    });
  }

  /** connecting until the socket first opens or fails to, then connected or offline. */
  get state(): 'connecting' | 'connected' | 'offline' {
    if (this.socket.status === WebSocketStatus.Connected) return 'connected';
    return this.everConnected || this.everDisconnected ? 'offline' : 'connecting';
  }

  /** Documents followed, and the names of those not confirmed in sync. */
  syncState(): { documents: number; pending: string[] } {
    const pending: string[] = [];
    for (const [name, followed] of this.followed) if (!followed.inSync) pending.push(name);
    return { documents: this.followed.size, pending };
  }

  isFollowing(name: string): boolean {
    return this.followed.has(name);
  }

  /** The hub's document a followed name is synced on. */
  docOf(name: string): Y.Doc | null {
    return this.followed.get(name)?.doc ?? null;
  }

  names(): string[] {
    return [...this.followed.keys()];
  }

  /** Starts syncing a document (the hub holds it in memory until unfollowed). */
  follow(name: string): void {
    if (this.stopped || this.followed.has(name)) return;
    const hub = this.options.documents;
    const doc = hub.pin(name);
    const awareness = hub.awarenessOf(name);
    const provider = new HocuspocusProvider({
      websocketProvider: this.socket,
      name,
      document: doc,
      awareness,
      token: this.options.token,
      onAuthenticationFailed: ({ reason }) => this.refuse(reason === 'admin-opens-no-documents' ? 'admin' : reason === 'unknown-document' ? 'not-a-newsroom' : 'token'),
      onAuthenticated: ({ scope }) => {
        if (scope === 'readonly') this.options.events.readOnly(name);
      },
    });
    const entry: Followed = { provider, doc, inSync: false, offUpdate: () => undefined };
    const check = () => {
      const inSync = provider.isSynced && !provider.hasUnsyncedChanges;
      if (inSync === entry.inSync) return;
      entry.inSync = inSync;
      if (inSync) this.options.events.confirmed(name, doc);
      this.options.events.changed();
    };
    provider.on('synced', check);
    provider.on('unsyncedChanges', check);
    provider.on('close', check);
    // An edit made here while the socket is closed is not counted by the provider until it reopens.
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === provider) {
        if (entry.inSync) this.options.events.confirmed(name, doc);
      } else if (entry.inSync && this.socket.status !== WebSocketStatus.Connected) {
        entry.inSync = false;
        this.options.events.changed();
      }
    };
    doc.on('update', onUpdate);
    entry.offUpdate = () => doc.off('update', onUpdate);
    this.followed.set(name, entry);
    provider.attach();
  }

  unfollow(name: string): void {
    const entry = this.followed.get(name);
    if (!entry) return;
    this.followed.delete(name);
    this.release(entry);
    this.options.documents.unpin(name);
  }

  /** Stops for good: every provider detached, the socket closed, every document unpinned. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const name of [...this.followed.keys()]) this.unfollow(name);
    this.socket.destroy();
  }

  private refuse(refusal: NewsroomRefusal): void {
    if (this.stopped) return;
    // No retrying with a token the server does not take: the user connects again with another.
    this.socket.disconnect();
    this.options.events.refused(refusal);
  }

  private release(entry: Followed): void {
    entry.offUpdate();
    const { provider } = entry;
    // The awareness is the hub's (windows still use it): the provider must not destroy it, so it is handed a
    // throwaway one to destroy. (The provider's two relaying listeners stay on the hub's until the hub drops it.)
    if (provider.awareness) provider.awareness.off('update', provider.boundAwarenessUpdateHandler);
    provider.configuration.awareness = new Awareness(new Y.Doc());
    provider.destroy();
  }
}
