import { randomUUID } from 'node:crypto';
import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { fromBase64, toBase64 } from 'lib0/buffer';
import type { VersionContent } from '../../shared/article';
import { readArticleFields, type ArticleFields } from '../../shared/collab/article-doc';
import { parseArticleDocName, parseDocName, type DocName } from '../../shared/collab/doc-names';
import { MAX_UPDATE_BYTES, type DocumentEvent } from '../../shared/collab/events';
import { PACKAGE_LIMITS } from '../../shared/export/package-format';
import { emptyVersionDocUpdate } from '../../shared/collab/convert';
import { bindVersionDoc, type VersionDocEditor } from '../../shared/collab/version-editor';
import { bodyIssues, type BodyIssue } from '../../shared/editor/body-schema';
import type { DocumentStore } from '../store/documents';
import { RevisionLimitError } from '../store/versions';
import { ServiceError } from './service-error';

/**
 * The main process owns the library's shared documents. Windows hold
 * replicas and talk to it through sessions (one per window or browser tab):
 * a session opens a document (gets what it lacks), pushes its edits (each
 * appended to the library before it is acknowledged) and is sent everyone
 * else's. The library's saved rows (version, revisions, search, translation
 * state and memory, article row) are derived from the documents after a
 * pause in editing, and at once before anything reads them (flush).
 */

/** Derivation waits for this pause in a document's edits… */
export const DERIVE_AFTER_MS = 1_000;
/** …but never longer than this after its first edit not derived yet. */
export const DERIVE_WITHIN_MS = 5_000;
/** The largest whole document the main process takes in (a package's: PACKAGE_LIMITS.documentBytes). */
export const MAX_DOCUMENT_BYTES = PACKAGE_LIMITS.documentBytes;

/** A document nobody has open stays loaded this long after its last use. */
export const UNLOAD_AFTER_MS = 60_000;

export interface Derivations {
  /**
   * A version document's content changed: write it as the version's next
   * revision. False when it cannot be yet (its article has no row: its
   * article document has not arrived from the newsroom): tried again later.
   */
  version(articleId: string, lang: DocNameVersion['lang'], content: VersionContent): boolean;
  /** The article document changed: write the article row (made, for an article the newsroom brought). */
  article(articleId: string, fields: ArticleFields): void;
  /** The newsroom's library or glossary document changed (newsroom.ts). */
  shared?(name: 'library' | 'glossary', doc: Y.Doc): void;
}

type DocNameVersion = Extract<DocName, { kind: 'version' }>;

/** The article a document belongs to ('' for the newsroom's library and glossary documents). */
function articleIdOf(parsed: DocName): string {
  return parsed.kind === 'article' || parsed.kind === 'version' ? parsed.articleId : '';
}

interface Session {
  send(event: DocumentEvent): void;
  /** Awareness client ids this session announced, per document, to remove when it goes. */
  awareness: Map<string, Set<number>>;
}

interface LoadedDocument {
  name: string;
  parsed: DocName;
  doc: Y.Doc;
  /**
   * A version document's headless editor, on a copy of the document of its
   * own, made when first needed (derivation, a local edit) and brought up
   * to date only then: the pushes of a window apply to `doc` alone, so
   * their cost does not include Lexical's.
   */
  view: VersionDocEditor | null;
  awareness: Awareness;
  subscribers: Set<string>;
  /** Content last derived, to skip a derivation that would change nothing. */
  derivedContent: string | null;
  /** The updates of the main process's own edit under way (localEdit), appended when it is over. */
  uncommitted: Uint8Array[] | null;
  /** Edits the headless editor made by itself while an update was tried on it (tryVersionUpdate), applied after that update. */
  held: Uint8Array[] | null;
  /** Held in memory for the newsroom's sync (pin), never unloaded meanwhile. */
  pins: number;
  /** False for a document the newsroom is bringing that the library has not stored yet (it is stored with its first content). */
  stored: boolean;
  pendingSince: number | null;
  timer: ReturnType<typeof setTimeout> | null;
  unloadTimer: ReturnType<typeof setTimeout> | null;
}

