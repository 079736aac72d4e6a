import {
  $getNodeByKey,
  $getRoot,
  $getState,
  $isDecoratorNode,
  $isElementNode,
  $setState,
  createState,
  defineExtension,
  NODE_STATE_DIRECT,
  RootNode,
  type LexicalEditor,
  type LexicalNode,
  type NodeKey,
} from 'lexical';
import { BLOCK_SEGMENT_ID, newSegmentId, SEGMENT_STATE_KEYS, SegmentLinkSchema, type SegmentLink } from '../translation/segment';

/**
 * Segment ids and links on top-level body blocks (../translation/segment.ts).
 * Both are NodeState declared by no node class, so they work on every block
 * type and are saved nested, `"$": { "seg": "…", "link": {…} }`, where the
 * main process reads them from the saved JSON without an editor.
 */

// Anything but a well-formed id reads as '' (the default, never saved): the block gets a fresh one.
const segState = createState(SEGMENT_STATE_KEYS.id, {
  parse: (value: unknown): string => (typeof value === 'string' && BLOCK_SEGMENT_ID.test(value) ? value : ''),
});

const linkState = createState(SEGMENT_STATE_KEYS.link, {
  parse: (value: unknown): SegmentLink | null => {
    if (value === undefined || value === null) return null;
    const parsed = SegmentLinkSchema.safeParse(value);
    return parsed.success ? parsed.data : null;
  },
  // Structural, so writing an equal link does not mark the block dirty.
  isEqual: (a, b) =>
    a === b ||
    (a !== null &&
      b !== null &&
      a.from === b.from &&
      a.source === b.source &&
      a.status === b.status &&
      a.sourceHash === b.sourceHash &&
      a.sourceText === b.sourceText),
});

/** A top-level block: an element (paragraph, heading, quote, list…) or a decorator (image). */
type Block = LexicalNode;

export interface SegmentBlock {
  node: LexicalNode;
  id: string;
  link: SegmentLink | null;
}

function isBlock(node: LexicalNode | null | undefined): node is Block {
  return $isElementNode(node) || $isDecoratorNode(node);
}

/** The block's segment id; null when it has none (only inside an update, before SegmentExtension's transform). */
export function $getSegmentId(node: LexicalNode): string | null {
  return $getState(node, segState) || null;
}

export function $getSegmentLink(node: LexicalNode): SegmentLink | null {
  return $getState(node, linkState);
}

/** Sets or (null) removes what a target block translates. Throws on a link SegmentLinkSchema refuses. */
export function $setSegmentLink<T extends LexicalNode>(node: T, link: SegmentLink | null): T {
  return $setState(node, linkState, link === null ? null : SegmentLinkSchema.parse(link));
}

/** The top-level blocks in document order, with their ids and links. */
export function $segmentBlocks(): SegmentBlock[] {
  const blocks: SegmentBlock[] = [];
  for (const node of $getRoot().getChildren()) {
    if (isBlock(node)) blocks.push({ node, id: $getState(node, segState), link: $getState(node, linkState) });
  }
  return blocks;
}

/** What a block split off a translated block starts with: the same source row, nothing decided yet. */
function draftOf(link: SegmentLink): SegmentLink {
  return { from: link.from, source: link.source, status: 'draft', sourceHash: null, sourceText: null };
}

function uniqueId(taken: ReadonlySet<string>): string {
  let id = newSegmentId();
  while (taken.has(id)) id = newSegmentId();
  return id;
}

interface Carried {
  id: string;
  link: SegmentLink | null;
}

type NodeMap = ReadonlyMap<NodeKey, LexicalNode>;

/**
 * Gives every top-level block a valid id, unique in the document. `previous`
 * is the last committed state: with it, ids follow the content Lexical moves
 * between nodes ($carryIds). Then:
 * - Of two blocks with the same id (a pasted copy, a block split by
 *   $splitNode), the one that held it as a top-level block in `previous`
 *   keeps it, else the first; the other gets a fresh id, and its link, if it
 *   has one, becomes a draft of the same source.
 * - A block without an id gets a fresh one and, when it is an element (not an
 *   image) with no link and the block before it has one, a draft copy of that
 *   link: it joins the same source row, undecided.
 */
export function $assignSegmentIds(previous: NodeMap | null = null): void {
  const blocks = $getRoot().getChildren().filter(isBlock);
  let ids = blocks.map((block) => $getState(block, segState));
  if (previous !== null && $carryIds(blocks, ids, previous)) ids = blocks.map((block) => $getState(block, segState));
  const heldBefore = (node: Block, id: string): boolean => {
    const before = previous?.get(node.getKey());
    return before !== undefined && before.__parent === 'root' && $getState(before, segState, NODE_STATE_DIRECT) === id;
  };
  const holders = new Map<string, Block>();
  const renumber = new Set<Block>();
  const missing = new Set<Block>();
  for (const [index, block] of blocks.entries()) {
    const id = ids[index]!;
    if (id === '') {
      missing.add(block);
      continue;
    }
    const holder = holders.get(id);
    if (holder === undefined) {
      holders.set(id, block);
    } else if (!heldBefore(holder, id) && heldBefore(block, id)) {
      holders.set(id, block);
      renumber.add(holder);
    } else {
      renumber.add(block);
    }
  }
  if (missing.size === 0 && renumber.size === 0) return;
  const taken = new Set(holders.keys());
  let before: Block | null = null;
  for (const block of blocks) {
    if (missing.has(block) || renumber.has(block)) {
      const id = uniqueId(taken);
      taken.add(id);
      $setState(block, segState, id);
      const link = $getState(block, linkState);
      const previousLink = before === null ? null : $getState(before, linkState);
      if (link !== null) {
        // A copy translates the same source segment, but nothing about it has been decided yet.
        if (renumber.has(block)) $setState(block, linkState, draftOf(link));
      } else if (missing.has(block) && $isElementNode(block) && previousLink !== null) {
        $setState(block, linkState, draftOf(previousLink));
      }
    }
    before = block;
  }
}

