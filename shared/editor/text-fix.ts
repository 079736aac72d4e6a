import { $getRoot, $isElementNode, $isLineBreakNode, $isTextNode, type ElementNode, type LexicalNode, type TextNode } from 'lexical';
import type { TextFix } from '../qa/findings';
import { $getSegmentId } from './segments';

/**
 * Applies a finding's one-click fix to a body block, inside an editor update:
 * an ordinary edit, so the editor's history undoes it. The fix's range is an
 * offset into the block's plain text as the checks read it (blockToPlainText:
 * text as typed, a line break "\n", nested blocks a blank line apart), and
 * must lie inside one text node, whose formatting the new text takes. Returns
 * false, changing nothing, when the block is gone, is not text (an image), or
 * no longer holds `fix.from` there.
 */
export function $applyTextFix(segment: string, fix: TextFix): boolean {
  const block = $blockOf(segment);
  if (block === null) return false;
  const found = locate(block, fix.range.start, fix.range.end);
  if (found === null) return false;
  const { node, offset } = found;
  const length = fix.range.end - fix.range.start;
  if (node.getTextContent().slice(offset, offset + length) !== fix.from) return false;
  node.spliceText(offset, length, fix.to, false);
  return true;
}

/** The top-level text block of a segment id (`#<index>` for a block without an id, as segmentsOf names it). */
function $blockOf(segment: string): ElementNode | null {
  const children = $getRoot().getChildren();
  let block: LexicalNode | undefined;
  if (segment.startsWith('#')) {
    const index = Number(segment.slice(1));
    block = Number.isInteger(index) ? children[index] : undefined;
  } else {
    block = children.find((child) => $getSegmentId(child) === segment);
  }
  return block !== undefined && $isElementNode(block) ? block : null;
}

/** The text node holding [start, end) of an element's plain text, and where it starts in that node. */
function locate(element: ElementNode, start: number, end: number): { node: TextNode; offset: number } | null {
  let position = 0;
  let result: { node: TextNode; offset: number } | null = null;
  const walk = (parent: ElementNode): boolean => {
    const children = parent.getChildren();
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      if ($isTextNode(child)) {
        const size = child.getTextContentSize();
        if (start >= position && end <= position + size && (start < position + size || start === end)) {
          result = { node: child, offset: start - position };
          return true;
        }
        position += size;
      } else if ($isLineBreakNode(child)) {
        position += 1;
      } else if ($isElementNode(child)) {
        if (walk(child)) return true;
        if (!child.isInline() && i !== children.length - 1) position += 2;
      }
      if (position > end) return true;
    }
    return false;
  };
  walk(element);
  return result;
}
