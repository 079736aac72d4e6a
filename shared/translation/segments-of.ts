import type { SerializedNode, VersionContent } from '../article';
import { blockToPlainText } from '../render/plain-text';
import { BLOCK_SEGMENT_ID, FIELD_SEGMENTS, SEGMENT_STATE_KEYS, SegmentLinkSchema, type SegmentLink } from './segment';

/** One unit a translator works in: a text field or a top-level body block of a version. */
export interface Segment {
  /**
   * The field name, the block's `$.seg`, or `#<index>` for a block without a
   * valid or unique id (older saves). A positional id changes when blocks move:
   * nothing may link to it (SegmentIdSchema refuses it).
   */
  id: string;
  kind: 'field' | 'block' | 'image';
  /** The field name, or the block's Lexical node type ('paragraph', 'heading', 'list', 'image'…). */
  blockType: string;
  /** Plain text; an image's is its caption and alt text, one per line. */
  text: string;
  /** What this segment translates, if anything. */
  link: SegmentLink | null;
  /** Position among the body's top-level blocks; -1 for fields. */
  index: number;
  /** Whether it takes part in translation: an image always, text only when not blank. */
  counted: boolean;
}

export type SegmentSourceContent = Pick<
  VersionContent,
  'headline' | 'standfirst' | 'dateline' | 'byline' | 'leadImageCaption' | 'leadImageAlt' | 'body' | 'fieldLinks'
>;

/** The segments of a version: its fields in FIELD_SEGMENTS order, then its top-level body blocks. */
export function segmentsOf(content: SegmentSourceContent): Segment[] {
  const segments: Segment[] = [];
  for (const field of FIELD_SEGMENTS) {
    const text = content[field];
    segments.push({
      id: field,
      kind: 'field',
      blockType: field,
      text,
      link: content.fieldLinks[field] ?? null,
      index: -1,
      counted: text.trim() !== '',
    });
  }
  const seen = new Set<string>();
  content.body.root.children.forEach((node, index) => {
    const own = blockSegmentId(node);
    // The first block keeps a repeated id (a block duplicated by copy and paste): the copy is the newcomer.
    const id = own !== null && !seen.has(own) ? own : `#${index}`;
    if (own !== null) seen.add(own);
    const image = node.type === 'image';
    const text = image ? `${stringKey(node, 'caption').trim()}\n${stringKey(node, 'alt').trim()}` : blockToPlainText(node);
    segments.push({
      id,
      kind: image ? 'image' : 'block',
      blockType: node.type,
      text,
      link: blockSegmentLink(node),
      index,
      counted: image || text.trim() !== '',
    });
  });
  return segments;
}

/** The block's segment id from its NodeState (`$.seg`) when it is well formed, else null. */
export function blockSegmentId(node: SerializedNode): string | null {
  const seg = nodeState(node)?.[SEGMENT_STATE_KEYS.id];
  return typeof seg === 'string' && BLOCK_SEGMENT_ID.test(seg) ? seg : null;
}

/** The block's link from its NodeState (`$.link`); a malformed one reads as none. */
export function blockSegmentLink(node: SerializedNode): SegmentLink | null {
  const link = nodeState(node)?.[SEGMENT_STATE_KEYS.link];
  if (link === undefined) return null;
  const parsed = SegmentLinkSchema.safeParse(link);
  return parsed.success ? parsed.data : null;
}

/** Lexical serializes a node's non-flat NodeState under the `$` key. */
export function nodeState(node: SerializedNode): Record<string, unknown> | null {
  const state = node.$;
  return typeof state === 'object' && state !== null && !Array.isArray(state) ? (state as Record<string, unknown>) : null;
}

function stringKey(node: SerializedNode, key: string): string {
  const value = node[key];
  return typeof value === 'string' ? value : '';
}
