import { buildEditorFromExtensions } from '@lexical/extension';
import { HistoryExtension } from '@lexical/history';
import { $createParagraphNode, $createTextNode, $getRoot, configExtension, type LexicalCommand, type LexicalEditor, type SerializedEditorState } from 'lexical';
import { articleBodyExtension } from '../../shared/editor/article-editor';
import type { LanguageKey } from '../../shared/languages';

/** A headless editor built from the app's own definition, with history on (it is off where there is no window). */
export function buildBody(lang: LanguageKey, initial: SerializedEditorState | null = null): LexicalEditor {
  return buildEditorFromExtensions(articleBodyExtension(lang, initial), configExtension(HistoryExtension, { disabled: false }));
}

/** Replaces the body with one paragraph per string and puts the caret at the end of the last. */
export function setParagraphs(editor: LexicalEditor, texts: string[]): void {
  editor.update(
    () => {
      const root = $getRoot().clear();
      for (const text of texts) root.append($createParagraphNode().append($createTextNode(text)));
      root.getLastDescendant()?.selectEnd();
    },
    { discrete: true },
  );
}

export function json(editor: LexicalEditor): SerializedEditorState {
  return editor.getEditorState().toJSON();
}

export function read<T>(editor: LexicalEditor, fn: () => T): T {
  return editor.getEditorState().read(fn);
}

/** Dispatches a command and commits its update before returning (commands otherwise commit on a microtask). */
export function dispatch<T>(editor: LexicalEditor, command: LexicalCommand<T>, payload: T): void {
  editor.update(() => void editor.dispatchCommand(command, payload), { discrete: true });
}
