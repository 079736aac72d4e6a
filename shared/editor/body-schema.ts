/**
 * What a saved body may be: the node types the article editor registers
 * (shared/editor/article-editor.ts) and where each may sit, checked on every
 * path content enters the library (saves, imports, and document updates) so
 * that no body reaches an editor that cannot show it.
 *
 * Lexical itself refuses, when it loads a body, a type it does not know
 * (error #17), anything but a block in the root (#282) and a root with no
 * block, and such a body leaves the editor empty. The rules:
 *
 *   root      → blocks: paragraph, heading, quote, pull-quote, list, image (at least one)
 *   list      → list items (and inline content, which Lexical wraps in items)
 *   listitem  → only in a list
 *   paragraph, heading, quote, pull-quote, listitem → any node but the
 *               root and a list item
 *   link      → text, linebreak, tab, image (no link, no block: a list in a
 *               link breaks loading)
 *   text, tab → a string `text`, no children
 *   linebreak, image → no children
 *
 * Blocks inside blocks are accepted because the editor makes them and
 * Lexical shows them: a pasted <blockquote><p>…</p></blockquote> is a quote
 * holding paragraphs, and editing inside it turns those into headings, lists
 * and quotes; a link set over a selection that takes in an image holds the
 * image. A save of what the editor made must never be refused
 * (tests/unit/body-schema.test.ts drives the editor at random and checks
 * that every state it reaches passes, and that every body passing loads).
 *
 * A quote in Lexical's opt-in "shadow root" form (blocks inside) is not one
 * the editor makes, and is refused. Node attributes other than these
 * (format, indent, direction, NodeState) are Lexical's to read: its parsers
 * turn any malformed value into the default.
 *
 * Pure, with no dependency on Lexical: it runs in the main process for every
 * save and import, and anywhere else a body arrives. The walk is iterative
 * (an explicit stack), so a hostile nesting cannot overflow the call stack;
 * nesting is bounded (MAX_BODY_DEPTH nodes from the root, MAX_VALUE_DEPTH
 * levels within a node's own values), which also keeps every later
 * recursive reader of the body (JSON.stringify, HTML rendering) shallow.
 * tests/unit/body-schema.test.ts checks the table against the editor's
 * registered nodes, so the two cannot drift apart.
 */

/** A serialized Lexical node: its type, and children when it is an element. */
export type SerializedNode = { type: string; version?: number; children?: SerializedNode[]; [key: string]: unknown };

/** Nodes from the root (depth 1) down to the deepest leaf. */
export const MAX_BODY_DEPTH = 64;
/** Levels of objects and arrays within one node's own values (its NodeState, say), children not counted. */
export const MAX_VALUE_DEPTH = 16;
/** A node type name is never longer. */
const MAX_TYPE_LENGTH = 64;

/** What a node may hold. */
type Content = 'blocks' | 'list' | 'any' | 'leaves' | 'none';

/** What a node is, to its parent. */
type Kind = 'block' | 'inline' | 'listitem';

interface NodeRule {
  kind: Kind;
  content: Content;
  /** Whether it must carry a string `text` (a text or tab node). */
  text?: true;
}

/**
 * Every node type of the article editor but the root, by what it is and what
 * it holds. Lexical's own ArtificialNode (a stand-in used while importing
 * HTML, never saved) is left out on purpose.
 */
export const BODY_NODE_RULES: Readonly<Record<string, Readonly<NodeRule>>> = Object.freeze({
  paragraph: { kind: 'block', content: 'any' },
  heading: { kind: 'block', content: 'any' },
  quote: { kind: 'block', content: 'any' },
  'pull-quote': { kind: 'block', content: 'any' },
  list: { kind: 'block', content: 'list' },
  image: { kind: 'block', content: 'none' },
  listitem: { kind: 'listitem', content: 'any' },
  link: { kind: 'inline', content: 'leaves' },
  text: { kind: 'inline', content: 'none', text: true },
  tab: { kind: 'inline', content: 'none', text: true },
  linebreak: { kind: 'inline', content: 'none' },
});

