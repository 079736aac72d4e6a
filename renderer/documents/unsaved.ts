import { fromBase64, toBase64 } from 'lib0/buffer';
import * as Y from 'yjs';
import { holdWindowLock, liveWindows, WINDOW_ID } from './window-lock';

/**
 * Edits not acknowledged yet, kept where a crash cannot take them: this
 * origin's localStorage, one entry per document and window,
 *   qelem-unsaved/<document name>/<window>  →  { at, update }
 * `update` is every local Yjs update the main process has not acknowledged,
 * merged into one. It is written when a local edit is made and removed when
 * all are acknowledged. A window that dies leaves its entry; the next window
 * to open that document offers it back, and restoring it is a merge (Yjs
 * updates apply in any order, any number of times).
 */
const PREFIX = 'qelem-unsaved/';
/** Entries older than this are dropped unseen. */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

export interface UnsavedEntry {
  key: string;
  name: string;
  owner: string;
  at: number;
  update: Uint8Array;
}

function storage(): Storage | null {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : null;
  } catch {
    return null; // storage disabled: no journal
  }
}

const keyOf = (name: string, owner: string) => `${PREFIX}${name}/${owner}`;

function parse(key: string, raw: string | null): UnsavedEntry | null {
  if (raw === null || !key.startsWith(PREFIX)) return null;
  const rest = key.slice(PREFIX.length);
  const slash = rest.lastIndexOf('/');
  if (slash <= 0) return null;
  try {
    const value = JSON.parse(raw) as { at?: unknown; update?: unknown };
    if (typeof value.at !== 'number' || typeof value.update !== 'string') return null;
    return { key, name: rest.slice(0, slash), owner: rest.slice(slash + 1), at: value.at, update: fromBase64(value.update) };
  } catch {
    return null;
  }
}

function keysOf(prefix: string): string[] {
  const store = storage();
  if (!store) return [];
  const keys: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const key = store.key(i);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  return keys;
}

/** This window's journal of one document. */
export class UnsavedJournal {
  private readonly key: string;

  constructor(readonly name: string) {
    this.key = keyOf(name, WINDOW_ID);
    void holdWindowLock();
  }

  /** Keeps `pending` (every update not acknowledged, merged); null: all acknowledged. */
  write(pending: Uint8Array | null): void {
    const store = storage();
    if (!store) return;
    if (pending === null) {
      store.removeItem(this.key);
      return;
    }
    const text = JSON.stringify({ at: Date.now(), update: toBase64(pending) });
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        store.setItem(this.key, text);
        return;
      } catch {
        // Over the quota: drop old entries of other documents and try once more; the journal is a safety net, never an error.
        if (attempt === 0) pruneUnsaved(0, this.key);
      }
    }
  }
}

/** Drops entries older than `maxAgeMs` (all but `keep` for 0). */
export function pruneUnsaved(maxAgeMs = MAX_AGE_MS, keep?: string): void {
  const store = storage();
  if (!store) return;
  const now = Date.now();
  for (const key of keysOf(PREFIX)) {
    if (key === keep) continue;
    const entry = parse(key, store.getItem(key));
    if (!entry || now - entry.at >= maxAgeMs) store.removeItem(key);
  }
}

/**
 * Edits to a document left by windows that are gone and not in `doc` yet:
 * one update (theirs merged) and when the newest was written, or null.
 * Entries whose edits `doc` already holds are removed on the way.
 */
export async function findUnsaved(name: string, doc: Y.Doc): Promise<{ update: Uint8Array; at: number } | null> {
  const store = storage();
  const live = await liveWindows();
  if (!store || !live) return null;
  const found: UnsavedEntry[] = [];
  for (const key of keysOf(`${PREFIX}${name}/`)) {
    const entry = parse(key, store.getItem(key));
    if (!entry || entry.name !== name) continue;
    if (live.has(entry.owner)) continue;
    if (addsTo(doc, entry.update)) found.push(entry);
    else store.removeItem(key);
  }
  if (found.length === 0) return null;
  return { update: Y.mergeUpdates(found.map((entry) => entry.update)), at: Math.max(...found.map((entry) => entry.at)) };
}

/** Removes the entries of windows that are gone for this document (restored or discarded). */
export async function forgetUnsaved(name: string): Promise<void> {
  const store = storage();
  const live = await liveWindows();
  if (!store || !live) return;
  for (const key of keysOf(`${PREFIX}${name}/`)) {
    const entry = parse(key, store.getItem(key));
    if (!entry || !live.has(entry.owner)) store.removeItem(key);
  }
}

/** Whether applying `update` would change `doc` (new items, or deletions it does not have): tried on a copy. */
function addsTo(doc: Y.Doc, update: Uint8Array): boolean {
  try {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateAsUpdate(copy);
    Y.applyUpdate(copy, update);
    const after = Y.encodeStateAsUpdate(copy);
    copy.destroy();
    return before.length !== after.length || before.some((byte, i) => byte !== after[i]);
  } catch {
    return false;
  }
}
