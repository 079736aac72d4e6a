import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { versionContent, type Article, type SerializedNode, type VersionContent } from '../../shared/article';
import { directionOf, isKurdish, type LanguageKey } from '../../shared/languages';
import { blockToPlainText } from '../../shared/render/plain-text';
import { alignSegments, type Alignment, type TranslationRow } from '../../shared/translation/align';
import { copyOfSource, removeBlocks, setStatus, setTranslation, translationBlocks } from '../../shared/translation/edit-target';
import type { FieldSegment, LinkStatus } from '../../shared/translation/segment';
import { segmentsOf, type Segment } from '../../shared/translation/segments-of';
import { normalizeKurdish } from '../../shared/text/normalize';
import type { Autosaver, SaveState } from '../saving/autosave';
import { useVersionAutosaver } from '../saving/useVersionAutosaver';
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
  /** The target version as edited. */
  content: VersionContent;
  saveState: SaveState;
  autosaver: RefObject<Autosaver | null>;
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
 * the article, lined up with the source `from` row by row, every change
 * autosaved as that version.
 */
export function useTranslationDraft(article: Article, from: LanguageKey, to: LanguageKey): TranslationDraft {
  const source = article.versions[from];
  const [content, setContent] = useState<VersionContent>(() => versionContent(article.versions[to], directionOf(to)));
  const [initialContent] = useState(content);
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'saved' });
  const autosaver = useVersionAutosaver({ articleId: article.id, lang: to, baseRevision: article.versions[to]?.revision ?? 0, onState: setSaveState });
  useEffect(() => {
    if (content !== initialContent) autosaver.current?.update(content);
  }, [autosaver, content, initialContent]);

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
    [from, sourceSegments],
  );

  const onFieldChange = useCallback(
    (segment: Segment, value: string) => setContent((current) => setTranslation(current, from, segment, sourceSegments, isKurdish(to) ? normalizeKurdish(value) : value)),
    [from, to, sourceSegments],
  );

  const replaceBlocks = (segment: Segment, blocks: SerializedNode[]) => setContent((current) => setTranslation(current, from, segment, sourceSegments, blocks));

  const mark = (row: TranslationRow, status: LinkStatus): boolean => {
    const { source: segment } = row;
    const pending = latestBlocks.current?.id === segment.id ? latestBlocks.current.blocks : null;
    // A field typed in the article view has text but no link yet: marking it done links it.
    const empty = segment.kind === 'field' ? String(content[segment.id as FieldSegment]).trim() === '' : pending ? blocksAreEmpty(pending) : row.state === 'missing';
    if (empty) return false;
    setContent((current) => setStatus(current, from, segment, status));
    return true;
  };

  const deleteOrphan = useCallback((segment: Segment) => setContent((current) => removeBlocks(current, [segment.id], segmentsOf(current))), []);

  return { content, saveState, autosaver, alignment, rows, sourceBlock, onBlocksChange, onFieldChange, replaceBlocks, mark, deleteOrphan };
}
