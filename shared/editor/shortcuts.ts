import { COMMAND_PRIORITY_NORMAL, defineExtension, KEY_DOWN_COMMAND, type LexicalEditor } from 'lexical';
import { SET_BLOCK_TYPE_COMMAND, type BlockType } from './block-type';
import { TOGGLE_BLOCK_DIRECTION_COMMAND } from './block-direction';

/**
 * Keyboard shortcuts beyond Lexical's own (Ctrl+B, Ctrl+I, Ctrl+U, Ctrl+Z,
 * Ctrl+Y / Ctrl+Shift+Z). Matched on `event.code` so they work the same on a
 * Kurdish or Arabic keyboard layout, where `event.key` is a Kurdish letter.
 */
export const SHORTCUTS: { code: string; shift: boolean; alt: boolean; action: BlockType | 'direction' | 'link' }[] = [
  { code: 'Digit0', shift: false, alt: true, action: 'paragraph' },
  { code: 'Digit2', shift: false, alt: true, action: 'h2' },
  { code: 'Digit3', shift: false, alt: true, action: 'h3' },
  { code: 'Digit7', shift: true, alt: false, action: 'number' },
  { code: 'Digit8', shift: true, alt: false, action: 'bullet' },
  { code: 'Digit9', shift: true, alt: false, action: 'quote' },
  { code: 'Digit9', shift: true, alt: true, action: 'pull-quote' },
  { code: 'KeyX', shift: true, alt: false, action: 'direction' },
  { code: 'KeyK', shift: false, alt: false, action: 'link' },
];

/** Human-readable form of a shortcut, for tooltips. */
export function shortcutLabel(action: (typeof SHORTCUTS)[number]['action'], isApple = false): string {
  const shortcut = SHORTCUTS.find((s) => s.action === action);
  if (!shortcut) return '';
  const parts = [isApple ? '⌘' : 'Ctrl', shortcut.alt ? (isApple ? '⌥' : 'Alt') : '', shortcut.shift ? 'Shift' : '', shortcut.code.replace(/^(Digit|Key)/, '')];
  return parts.filter(Boolean).join('+');
}

export function registerShortcuts(editor: LexicalEditor, onLink: (editor: LexicalEditor) => void): () => void {
  return editor.registerCommand(
    KEY_DOWN_COMMAND,
    (event) => {
      if (!(event.ctrlKey || event.metaKey)) return false;
      const shortcut = SHORTCUTS.find((s) => s.code === event.code && s.shift === event.shiftKey && s.alt === event.altKey);
      if (!shortcut) return false;
      event.preventDefault();
      if (shortcut.action === 'direction') editor.dispatchCommand(TOGGLE_BLOCK_DIRECTION_COMMAND, undefined);
      else if (shortcut.action === 'link') onLink(editor);
      else editor.dispatchCommand(SET_BLOCK_TYPE_COMMAND, shortcut.action);
      return true;
    },
    COMMAND_PRIORITY_NORMAL,
  );
}

/** Wired by the renderer, which owns the link dialog. */
export const ShortcutsExtension = defineExtension({
  name: '@qelem/editor/Shortcuts',
  config: { onLink: ((_editor: LexicalEditor) => undefined) as (editor: LexicalEditor) => void },
  register: (editor, config) => registerShortcuts(editor, config.onLink),
});
