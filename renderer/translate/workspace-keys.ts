/**
 * The workspace's keyboard: matched on `event.code`, so the shortcuts sit on
 * the same keys under an English, Sorani or Badini keyboard layout.
 *
 * Ctrl+Enter            mark done, go to the next segment
 * Ctrl+Shift+Enter      approve, go to the next segment
 * Alt+↓ / Alt+↑         next / previous segment
 * Alt+Shift+↓ / ↑       next / previous unfinished segment (missing, draft, stale, orphaned)
 * Ctrl+Shift+S          copy the source into the target
 * Ctrl+1 … Ctrl+9       insert translation-memory match n
 * Ctrl+Shift+1 … 9      insert the glossary equivalent of term n
 * Ctrl+S                save now
 */
export type WorkspaceAction =
  | { kind: 'done' | 'approve' | 'next' | 'previous' | 'nextUnfinished' | 'previousUnfinished' | 'copySource' | 'save' }
  | { kind: 'match' | 'term'; index: number };

interface Keys {
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

export function workspaceAction(event: Keys): WorkspaceAction | null {
  // Cmd on a Mac is what Ctrl is elsewhere.
  const ctrl = event.ctrlKey || event.metaKey;
  const { altKey: alt, shiftKey: shift, code } = event;
  if (ctrl && !alt && (code === 'Enter' || code === 'NumpadEnter')) return { kind: shift ? 'approve' : 'done' };
  if (alt && !ctrl && (code === 'ArrowDown' || code === 'ArrowUp')) {
    const down = code === 'ArrowDown';
    if (shift) return { kind: down ? 'nextUnfinished' : 'previousUnfinished' };
    return { kind: down ? 'next' : 'previous' };
  }
  if (ctrl && !alt && code === 'KeyS') return { kind: shift ? 'copySource' : 'save' };
  const digit = /^(?:Digit|Numpad)([1-9])$/.exec(code);
  if (ctrl && !alt && digit?.[1]) return { kind: shift ? 'term' : 'match', index: Number(digit[1]) - 1 };
  return null;
}

/** The shortcuts the workspace shows, each with the key of its label in the interface resources. */
export const SHORTCUT_HELP = [
  { keys: 'Ctrl+Enter', label: 'done' },
  { keys: 'Ctrl+Shift+Enter', label: 'approve' },
  { keys: 'Alt+↓ / Alt+↑', label: 'move' },
  { keys: 'Alt+Shift+↓ / ↑', label: 'unfinished' },
  { keys: 'Ctrl+Shift+S', label: 'copySource' },
  { keys: 'Ctrl+1…9', label: 'match' },
  { keys: 'Ctrl+Shift+1…9', label: 'term' },
] as const;
