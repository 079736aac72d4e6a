import { ApiError } from '../../shared/errors';
import type { ArticleVersion, VersionContent } from '../../shared/article';

export type SaveState =
  | { kind: 'saved' }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'conflict'; currentRevision: number };

/**
 * Where unsaved text is kept in case the window dies before it is saved
 * (journal.ts JournalWriter): told of every edit and every acknowledged save.
 */
export interface UnsavedJournal {
  /** An edit on top of `baseRevision`, built only when the journal writes it. */
  changed(build: () => VersionContent, baseRevision: number): void;
  /** A save was acknowledged at `revision`; `pending` is what was edited meanwhile, if anything. */
  saved(revision: number, pending: (() => VersionContent) | null): void;
  /** The text was dropped on purpose (another version was chosen): forget it. */
  discard(): void;
  /** The editor goes away: write what is waiting, then stop. */
  dispose(): void;
}

export interface AutosaverOptions {
  /** Writes the content on top of `baseRevision`; resolves with the new version. */
  save: (content: VersionContent, baseRevision: number) => Promise<ArticleVersion>;
  baseRevision: number;
  onState: (state: SaveState) => void;
  onSaved?: (version: ArticleVersion) => void;
  /** Keeps what is not saved yet where a crash cannot take it. */
  journal?: UnsavedJournal;
  delayMs?: number;
  retryMs?: number;
}

/**
 * Saves a version a moment after typing stops. One save is in flight at a
 * time; edits made meanwhile are saved right after it. A conflict stops
 * autosaving until the user chooses what to do; any other failure keeps the
 * text and retries, so nothing typed is dropped.
 */
export class Autosaver {
  /** The latest edit not yet acknowledged, built only when it is saved (serialising a long body on every keystroke is what slows typing). */
  private pending: (() => VersionContent) | null = null;
  private baseRevision: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight: Promise<void> | null = null;
  private stopped = false;
  private state: SaveState = { kind: 'saved' };
  private readonly options: Required<Omit<AutosaverOptions, 'onSaved' | 'journal'>> & Pick<AutosaverOptions, 'onSaved' | 'journal'>;

  constructor(options: AutosaverOptions) {
    this.options = { delayMs: 800, retryMs: 5_000, ...options };
    this.baseRevision = options.baseRevision;
  }

  get revision(): number {
    return this.baseRevision;
  }

  get current(): SaveState {
    return this.state;
  }

  /** The latest content not yet acknowledged by the library, if any. */
  get unsaved(): VersionContent | null {
    return this.pending ? this.pending() : null;
  }

  /** Records an edit (the content, or a function that builds it when needed) and schedules a save. */
  update(content: VersionContent | (() => VersionContent)): void {
    const pending = typeof content === 'function' ? content : () => content;
    this.pending = pending;
    // Journaled in a conflict too: what is typed then is not saved either.
    this.options.journal?.changed(pending, this.baseRevision);
    if (this.state.kind === 'conflict') return;
    if (this.state.kind !== 'saving') this.setState({ kind: 'unsaved' });
    this.schedule(this.options.delayMs);
  }

  /** Saves now what is pending (Ctrl+S, switching away, closing). */
  async flush(): Promise<void> {
    this.clearTimer();
    if (this.inFlight) await this.inFlight;
    if (this.pending && this.state.kind !== 'conflict') await this.run();
  }

  dispose(): void {
    this.stopped = true;
    this.clearTimer();
    this.options.journal?.dispose();
  }

  /** Drops the unsaved edit, from the journal too (the user reloaded the other window's version or kept theirs as a copy). */
  discardUnsaved(): void {
    this.pending = null;
    this.clearTimer();
    this.options.journal?.discard();
  }

  private schedule(delay: number): void {
    this.clearTimer();
    if (!this.stopped) this.timer = setTimeout(() => void this.run(), delay);
  }

  private clearTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private setState(state: SaveState): void {
    // Every keystroke asks for "unsaved": tell the screen only when the state really changes,
    // or it re-renders on every key (the benchmark's biggest typing cost).
    if (state.kind === this.state.kind && (state.kind === 'unsaved' || state.kind === 'saving' || state.kind === 'saved')) return;
    this.state = state;
    this.options.onState(state);
  }

  private async run(): Promise<void> {
    if (this.inFlight) return this.inFlight; // the edit is picked up when the running save ends
    const snapshot = this.pending;
    if (!snapshot || this.state.kind === 'conflict') return;
    const content = snapshot();
    this.setState({ kind: 'saving' });
    this.inFlight = (async () => {
      try {
        const version = await this.options.save(content, this.baseRevision);
        this.baseRevision = version.revision;
        if (this.pending === snapshot) this.pending = null;
        this.options.journal?.saved(version.revision, this.pending);
        this.options.onSaved?.(version);
        if (this.pending) {
          this.setState({ kind: 'unsaved' });
          this.schedule(0);
        } else {
          this.setState({ kind: 'saved' });
        }
      } catch (error) {
        if (error instanceof ApiError && error.code === 'conflict') {
          this.clearTimer();
          this.setState({ kind: 'conflict', currentRevision: error.body.currentRevision ?? this.baseRevision });
        } else {
          this.setState({ kind: 'failed', error });
          this.schedule(this.options.retryMs);
        }
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }
}
