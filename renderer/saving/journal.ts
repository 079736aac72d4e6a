import type { VersionContent } from '../../shared/article';
import type { LanguageKey } from '../../shared/languages';

/**
 * The journal of unsaved text: what the editor holds that the library has not
 * acknowledged yet, kept in this origin's localStorage so that a crash (of the
 * window, the app, the computer's power after the browser wrote it out)
 * between a keystroke and the autosave does not lose it.
 *
 * One entry per version, per base revision and per window:
 *   qelem-journal/<article id>/<language>/<base revision>/<window>
 * holding { content, base, at, owner }. A window writes its entry a moment
 * after an edit (throttled, when the browser is idle: serialising a long body
 * on every keystroke would slow typing), moves it to the new base revision
 * when a save is acknowledged with newer edits pending, and removes it when
 * everything is saved.
 *
 * A window holds a Web Lock named after itself for as long as it lives. When
 * an article is opened, the entries of windows that no longer hold their lock
 * (crashed or closed with text unsaved) whose content differs from the saved
 * version are offered back; a live window's entries are its own business.
 */

const PREFIX = 'qelem-journal/';
/** How long after an edit the journal is written (at most this often while typing). */
export const JOURNAL_DELAY_MS = 300;
/** A long body takes a while to serialise: the pause before the next write is at least this many times the last write. */
const DELAY_PER_WRITE_MS = 20;
/** Entries older than this are dropped unseen. */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

export interface JournalEntry {
  key: string;
  articleId: string;
  lang: LanguageKey;
  base: number;
  owner: string;
  /** When it was written (ms since the epoch). */
  at: number;
  content: VersionContent;
}

/** This window, for as long as it lives. */
export const WINDOW_ID = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
const LOCK_PREFIX = 'qelem-journal-window:';
let lockHeld: Promise<void> | null = null;

/** Takes this window's lock (once); it is released only when the window goes away. */
function holdWindowLock(): Promise<void> {
  if (lockHeld) return lockHeld;
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return (lockHeld = Promise.resolve());
  lockHeld = new Promise<void>((acquired) => {
    void locks.request(`${LOCK_PREFIX}${WINDOW_ID}`, () => {
      acquired();
      return new Promise<never>(() => undefined);
    });
  });
  return lockHeld;
}

/** The windows alive now (those holding their lock), this one included. Null when Web Locks are missing: then none is offered. */
async function liveWindows(): Promise<Set<string> | null> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return null;
  await holdWindowLock();
  const state = await locks.query();
  const names = [...(state.held ?? []), ...(state.pending ?? [])].map((lock) => lock.name ?? '');
  return new Set(names.filter((name) => name.startsWith(LOCK_PREFIX)).map((name) => name.slice(LOCK_PREFIX.length)));
}

function storage(): Storage | null {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : null;
  } catch {
    return null; // storage disabled: no journal
  }
}

const keyOf = (articleId: string, lang: LanguageKey, base: number, owner: string) => `${PREFIX}${articleId}/${lang}/${base}/${owner}`;

