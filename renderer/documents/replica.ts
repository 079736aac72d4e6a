import { fromBase64, toBase64 } from 'lib0/buffer';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { QelemApi } from '../../shared/api';
import type { DocumentEvent } from '../../shared/collab/events';
import type { DocumentChannel } from './events';
import { UnsavedJournal } from './unsaved';

/**
 * A window's copy of one shared document, kept in step with the main
 * process: it opens with what the library holds, applies everyone else's
 * edits as they come, and sends its own (several keystrokes merged into one
 * update while the previous one is on its way). An edit counts as saved
 * once the main process has appended it to the library; until then it is
 * in the unsaved journal, and sending is retried, so a full disk or a host
 * that went away loses nothing.
 */
export type ReplicaState =
  | { kind: 'connecting' }
  | { kind: 'saved' }
  | { kind: 'saving' }
  | { kind: 'failed'; error: unknown };

export type DocumentApi = Pick<QelemApi, 'openDocument' | 'pushDocument' | 'pushAwareness' | 'closeDocument'>;

/** Applied from elsewhere: not an edit of this window. */
export const REMOTE = Symbol('remote');
/** The deterministic start of a document the library does not have yet (sent with the first edit). */
const START = Symbol('start');

const RETRY_MS = [1_000, 2_000, 5_000, 10_000];
/** A hidden window gets no frames: what waits for the next one goes after this long instead. */
const NO_FRAME_MS = 50;

/**
 * Runs `task` once the frame being prepared has been produced (or after
 * NO_FRAME_MS, whichever comes first). Sending an edit or a caret costs the
 * main thread milliseconds (encoding, then fetch or IPC); done after the
 * frame, a keystroke's text is on screen first.
 */
function afterNextFrame(task: () => void): void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    task();
  };
  const timer = setTimeout(run, NO_FRAME_MS);
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(run, 0));
}

export interface ReplicaOptions {
  /** The start of a document nobody has created yet (a new version), the same items on every machine. */
  start?: () => Uint8Array;
}

export class DocumentReplica {
  readonly doc = new Y.Doc();
  readonly awareness = new Awareness(this.doc);
  private readonly journal: UnsavedJournal;
  private readonly listeners = new Set<(state: ReplicaState) => void>();
  private readonly readyListeners = new Set<() => void>();
  private stateValue: ReplicaState = { kind: 'connecting' };
  /** Local updates not acknowledged, oldest first. */
  private pending: Uint8Array[] = [];
  /** How many of `pending` the call in flight carries. */
  private inFlight = 0;
  private startUpdate: Uint8Array | null = null;
  private exists = false;
  private opened = false;
  private disposed = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private session: string | null = null;
  private unsubscribe: (() => void) | null = null;
  /** A send is waiting for the next frame (sendSoon). */
  private sendQueued = false;
  /** Clients whose presence changed here and is not sent yet (sent after the next frame). */
  private readonly awarenessChanged = new Set<number>();

