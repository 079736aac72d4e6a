import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { GLOSSARY_DOC, LIBRARY_DOC, articleDocName, parseDocName, versionDocName, type DocName } from '../../../shared/collab/doc-names';
import { listArticles, listedArticleIds } from '../../../shared/collab/library-doc';
import { readOnlyReason } from '../../../shared/collab/roles';
import { LANGUAGE_KEYS, isLanguageKey } from '../../../shared/languages';
import { isLoopbackUrl, normalizeNewsroomUrl, type NewsroomIdentity, type NewsroomRefusal, type NewsroomStatus } from '../../../shared/newsroom';
import type { LibraryContext } from '../context';
import { ServiceError } from '../service-error';
import { NewsroomConnection } from './connection';
import { join, toDocument, toTable } from './glossary-mirror';
import { fetchIdentity } from './identity';
import type { SecretStore } from './secrets';
import { NewsroomStateSchema, newsroomFile, readNewsroomState, removeNewsroomState, writeNewsroomState, type NewsroomState } from './state';

/**
 * The library's newsroom: which server, as whom, and the background sync of
 * every document of the library with it (./connection.ts), whether an
 * article is open or not.
 *
 * What is synced: the newsroom's `library` document (the list of articles),
 * its `glossary`, and for every article listed its `article/<id>` and its
 * three version documents. Articles made here are listed (when the role may
 * create articles); articles listed by others arrive as documents and
 * become rows here as their documents are derived (services/context.ts).
 *
 * Offline first: the documents live in the library whether the server is
 * there or not; edits made meanwhile, across restarts, are what the
 * server lacks when it comes back, and the providers' sync sends them.
 */
export interface NewsroomOptions {
  secrets: SecretStore;
  /** The WebSocket class for the connection (default the global one). */
  WebSocket?: unknown;
  fetch?: typeof fetch;
  /** How often the list of articles is compared with the library's (ms). */
  reconcileMs?: number;
  maxRetryDelayMs?: number;
}

export interface Newsroom {
  status(): NewsroomStatus;
  /** Connects to a server (a new one, or the same with a new token); refusals come back in the status. */
  connect(input: { url: string; token?: string; allowUnencrypted: boolean }): Promise<NewsroomStatus>;
  /** Stops syncing and forgets the server and token (the library keeps every document). */
  disconnect(): NewsroomStatus;
  /** The documents in memory were replaced (a backup restored): sync starts over on them. */
  restart(): void;
  dispose(): void;
}

const STATE_WRITE_DELAY_MS = 2_000;
const NOTIFY_DELAY_MS = 200;

