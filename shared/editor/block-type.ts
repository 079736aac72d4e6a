import {
  $createParagraphNode,
  $getSelection,
  $isElementNode,
  $isRangeSelection,
  $isRootOrShadowRoot,
  COMMAND_PRIORITY_EDITOR,
  createCommand,
  defineExtension,
  type ElementNode,
  type LexicalEditor,
  type LexicalNode,
} from 'lexical';
import { $createHeadingNode, $createQuoteNode, $isHeadingNode, $isQuoteNode, RichTextExtension } from '@lexical/rich-text';
import { $isListNode, INSERT_ORDERED_LIST_COMMAND, INSERT_UNORDERED_LIST_COMMAND, ListExtension, ListNode, $removeList } from '@lexical/list';
import { $setBlocksType } from '@lexical/selection';
import { $findMatchingParent } from '@lexical/utils';
import { $createPullQuoteNode, $isPullQuoteNode, PullQuoteNode } from './pull-quote';

/** The kinds of body block the newsroom writes. Subheadings are h2 and h3: h1 is the headline. */
export const BLOCK_TYPES = ['paragraph', 'h2', 'h3', 'quote', 'pull-quote', 'bullet', 'number'] as const;
export type BlockType = (typeof BLOCK_TYPES)[number];

export const SET_BLOCK_TYPE_COMMAND = createCommand<BlockType>('SET_BLOCK_TYPE_COMMAND');

/** The top-level block (or list) that holds a node. */
export function $topBlockOf(node: LexicalNode): ElementNode | null {
  const list = $findMatchingParent(node, (n) => $isListNode(n) && $isRootOrShadowRoot(n.getParent()));
  if (list && $isElementNode(list)) return list;
  const block = $isRootOrShadowRoot(node.getParent()) ? node : node.getTopLevelElement();
  return block && $isElementNode(block) ? block : null;
}

export function $blockTypeOf(block: LexicalNode | null): BlockType {
  if ($isHeadingNode(block)) return block.getTag() === 'h3' ? 'h3' : 'h2';
  if ($isPullQuoteNode(block)) return 'pull-quote';
  if ($isQuoteNode(block)) return 'quote';
  if ($isListNode(block)) return block.getListType() === 'number' ? 'number' : 'bullet';
  return 'paragraph';
}

/** The block type at the selection's anchor, for the toolbar. */
export function $selectedBlockType(): BlockType {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return 'paragraph';
  return $blockTypeOf($topBlockOf(selection.anchor.getNode()));
}

/** Turns the selected blocks into `type`; choosing the current type again turns them back into paragraphs. */
export function $setBlockType(editor: LexicalEditor, type: BlockType): void {
  const selection = $getSelection();
  if (!$isRangeSelection(selection)) return;
  const current = $selectedBlockType();
  const target: BlockType = current === type && type !== 'paragraph' ? 'paragraph' : type;
  if (current === 'bullet' || current === 'number') {
    if (target === 'bullet' || target === 'number') {
      editor.dispatchCommand(target === 'bullet' ? INSERT_UNORDERED_LIST_COMMAND : INSERT_ORDERED_LIST_COMMAND, undefined);
      return;
    }
    $removeList();
  }
  switch (target) {
    case 'bullet':
      editor.dispatchCommand(INSERT_UNORDERED_LIST_COMMAND, undefined);
      return;
    case 'number':
      editor.dispatchCommand(INSERT_ORDERED_LIST_COMMAND, undefined);
      return;
    case 'h2':
    case 'h3':
      $setBlocksType(selection, () => $createHeadingNode(target));
      return;
    case 'quote':
      $setBlocksType(selection, () => $createQuoteNode());
      return;
    case 'pull-quote':
      $setBlocksType(selection, () => $createPullQuoteNode());
      return;
    case 'paragraph':
      $setBlocksType(selection, () => $createParagraphNode());
      return;
  }
}

export function registerBlockTypes(editor: LexicalEditor): () => void {
  return editor.registerCommand(
    SET_BLOCK_TYPE_COMMAND,
    (type) => {
      $setBlockType(editor, type);
      return true;
    },
    COMMAND_PRIORITY_EDITOR,
  );
}

export const BlockTypeExtension = defineExtension({
  name: '@qelem/editor/BlockType',
  nodes: () => [PullQuoteNode, ListNode],
  dependencies: [RichTextExtension, ListExtension],
  register: (editor) => registerBlockTypes(editor),
});
