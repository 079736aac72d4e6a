/**
 * This window's Web Lock, held for as long as the window lives: another
 * window can then tell a window that is gone (crashed, closed with edits not
 * acknowledged) from one still open, and offer back only the former's text.
 */

/** This window, for as long as it lives. */
export const WINDOW_ID = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
const LOCK_PREFIX = 'qelem-window:';
let lockHeld: Promise<void> | null = null;

/** Takes this window's lock (once); it is released only when the window goes away. */
export function holdWindowLock(): Promise<void> {
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
export async function liveWindows(): Promise<Set<string> | null> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks) return null;
  await holdWindowLock();
  const state = await locks.query();
  const names = [...(state.held ?? []), ...(state.pending ?? [])].map((lock) => lock.name ?? '');
  return new Set(names.filter((name) => name.startsWith(LOCK_PREFIX)).map((name) => name.slice(LOCK_PREFIX.length)));
}
