import { $getSelection, $isRangeSelection, COMMAND_PRIORITY_EDITOR, createCommand, defineExtension, safeCast, type ElementNode, type LexicalEditor } from 'lexical';
import type { Direction } from '../languages';
import { $topBlockOf } from './block-type';

/**
 * An explicit direction on one block, overriding the version's direction
 * (say, an English quotation inside a Sorani article). `null` removes the
 * override, and the block follows the version again. Stored in the block's
 * serialized `direction`, so it is saved and exported.
 */
export const SET_BLOCK_DIRECTION_COMMAND = createCommand<Direction | null>('SET_BLOCK_DIRECTION_COMMAND');
/** Flips the selected blocks to the direction opposite the version's, or back. */
export const TOGGLE_BLOCK_DIRECTION_COMMAND = createCommand<void>('TOGGLE_BLOCK_DIRECTION_COMMAND');

function $selectedBlocks(): ElementNode[] {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return [];
  const blocks = new Map<string, ElementNode>();
  for (const node of [selection.anchor.getNode(), ...selection.getNodes(), selection.focus.getNode()]) {
    const block = $topBlockOf(node);
    if (block) blocks.set(block.getKey(), block);
  }
  return [...blocks.values()];
}

/** The override of the block at the caret: null when it follows the version. */
export function $selectedBlockDirection(): Direction | null {
  return $selectedBlocks()[0]?.getDirection() ?? null;
}

export function $setBlockDirection(direction: Direction | null): void {
  for (const block of $selectedBlocks()) block.setDirection(direction);
}

export function $toggleBlockDirection(versionDir: Direction): void {
  const current = $selectedBlockDirection();
  $setBlockDirection(current === null ? (versionDir === 'rtl' ? 'ltr' : 'rtl') : null);
}

export function registerBlockDirection(editor: LexicalEditor, versionDir: Direction): () => void {
  const unregisterSet = editor.registerCommand(
    SET_BLOCK_DIRECTION_COMMAND,
    (direction) => {
      $setBlockDirection(direction === versionDir ? null : direction);
      return true;
    },
    COMMAND_PRIORITY_EDITOR,
  );
  const unregisterToggle = editor.registerCommand(
    TOGGLE_BLOCK_DIRECTION_COMMAND,
    () => {
      $toggleBlockDirection(versionDir);
      return true;
    },
    COMMAND_PRIORITY_EDITOR,
  );
  return () => {
    unregisterSet();
    unregisterToggle();
  };
}

export const BlockDirectionExtension = defineExtension({
  name: '@qelem/editor/BlockDirection',
  config: safeCast<{ dir: Direction }>({ dir: 'ltr' }),
  register: (editor, config) => registerBlockDirection(editor, config.dir),
});