/**
 * Ids follow content where Lexical moves it into another node. For each block
 * of `previous` that is no longer a top-level block, with an id no block has:
 * - the block now holding its first content still in the document takes its
 *   id and link, when that block has no id (Lexical replaced the block: a type
 *   change, a heading split at its start, a quote undone by Backspace) or kept
 *   none of its own content (a selection from the start of one block into the
 *   next deleted or cut: the content left is the second block's);
 * - had it no content (an empty paragraph, a list of empty items), the first
 *   new element without an id in its place takes them;
 * - else its content went with it (deleted, merged) and so does the id.
 * Returns whether it wrote any.
 */
function $carryIds(blocks: Block[], ids: string[], previous: NodeMap): boolean {
  const current = new Set(blocks.map((block) => block.getKey()));
  const wasTopLevel = (block: Block) => previous.get(block.getKey())?.__parent === 'root';
  const inUse = new Set(ids);
  let carried = false;
  const carry = (block: Block, from: Carried) => {
    $setState(block, segState, from.id);
    $setState(block, linkState, from.link);
    inUse.add(from.id);
    carried = true;
  };
  const claimed = new Set<Block>();
  // Removed blocks without content, by the block before them that is still there (null: the start).
  const emptiesByPlace = new Map<NodeKey | null, Carried[]>();
  let place: NodeKey | null = null;
  for (const before of childrenIn(previous, 'root')) {
    const key = before.getKey();
    if (current.has(key)) {
      place = key;
      continue;
    }
    const id = $getState(before, segState, NODE_STATE_DIRECT);
    if (id === '' || inUse.has(id)) continue;
    const removed = { id, link: $getState(before, linkState, NODE_STATE_DIRECT) };
    const holder = $blockHoldingFirstContentOf(key, previous);
    if (holder === null) {
      if ($isElementNode(before) && !hasContent(key, previous)) {
        const empties = emptiesByPlace.get(place) ?? [];
        empties.push(removed);
        emptiesByPlace.set(place, empties);
      }
    } else if (!claimed.has(holder) && ($getState(holder, segState) === '' || (wasTopLevel(holder) && !$keptOwnContent(holder, previous)))) {
      carry(holder, removed);
      claimed.add(holder);
    }
  }
  if (emptiesByPlace.size === 0) return carried;
  place = null;
  for (const block of blocks) {
    if (wasTopLevel(block)) place = block.getKey();
    else if ($isElementNode(block) && $getState(block, segState) === '' && !claimed.has(block)) {
      const removed = emptiesByPlace.get(place)?.shift();
      if (removed) carry(block, removed);
    }
  }
  return carried;
}

/** The children of a node of a committed state, read from that state's node map. */
function childrenIn(map: NodeMap, key: NodeKey): LexicalNode[] {
  const node = map.get(key);
  const children: LexicalNode[] = [];
  let child = $isElementNode(node) ? node.__first : null;
  while (child !== null) {
    const next = map.get(child);
    if (next === undefined) break;
    children.push(next);
    child = next.__next;
  }
  return children;
}

/** The leaves (text, line breaks, inline decorators) of a node of a committed state, in order. */
function* leavesIn(map: NodeMap, key: NodeKey): Generator<LexicalNode> {
  for (const child of childrenIn(map, key)) {
    if ($isElementNode(child)) yield* leavesIn(map, child.getKey());
    else yield child;
  }
}

/** A decorator block is content; an element has content when it has a leaf somewhere inside. */
function hasContent(key: NodeKey, map: NodeMap): boolean {
  const node = map.get(key);
  if (!$isElementNode(node)) return true;
  return !leavesIn(map, key).next().done;
}

/** The top-level block that now holds the first leaf of a removed block still in the document. */
function $blockHoldingFirstContentOf(key: NodeKey, previous: NodeMap): Block | null {
  for (const leaf of leavesIn(previous, key)) {
    const node = $getNodeByKey(leaf.getKey());
    if (node !== null && node.isAttached()) {
      const top = node.getTopLevelElement();
      return isBlock(top) ? top : null;
    }
  }
  return null;
}

/** Whether a surviving block still holds any of the leaves it had in `previous`. */
function $keptOwnContent(block: Block, previous: NodeMap): boolean {
  for (const leaf of leavesIn(previous, block.getKey())) {
    const node = $getNodeByKey(leaf.getKey());
    if (node !== null && node.isAttached() && block.is(node.getTopLevelElement())) return true;
  }
  return false;
}

/**
 * Keeps `$assignSegmentIds` true after every update, the initial and restored
 * states included (setEditorState runs transforms too). The root's transform
 * runs on every update, so it first checks whether the root itself was
 * written (its children changed): typing and formatting cost one comparison.
 * The writes are part of the update that caused them, so of its undo step.
 */
export function registerSegments(editor: LexicalEditor): () => void {
  return editor.registerNodeTransform(RootNode, (root) => {
    const previous = editor.getEditorState()._nodeMap;
    if (previous.get(root.getKey()) === root) return;
    $assignSegmentIds(previous);
  });
}

export const SegmentExtension = defineExtension({
  name: '@qelem/editor/Segments',
  register: (editor) => registerSegments(editor),
});
