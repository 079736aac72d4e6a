import { $getRoot, $getSelection, $isElementNode, $isRangeSelection, $isTextNode, type LexicalNode } from 'lexical';
import * as Y from 'yjs';
import { bindVersionDoc, type VersionDocEditor } from '../shared/collab/version-editor';
import type { LanguageKey } from '../shared/languages';

/**
 * Typing into a version document as a window does, for the bench and the
 * tests: a replica Y.Doc bound to the app's body editor (headless), so each
 * keystroke makes the Yjs update the renderer's binding makes for it.
 */

/** Applied from the main process: not a keystroke of this replica. */
const REMOTE = Symbol('remote');

/**
 * A window's replica of a version document, typed into through the app's
 * body editor (headless) bound to it: every keystroke makes the Yjs update
 * the renderer's binding makes for it.
 */
export class Typist {
  readonly doc = new Y.Doc();
  readonly view: VersionDocEditor;

  constructor(lang: LanguageKey) {
    // Bound while empty, then filled: a binding renders only what arrives after it.
    this.view = bindVersionDoc(this.doc, lang);
  }

  /** What the main process sent (the document as opened, or others' edits). */
  receive(update: Uint8Array): void {
    Y.applyUpdate(this.doc, update, REMOTE);
  }

  get blocks(): number {
    return this.view.editor.getEditorState().read(() => $getRoot().getChildrenSize());
  }

  /** Puts the caret `at` (0…1) of the way into the text of block `block`: no edit, no update. */
  place(block: number, at: number): void {
    this.view.editor.update(
      () => {
        const root = $getRoot();
        const node = root.getChildAtIndex(Math.min(block, root.getChildrenSize() - 1));
        const texts = $isElementNode(node) ? node.getAllTextNodes() : [];
        const total = texts.reduce((sum, text) => sum + text.getTextContentSize(), 0);
        let left = Math.floor(at * total);
        for (const text of texts) {
          const size = text.getTextContentSize();
          if (left <= size) {
            text.select(left, left);
            return;
          }
          left -= size;
        }
        throw new Error(`block ${block} has no text to type into`);
      },
      { discrete: true },
    );
  }

  /**
   * One keystroke at the caret: a character, or '\b' (backspace). Returns
   * the Yjs update it made; null when it changed nothing (a mark the
   * editor's Kurdish normalisation drops).
   */
  key(char: string): Uint8Array | null {
    const updates: Uint8Array[] = [];
    const listener = (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) updates.push(update);
    };
    this.doc.on('update', listener);
    try {
      this.view.editor.update(
        () => {
          const selection = $getSelection();
          if (!$isRangeSelection(selection)) throw new Error('no caret: place() first');
          if (char !== '\b') {
            selection.insertText(char);
            return;
          }
          // Backspace as its edit (deleteCharacter needs a DOM): the character before the caret, in its text node.
          // At the start of a text node (a run split off by the editor: a Latin word in Kurdish text), the
          // last character of the one before; at the start of a block, nothing (blocks never join here).
          const { anchor } = selection;
          let text: LexicalNode = anchor.getNode();
          let offset = anchor.type === 'text' ? anchor.offset : 0;
          if (offset === 0) {
            text = text.getPreviousSibling() ?? text;
            offset = $isTextNode(text) ? text.getTextContentSize() : 0;
          }
          if ($isTextNode(text) && offset > 0) text.select(offset - 1, offset).removeText();
        },
        { discrete: true },
      );
    } finally {
      this.doc.off('update', listener);
    }
    if (updates.length === 0) return null;
    return updates.length === 1 ? (updates[0] as Uint8Array) : Y.mergeUpdates(updates);
  }

  dispose(): void {
    this.view.dispose();
    this.doc.destroy();
  }
}
