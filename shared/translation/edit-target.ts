import { emptyParagraph, type Body, type SerializedNode, type VersionContent } from '../article';
import type { LanguageKey } from '../languages';
import { ensureSegmentIds } from './ensure-ids';
import { hashSegmentText } from './hash';
import { FIELD_SEGMENTS, SEGMENT_STATE_KEYS, type FieldSegment, type LinkStatus, type SegmentLink } from './segment';
import { blockSegmentLink, type Segment } from './segments-of';

/**
 * Edits of a target version made by the translation workspace, on saved JSON.
 * Every function is pure: it returns new content and leaves its input alone.
 * The rules (where a new translation goes, what editing a finished one does)
 * live here, once, so the workspace and its tests share them.
 */

type Content = VersionContent;

function isField(id: string): id is FieldSegment {
  return (FIELD_SEGMENTS as readonly string[]).includes(id);
}

/** Whether a target block translates `sourceId` of the `from` version. */
function linksTo(node: SerializedNode, from: LanguageKey, sourceId: string): boolean {
  const link = blockSegmentLink(node);
  return link !== null && link.from === from && link.source === sourceId;
}

function withLink(node: SerializedNode, link: SegmentLink): SerializedNode {
  const state = typeof node.$ === 'object' && node.$ !== null ? (node.$ as Record<string, unknown>) : {};
  return { ...node, $: { ...state, [SEGMENT_STATE_KEYS.link]: link } };
}

function withoutSegmentState(node: SerializedNode): SerializedNode {
  const copy: SerializedNode = { ...node };
  delete copy.$;
  if (Array.isArray(node.children)) copy.children = node.children.map(withoutSegmentState);
  return copy;
}

function draftLink(from: LanguageKey, sourceId: string): SegmentLink {
  return { from, source: sourceId as SegmentLink['source'], status: 'draft', sourceHash: null, sourceText: null };
}

/** An empty body holds one empty, unlinked paragraph; a first translation replaces it. */
function isPlaceholder(children: readonly SerializedNode[]): boolean {
  const only = children[0];
  return children.length === 1 && only !== undefined && only.type === 'paragraph' && (only.children ?? []).length === 0 && blockSegmentLink(only) === null;
}

/**
 * Where a new translation of `source` goes: after the last target block that
 * translates a source segment before it, so rows keep the source's order;
 * at the top when none does.
 */
function insertionIndex(children: readonly SerializedNode[], from: LanguageKey, source: Segment, sourceOrder: readonly Segment[]): number {
  const before = new Set<string>();
  for (const segment of sourceOrder) {
    if (segment.id === source.id) break;
    if (segment.kind !== 'field') before.add(segment.id);
  }
  for (let index = children.length - 1; index >= 0; index -= 1) {
    const link = blockSegmentLink(children[index] as SerializedNode);
    if (link && link.from === from && before.has(link.source)) return index + 1;
  }
  return 0;
}

function withChildren(body: Body, children: SerializedNode[]): Body {
  return { ...body, root: { ...body.root, children } };
}

/**
 * The translator's text for one source segment: a field's string, or the
 * blocks of a body segment. It replaces what the row had, as a draft: a
 * finished translation that is edited is unfinished again until marked done.
 */
export function setTranslation(content: Content, from: LanguageKey, source: Segment, sourceOrder: readonly Segment[], value: string | readonly SerializedNode[]): Content {
  if (isField(source.id)) {
    if (typeof value !== 'string') throw new TypeError(`Field ${source.id} takes text`);
    return { ...content, [source.id]: value, fieldLinks: { ...content.fieldLinks, [source.id]: draftLink(from, source.id) } };
  }
  if (typeof value === 'string') throw new TypeError('A body segment takes blocks');
  const children = content.body.root.children;
  const blocks = value.map((node) => withLink(node, draftLink(from, source.id)));
  const first = children.findIndex((node) => linksTo(node, from, source.id));
  let next: SerializedNode[];
  if (first >= 0) {
    const rest = children.filter((node, index) => index < first || !linksTo(node, from, source.id));
    next = [...rest.slice(0, first), ...blocks, ...rest.slice(first)];
  } else if (isPlaceholder(children)) {
    next = [...blocks];
  } else {
    const at = insertionIndex(children, from, source, sourceOrder);
    next = [...children.slice(0, at), ...blocks, ...children.slice(at)];
  }
  // An emptied row keeps no blocks, but a body never has none.
  if (next.length === 0) next = [emptyParagraph()];
  return { ...content, body: ensureSegmentIds(withChildren(content.body, next)).body };
}

/**
 * Marks a row draft, done or approved. Done and approved record the source
 * text as it is now, and its hash: when the source changes, the row is stale.
 */
export function setStatus(content: Content, from: LanguageKey, source: Segment, status: LinkStatus): Content {
  const link: SegmentLink =
    status === 'draft'
      ? draftLink(from, source.id)
      : { from, source: source.id as SegmentLink['source'], status, sourceHash: hashSegmentText(source.text), sourceText: source.text };
  if (isField(source.id)) return { ...content, fieldLinks: { ...content.fieldLinks, [source.id]: link } };
  const children = content.body.root.children.map((node) => (linksTo(node, from, source.id) ? withLink(node, link) : node));
  return { ...content, body: withChildren(content.body, children) };
}

/** The target blocks of a row, in target order. */
export function translationBlocks(content: Content, from: LanguageKey, sourceId: string): SerializedNode[] {
  return content.body.root.children.filter((node) => linksTo(node, from, sourceId));
}

/** A copy of the source blocks to start a translation from (their ids and links are not copied). */
export function copyOfSource(blocks: readonly SerializedNode[]): SerializedNode[] {
  return blocks.map(withoutSegmentState);
}

/** Removes target blocks by segment id (an orphaned translation the translator no longer wants). */
export function removeBlocks(content: Content, segmentIds: readonly string[], segments: readonly Segment[]): Content {
  const drop = new Set(segments.filter((s) => s.kind !== 'field' && segmentIds.includes(s.id)).map((s) => s.index));
  const children = content.body.root.children.filter((_, index) => !drop.has(index));
  return { ...content, body: withChildren(content.body, children.length > 0 ? children : [emptyParagraph()]) };
}

function textNode(text: string): SerializedNode {
  return { type: 'text', version: 1, text, format: 0, style: '', mode: 'normal', detail: 0 };
}

/**
 * A block of the same kind as `source` (paragraph, heading level, quote, list
 * type) holding `text`, or empty: how a new translation starts, and how a
 * translation-memory match is inserted.
 */
export function blockLike(source: SerializedNode, text: string): SerializedNode {
  const { $: _state, children: _children, ...shape } = source;
  const inline = text === '' ? [] : [textNode(text)];
  if (source.type === 'list') {
    const item = (source.children ?? [])[0];
    const itemShape = item ? (({ $: _s, children: _c, ...rest }) => rest)(item) : { type: 'listitem', version: 1, value: 1, indent: 0, format: '', direction: null };
    return { ...shape, children: [{ ...itemShape, type: 'listitem', children: inline }] };
  }
  if (!Array.isArray(source.children)) return { ...emptyParagraph(), children: inline };
  return { ...shape, direction: null, children: inline };
}
