import { $getRoot, defineExtension, HISTORY_MERGE_TAG, RootNode, safeCast, type LexicalEditor } from 'lexical';
import type { Direction } from '../languages';

/**
 * Keeps the root of a version's editor in the version's direction.
 * Lexical otherwise derives each block's direction from its first strong
 * character (dir="auto"), so a Sorani paragraph that starts with "ISIS" or
 * "2,500" would flip to left-to-right.
 */
export function registerRootDirection(editor: LexicalEditor, dir: Direction): () => void {
  return editor.registerNodeTransform(RootNode, (root) => {
    if (root.getDirection() !== dir) root.setDirection(dir);
  });
}

/** Sets the direction on the loaded state, which no transform sees; not an undo step. */
export function $applyRootDirection(dir: Direction): void {
  const root = $getRoot();
  if (root.getDirection() !== dir) root.setDirection(dir);
}

export const DirectionExtension = defineExtension({
  name: '@qelem/editor/Direction',
  config: safeCast<{ dir: Direction }>({ dir: 'ltr' }),
  register: (editor, config) => registerRootDirection(editor, config.dir),
  // After the initial state is in place (InitialStateExtension runs first).
  afterRegistration: (editor, config) => {
    editor.update(() => $applyRootDirection(config.dir), { discrete: true, tag: HISTORY_MERGE_TAG });
    return () => undefined;
  },
});