/** The node types a body may hold, the root included. */
export const BODY_NODE_TYPES: readonly string[] = Object.freeze(['root', ...Object.keys(BODY_NODE_RULES)]);

export type BodyIssueCode =
  /** Not a body at all: no object, no root, or the root is not `{ type: 'root', children: [...] }`. */
  | 'not_a_body'
  /** A child that is not a node (not an object, or no string type). */
  | 'not_a_node'
  /** A type the editor does not have. */
  | 'unknown_type'
  /** A known type where its parent cannot hold it (a line break in the root, a paragraph in a list). */
  | 'misplaced'
  /** An element whose children are not an array, or a leaf (text, line break, image) with children. */
  | 'bad_children'
  /** A text or tab node without a string `text`. */
  | 'bad_text'
  /** A version number that is not a small non-negative integer. */
  | 'bad_version'
  /** A quote holding blocks (Lexical's shadow-root quote), which the editor does not make. */
  | 'shadow_root'
  /** A root with no block: Lexical cannot load an empty root. */
  | 'empty_root'
  /** Nodes nested deeper than MAX_BODY_DEPTH, or a node's own value deeper than MAX_VALUE_DEPTH. */
  | 'too_deep'
  /** A shared document's body from which the editor cannot even build its nodes (shared/collab/body-check.ts). */
  | 'unreadable';

export interface BodyIssue {
  code: BodyIssueCode;
  /** Where, from the body: ['root', 'children', 3, 'children', 0]. */
  path: (string | number)[];
  /** In English, for logs and the API's invalid_input message. */
  message: string;
}

export interface BodyCheckOptions {
  /** Stop after this many issues (default 20): one is enough to refuse a body. */
  maxIssues?: number;
}

const CONTENT_NAMES: Record<Content, string> = {
  blocks: 'blocks (paragraph, heading, quote, pull quote, list, image)',
  list: 'list items',
  any: 'any node but the root and a list item',
  leaves: 'text, line breaks, tabs and images',
  none: 'nothing',
};

