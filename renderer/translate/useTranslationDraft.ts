import { useCallback, useMemo, useRef } from 'react';
import { versionContent, type Article, type SerializedNode, type VersionContent } from '../../shared/article';
import { directionOf, isKurdish, type LanguageKey } from '../../shared/languages';
import { blockToPlainText } from '../../shared/render/plain-text';
import { alignSegments, type Alignment, type TranslationRow } from '../../shared/translation/align';
import { copyOfSource, removeBlocks, setStatus, setTranslation, translationBlocks } from '../../shared/translation/edit-target';
import type { FieldSegment, LinkStatus } from '../../shared/translation/segment';
import { segmentsOf, type Segment } from '../../shared/translation/segments-of';
import { normalizeKurdish } from '../../shared/text/normalize';
import type { DocumentReplica, ReplicaState } from '../documents/replica';
import { useVersionDocument } from '../documents/useVersionDocument';
import { displayRows, type DisplayRow } from './display-rows';

/** Blocks with nothing translated in them yet (an opened row's empty starting block). */
function blocksAreEmpty(blocks: readonly SerializedNode[]): boolean {
  return blocks.every((block) => block.type !== 'image' && blockToPlainText(block).trim() === '');
}

/** Blocks equal in what a reader sees: ids and links aside. */
function sameBlocks(a: readonly SerializedNode[], b: readonly SerializedNode[]): boolean {
  return JSON.stringify(copyOfSource(a)) === JSON.stringify(copyOfSource(b));
}

export interface TranslationDraft {
  /** The target version as its document holds it. */
  content: VersionContent;
  saveState: ReplicaState;
  /** The target version's document. */
  replica: DocumentReplica;
  /** Whether both documents have arrived (until then the rows show the saved versions and take no typing). */
  ready: boolean;
  /** What the open row's editor holds (its last change), to tell a change made elsewhere from its own. */
  heldBlocks: (segmentId: string) => SerializedNode[] | null;
  alignment: Alignment;
  rows: DisplayRow[];
  /** The source block a body segment stands for, as saved. */
  sourceBlock: (segment: Segment) => SerializedNode | undefined;
  /** What a row's editor holds now. */
  onBlocksChange: (segment: Segment, blocks: SerializedNode[]) => void;
  /** What a row's text field holds now. */
  onFieldChange: (segment: Segment, value: string) => void;
  /** A row's translation replaced from outside its editor (copy of the source, a match). */
  replaceBlocks: (segment: Segment, blocks: SerializedNode[]) => void;
  /** Marks a row done or approved; false when it has nothing translated to mark, and nothing changes. */
  mark: (row: TranslationRow, status: LinkStatus) => boolean;
  deleteOrphan: (segment: Segment) => void;
}

/**
 * The translation being made in the workspace: the target version `to` of
 * the article, lined up with the source `from` row by row. Both are read
 * from their shared documents as they change, here or in another window (a
 * source edit turns its row stale at once), and every change of a row is an
 * edit of the target's document, merged with whatever else is typed in it.
 */
export function useTranslationDraft(article: Article, from: LanguageKey, to: LanguageKey): TranslationDraft {
  const target = useVersionDocument(article.id, to);
  const sourceDocument = useVersionDocument(article.id, from);
  const source = sourceDocument.content ?? article.versions[from];
  const saved = article.versions[to];
  const content = useMemo(() => target.content ?? versionContent(saved, directionOf(to)), [target.content, saved, to]);
  const setContent = target.edit;

  const sourceSegments = useMemo(() => (source ? segmentsOf(source) : []), [source]);
  const targetSegments = useMemo(() => segmentsOf(content), [content]);
  const alignment = useMemo(() => alignSegments(from, sourceSegments, targetSegments), [from, sourceSegments, targetSegments]);
  const rows = useMemo(() => displayRows(alignment, targetSegments, from), [alignment, targetSegments, from]);
  const sourceBlock = useCallback((segment: Segment): SerializedNode | undefined => source?.body.root.children[segment.index], [source]);

  // The open row's latest blocks, known at once: React renders a change from the editor a moment
  // later, and a Ctrl+Enter typed right after the text must not find the row still empty.
  const latestBlocks = useRef<{ id: string; blocks: SerializedNode[] } | null>(null);
  const onBlocksChange = useCallback(
    (segment: Segment, blocks: SerializedNode[]) => {
      latestBlocks.current = { id: segment.id, blocks };
      setContent((current) => {
        const before = translationBlocks(current, from, segment.id);
        if (sameBlocks(before, blocks)) return current;
        // An untouched new row (one empty block) is not a translation yet.
        if (before.length === 0 && blocksAreEmpty(blocks)) return current;
        return setTranslation(current, from, segment, sourceSegments, blocks);
      });
    },
    [from, sourceSegments, setContent],
  );

  const onFieldChange = useCallback(
    (segment: Segment, value: string) => setContent((current) => setTranslation(current, from, segment, sourceSegments, isKurdish(to) ? normalizeKurdish(value) : value)),
    [from, to, sourceSegments, setContent],
  );

  const replaceBlocks = (segment: Segment, blocks: SerializedNode[]) => setContent((current) => setTranslation(current, from, segment, sourceSegments, blocks));
  const heldBlocks = useCallback((segmentId: string) => (latestBlocks.current?.id === segmentId ? latestBlocks.current.blocks : null), []);

  const mark = (row: TranslationRow, status: LinkStatus): boolean => {
    const { source: segment } = row;
    const pending = latestBlocks.current?.id === segment.id ? latestBlocks.current.blocks : null;
    // A field typed in the article view has text but no link yet: marking it done links it.
    const empty = segment.kind === 'field' ? String(content[segment.id as FieldSegment]).trim() === '' : pending ? blocksAreEmpty(pending) : row.state === 'missing';
    if (empty) return false;
    setContent((current) => setStatus(current, from, segment, status));
    return true;
  };

  const deleteOrphan = useCallback((segment: Segment) => setContent((current) => removeBlocks(current, [segment.id], segmentsOf(current))), [setContent]);

  return {
    content,
    saveState: target.state,
    replica: target.replica,
    ready: target.content !== null && sourceDocument.content !== null,
    heldBlocks,
    alignment,
    rows,
    sourceBlock,
    onBlocksChange,
    onFieldChange,
    replaceBlocks,
    mark,
    deleteOrphan,
  };
}
