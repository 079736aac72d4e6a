import { buildEditorFromExtensions } from '@lexical/extension';
import { HistoryExtension } from '@lexical/history';
import { configExtension, type LexicalEditor } from 'lexical';
import type * as Y from 'yjs';
import { versionContent, type Body, type VersionContent } from '../article';
import { articleBodyExtension } from '../editor/article-editor';
import { directionOf, type LanguageKey } from '../languages';
import { bindBody, type BodyBinding } from './body-binding';
import { $reconcileBody, writeFields } from './reconcile';
import { readFields } from './version-doc';

/**
 * A version document with a headless body editor bound to it: what the main
 * process derives the saved version from, and what the translation
 * workspace writes its rows through. The editor is the app's own body
 * definition without its history (the binding's undo manager replaces it
 * where there is a person to undo).
 */
export interface VersionDocEditor {
  readonly doc: Y.Doc;
  readonly editor: LexicalEditor;
  /** The version's content as the document holds it now. */
  read(): VersionContent;
  /**
   * Makes the document hold `content` (the parts given), as the smallest
   * edits (./reconcile.ts): the fields in a transaction with `origin`, the
   * body in one of the binding's.
   */
  write(content: Partial<VersionContent>, origin?: unknown): void;
  dispose(): void;
}

export function headlessBodyEditor(lang: LanguageKey): LexicalEditor {
  return buildEditorFromExtensions(articleBodyExtension(lang, null), configExtension(HistoryExtension, { disabled: true }));
}

/**
 * Binds a headless editor to `doc`. The document must be empty or already
 * hold what the editor is to show through the binding: bind first, then
 * apply stored state (a binding does not render what a document held
 * before it was created).
 */
export function bindVersionDoc(doc: Y.Doc, lang: LanguageKey): VersionDocEditor {
  const editor = headlessBodyEditor(lang);
  const body: BodyBinding = bindBody(editor, doc);
  return {
    doc,
    editor,
    read() {
      // read() commits what is pending first.
      const json = editor.read(() => editor.getEditorState().toJSON()) as unknown as Body;
      const fields = readFields(doc);
      // A document without a body yet (nothing written) reads as the empty body of its language.
      return { ...fields, body: json.root.children.length > 0 ? json : versionContent(undefined, directionOf(lang)).body };
    },
    write(content, origin) {
      writeFields(doc, content, origin);
      // The body in a transaction of its own, the binding's: inside another origin's, the binding's
      // observer would take its own edit for a remote one and apply it to the editor a second time.
      if (content.body) editor.update(() => $reconcileBody(content.body as Body), { discrete: true, skipTransforms: true });
    },
    dispose() {
      body.dispose();
      editor.setRootElement(null);
    },
  };
}
