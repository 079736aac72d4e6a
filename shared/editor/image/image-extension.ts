import { $getSelection, $isParagraphNode, $isRangeSelection, COMMAND_PRIORITY_EDITOR, createCommand, defineExtension, safeCast, type LexicalEditor } from 'lexical';
import { $insertNodeToNearestRoot, mergeRegister } from '@lexical/utils';
import { $topBlockOf } from '../block-type';
import type { ImageData } from './image-data';
import { $createImageNode, ImageNode, registerImageDecorator, type ImageDecorator } from './image-node';

export type InsertImagePayload = Pick<ImageData, 'sha256' | 'width' | 'height'> & Partial<ImageData>;

/** Inserts an image block at the selection (or at the end of the body when there is none). */
export const INSERT_IMAGE_COMMAND = createCommand<InsertImagePayload>('INSERT_IMAGE_COMMAND');

/**
 * Puts the image where the caret is, as a block of its own: an empty
 * paragraph at the caret is replaced, a paragraph with text is split.
 */
export function $insertImage(payload: InsertImagePayload): ImageNode {
  const image = $createImageNode(payload);
  const selection = $getSelection();
  if ($isRangeSelection(selection) && selection.isCollapsed()) {
    const block = $topBlockOf(selection.anchor.getNode());
    if ($isParagraphNode(block) && block.isEmpty() && block.getNextSibling() !== null) {
      block.replace(image);
      image.selectNext(0, 0);
      return image;
    }
  }
  return $insertNodeToNearestRoot(image);
}

export function registerImage(editor: LexicalEditor, decorate: ImageDecorator | null): () => void {
  return mergeRegister(
    editor.registerCommand(
      INSERT_IMAGE_COMMAND,
      (payload) => {
        $insertImage(payload);
        return true;
      },
      COMMAND_PRIORITY_EDITOR,
    ),
    decorate ? registerImageDecorator(editor, decorate) : () => undefined,
  );
}

/** Image blocks in the body. The renderer configures `decorate` with its React view; headless, images have none. */
export const ImageExtension = defineExtension({
  name: '@qelem/editor/Image',
  nodes: () => [ImageNode],
  config: safeCast<{ decorate: ImageDecorator | null }>({ decorate: null }),
  register: (editor, config) => registerImage(editor, config.decorate),
});
