import { $exportNodeJSON, $getNodeByKey, $getRoot, $isElementNode, type LexicalEditor, type LexicalNode, type NodeKey } from 'lexical';
import { bodyIssues, type BodyIssue, type SerializedNode } from '../editor/body-schema';

/**
 * The body rules (shared/editor/body-schema.ts) applied to what a document
 * update changed in a bound editor, not to the whole body: a keystroke in a
 * 20,000-paragraph article is checked in its paragraph. The rules are local
 * (a node, its parent and its children, its depth from the root), so
 * checking every top-level block that holds a changed node, and the root's
 * own children when the root itself changed, finds whatever the update
 * broke. (A body empty of blocks is left alone: a document's body is read
 * as its language's empty one then, see version-editor.ts.)
 */

/** The nodes an editor's updates changed, gathered from its update listener. */
export interface BodyChanges {
  /** Elements marked dirty: true when the element itself changed (its children, its properties). */
  readonly elements: ReadonlyMap<NodeKey, boolean>;
  readonly leaves: ReadonlySet<NodeKey>;
}

/** A node and everything under it as Lexical serialises it, walked without recursion. */
export function $nodeToJSON(node: LexicalNode): SerializedNode {
  const top = $exportNodeJSON(node) as SerializedNode;
  const stack: [LexicalNode, SerializedNode][] = [[node, top]];
  while (stack.length > 0) {
    const [current, json] = stack.pop()!;
    if (!$isElementNode(current)) continue;
    const children: SerializedNode[] = [];
    for (const child of current.getChildren()) {
      const childJson = $exportNodeJSON(child) as SerializedNode;
      children.push(childJson);
      stack.push([child, childJson]);
    }
    json.children = children;
  }
  return top;
}

/** The top-level block holding `node` (itself, if it is one); null for the root or a node no longer in the body. */
function $topLevelOf(node: LexicalNode): LexicalNode | null {
  let current: LexicalNode = node;
  for (;;) {
    const parent = current.getParent();
    if (parent === null) return null;
    if (parent.getKey() === 'root') return current;
    current = parent;
  }
}

/**
 * What is wrong with the parts of the body `changes` touched, in an editor
 * read or update of the state they led to; empty when the editor can show
 * them. Issue paths are the body's own (['root', 'children', 12, …]).
 */
export function $changedBodyIssues(changes: BodyChanges, maxIssues = 20): BodyIssue[] {
  const root = $getRoot();
  const blocks = root.getChildren();
  const changed = new Set<NodeKey>();
  for (const key of [...changes.leaves, ...changes.elements.keys()]) {
    if (key === 'root') continue;
    const node = $getNodeByKey(key);
    const block = node && $topLevelOf(node);
    if (block) changed.add(block.getKey());
  }
  // The root itself changed (blocks added, removed or moved): each of its children must be a block, so
  // each is checked shallowly; a top-level block changed is checked whole.
  const rootChanged = changes.elements.get('root') === true;
  const checked: { index: number; json: SerializedNode }[] = [];
  blocks.forEach((block, index) => {
    if (changed.has(block.getKey())) checked.push({ index, json: $nodeToJSON(block) });
    else if (rootChanged) checked.push({ index, json: shallow(block) });
  });
  if (checked.length === 0) return [];
  const issues = bodyIssues({ root: { type: 'root', children: checked.map((entry) => entry.json) } }, { maxIssues });
  // The paths name the blocks by their place in the body, not in the list checked.
  return issues.map((issue) => {
    const [first, second, at, ...rest] = issue.path;
    if (first !== 'root' || second !== 'children' || typeof at !== 'number') return issue;
    return { ...issue, path: ['root', 'children', checked[at]!.index, ...rest] };
  });
}

/** A block as its parent sees it: its type and the fields a leaf must have, none of its children (checked when they change). */
function shallow(node: LexicalNode): SerializedNode {
  const json = $exportNodeJSON(node) as SerializedNode;
  const { children: _children, ...own } = json;
  return own;
}

/** Records the nodes every update of `editor` changes, until `stop`. */
export function recordBodyChanges(editor: LexicalEditor): { changes: BodyChanges; stop: () => void } {
  const elements = new Map<NodeKey, boolean>();
  const leaves = new Set<NodeKey>();
  const stop = editor.registerUpdateListener(({ dirtyElements, dirtyLeaves }) => {
    for (const [key, intentional] of dirtyElements) elements.set(key, (elements.get(key) ?? false) || intentional);
    for (const key of dirtyLeaves) leaves.add(key);
  });
  return { changes: { elements, leaves }, stop };
}

/** An issue for a body the editor could not build at all (the binding failed on the update). */
export function unreadableBody(error: unknown): BodyIssue {
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'unreadable', path: ['root'], message: `The editor cannot build this body (${detail.slice(0, 200)})` };
}