function parse(key: string, raw: string | null): JournalEntry | null {
  if (raw === null) return null;
  const parts = key.slice(PREFIX.length).split('/');
  if (parts.length !== 4) return null;
  try {
    const value = JSON.parse(raw) as { at?: unknown; content?: unknown };
    if (typeof value.at !== 'number' || typeof value.content !== 'object' || value.content === null) return null;
    return { key, articleId: parts[0]!, lang: parts[1] as LanguageKey, base: Number(parts[2]), owner: parts[3]!, at: value.at, content: value.content as VersionContent };
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

function remove(keys: readonly string[]): void {
  const store = storage();
  for (const key of keys) store?.removeItem(key);
}

/** JSON with object keys sorted: the same content compares equal however its objects were built. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

const FIELDS = ['headline', 'standfirst', 'dateline', 'byline', 'leadImageCaption', 'leadImageAlt', 'body', 'fieldLinks'] as const;

/** True when two contents would save the same text. */
export function sameContent(a: Partial<VersionContent>, b: Partial<VersionContent>): boolean {
  const defaults: Record<string, unknown> = { byline: '', leadImageCaption: '', leadImageAlt: '', fieldLinks: {} };
  return FIELDS.every((field) => canonical(a[field] ?? defaults[field]) === canonical(b[field] ?? defaults[field]));
}

/**
 * Writes one version's journal for one window: told of every edit and of
 * every acknowledged save by its Autosaver.
 */
export class JournalWriter {
  private latest: { build: () => VersionContent; base: number } | null = null;
  private writtenKey: string | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private idle: number | null = null;
  private stopped = false;
  /** The pause before writing, grown for long bodies so the journal never takes more than about 5 % of the time spent typing. */
  private delay = JOURNAL_DELAY_MS;

  constructor(
    readonly articleId: string,
    readonly lang: LanguageKey,
  ) {
    void holdWindowLock();
  }

  /** An edit on top of `base`: written a moment later. */
  changed(build: () => VersionContent, base: number): void {
    if (this.stopped) return;
    this.latest = { build, base };
    if (this.timer === null && this.idle === null) this.timer = setTimeout(() => this.whenIdle(), this.delay);
  }

  /** A save was acknowledged at `revision`; `pending` is what was edited meanwhile (then kept on the new base). */
  saved(revision: number, pending: (() => VersionContent) | null): void {
    if (this.stopped) return;
    if (pending) {
      this.changed(pending, revision);
      return;
    }
    this.cancel();
    this.latest = null;
    if (this.writtenKey) remove([this.writtenKey]);
    this.writtenKey = null;
  }

  /** Writes now what is waiting (the window is being hidden or closed). */
  flush(): void {
    this.cancel();
    const latest = this.latest;
    const store = storage();
    if (!latest || !store || this.stopped) return;
    this.latest = null;
    const key = keyOf(this.articleId, this.lang, latest.base, WINDOW_ID);
    let text: string;
    const started = performance.now();
    try {
      text = JSON.stringify({ at: Date.now(), content: latest.build() });
    } catch {
      return;
    }
    this.delay = Math.min(5_000, Math.max(JOURNAL_DELAY_MS, DELAY_PER_WRITE_MS * (performance.now() - started)));
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        store.setItem(key, text);
        if (this.writtenKey && this.writtenKey !== key) remove([this.writtenKey]);
        this.writtenKey = key;
        return;
      } catch {
        // Over the quota: drop the oldest entries of other versions and try once more; the journal is a safety net, never an error.
        if (attempt === 0) pruneJournal(0, key);
      }
    }
  }

  /** Forgets this version's unsaved text (the user chose another version of it): nothing is written any more. */
  discard(): void {
    this.cancel();
    this.latest = null;
    this.stopped = true;
    if (this.writtenKey) remove([this.writtenKey]);
    this.writtenKey = null;
  }

  /** The editor goes away: what is waiting is written (its save may not have gone through), then nothing more. */
  dispose(): void {
    if (!this.stopped) this.flush();
    this.stopped = true;
  }

  private whenIdle(): void {
    this.timer = null;
    const run = () => {
      this.idle = null;
      this.flush();
    };
    if (typeof requestIdleCallback === 'function') this.idle = requestIdleCallback(run, { timeout: 700 });
    else run();
  }

  private cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.idle !== null && typeof cancelIdleCallback === 'function') cancelIdleCallback(this.idle);
    this.timer = null;
    this.idle = null;
  }
}

/** The journal writers of this window, so a page being hidden or closed can write them all at once. */
const writers = new Set<JournalWriter>();

export function createJournalWriter(articleId: string, lang: LanguageKey): JournalWriter {
  const writer = new JournalWriter(articleId, lang);
  writers.add(writer);
  const dispose = writer.dispose.bind(writer);
  writer.dispose = () => {
    writers.delete(writer);
    dispose();
  };
  return writer;
}

/** Writes every waiting journal entry of this window now (page hidden, about to close). */
export function flushJournals(): void {
  for (const writer of writers) writer.flush();
}

/** Drops entries older than `maxAgeMs` (all of them but `keep` for 0). */
export function pruneJournal(maxAgeMs = MAX_AGE_MS, keep?: string): void {
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
 * Unsaved text of a version left by a window that is gone: the newest entry
 * whose content differs from what the library holds now. Entries that hold
 * exactly the saved text are removed on the way.
 */
export async function findUnsaved(articleId: string, lang: LanguageKey, saved: Partial<VersionContent> | undefined): Promise<JournalEntry | null> {
  const store = storage();
  if (!store) return null;
  const live = await liveWindows();
  if (!live) return null;
  const entries = keysOf(`${PREFIX}${articleId}/${lang}/`)
    .map((key) => parse(key, store.getItem(key)))
    .filter((entry): entry is JournalEntry => entry !== null && !live.has(entry.owner));
  const unsaved: JournalEntry[] = [];
  for (const entry of entries) {
    if (saved && sameContent(entry.content, saved)) store.removeItem(entry.key);
    else unsaved.push(entry);
  }
  return unsaved.sort((a, b) => b.at - a.at)[0] ?? null;
}

/** Removes the entries of windows that are gone for this version (once the user restored or discarded their text). */
export async function forgetUnsaved(articleId: string, lang: LanguageKey): Promise<void> {
  const live = await liveWindows();
  const store = storage();
  if (!store || !live) return;
  remove(
    keysOf(`${PREFIX}${articleId}/${lang}/`).filter((key) => {
      const entry = parse(key, store.getItem(key));
      return !entry || !live.has(entry.owner);
    }),
  );
}
