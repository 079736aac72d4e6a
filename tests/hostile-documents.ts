import * as Y from 'yjs';

/**
 * Edits of a version document's body (the `body` root @lexical/yjs binds)
 * that no editor makes: each leaves a body Lexical cannot show (issue 18
 * §1). Made on the Yjs types directly, as a hostile window, a hand-edited
 * library or a foreign package could. Shared by the unit tests and the
 * end-to-end test that breaks a version in the library file.
 */
export const BROKEN_BODY_EDITS = {
  /** A line break straight in the root (Lexical error #282 when the editor renders it). */
  'a line break in the root': (root: Y.XmlText) => {
    const map = new Y.Map<unknown>();
    map.set('__type', 'linebreak');
    root.insertEmbed(root.length, map);
  },
  /** A text node straight in the root. */
  'a text node in the root': (root: Y.XmlText) => {
    const map = new Y.Map<unknown>();
    map.set('__type', 'text');
    map.set('__format', 0);
    map.set('__style', '');
    map.set('__mode', 0);
    map.set('__detail', 0);
    const at = root.length;
    root.insertEmbed(at, map);
    root.insert(at + 1, 'loose words');
  },
  /** An element of a type the editor does not register. */
  'a node type the editor does not have': (root: Y.XmlText) => {
    const element = new Y.XmlText();
    element.setAttribute('__type', 'table');
    root.insertEmbed(root.length, element);
  },
  /** A list item in a paragraph (list items sit in lists only). */
  'a list item in a paragraph': (root: Y.XmlText) => {
    const paragraph = firstElement(root);
    const item = new Y.XmlText();
    item.setAttribute('__type', 'listitem');
    paragraph.insertEmbed(paragraph.length, item);
  },
} as const satisfies Record<string, (root: Y.XmlText) => void>;

export type BrokenBodyEdit = keyof typeof BROKEN_BODY_EDITS;

/** The first block of the body. */
function firstElement(root: Y.XmlText): Y.XmlText {
  for (const part of root.toDelta() as { insert: unknown }[]) if (part.insert instanceof Y.XmlText) return part.insert;
  throw new Error('The body has no block.');
}

/** The update that makes `edit` on a document holding `state` (the state itself untouched). */
export function brokenBodyUpdate(state: Uint8Array, edit: BrokenBodyEdit): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const before = Y.encodeStateVector(doc);
  BROKEN_BODY_EDITS[edit](doc.get('body', Y.XmlText));
  const update = Y.encodeStateAsUpdate(doc, before);
  doc.destroy();
  return update;
}