  constructor(
    readonly name: string,
    private readonly api: DocumentApi,
    private readonly channel: DocumentChannel,
    private readonly options: ReplicaOptions = {},
  ) {
    this.journal = new UnsavedJournal(name);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onLocalUpdate(update, origin));
    this.awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      if (origin !== 'local') return;
      const changed = [...added, ...updated, ...removed];
      if (changed.length === 0) return;
      // The caret moves with every keystroke: its presence goes after the keystroke's frame, and the
      // moves of one frame go as one message.
      const first = this.awarenessChanged.size === 0;
      for (const client of changed) this.awarenessChanged.add(client);
      if (first) {
        afterNextFrame(() => {
          const clients = [...this.awarenessChanged];
          this.awarenessChanged.clear();
          if (!this.disposed) void this.sendAwareness(encodeAwarenessUpdate(this.awareness, clients));
        });
      }
    });
  }

  get state(): ReplicaState {
    return this.stateValue;
  }

  /** Whether edits of this window are not acknowledged yet. */
  get unsaved(): boolean {
    return this.pending.length > 0;
  }

  /** Whether the library holds this document (false for a version nobody has written yet). */
  get created(): boolean {
    return this.exists;
  }

  /** True once the first state arrived (what the library holds, or the start of a new document). */
  get ready(): boolean {
    return this.opened;
  }

  onState(listener: (state: ReplicaState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onReady(listener: () => void): () => void {
    if (this.opened) listener();
    else this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /**
   * Opens the document with the main process. Call it once whatever shows
   * the document is bound to `doc` (a Lexical binding renders only what
   * arrives after it is created).
   */
  async connect(): Promise<void> {
    this.unsubscribe ??= this.channel.subscribe((event) => this.onEvent(event));
    try {
      await this.open(await this.channel.session());
    } catch (error) {
      // Not reachable now (the host restarting, a full disk): said, and tried again.
      this.setState({ kind: 'failed', error });
      if (!this.disposed) this.retryTimer ??= setTimeout(() => {
        this.retryTimer = null;
        void this.connect();
      }, RETRY_MS[Math.min(this.retries++, RETRY_MS.length - 1)]);
    }
  }

  /** Sends what is waiting now (the window is being hidden or closed). */
  flush(): Promise<void> {
    return this.send();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.unsubscribe?.();
    removeAwarenessStates(this.awareness, [this.doc.clientID], 'local');
    if (this.session !== null) void this.api.closeDocument({ session: this.session, name: this.name }).catch(() => undefined);
    // Whatever is still pending stays in the journal, offered back by the next window.
    this.awareness.destroy();
  }

  private async open(session: string): Promise<void> {
    this.session = session;
    const result = await this.api.openDocument({ session, name: this.name, stateVector: toBase64(Y.encodeStateVector(this.doc)) });
    if (this.disposed) return;
    this.exists = result.exists;
    if (result.exists) {
      Y.applyUpdate(this.doc, fromBase64(result.update), REMOTE);
      // What this copy holds that the library lacks (edits made while the host was away): sent now.
      const missing = Y.encodeStateAsUpdate(this.doc, fromBase64(result.stateVector));
      if (this.pending.length === 0 && hasContent(missing)) this.pending.push(missing);
      if (result.awareness) applyAwarenessUpdate(this.awareness, fromBase64(result.awareness), REMOTE);
    } else if (!this.opened && this.options.start) {
      this.startUpdate = this.options.start();
      Y.applyUpdate(this.doc, this.startUpdate, START);
    }
    if (!this.opened) {
      this.opened = true;
      for (const listener of [...this.readyListeners]) listener();
      this.readyListeners.clear();
    }
    if (this.pending.length > 0) void this.send();
    else this.setState({ kind: 'saved' });
    this.announce();
  }

  /** This window's presence, set before the document was open (or existed): sent now it can be. */
  private announce(): void {
    if (this.awareness.getLocalState() !== null) void this.sendAwareness(encodeAwarenessUpdate(this.awareness, [this.doc.clientID]));
  }

  private onEvent(event: DocumentEvent): void {
    if (this.disposed) return;
    if (event.type === 'session') {
      // A new session (the event stream reconnected): catch up both ways.
      if (this.session !== null && event.session !== this.session) void this.open(event.session).catch((error: unknown) => this.fail(error));
    } else if (event.type === 'update' && event.name === this.name) {
      this.exists = true;
      Y.applyUpdate(this.doc, fromBase64(event.update), REMOTE);
    } else if (event.type === 'awareness' && event.name === this.name) {
      applyAwarenessUpdate(this.awareness, fromBase64(event.update), REMOTE);
    }
  }

  private onLocalUpdate(update: Uint8Array, origin: unknown): void {
    if (origin === REMOTE || origin === START || this.disposed) return;
    this.pending.push(update);
    this.journal.write(this.unacknowledged());
    if (this.stateValue.kind !== 'failed') this.setState({ kind: 'saving' });
    this.sendSoon();
  }

  /**
   * Sends after the next frame: the keystroke's own frame does not wait for
   * its sending, and a burst of edits (a paste, a reconciled row, keys typed
   * within one frame) goes as one update. The journal already holds them.
   */
  private sendSoon(): void {
    if (this.sendQueued) return;
    this.sendQueued = true;
    afterNextFrame(() => {
      this.sendQueued = false;
      void this.send();
    });
  }

  /** Everything not acknowledged, the start of a new document included, as one update. */
  private unacknowledged(): Uint8Array | null {
    const parts = this.exists || this.startUpdate === null ? this.pending : [this.startUpdate, ...this.pending];
    return this.pending.length === 0 ? null : Y.mergeUpdates(parts);
  }

  private async send(): Promise<void> {
    if (this.inFlight > 0 || this.session === null || this.disposed || !this.opened) return;
    const update = this.unacknowledged();
    if (update === null) return;
    this.inFlight = this.pending.length;
    const wasCreated = this.exists;
    try {
      await this.api.pushDocument({ session: this.session, name: this.name, update: toBase64(update) });
      this.pending.splice(0, this.inFlight);
      this.exists = true;
      if (!wasCreated) {
        this.startUpdate = null;
        this.announce();
      }
      this.retries = 0;
      this.journal.write(this.unacknowledged());
      this.setState(this.pending.length > 0 ? { kind: 'saving' } : { kind: 'saved' });
    } catch (error) {
      this.fail(error);
    } finally {
      this.inFlight = 0;
    }
    if (this.pending.length > 0 && this.stateValue.kind !== 'failed') void this.send();
  }

  private fail(error: unknown): void {
    this.setState({ kind: 'failed', error });
    if (this.retryTimer || this.disposed) return;
    const delay = RETRY_MS[Math.min(this.retries, RETRY_MS.length - 1)] as number;
    this.retries++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.pending.length > 0) {
        this.setState({ kind: 'saving' });
        void this.send();
      }
    }, delay);
  }

  private async sendAwareness(update: Uint8Array): Promise<void> {
    if (this.session === null || this.disposed || !this.exists) return;
    try {
      await this.api.pushAwareness({ session: this.session, name: this.name, update: toBase64(update) });
    } catch {
      // Presence is best effort: the next change sends it again.
    }
  }

  private setState(state: ReplicaState): void {
    if (state.kind === this.stateValue.kind && state.kind !== 'failed') return;
    this.stateValue = state;
    for (const listener of [...this.listeners]) listener(state);
  }
}

/** Whether an update carries any item (its delete set is always whole, so deletions alone say nothing). */
function hasContent(update: Uint8Array): boolean {
  return Y.decodeUpdate(update).structs.length > 0;
}
