import {
  $addUpdateTag,
  $createParagraphNode,
  $createTextNode,
  $findMatchingParent,
  $getNodeByKey,
  $getSelection,
  $isElementNode,
  $isRangeSelection,
  $isSelectionCapturedInDecoratorInput,
  $isTextNode,
  $onUpdate,
  COMMAND_PRIORITY_HIGH,
  defineExtension,
  HISTORY_MERGE_TAG,
  HISTORY_PUSH_TAG,
  isDOMNode,
  PASTE_COMMAND,
  PASTE_TAG,
  safeCast,
  type ElementNode,
  type LexicalEditor,
  type LexicalNode,
  type NodeKey,
  type PasteCommandType,
  type TextNode,
} from 'lexical';
import { $generateNodesFromDOM } from '@lexical/html';
import { $generateNodesFromSerializedNodes, $insertGeneratedNodes } from '@lexical/clipboard';
import { $isLinkNode } from '@lexical/link';
import { LIMITS } from '../../../shared/article';
import { isArticleLink } from '../../../shared/links';
import { directionOf, isKurdish, type Direction, type LanguageKey } from '../../../shared/languages';
import { normalizeKurdishWithCount } from '../../../shared/text/normalize';
import { isPasteRefused, sanitizePastedHtml } from './sanitize';
import { inertDocument } from '../../components/trusted-html';

export interface PasteConfig {
  lang: LanguageKey;
  /** Called after a Kurdish paste had characters normalised (the UI says "N characters normalised"). */
  onNormalized?: (changed: number) => void;
  /** Parses pasted HTML; defaults to the browser's DOMParser (inert: no scripts, no image loads). Headless: jsdom. */
  parseHtml?: (html: string) => Document;
}

/** Pasted text of one block, as offsets into the block's text nodes; they survive text-node merging. */
interface PastedRange {
  block: NodeKey;
  start: number;
  end: number;
}

/**
 * Paste: HTML is sanitised into a new document (./sanitize) before Lexical sees
 * it, plain text becomes paragraphs. In Sorani and Badini the pasted text is then
 * normalised in a second update, so one undo gives back the characters as pasted.
 * Clipboard files (images) are left to whoever handles them: returns false.
 */
export function registerPaste(editor: LexicalEditor, config: PasteConfig): () => void {
  const versionDir = directionOf(config.lang);
  const kurdish = isKurdish(config.lang);
  return editor.registerCommand(
    PASTE_COMMAND,
    (event) => {
      const data = clipboardDataOf(event);
      if (data === null) return false;
      // Pasting into an input inside a decorator (a caption field) is that input's business.
      if (isDOMNode(event.target) && $isSelectionCapturedInDecoratorInput(event.target)) return false;
      if ($getSelection() === null) return false;

      const types = Array.from(data.types);
      const lexical = types.includes(LEXICAL_MIME) ? data.getData(LEXICAL_MIME) : '';
      const html = types.includes('text/html') ? data.getData('text/html') : '';
      const plain = types.includes('text/plain') ? data.getData('text/plain') : '';
      // Copied from this same editor kind: Lexical's own JSON keeps segment ids and links (a moved
      // paragraph stays the same segment; a copy gets a fresh id from the segment extension).
      let nodes = lexical ? $nodesFromLexicalJson(editor, lexical) : [];
      if (nodes.length === 0 && html) nodes = $nodesFromHtml(editor, html, config.parseHtml);
      if (nodes.length === 0 && plain) nodes = $nodesFromPlainText(plain);
      if (nodes.length === 0) {
        // Only files (an image: not ours), or text that sanitised to nothing (swallowed).
        if (types.includes('Files')) return false;
        event.preventDefault();
        return true;
      }
      event.preventDefault();
      // Command listeners run inside an update. The paste tag keeps the Kurdish-input transform off
      // this update, so the text is recorded as pasted (one undo step) before it is normalised.
      $addUpdateTag(PASTE_TAG);
      $insertPaste(editor, nodes, { versionDir, normalize: kurdish, onNormalized: config.onNormalized });
      return true;
    },
    COMMAND_PRIORITY_HIGH,
  );
}

interface InsertOptions {
  versionDir: Direction;
  /** Kurdish: normalise the pasted text in its own update once this one is committed. */
  normalize: boolean;
  onNormalized?: (changed: number) => void;
}

/** Inserts the pasted nodes at the selection. */
function $insertPaste(editor: LexicalEditor, nodes: LexicalNode[], { versionDir, normalize, onNormalized }: InsertOptions): void {
  const selection = $getSelection();
  if (selection === null) return;
  const { textKeys, allKeys } = collectKeys(nodes);
  // An explicit direction equal to the version's is no override: the block follows the version.
  for (const key of allKeys) {
    const node = $getNodeByKey(key);
    if ($isElementNode(node) && node.getDirection() === versionDir) node.setDirection(null);
  }
  $insertGeneratedNodes(editor, nodes, selection);
  if (!normalize) return;
  const ranges = $pastedRanges(textKeys);
  $onUpdate(() => {
    editor.update(() => {
      const changed = $normalizePastedRanges(ranges);
      // Its own undo step when something changed; otherwise part of the paste's.
      $addUpdateTag(changed > 0 ? HISTORY_PUSH_TAG : HISTORY_MERGE_TAG);
      if (changed > 0 && onNormalized) $onUpdate(() => onNormalized(changed));
    });
  });
}

export const PasteExtension = defineExtension({
  name: '@qelem/editor/Paste',
  config: safeCast<PasteConfig>({ lang: 'en' }),
  register: (editor, config) => registerPaste(editor, config),
});

