import { buildEditorFromExtensions } from '@lexical/extension';
import { HistoryExtension } from '@lexical/history';
import { configExtension, type LexicalEditor } from 'lexical';
import * as Y from 'yjs';
import { versionContent, type Body, type VersionContent } from '../article';
import { articleBodyExtension } from '../editor/article-editor';
import type { BodyIssue } from '../editor/body-schema';
import { directionOf, type LanguageKey } from '../languages';
import { bindBody, type BodyBinding } from './body-binding';
import { $changedBodyIssues, recordBodyChanges, unreadableBody } from './body-check';
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
  /**
   * Applies `update` to the document with `origin`, and says what it broke:
   * the body rules (shared/editor/body-schema.ts) on the parts of the body
   * it changed (body-check.ts). Empty: the editor can show the result. A
   * non-empty answer leaves this document and editor holding the update:
   * callers that refuse it throw both away.
   */
  applyChecked(update: Uint8Array, origin: unknown): BodyIssue[];
  dispose(): void;
}

export interface BindVersionOptions {
  /** Told of a change from the document the editor cannot show, instead of an exception (BindBodyOptions.onError). */
  onError?: (error: Error) => void;
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
export function bindVersionDoc(doc: Y.Doc, lang: LanguageKey, options: BindVersionOptions = {}): VersionDocEditor {
  const editor = headlessBodyEditor(lang);
  const body: BodyBinding = bindBody(editor, doc, options.onError ? { onError: options.onError } : {});
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
    applyChecked(update, origin) {
      const recorded = recordBodyChanges(editor);
      try {
        Y.applyUpdate(doc, update, origin);
        // Whatever is still pending is committed (and recorded) first.
        editor.read(() => undefined);
        return editor.read(() => $changedBodyIssues(recorded.changes));
      } catch (error) {
        return [unreadableBody(error)];
      } finally {
        recorded.stop();
      }
    },
    dispose() {
      body.dispose();
      editor.setRootElement(null);
    },
  };
}
