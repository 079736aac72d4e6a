import type { Body, SerializedNode } from '../article';

// Element types Lexical marks `isInline()`: their text runs on within the
// surrounding block instead of starting a new one.
const INLINE_ELEMENT_TYPES = new Set(['link', 'autolink', 'mark']);

/**
 * The plain text of a saved body, as Lexical's own `getTextContent()` would
 * give it: text as typed, a line break as "\n", a tab as "\t", and a blank
 * line ("\n\n") after every block but the last. Decorators (images) have no
 * text here. Pure: walks the serialized JSON, needs no editor, and without
 * recursion (an explicit stack), so no body can overflow the call stack.
 */
export function bodyToPlainText(body: Body): string {
  const stack: (SerializedNode | string)[] = [];
  pushChildren(stack, body.root.children);
  return drain(stack);
}

/**
 * The plain text of one top-level block (a translation segment), by the same
 * rules: blocks nested inside it (list items) are separated by a blank line,
 * and nothing is added after it. An image has no text here. It is also how
 * every node below the root is read, so the two functions cannot disagree.
 */
export function blockToPlainText(node: SerializedNode): string {
  return drain([node]);
}

/** Pops nodes and separators off `stack` until it is empty, writing the text of each. */
function drain(stack: (SerializedNode | string)[]): string {
  let text = '';
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') text += item;
    else if (typeof item !== 'object' || item === null) continue;
    else if (item.type === 'linebreak') text += '\n';
    else if (item.type === 'tab') text += '\t';
    else if (typeof item.text === 'string') text += item.text;
    else if (Array.isArray(item.children)) pushChildren(stack, item.children);
  }
  return text;
}

/** Children in reverse, so the first comes off the stack first; a blank line after each block but the last. */
function pushChildren(stack: (SerializedNode | string)[], children: readonly SerializedNode[]): void {
  for (let index = children.length - 1; index >= 0; index--) {
    const child = children[index]!;
    if (index !== children.length - 1 && isBlock(child)) stack.push('\n\n');
    stack.push(child);
  }
}

function isBlock(node: SerializedNode): boolean {
  return typeof node === 'object' && node !== null && Array.isArray(node.children) && !INLINE_ELEMENT_TYPES.has(node.type);
}