function clipboardDataOf(event: PasteCommandType): DataTransfer | null {
  if ('clipboardData' in event && event.clipboardData) return event.clipboardData;
  if ('dataTransfer' in event && event.dataTransfer) return event.dataTransfer;
  return null;
}

const LEXICAL_MIME = 'application/x-lexical-editor';

/**
 * Nodes from Lexical's clipboard JSON, only when it comes from an editor of the
 * same namespace (same language version kind). Anything malformed, too large or
 * of an unknown node type yields nothing, and the HTML of the same paste is used.
 * Links are held to the same rule as typed ones: an unsafe URL keeps its text only.
 */
function $nodesFromLexicalJson(editor: LexicalEditor, json: string): LexicalNode[] {
  if (json.length > LIMITS.bodyJson) return [];
  try {
    const payload = JSON.parse(json) as { namespace?: unknown; nodes?: unknown };
    if (payload?.namespace !== editor._config.namespace || !Array.isArray(payload.nodes)) return [];
    return $withoutUnsafeLinks($generateNodesFromSerializedNodes(payload.nodes as never));
  } catch {
    return [];
  }
}

/** The nodes with every link whose URL is not safe replaced by its children, at any depth. */
function $withoutUnsafeLinks(nodes: LexicalNode[]): LexicalNode[] {
  return nodes.flatMap((node) => {
    if (!$isElementNode(node)) return [node];
    const children = $withoutUnsafeLinks(node.getChildren());
    if ($isLinkNode(node) && !isArticleLink(node.getURL())) {
      for (const child of children) child.remove();
      return children;
    }
    node.clear().append(...children);
    return [node];
  });
}

/** The browser's own parser, into an inert document (through the Trusted Types policy for it). */
function defaultParse(html: string): Document {
  return inertDocument(html);
}

function $nodesFromHtml(editor: LexicalEditor, html: string, parse: ((html: string) => Document) | undefined): LexicalNode[] {
  if (!parse && typeof DOMParser === 'undefined') return [];
  const clean = sanitizePastedHtml(html, parse ?? defaultParse);
  // Over the size limit: the caller falls back to the plain text of the same paste.
  if (isPasteRefused(clean)) return [];
  return $generateNodesFromDOM(editor, clean);
}

/** One paragraph per non-blank line. */
function $nodesFromPlainText(text: string): LexicalNode[] {
  return text
    .split(/\r\n?|\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => $createParagraphNode().append($createTextNode(line)));
}

function collectKeys(nodes: LexicalNode[]): { textKeys: NodeKey[]; allKeys: NodeKey[] } {
  const textKeys: NodeKey[] = [];
  const allKeys: NodeKey[] = [];
  const stack = [...nodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    allKeys.push(node.getKey());
    if ($isTextNode(node)) textKeys.push(node.getKey());
    else if ($isElementNode(node)) stack.push(...node.getChildren().reverse());
  }
  return { textKeys, allKeys };
}

function $nearestBlock(node: LexicalNode): ElementNode | null {
  return $findMatchingParent(node, (n): n is ElementNode => $isElementNode(n) && !n.isInline());
}

/** Where the pasted text nodes ended up, per block; read before Lexical merges adjacent text nodes. */
function $pastedRanges(keys: NodeKey[]): PastedRange[] {
  const pasted = new Set(keys);
  const blocks = new Map<NodeKey, ElementNode>();
  for (const key of keys) {
    const node = $getNodeByKey(key);
    if (!node || !node.isAttached()) continue;
    const block = $nearestBlock(node);
    if (block) blocks.set(block.getKey(), block);
  }
  const ranges: PastedRange[] = [];
  for (const [key, block] of blocks) {
    let offset = 0;
    let start = -1;
    let end = -1;
    for (const text of block.getAllTextNodes()) {
      const size = text.getTextContentSize();
      if (pasted.has(text.getKey())) {
        if (start < 0) start = offset;
        end = offset + size;
      }
      offset += size;
    }
    if (start >= 0 && end > start) ranges.push({ block: key, start, end });
  }
  return ranges;
}

/** Normalises the pasted part of each text node; returns how many characters changed. */
function $normalizePastedRanges(ranges: PastedRange[]): number {
  let changed = 0;
  for (const { block: key, start, end } of ranges) {
    const block = $getNodeByKey(key);
    if (!$isElementNode(block) || !block.isAttached()) continue;
    let offset = 0;
    for (const text of block.getAllTextNodes()) {
      const content = text.getTextContent();
      const from = Math.max(start - offset, 0);
      const to = Math.min(end - offset, content.length);
      offset += content.length;
      if (from >= to || !text.isSimpleText()) continue;
      const result = normalizeKurdishWithCount(content.slice(from, to));
      if (result.changed === 0) continue;
      changed += result.changed;
      $replaceText(text, from, to, result.text);
    }
  }
  return changed;
}

/** Replaces text[from, to) and keeps a caret that sat after it in the same place relative to the text. */
function $replaceText(node: TextNode, from: number, to: number, replacement: string): void {
  const content = node.getTextContent();
  const delta = replacement.length - (to - from);
  const selection = $getSelection();
  const points = $isRangeSelection(selection) ? [selection.anchor, selection.focus] : [];
  const moved = points
    .filter((p) => p.type === 'text' && p.key === node.getKey() && p.offset > from)
    .map((p) => ({ point: p, offset: p.offset >= to ? p.offset + delta : from + replacement.length }));
  node.setTextContent(content.slice(0, from) + replacement + content.slice(to));
  for (const { point, offset } of moved) point.set(node.getKey(), offset, 'text');
}
