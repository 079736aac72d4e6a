import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosaver, type SaveState } from '../../renderer/saving/autosave';
import { emptyBody, type ArticleVersion, type VersionContent } from '../../shared/article';
import { ApiError } from '../../shared/errors';

const content = (headline: string): VersionContent => ({ headline, standfirst: '', dateline: '', byline: '', leadImageCaption: '', leadImageAlt: '', body: emptyBody('ltr'), fieldLinks: {} });
const version = (c: VersionContent, revision: number): ArticleVersion => ({ ...c, lang: 'en', revision, updatedAt: new Date(0).toISOString() });

function harness(save: (c: VersionContent, base: number) => Promise<ArticleVersion>, baseRevision = 1) {
  const states: SaveState['kind'][] = [];
  const saver = new Autosaver({ save, baseRevision, onState: (s) => states.push(s.kind), delayMs: 500, retryMs: 2_000 });
  return { saver, states };
}

describe('Autosaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once, a moment after the last edit, on top of the latest revision', async () => {
    const save = vi.fn(async (c: VersionContent, base: number) => version(c, base + 1));
    const { saver, states } = harness(save);
    saver.update(content('a'));
    await vi.advanceTimersByTimeAsync(300);
    saver.update(content('ab'));
    await vi.advanceTimersByTimeAsync(300);
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(300);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenLastCalledWith(content('ab'), 1);
    expect(saver.revision).toBe(2);
    expect(states.at(-1)).toBe('saved');
    expect(saver.unsaved).toBeNull();
  });

  it('saves an edit made during a save right after it, with the new base revision', async () => {
    let release: () => void = () => undefined;
    const save = vi.fn((c: VersionContent, base: number) => new Promise<ArticleVersion>((resolve) => (release = () => resolve(version(c, base + 1)))));
    const { saver } = harness(save);
    saver.update(content('first'));
    await vi.advanceTimersByTimeAsync(500);
    saver.update(content('second'));
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect(save).toHaveBeenCalledTimes(2);
    expect(save).toHaveBeenLastCalledWith(content('second'), 2);
    release();
    await vi.advanceTimersByTimeAsync(10);
    expect(saver.current.kind).toBe('saved');
  });

  it('stops on a conflict, keeps the text, and does not retry', async () => {
    const save = vi.fn(async () => {
      throw new ApiError({ code: 'conflict', message: 'stale', currentRevision: 7 });
    });
    const { saver } = harness(save);
    saver.update(content('mine'));
    await vi.advanceTimersByTimeAsync(500);
    expect(saver.current).toEqual({ kind: 'conflict', currentRevision: 7 });
    saver.update(content('mine, more'));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(save).toHaveBeenCalledTimes(1);
    expect(saver.unsaved).toEqual(content('mine, more'));
  });

  it('keeps the text after a storage failure and retries until it is written', async () => {
    let fail = true;
    const save = vi.fn(async (c: VersionContent, base: number) => {
      if (fail) throw new ApiError({ code: 'storage_full', message: 'disk full' });
      return version(c, base + 1);
    });
    const { saver, states } = harness(save);
    saver.update(content('kept'));
    await vi.advanceTimersByTimeAsync(500);
    expect(saver.current.kind).toBe('failed');
    expect(saver.unsaved).toEqual(content('kept'));
    fail = false;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(saver.current.kind).toBe('saved');
    expect(states).toContain('failed');
  });

  it('tells the screen once that edits are pending, not on every keystroke', async () => {
    const save = vi.fn(async (c: VersionContent, base: number) => version(c, base + 1));
    const { saver, states } = harness(save);
    for (let i = 0; i < 50; i++) saver.update(content(`draft ${i}`));
    expect(states).toEqual(['unsaved']);
    await vi.advanceTimersByTimeAsync(500);
    expect(states).toEqual(['unsaved', 'saving', 'saved']);
  });

  it('builds the content only when it saves', async () => {
    const build = vi.fn(() => content('built late'));
    const save = vi.fn(async (c: VersionContent, base: number) => version(c, base + 1));
    const { saver } = harness(save);
    for (let i = 0; i < 20; i++) saver.update(build);
    expect(build).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(500);
    expect(build).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenLastCalledWith(content('built late'), 1);
  });

  it('flush saves immediately without waiting for the pause', async () => {
    const save = vi.fn(async (c: VersionContent, base: number) => version(c, base + 1));
    const { saver } = harness(save);
    saver.update(content('now'));
    await saver.flush();
    expect(save).toHaveBeenCalledTimes(1);
    expect(saver.current.kind).toBe('saved');
  });
});