/** Where an update came from: a session (already appended) or the main process itself (appended by the update listener). */
interface SessionOrigin {
  session: string;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

export interface DocumentHubOptions {
  store: DocumentStore;
  derive: Derivations;
  /** The library knows this article (a document of an unknown article is never created). */
  articleExists(articleId: string): boolean;
  /**
   * The first state of a document the library has a saved row for but no
   * document yet (saved before documents existed), converted the same way
   * on every machine; null when there is nothing to convert.
   */
  convert(name: string, parsed: DocName): Uint8Array | null;
  /** null: derive only when flushed (tests, benchmarks). */
  deriveAfterMs?: number | null;
  /** Whether the library is still open: a timer that fires after it was closed does nothing. */
  isOpen(): boolean;
  /**
   * Why this library may only read a document (the newsroom's roles,
   * shared/collab/roles.ts), or null: a window's edit of it is refused, as
   * the newsroom server would refuse it.
   */
  readOnly?(parsed: DocName): string | null;
  /**
   * Why a window may not edit this document now although it may write it
   * (a version at the highest revision number, which no derivation could
   * number again), or null.
   */
  refuseEdit?(parsed: DocName): string | null;
}

/**
 * An update that would leave a version's body in a shape the editor cannot
 * show (shared/editor/body-schema.ts): refused, and nothing changed. The
 * package import reports it as the refusal invalid_document.
 */
export class InvalidBodyError extends ServiceError {
  constructor(
    readonly docName: string,
    readonly issue: BodyIssue,
  ) {
    const message = `The update would leave the body of ${docName} in a shape the editor cannot show: ${issue.message} (at ${issue.path.join('.')}). Nothing was changed.`;
    super({ code: 'invalid_input', message, issues: [{ path: 'update', message }] });
    this.name = 'InvalidBodyError';
  }
}

export interface OpenResult {
  exists: boolean;
  /** What the document holds that the session lacks (empty when it does not exist). */
  update: Uint8Array;
  stateVector: Uint8Array;
  /** Presence of everyone else in it. */
  awareness: Uint8Array | null;
}

export interface DocumentHub {
  connect(send: (event: DocumentEvent) => void): string;
  disconnect(session: string): void;
  hasSession(session: string): boolean;
  open(session: string, name: string, stateVector: Uint8Array): OpenResult;
  push(session: string, name: string, update: Uint8Array): void;
  pushAwareness(session: string, name: string, update: Uint8Array): void;
  close(session: string, name: string): void;
  /**
   * Creates a document from its first state (a new article, an import);
   * false when it already exists. `derived`: the library's rows were written
   * from this very state (an imported package), so nothing is derived now.
   */
  create(name: string, state: Uint8Array, options?: { derived?: boolean }): boolean;
  /** Applies an update the main process itself has (an imported package): appended, sent to every session. */
  apply(name: string, update: Uint8Array): void;
  /** Runs a local edit on a version document through its headless editor. */
  editVersion<T>(articleId: string, lang: DocNameVersion['lang'], edit: (editor: VersionDocEditor) => T): T;
  /** Runs a local edit on an article document. */
  editArticle<T>(articleId: string, edit: (doc: Y.Doc) => T): T;
  /** Runs a local edit on the newsroom's library or glossary document (made if the library has none yet). */
  editShared<T>(name: 'library' | 'glossary', edit: (doc: Y.Doc) => T): T;
  /** A document's whole state; null when the library has none. */
  stateOf(name: string): Uint8Array | null;
  /** Whether the library has the document (converting it from a saved row if need be). */
  has(name: string): boolean;
  /** Derives now what is pending: one article's documents, or all. */
  flush(articleId?: string): void;
  /** Derives the documents whose log was not derived when the library was last closed (a crash, a quit mid-pause). */
  recover(): void;
  /** Forgets every document held in memory (the library's database was replaced: a backup restored). */
  reset(): void;
  /**
   * The in-memory document `name`, held until unpinned (the newsroom's sync
   * keeps a provider on it). A document the library does not have yet is an
   * empty one, stored with the first content it receives.
   */
  pin(name: string): Y.Doc;
  unpin(name: string): void;
  /** The in-memory presence of a loaded document (the newsroom's sync shares it with the server). */
  awarenessOf(name: string): Awareness | null;
  /** The presence ids of this library's own windows in document `name` (not those heard from elsewhere). */
  windowClients(name: string): number[];
  /** Names of every document the library has. */
  names(): string[];
  /** Sends an event to every window. */
  notify(event: DocumentEvent): void;
  /** Forgets what memory holds of these documents (their creation was rolled back). */
  forget(names: readonly string[]): void;
  dispose(): void;
}

export function createDocumentHub(options: DocumentHubOptions): DocumentHub {
  const { store, derive } = options;
  const deriveAfter = options.deriveAfterMs === undefined ? DERIVE_AFTER_MS : options.deriveAfterMs;
  const sessions = new Map<string, Session>();
  const loaded = new Map<string, LoadedDocument>();
  /** Sessions that opened a document before it existed: subscribed when it is created. */
  const waiting = new Map<string, Set<string>>();
  /**
   * Documents created and not loaded yet: loaded (and derived) when next
   * used or flushed. Creating only writes to the library, so a creation
   * inside a transaction that is rolled back leaves nothing in memory.
   */
  const created = new Set<string>();
  let disposed = false;

  function pendingSubscriptions(name: string): Set<string> {
    let set = waiting.get(name);
    if (!set) waiting.set(name, (set = new Set()));
    return set;
  }

  function takePendingSubscriptions(name: string): Set<string> {
    const set = waiting.get(name) ?? new Set<string>();
    waiting.delete(name);
    return set;
  }

  function parse(name: string): DocName {
    const parsed = parseDocName(name);
    if (!parsed) throw new ServiceError({ code: 'invalid_input', message: `Not a document name: ${name.slice(0, 80)}` });
    return parsed;
  }

  function load(name: string): LoadedDocument | null {
    const existing = loaded.get(name);
    if (existing) {
      keepLoaded(existing);
      return existing;
    }
    let stored = store.load(name);
    if (!stored) {
      const parsed = parse(name);
      const converted = options.convert(name, parsed);
      if (converted === null) return null;
      store.create(name, articleIdOf(parsed), converted, true);
      stored = store.load(name);
      if (!stored) return null;
      // Converted from the saved rows: they already say what it holds.
      return attach(name, stored.updates, true);
    }
    const entry = attach(name, stored.updates, stored.derived && !created.has(name));
    if (created.delete(name)) {
      // Its first state: to the sessions that waited for it, and derived.
      for (const session of takePendingSubscriptions(name)) entry.subscribers.add(session);
      broadcast(entry, { type: 'update', name, update: toBase64(Y.encodeStateAsUpdate(entry.doc)) }, null);
      scheduleDerive(entry);
    }
    return entry;
  }

  /**
   * Builds the in-memory document: bound first (a binding shows only what
   * arrives after it), then the stored state applied. `derived`: the saved
   * rows already reflect all of it (else the next flush derives it).
   */
  function attach(name: string, updates: Uint8Array[], derived: boolean): LoadedDocument {
    const parsed = parse(name);
    const doc = new Y.Doc({ gc: true });
    const entry: LoadedDocument = {
      name,
      parsed,
      doc,
      view: null,
      pins: 0,
      stored: true,
      awareness: new Awareness(doc),
      subscribers: new Set(),
      derivedContent: null,
      uncommitted: null,
      held: null,
      pendingSince: null,
      timer: null,
      unloadTimer: null,
    };
    // The main process has no presence of its own (the newsroom's sync may give it one in the library document).
    entry.awareness.setLocalState(null);
    // Presence from elsewhere (the newsroom's provider, a state timing out) goes to the windows that have it
    // open; a window's own is relayed where it arrives (pushAwareness, close, disconnect).
    entry.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      if (typeof origin === 'string' && sessions.has(origin)) return;
      relayAwareness(entry, [...added, ...updated, ...removed], null);
    });
    Y.applyUpdate(doc, Y.mergeUpdates(updates), STORED);
    doc.on('update', (update: Uint8Array, origin: unknown) => afterUpdate(entry, update, origin));
    loaded.set(name, entry);
    if (derived && parsed.kind === 'version') entry.derivedContent = JSON.stringify(viewOf(entry).read());
    if (!derived) entry.pendingSince = Date.now();
    keepLoaded(entry);
    return entry;
  }

  /** The version's headless editor, up to date with the document (made on first use). */
  function viewOf(entry: LoadedDocument): VersionDocEditor {
    if (entry.parsed.kind !== 'version') throw new Error(`${entry.name} is not a version document.`);
    let view = entry.view;
    if (!view) {
      const copy = new Y.Doc({ gc: true });
      // Bound while empty, then filled: a binding renders only what arrives after it.
      view = bindVersionDoc(copy, entry.parsed.lang);
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(entry.doc), CATCH_UP);
      // The editor's own edits (a save, a restore) go into the document, appended and sent like any edit.
      copy.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === CATCH_UP || origin === TRIAL) return;
        if (entry.held) entry.held.push(update);
        else Y.applyUpdate(entry.doc, update, LOCAL);
      });
      entry.view = view;
    } else {
      const missing = Y.encodeStateAsUpdate(entry.doc, Y.encodeStateVector(view.doc));
      Y.applyUpdate(view.doc, missing, CATCH_UP);
    }
    return view;
  }

  /** Throws the headless editor away (it holds something the document does not): made again when next needed. */
  function dropView(entry: LoadedDocument): void {
    if (!entry.view) return;
    entry.view.dispose();
    entry.view.doc.destroy();
    entry.view = null;
  }

  /**
   * An update of a version document from outside the main process (a
   * window's push, a package's merge), tried on the version's headless
   * editor before `commit` stores and applies it: one that leaves the body
   * in a shape the editor cannot show (checked where it changed the body:
   * shared/collab/body-check.ts) is refused with InvalidBodyError, and
   * neither the library nor the document takes it.
   */
  function tryVersionUpdate(entry: LoadedDocument, update: Uint8Array, commit: () => void): void {
    if (entry.parsed.kind !== 'version') return commit();
    const view = viewOf(entry);
    const held: Uint8Array[] = [];
    entry.held = held;
    let issues: BodyIssue[];
    try {
      issues = view.applyChecked(update, TRIAL);
    } finally {
      entry.held = null;
    }
    if (issues.length > 0) {
      dropView(entry);
      throw new InvalidBodyError(entry.name, issues[0] as BodyIssue);
    }
    try {
      commit();
    } catch (error) {
      // Not stored: the editor holds what the library lacks.
      dropView(entry);
      throw error;
    }
    for (const own of held) Y.applyUpdate(entry.doc, own, LOCAL);
  }

  /** The first state of a version document a window creates, checked as tryVersionUpdate checks an update. */
  function checkNewVersion(name: string, lang: DocNameVersion['lang'], state: Uint8Array): void {
    const view = bindVersionDoc(new Y.Doc({ gc: true }), lang);
    try {
      const [issue] = view.applyChecked(state, TRIAL);
      if (issue) throw new InvalidBodyError(name, issue);
    } finally {
      view.dispose();
      view.doc.destroy();
    }
  }

  function afterUpdate(entry: LoadedDocument, update: Uint8Array, origin: unknown): void {
    if (origin === STORED) return;
    if (isSessionOrigin(origin)) {
      // A session's update was appended before it was applied.
      broadcast(entry, { type: 'update', name: entry.name, update: toBase64(update) }, origin.session);
      scheduleDerive(entry);
      return;
    }
    // The main process's own edit: appended when the edit is over (localEdit), not from inside Yjs's
    // event, where a failed append could not undo what was applied.
    if (entry.uncommitted) {
      entry.uncommitted.push(update);
      return;
    }
    // The newsroom's edits (the sync's provider applied them), or one the headless editor made by itself
    // (Lexical keeps a body from being empty): stored now. A document the newsroom brought is stored
    // whole with its first content.
    try {
      if (entry.stored) {
        store.append(entry.name, update);
      } else {
        store.create(entry.name, articleIdOf(entry.parsed), Y.encodeStateAsUpdate(entry.doc));
        // The windows that opened it before it existed: subscribed now, and sent all of it (below).
        nowStored(entry);
        entry.derivedContent = null;
      }
    } catch (error) {
      // Not lost: the newsroom still has it, and sends it again at the next sync.
      console.error(`[qelem documents] ${entry.name}: an edit could not be stored:`, error);
      if (entry.pins === 0) queueMicrotask(() => unload(entry));
      return;
    }
    broadcast(entry, { type: 'update', name: entry.name, update: toBase64(update) }, null);
    scheduleDerive(entry);
  }

  function broadcast(entry: LoadedDocument, event: DocumentEvent, except: string | null): void {
    for (const id of entry.subscribers) {
      if (id === except) continue;
      sessions.get(id)?.send(event);
    }
  }

  /**
   * A document the newsroom follows that the library did not have is now
   * stored: the windows that opened it meanwhile (told it does not exist)
   * are subscribed, and hear its first state with everyone else.
   */
  function nowStored(entry: LoadedDocument): void {
    entry.stored = true;
    for (const session of takePendingSubscriptions(entry.name)) entry.subscribers.add(session);
  }

  function scheduleDerive(entry: LoadedDocument): void {
    const now = Date.now();
    entry.pendingSince ??= now;
    if (deriveAfter === null || disposed) return;
    if (entry.timer) clearTimeout(entry.timer);
    const delay = Math.max(0, Math.min(deriveAfter, entry.pendingSince + DERIVE_WITHIN_MS - now));
    entry.timer = setTimeout(() => {
      entry.timer = null;
      if (!options.isOpen()) return;
      try {
        deriveNow(entry);
      } catch (error) {
        // A full or read-only disk: the updates are in the log; derived again on the next edit or read.
        console.error(`[qelem documents] deriving ${entry.name} failed:`, error);
      }
    }, delay);
    entry.timer.unref?.();
  }

  function deriveNow(entry: LoadedDocument): boolean {
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    const through = store.lastLogged(entry.name);
    let changed = false;
    if (!entry.stored) return false;
    const parsed = entry.parsed;
    if (parsed.kind === 'version') {
      const content = viewOf(entry).read();
      const json = JSON.stringify(content);
      if (json !== entry.derivedContent) {
        const [issue] = bodyIssues(content.body, { maxIssues: 1 });
        if (issue) {
          // A body the editor cannot show (a hand-edited library, an older build, a newsroom's edit): the saved
          // version stays the last one that could be shown, and every read still answers. A window shows the
          // version's fallback; restoring a revision makes the document right again.
          console.error(`[qelem documents] ${entry.name} is not derived: ${issue.message} (at ${issue.path.join('.')}).`);
          entry.derivedContent = json;
        } else {
          try {
            // Its article not there yet (a newsroom brings the article document): derived when it is.
            if (!derive.version(parsed.articleId, parsed.lang, content)) return false;
            changed = true;
          } catch (error) {
            if (!(error instanceof RevisionLimitError)) throw error;
            // No revision number is left: the saved version stays as it is (saves of it are refused).
            console.error(`[qelem documents] ${entry.name} is not derived: ${error.message}`);
          }
          entry.derivedContent = json;
        }
      }
    } else if (parsed.kind === 'article') {
      const fields = readArticleFields(entry.doc);
      if (fields) {
        derive.article(parsed.articleId, fields);
        changed = true;
        // Its versions that waited for the article's row.
        for (const other of loaded.values()) if (other.parsed.kind === 'version' && other.parsed.articleId === parsed.articleId && other.pendingSince !== null) scheduleDerive(other);
      }
    } else {
      derive.shared?.(parsed.kind, entry.doc);
    }
    store.markDerived(entry.name, through);
    entry.pendingSince = null;
    if (store.wantsCompaction(entry.name)) store.compact(entry.name);
    // Every window hears of it: lists, the workspace and the article screen read the rows again.
    if (changed) for (const session of sessions.values()) session.send({ type: 'derived', articleIds: [articleIdOf(parsed)] });
    keepLoaded(entry);
    return changed;
  }

  /** Keeps a document in memory while a session has it open, and a while after its last use. */
  function keepLoaded(entry: LoadedDocument): void {
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
    entry.unloadTimer = null;
    if (disposed || entry.subscribers.size > 0 || entry.pins > 0) return;
    entry.unloadTimer = setTimeout(() => {
      if (entry.subscribers.size > 0 || entry.pins > 0) return;
      if (!options.isOpen()) return unload(entry);
      if (entry.pendingSince !== null) {
        try {
          deriveNow(entry);
        } catch {
          return keepLoaded(entry);
        }
      }
      unload(entry);
    }, UNLOAD_AFTER_MS);
    entry.unloadTimer.unref?.();
  }

  function unload(entry: LoadedDocument): void {
    if (entry.timer) clearTimeout(entry.timer);
    if (entry.unloadTimer) clearTimeout(entry.unloadTimer);
    dropView(entry);
    entry.awareness.destroy();
    entry.doc.destroy();
    loaded.delete(entry.name);
  }

  function requireLoaded(name: string): LoadedDocument {
    const entry = load(name);
    if (!entry) throw new ServiceError({ code: 'not_found', message: `No document ${name} in the library.` });
    return entry;
  }

  /** A window's update is at most MAX_UPDATE_BYTES; a whole document brought in (an import) at most MAX_DOCUMENT_BYTES. */
  function checkedUpdate(update: Uint8Array, limit = MAX_UPDATE_BYTES): void {
    if (update.length > limit) {
      throw new ServiceError({ code: 'invalid_input', message: `The update is larger than ${limit} bytes.` });
    }
    try {
      Y.decodeUpdate(update);
    } catch {
      throw new ServiceError({ code: 'invalid_input', message: 'The update is not a Yjs update.' });
    }
  }

  /** A state vector exactly as Yjs writes one (nothing left over), or invalid_input. */
  function checkedStateVector(bytes: Uint8Array): Uint8Array {
    let clocks: Map<number, number>;
    try {
      clocks = Y.decodeStateVector(bytes);
    } catch {
      clocks = new Map([[-1, -1]]);
    }
    const again = Y.encodeStateVector(clocks);
    if (clocks.has(-1) || again.length !== bytes.length || again.some((byte, i) => byte !== bytes[i])) {
      throw new ServiceError({ code: 'invalid_input', message: 'The state vector is not a Yjs state vector.' });
    }
    return bytes;
  }

  /** A document a window may open: an article's or a version's (the library and glossary are the main process's). */
  function parseForWindow(name: string) {
    const parsed = parseArticleDocName(name);
    if (!parsed) throw new ServiceError({ code: 'invalid_input', message: `Not a document a window opens: ${name.slice(0, 80)}` });
    return parsed;
  }

  function requireSession(session: string): Session {
    const found = sessions.get(session);
    if (!found) throw new ServiceError({ code: 'invalid_input', message: 'Unknown session: open the event stream first.' });
    return found;
  }

  /** Refuses an edit of a document the newsroom lets this library only read: the server would never take it. */
  function checkWritable(parsed: DocName, name: string): void {
    const reason = options.readOnly?.(parsed) ?? null;
    if (reason !== null) {
      throw new ServiceError({ code: 'read_only', message: `The newsroom lets this account only read ${name}: ${reason}.`, reason });
    }
  }

  /**
   * A local edit: undone from memory if it could not be appended, so memory never holds what the library lacks.
   * `start`: what the document starts with if the library does not have it yet (a version's deterministic start).
   */
  function localEdit<T>(entry: LoadedDocument, edit: () => T, start?: () => Uint8Array): T {
    checkWritable(entry.parsed, entry.name);
    const unborn = !entry.stored;
    if (unborn) {
      // A document the newsroom is bringing and nothing has arrived yet: stored now, its edit appended to it.
      store.create(entry.name, articleIdOf(entry.parsed), Y.encodeStateAsUpdate(entry.doc), true);
      nowStored(entry);
    }
    const updates: Uint8Array[] = [];
    entry.uncommitted = updates;
    let result: T;
    try {
      // Started as every machine starts it, so that two starting it at once make one start, not two.
      if (unborn && start) Y.applyUpdate(entry.doc, start(), APPLIED);
      result = edit();
      if (updates.length > 0) store.append(entry.name, updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates));
    } catch (error) {
      // Memory never holds what the library lacks: the document is read again from the library when next used.
      unload(entry);
      throw error;
    } finally {
      entry.uncommitted = null;
    }
    for (const update of updates) broadcast(entry, { type: 'update', name: entry.name, update: toBase64(update) }, null);
    if (updates.length > 0) scheduleDerive(entry);
    return result;
  }

  return {
    connect(send) {
      const id = randomUUID();
      sessions.set(id, { send, awareness: new Map() });
      send({ type: 'session', session: id });
      return id;
    },

    disconnect(session) {
      const found = sessions.get(session);
      if (!found) return;
      sessions.delete(session);
      for (const set of waiting.values()) set.delete(session);
      for (const entry of loaded.values()) {
        if (!entry.subscribers.delete(session)) continue;
        const clients = found.awareness.get(entry.name);
        if (clients && clients.size > 0) leave(entry, [...clients], session);
        keepLoaded(entry);
      }
    },

    hasSession: (session) => sessions.has(session),

    open(session, name, stateVector) {
      requireSession(session);
      const parsed = parseForWindow(name);
      if (!options.articleExists(parsed.articleId)) throw new ServiceError({ code: 'not_found', message: `No article with id ${parsed.articleId}.` });
      const entry = load(name);
      if (!entry || !entry.stored) {
        // Not created yet (a version nobody has written, here or, as far as the newsroom has said, anywhere):
        // the session hears of it when someone does, and starts it itself (as every machine does) if it writes first.
        pendingSubscriptions(name).add(session);
        return { exists: false, update: new Uint8Array(), stateVector: new Uint8Array([0]), awareness: null };
      }
      entry.subscribers.add(session);
      keepLoaded(entry);
      const update = Y.encodeStateAsUpdate(entry.doc, checkedStateVector(stateVector));
      const others = [...entry.awareness.getStates().keys()];
      return {
        exists: true,
        update,
        stateVector: Y.encodeStateVector(entry.doc),
        awareness: others.length > 0 ? encodeAwarenessUpdate(entry.awareness, others) : null,
      };
    },

    push(session, name, update) {
      requireSession(session);
      checkedUpdate(update);
      const parsed = parseForWindow(name);
      checkWritable(parsed, name);
      const refusal = options.refuseEdit?.(parsed) ?? null;
      if (refusal !== null) throw new ServiceError({ code: 'invalid_input', message: refusal, issues: [{ path: 'update', message: refusal }] });
      let entry = load(name);
      if (entry && !entry.stored) {
        // The newsroom is bringing it and nothing has arrived yet: stored with this first edit (which carries
        // the start), heard by the other windows waiting for it.
        const found = entry;
        tryVersionUpdate(found, update, () => {
          store.create(name, parsed.articleId, Y.mergeUpdates([Y.encodeStateAsUpdate(found.doc), update]));
          waiting.get(name)?.delete(session);
          nowStored(found);
          found.subscribers.add(session);
          Y.applyUpdate(found.doc, update, { session } satisfies SessionOrigin);
        });
        return;
      }
      if (!entry) {
        if (!options.articleExists(parsed.articleId)) throw new ServiceError({ code: 'not_found', message: `No article with id ${parsed.articleId}.` });
        if (parsed.kind === 'version') checkNewVersion(name, parsed.lang, update);
        // The first edit of a version creates its document (it carries the version's deterministic start).
        store.create(name, parsed.articleId, update);
        created.add(name);
        // The session that created it is told nothing it does not have (it waits among the others, or opens it now).
        waiting.get(name)?.delete(session);
        entry = requireLoaded(name);
        entry.subscribers.add(session);
        return;
      }
      entry.subscribers.add(session);
      const found = entry;
      tryVersionUpdate(found, update, () => {
        // Appended first: acknowledged means on disk. A failed append (full disk) applies nothing.
        store.append(name, update);
        Y.applyUpdate(found.doc, update, { session } satisfies SessionOrigin);
      });
    },

    pushAwareness(session, name, update) {
      const found = requireSession(session);
      const entry = loaded.get(name);
      if (!entry || !entry.subscribers.has(session)) {
        throw new ServiceError({ code: 'invalid_input', message: 'Presence in a document this session has not opened.' });
      }
      const before = new Set(entry.awareness.getStates().keys());
      try {
        applyAwarenessUpdate(entry.awareness, update, session);
      } catch {
        throw new ServiceError({ code: 'invalid_input', message: 'Not an awareness update.' });
      }
      const clients = found.awareness.get(name) ?? new Set<number>();
      for (const id of entry.awareness.getStates().keys()) if (!before.has(id)) clients.add(id);
      found.awareness.set(name, clients);
      broadcast(entry, { type: 'awareness', name, update: toBase64(update) }, session);
    },

    close(session, name) {
      requireSession(session);
      waiting.get(name)?.delete(session);
      const entry = loaded.get(name);
      if (!entry || !entry.subscribers.delete(session)) return;
      const clients = sessions.get(session)?.awareness.get(name);
      if (clients && clients.size > 0) leave(entry, [...clients], session);
      keepLoaded(entry);
    },

    create(name, state, { derived = false } = {}) {
      checkedUpdate(state, MAX_DOCUMENT_BYTES);
      const parsed = parse(name);
      checkWritable(parsed, name);
      if (!store.create(name, articleIdOf(parsed), state, derived)) return false;
      if (!derived) created.add(name);
      return true;
    },

    apply(name, update) {
      checkedUpdate(update, MAX_DOCUMENT_BYTES);
      const entry = requireLoaded(name);
      tryVersionUpdate(entry, update, () => localEdit(entry, () => Y.applyUpdate(entry.doc, update, APPLIED)));
    },

    editVersion(articleId, lang, edit) {
      const entry = requireLoaded(`article/${articleId}/${lang}`);
      return localEdit(
        entry,
        () => edit(viewOf(entry)),
        () => emptyVersionDocUpdate(articleId, lang),
      );
    },

    editArticle(articleId, edit) {
      const entry = requireLoaded(`article/${articleId}`);
      return localEdit(entry, () => edit(entry.doc));
    },

    editShared(name, edit) {
      let entry = load(name);
      if (!entry) {
        store.create(name, '', Y.encodeStateAsUpdate(new Y.Doc()), true);
        entry = requireLoaded(name);
      }
      const found = entry;
      return localEdit(found, () => edit(found.doc));
    },

    has(name) {
      return created.has(name) || load(name) !== null;
    },

    stateOf(name) {
      const entry = load(name);
      return entry ? Y.encodeStateAsUpdate(entry.doc) : null;
    },

    flush(articleId) {
      for (const name of [...created]) if (articleId === undefined || parseArticleDocName(name)?.articleId === articleId) load(name);
      // Only loaded documents can have edits not derived: those of a previous run were recovered at open.
      const todo = [...loaded.values()].filter((entry) => entry.pendingSince !== null && (articleId === undefined || articleIdOf(entry.parsed) === articleId));
      // The article document first (the shorter name): a version's row needs its article's row.
      for (const entry of todo.sort((a, b) => a.name.length - b.name.length)) deriveNow(entry);
    },

    recover() {
      for (const name of store.underived().sort((a, b) => a.length - b.length)) {
        const entry = load(name);
        if (entry) deriveNow(entry);
      }
    },

    pin(name) {
      let entry = load(name);
      if (!entry) {
        entry = attach(name, [], true);
        entry.stored = false;
      }
      entry.pins++;
      keepLoaded(entry);
      return entry.doc;
    },

    unpin(name) {
      const entry = loaded.get(name);
      if (!entry || entry.pins === 0) return;
      entry.pins--;
      if (entry.pins === 0 && !entry.stored && entry.subscribers.size === 0) unload(entry);
      else keepLoaded(entry);
    },

    awarenessOf(name) {
      return loaded.get(name)?.awareness ?? null;
    },

    windowClients(name) {
      const states = loaded.get(name)?.awareness.getStates();
      if (!states) return [];
      const clients = new Set<number>();
      for (const session of sessions.values()) for (const client of session.awareness.get(name) ?? []) if (states.has(client)) clients.add(client);
      return [...clients];
    },

    names() {
      return store.names();
    },

    notify(event) {
      for (const session of sessions.values()) session.send(event);
    },

    forget(names) {
      for (const name of names) {
        created.delete(name);
        const entry = loaded.get(name);
        if (entry) unload(entry);
      }
    },

    reset() {
      for (const entry of [...loaded.values()]) unload(entry);
      waiting.clear();
      created.clear();
    },

    dispose() {
      disposed = true;
      for (const entry of [...loaded.values()]) unload(entry);
      sessions.clear();
    },
  };

  /**
   * A window's presence ends: an empty state in its place, newer than its
   * last, goes to the other windows and to the newsroom (whose server drops
   * a removal passed on for someone else, but passes on an empty state);
   * nobody shows an empty state, and it times out everywhere like any other.
   */
  function leave(entry: LoadedDocument, clients: number[], session: string): void {
    const encoder = encoding.createEncoder();
    const present = clients.filter((client) => entry.awareness.getStates().has(client));
    encoding.writeVarUint(encoder, present.length);
    for (const client of present) {
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, (entry.awareness.meta.get(client)?.clock ?? 0) + 1);
      encoding.writeVarString(encoder, '{}');
    }
    if (present.length === 0) return;
    applyAwarenessUpdate(entry.awareness, encoding.toUint8Array(encoder), session);
    relayAwareness(entry, present, session);
  }

  function relayAwareness(entry: LoadedDocument, clients: number[], except: string | null): void {
    if (clients.length === 0) return;
    broadcast(entry, { type: 'awareness', name: entry.name, update: toBase64(encodeAwarenessUpdate(entry.awareness, clients)) }, except);
  }
}

const STORED = Symbol('stored');
const APPLIED = Symbol('applied');
/** The main process's own edit, made through a version's headless editor. */
const LOCAL = Symbol('local');
/** Bringing a version's headless editor up to date. */
const CATCH_UP = Symbol('catch-up');
/** An update tried on a version's headless editor before the document takes it (tryVersionUpdate). */
const TRIAL = Symbol('trial');

function isSessionOrigin(origin: unknown): origin is SessionOrigin {
  return typeof origin === 'object' && origin !== null && typeof (origin as SessionOrigin).session === 'string';
}

export { fromBase64, toBase64 };