export function createNewsroom(context: LibraryContext, options: NewsroomOptions): Newsroom {
  const { documents } = context;
  const file = newsroomFile(context.library.dir);
  let state: NewsroomState = readNewsroomState(file);
  let connection: NewsroomConnection | null = null;
  let refusal: NewsroomRefusal | null = null;
  let reconcileTimer: ReturnType<typeof setInterval> | null = null;
  let stateTimer: ReturnType<typeof setTimeout> | null = null;
  let notifyTimer: ReturnType<typeof setTimeout> | null = null;
  let offLibrary: (() => void) | null = null;
  let disposed = false;

  function saveStateSoon(): void {
    if (stateTimer || disposed) return;
    stateTimer = setTimeout(saveState, STATE_WRITE_DELAY_MS);
    stateTimer.unref?.();
  }

  function saveState(): void {
    if (stateTimer) clearTimeout(stateTimer);
    stateTimer = null;
    try {
      if (state.url === null) removeNewsroomState(file);
      else writeNewsroomState(file, state);
    } catch (error) {
      // Only what is known of the sync is lost (it is found again at the next sync), never an edit.
      console.error('[qelem newsroom] could not write the newsroom state:', error);
    }
  }

  /** Windows hear that the status changed, at most every NOTIFY_DELAY_MS. */
  function notifySoon(): void {
    if (notifyTimer || disposed) return;
    notifyTimer = setTimeout(() => {
      notifyTimer = null;
      documents.notify({ type: 'newsroom' });
    }, NOTIFY_DELAY_MS);
    notifyTimer.unref?.();
  }

  function applyRole(identity: NewsroomIdentity | null): void {
    context.setReadOnlyRule(identity ? (doc) => reasonFor(identity, doc) : null);
  }

  function reasonFor(identity: NewsroomIdentity, doc: DocName): string | null {
    const row = doc.kind === 'version' ? context.articles.row(doc.articleId) : undefined;
    const sourceLang = row && isLanguageKey(row.source_lang) ? row.source_lang : null;
    return readOnlyReason(identity.role, doc, sourceLang);
  }

  function setIdentity(identity: NewsroomIdentity): void {
    const changed = state.identity?.name !== identity.name || state.identity?.role !== identity.role;
    state = { ...state, identity };
    applyRole(identity);
    if (changed) {
      saveState();
      notifySoon();
    }
  }

  /** Whether this account may write a document; while the server has never said who it is, yes (the server decides). */
  function mayWrite(doc: DocName): boolean {
    return state.identity === null || reasonFor(state.identity, doc) === null;
  }

  /** What the server lacks of a followed document: anything beyond the state vector it was last known to hold. */
  function hasUnsent(name: string): boolean {
    const doc = connection?.docOf(name);
    if (!doc) return false;
    const known = state.confirmed[name];
    const now = Y.decodeStateVector(Y.encodeStateVector(doc));
    if (known === undefined) return now.size > 0;
    let server: Map<number, number>;
    try {
      server = Y.decodeStateVector(fromBase64(known));
    } catch {
      return true;
    }
    for (const [client, clock] of now) if (clock > (server.get(client) ?? 0)) return true;
    return false;
  }

  function start(token: string): void {
    if (!state.url) return;
    stopConnection();
    refusal = null;
    applyRole(state.identity);
    const url = state.url;
    const current = new NewsroomConnection({
      url,
      token,
      documents,
      WebSocket: options.WebSocket,
      maxRetryDelayMs: options.maxRetryDelayMs,
      events: {
        changed() {
          if (current !== connection) return;
          const sync = current.syncState();
          if (current.state === 'connected' && sync.pending.length === 0) {
            state = { ...state, lastSyncAt: new Date().toISOString() };
            saveStateSoon();
          }
          notifySoon();
        },
        refused(why) {
          if (current !== connection) return;
          refusal = why;
          stopConnection();
          notifySoon();
        },
        connected() {
          // Who this is, asked again each time (a new role closes the account's connections; the server may
          // have been unreachable when the newsroom was set up).
          if (current === connection) void refreshIdentity(url, token);
        },
        readOnly(name) {
          const parsed = parseDocName(name);
          if (current === connection && parsed && mayWrite(parsed)) void refreshIdentity(url, token);
        },
        confirmed(name, doc) {
          state.confirmed[name] = toBase64(Y.encodeStateVector(doc));
          saveStateSoon();
          if (name === GLOSSARY_DOC) glossaryInSync(doc);
        },
      },
    });
    connection = current;
    current.follow(LIBRARY_DOC);
    current.follow(GLOSSARY_DOC);
    const library = current.docOf(LIBRARY_DOC);
    if (library) {
      const onChange = () => reconcileSoon();
      library.on('update', onChange);
      offLibrary = () => library.off('update', onChange);
    }
    reconcile();
    reconcileTimer = setInterval(reconcile, options.reconcileMs ?? 1_000);
    reconcileTimer.unref?.();
    void refreshIdentity(url, token);
    notifySoon();
  }

  let reconcileQueued = false;
  function reconcileSoon(): void {
    if (reconcileQueued) return;
    reconcileQueued = true;
    queueMicrotask(() => {
      reconcileQueued = false;
      reconcile();
    });
  }

  /** Lists the library's articles the newsroom lacks (if this role may) and follows every listed article's documents. */
  function reconcile(): void {
    const current = connection;
    if (!current || disposed || !context.db.isOpen) return;
    try {
      const library = current.docOf(LIBRARY_DOC);
      if (!library) return;
      const local = context.articles.ids();
      if (mayWrite({ kind: 'library' })) {
        const listed = new Set(listedArticleIds(library));
        const missing = local.filter((id) => !listed.has(id));
        if (missing.length > 0) documents.editShared('library', (doc) => listArticles(doc, missing, new Date().toISOString()));
      }
      for (const id of listedArticleIds(library)) {
        current.follow(articleDocName(id));
        for (const lang of LANGUAGE_KEYS) current.follow(versionDocName(id, lang));
      }
    } catch (error) {
      console.error('[qelem newsroom] could not compare the list of articles:', error);
    }
  }

  function glossaryInSync(doc: Y.Doc): void {
    // Joined only once the server has said who this is: a reporter's entries would be refused.
    if (state.glossaryJoined || state.identity === null || !mayWrite({ kind: 'glossary' })) return;
    try {
      documents.editShared('glossary', (shared) => join(context, shared));
      state = { ...state, glossaryJoined: true };
      saveStateSoon();
      glossaryToTable(doc);
    } catch (error) {
      console.error('[qelem newsroom] could not add the glossary to the newsroom:', error);
    }
  }

  function glossaryToTable(doc: Y.Doc): void {
    // Before joining, the newsroom's entries are added and none of ours removed.
    const exact = state.glossaryJoined || (state.identity !== null && !mayWrite({ kind: 'glossary' }));
    if (toTable(context, doc, exact)) documents.notify({ type: 'newsroom', glossary: true });
  }

  const offShared = context.onSharedDocument((name, doc) => {
    if (name === 'glossary' && connection) glossaryToTable(doc);
  });

  const offGlossary = context.onGlossaryWritten((change) => {
    if (!state.url) return;
    documents.editShared('glossary', (doc) => toDocument(doc, change));
  });

  async function refreshIdentity(url: string, token: string): Promise<void> {
    const answer = await fetchIdentity(url, token, options.fetch);
    if (disposed || state.url !== url) return;
    if (answer.ok) setIdentity(answer.identity);
    else if ('refusal' in answer) {
      refusal = answer.refusal;
      stopConnection();
      notifySoon();
    }
  }

  function stopConnection(): void {
    offLibrary?.();
    offLibrary = null;
    if (reconcileTimer) clearInterval(reconcileTimer);
    reconcileTimer = null;
    connection?.stop();
    connection = null;
  }

  function status(): NewsroomStatus {
    const sync = connection?.syncState() ?? { documents: 0, pending: [] };
    const unsynced = new Set<string>();
    for (const name of sync.pending) {
      const parsed = parseDocName(name);
      if (parsed && (parsed.kind === 'article' || parsed.kind === 'version') && hasUnsent(name)) unsynced.add(parsed.articleId);
    }
    return {
      state: state.url === null ? 'off' : refusal !== null ? 'refused' : connection ? connection.state : 'offline',
      url: state.url,
      allowUnencrypted: state.allowUnencrypted,
      refusal,
      identity: state.identity,
      lastSyncAt: state.lastSyncAt,
      unsyncedArticleIds: [...unsynced].sort(),
      documents: sync.documents,
      pendingDocuments: sync.pending.length,
      tokenRemembered: state.url !== null && options.secrets.remembers(),
    };
  }

  // A newsroom set up in an earlier run: syncing again at once, offline or not.
  const stored = state.url ? options.secrets.read() : null;
  if (stored) start(stored);
  else {
    applyRole(state.identity);
    // Set up, but the token is gone (kept by another user account, or its encryption key changed): asked for again.
    if (state.url) refusal = 'token';
  }

  return {
    status,

    async connect({ url: typed, token: given, allowUnencrypted }) {
      const url = normalizeNewsroomUrl(typed);
      if (url === null) throw new ServiceError({ code: 'invalid_input', message: 'Not a newsroom address.', issues: [{ path: 'url', message: 'A newsroom address looks like wss://newsroom.example.org' }] });
      const token = given ?? (url === state.url ? options.secrets.read() : null);
      if (!token) throw new ServiceError({ code: 'invalid_input', message: 'A token is needed.', issues: [{ path: 'token', message: 'A token is needed to connect.' }] });
      if (url.startsWith('ws:') && !isLoopbackUrl(url) && !allowUnencrypted) {
        // Nothing sent: a token must not cross the network in the clear unless the user said so.
        return { ...status(), state: 'refused', refusal: 'unencrypted', url, allowUnencrypted };
      }
      const answer = await fetchIdentity(url, token, options.fetch);
      if (!answer.ok && 'refusal' in answer) return { ...status(), state: 'refused', refusal: answer.refusal, url, allowUnencrypted };
      try {
        options.secrets.write(token);
      } catch (error) {
        throw new ServiceError({ code: 'storage', message: `The token could not be kept: ${error instanceof Error ? error.message : String(error)}` });
      }
      const sameServer = url === state.url;
      state = {
        ...state,
        url,
        allowUnencrypted,
        identity: answer.ok ? answer.identity : sameServer ? state.identity : null,
        lastSyncAt: sameServer ? state.lastSyncAt : null,
        confirmed: sameServer ? state.confirmed : {},
        glossaryJoined: sameServer ? state.glossaryJoined : false,
      };
      saveState();
      start(token);
      return status();
    },

    disconnect() {
      stopConnection();
      refusal = null;
      options.secrets.clear();
      state = NewsroomStateSchema.parse({});
      applyRole(null);
      saveState();
      notifySoon();
      return status();
    },

    restart() {
      const token = options.secrets.read();
      if (connection && token) start(token);
    },

    dispose() {
      disposed = true;
      offShared();
      offGlossary();
      stopConnection();
      if (stateTimer) saveState();
      if (notifyTimer) clearTimeout(notifyTimer);
    },
  };
}