function accepts(content: Content, child: NodeRule): boolean {
  switch (content) {
    case 'blocks':
      return child.kind === 'block';
    case 'list':
      return child.kind === 'listitem' || child.kind === 'inline';
    case 'any':
      return child.kind !== 'listitem';
    case 'leaves':
      return child.content === 'none';
    case 'none':
      return false;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const own = (value: Record<string, unknown>, key: string): unknown => (Object.hasOwn(value, key) ? value[key] : undefined);

interface Pending {
  node: unknown;
  /** The parent's content rule. */
  parent: Content;
  parentType: string;
  depth: number;
  path: (string | number)[];
}

/**
 * Every way `body` departs from what the editor can show (at most
 * `maxIssues`); an empty list means it may be saved and loaded. Accepts any
 * value (a parsed payload, a Yjs-derived state): it never throws.
 */
export function bodyIssues(body: unknown, options: BodyCheckOptions = {}): BodyIssue[] {
  const maxIssues = options.maxIssues ?? 20;
  const issues: BodyIssue[] = [];
  const add = (code: BodyIssueCode, path: (string | number)[], message: string) => {
    issues.push({ code, path, message });
    return issues.length >= maxIssues;
  };

  const root = isRecord(body) ? own(body, 'root') : undefined;
  if (!isRecord(root) || own(root, 'type') !== 'root' || !Array.isArray(own(root, 'children'))) {
    add('not_a_body', isRecord(body) ? ['root'] : [], 'Not a body: expected { root: { type: "root", children: [...] } }');
    return issues;
  }
  const rootChildren = own(root, 'children') as unknown[];
  if (rootChildren.length === 0) {
    if (add('empty_root', ['root', 'children'], 'The body has no block: it needs at least one paragraph')) return issues;
  }
  if (valueTooDeep(root, 1)) {
    if (add('too_deep', ['root'], `A value of the root is nested deeper than ${MAX_VALUE_DEPTH} levels`)) return issues;
  }

  // Last in, first out, children pushed in reverse: issues come in document order.
  const stack: Pending[] = [];
  for (let i = rootChildren.length - 1; i >= 0; i--) stack.push({ node: rootChildren[i], parent: 'blocks', parentType: 'root', depth: 2, path: ['root', 'children', i] });

  while (stack.length > 0) {
    const { node, parent, parentType, depth, path } = stack.pop()!;
    if (!isRecord(node) || typeof own(node, 'type') !== 'string') {
      if (add('not_a_node', path, 'Not a node: expected an object with a string type')) break;
      continue;
    }
    const type = own(node, 'type') as string;
    const rule = type.length <= MAX_TYPE_LENGTH && Object.hasOwn(BODY_NODE_RULES, type) ? BODY_NODE_RULES[type]! : null;
    if (rule === null) {
      if (add('unknown_type', path, `Unknown node type ${JSON.stringify(type.slice(0, MAX_TYPE_LENGTH))}`)) break;
      continue;
    }
    if (!accepts(parent, rule)) {
      if (add('misplaced', path, `A ${type} node cannot sit in ${parentType === 'root' ? 'the root' : `a ${parentType}`}, which holds ${CONTENT_NAMES[parent]}`)) break;
      continue;
    }
    if (depth > MAX_BODY_DEPTH) {
      // Named by its top-level block: the full path would be 64 levels long.
      if (add('too_deep', path.slice(0, 3), `This block is nested deeper than ${MAX_BODY_DEPTH} levels`)) break;
      continue;
    }
    const version = own(node, 'version');
    if (version !== undefined && !(Number.isSafeInteger(version) && (version as number) >= 0 && (version as number) <= 1_000)) {
      if (add('bad_version', [...path, 'version'], 'A node version must be an integer from 0 to 1000')) break;
    }
    if (rule.text && typeof own(node, 'text') !== 'string') {
      if (add('bad_text', [...path, 'text'], `A ${type} node needs its text as a string`)) break;
    }
    if ((type === 'quote' || type === 'pull-quote') && own(node, 'shadowRoot') === true) {
      if (add('shadow_root', [...path, 'shadowRoot'], 'A quote holding blocks is not one the editor makes')) break;
    }
    if (valueTooDeep(node, 1)) {
      if (add('too_deep', path, `A value of this ${type} node is nested deeper than ${MAX_VALUE_DEPTH} levels`)) break;
    }
    const children = own(node, 'children');
    if (rule.content === 'none') {
      if (children !== undefined && add('bad_children', [...path, 'children'], `A ${type} node has no children`)) break;
      continue;
    }
    // An element without children is an empty one (Lexical reads it so); anything else is not children.
    if (children === undefined) continue;
    if (!Array.isArray(children)) {
      if (add('bad_children', [...path, 'children'], `The children of a ${type} node must be an array`)) break;
      continue;
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], parent: rule.content, parentType: type, depth: depth + 1, path: [...path, 'children', i] });
  }
  return issues;
}

/** Whether `body` may be saved and shown: bodyIssues finds nothing. */
export function isValidBody(body: unknown): boolean {
  return bodyIssues(body, { maxIssues: 1 }).length === 0;
}

/**
 * Whether one of the node's own values (every key but `children`) nests
 * objects or arrays deeper than MAX_VALUE_DEPTH below the node. Iterative.
 */
function valueTooDeep(node: Record<string, unknown>, start: number): boolean {
  const stack: [unknown, number][] = [];
  for (const key of Object.keys(node)) if (key !== 'children') stack.push([node[key], start]);
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_VALUE_DEPTH) return true;
    const values = Array.isArray(value) ? value : Object.values(value);
    for (const inner of values) if (typeof inner === 'object' && inner !== null) stack.push([inner, depth + 1]);
  }
  return false;
}
