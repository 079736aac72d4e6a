import { $getSelection, COMMAND_PRIORITY_LOW, defineExtension, DRAGOVER_COMMAND, safeCast, type BaseSelection, type LexicalEditor } from 'lexical';
import { DRAG_DROP_PASTE } from '@lexical/rich-text';
import { mergeRegister } from '@lexical/utils';

export interface ImageDropConfig {
  /** Files dropped on the body or pasted alone, with the selection at the drop point (or caret) to insert them at. */
  onFiles: (files: File[], selection: BaseSelection | null, editor: LexicalEditor) => void;
}

function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

/**
 * Image files dropped on the body or pasted as files. Lexical's rich text
 * turns both into DRAG_DROP_PASTE (a drop after placing the caret at the drop
 * point; a paste only when the clipboard holds files and no text, which the
 * paste extension leaves alone), so one handler serves both. Reading and
 * storing the files is async: the renderer does it and then inserts.
 */
export function registerImageDrop(editor: LexicalEditor, config: ImageDropConfig): () => void {
  return mergeRegister(
    editor.registerCommand(
      DRAG_DROP_PASTE,
      (files) => {
        if (files.length === 0) return false;
        config.onFiles(files, $getSelection()?.clone() ?? null, editor);
        return true;
      },
      COMMAND_PRIORITY_LOW,
    ),
    // Before rich text's own handler, which lets a file drag through only when the body has a range selection:
    // accepting the drag is what makes the browser fire the drop here instead of opening the file.
    editor.registerCommand(
      DRAGOVER_COMMAND,
      (event) => {
        if (!carriesFiles(event)) return false;
        event.preventDefault();
        if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
        return true;
      },
      COMMAND_PRIORITY_LOW,
    ),
  );
}

export const ImageDropExtension = defineExtension({
  name: '@qelem/renderer/ImageDrop',
  config: safeCast<ImageDropConfig>({ onFiles: () => undefined }),
  register: (editor, config) => registerImageDrop(editor, config),
});
