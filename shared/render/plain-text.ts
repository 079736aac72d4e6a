import type { Body, SerializedNode } from '../article';

// Element types Lexical marks `isInline()`: their text runs on within the
// surrounding block instead of starting a new one.
const INLINE_ELEMENT_TYPES = new Set(['link', 'autolink', 'mark']);

/**
 * The plain text of a saved body, as Lexical's own `getTextContent()` would
 * give it: text as typed, a line break as "\n", a tab as "\t", and a blank
 * line ("\n\n") after every block but the last. Decorators (images) have no
 * text here. Pure: walks the serialized JSON, needs no editor.
 */
export function bodyToPlainText(body: Body): string {
  return childrenText(body.root.children);
}

/**
 * The plain text of one top-level block (a translation segment), by the same
 * rules: blocks nested inside it (list items) are separated by a blank line,
 * and nothing is added after it. An image has no text here. It is also how
 * every node below the root is read, so the two functions cannot disagree.
 */
export function blockToPlainText(node: SerializedNode): string {
  if (node.type === 'linebreak') return '\n';
  if (node.type === 'tab') return '\t';
  if (typeof node.text === 'string') return node.text;
  if (Array.isArray(node.children)) return childrenText(node.children);
  return '';
}

function childrenText(children: readonly SerializedNode[]): string {
  let text = '';
  children.forEach((child, index) => {
    text += blockToPlainText(child);
    if (isBlock(child) && index !== children.length - 1) text += '\n\n';
  });
  return text;
}

function isBlock(node: SerializedNode): boolean {
  return Array.isArray(node.children) && !INLINE_ELEMENT_TYPES.has(node.type);
}
