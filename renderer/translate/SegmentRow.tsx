import { memo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { LexicalEditor } from 'lexical';
import type { SerializedNode, VersionContent } from '../../shared/article';
import { language, type LanguageKey } from '../../shared/languages';
import { blockLike, translationBlocks } from '../../shared/translation/edit-target';
import type { GlossaryHit } from '../../shared/translation/glossary-match';
import type { FieldSegment } from '../../shared/translation/segment';
import type { Segment } from '../../shared/translation/segments-of';
import { uiLanguage } from '../i18n';
import { BlockView } from './BlockView';
import { DiffText } from './DiffText';
import type { DisplayRow } from './display-rows';
import { ImageTarget } from './ImageTarget';
import { SegmentEditor } from './SegmentEditor';

/** What the workspace types into: the open row's editor, or its text field. */
export interface TargetControl {
  editor: LexicalEditor | null;
  field: HTMLTextAreaElement | null;
}

interface Props {
  row: DisplayRow;
  from: LanguageKey;
  to: LanguageKey;
  active: boolean;
  editorGeneration: number;
  content: VersionContent;
  /** The source block of a body row, as saved. */
  sourceBlock: SerializedNode | undefined;
  glossaryHits: readonly GlossaryHit[];
  /** Told what the open row types into, when it opens and closes. */
  onControl: (control: TargetControl) => void;
  onActivate: (key: string) => void;
  onBlocksChange: (segment: Segment, blocks: SerializedNode[]) => void;
  onFieldChange: (segment: Segment, value: string) => void;
  onDeleteOrphan: (segment: Segment) => void;
}

const FIELD_LABELS: Record<FieldSegment, string> = {
  headline: 'editor.headline',
  standfirst: 'editor.standfirst',
  dateline: 'editor.dateline',
  byline: 'editor.byline',
  leadImageCaption: 'image.lead.caption',
  leadImageAlt: 'image.lead.alt',
};

/** The source text with the glossary's terms marked. */
function Highlighted({ text, hits }: { text: string; hits: readonly GlossaryHit[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const hit of hits) {
    if (hit.start > at) parts.push(text.slice(at, hit.start));
    parts.push(
      <mark key={hit.start} className="glossary-term">
        {text.slice(hit.start, hit.end)}
      </mark>,
    );
    at = hit.end;
  }
  parts.push(text.slice(at));
  return <p className="segment-text">{parts}</p>;
}

/**
 * One line of the workspace: the source segment, its state, and its
 * translation, in one table row so the two sides stay level however tall
 * either one is.
 */
export const SegmentRow = memo(function SegmentRow(props: Props) {
  const { row, from, to, active, onActivate } = props;
  const { t } = useTranslation();
  const source = language(from);
  const target = language(to);

  if (row.kind !== 'row') {
    const { segment } = row;
    return (
      <tr data-row={row.key} className={`segment-row state-${row.kind}${active ? ' active' : ''}`} onFocus={() => onActivate(row.key)} onClick={() => onActivate(row.key)}>
        <td className="source-cell">
          <p className="muted">{t(`translate.explain.${row.kind}`)}</p>
        </td>
        <td className="state-cell">
          <span className={`state-badge state-${row.kind}`}>{t(`translate.state.${row.kind}`)}</span>
        </td>
        <td className="target-cell" lang={target.tag} dir={target.dir}>
          {props.content.body.root.children[segment.index] && <BlockView node={props.content.body.root.children[segment.index] as SerializedNode} lang={to} />}
          {row.kind === 'orphaned' && (
            <button type="button" className="button-danger" onClick={() => props.onDeleteOrphan(segment)}>
              {t('translate.deleteOrphan')}
            </button>
          )}
        </td>
      </tr>
    );
  }

  const { source: segment, targets, state } = row.row;
  const isField = segment.kind === 'field';
  const label = isField ? t(FIELD_LABELS[segment.id as FieldSegment]) : segment.kind === 'image' ? t('translate.image') : null;
  const staleLink = state === 'stale' ? targets.find((target) => typeof target.link?.sourceText === 'string')?.link : null;
  const targetLabel = t('translate.targetOf', { segment: label ?? t('translate.paragraph') });

  const sourceView = isField ? (
    active ? <Highlighted text={segment.text} hits={props.glossaryHits} /> : <p className="segment-text">{segment.text}</p>
  ) : active && segment.kind === 'block' && props.glossaryHits.length > 0 ? (
    <Highlighted text={segment.text} hits={props.glossaryHits} />
  ) : props.sourceBlock ? (
    <BlockView node={props.sourceBlock} lang={from} />
  ) : null;

  let targetView: ReactNode;
  if (active && isField) {
    targetView = (
      <textarea
        className="segment-field"
        aria-label={targetLabel}
        lang={target.tag}
        dir={target.dir}
        rows={segment.id === 'standfirst' ? 3 : 1}
        value={String(props.content[segment.id as FieldSegment])}
        ref={(element) => props.onControl({ editor: null, field: element })}
        onChange={(event) => props.onFieldChange(segment, event.target.value)}
      />
    );
  } else if (active && segment.kind === 'image') {
    targetView = <ImageTarget key={props.editorGeneration} lang={to} label={targetLabel} segment={segment} sourceBlock={props.sourceBlock} blocks={translationBlocks(props.content, from, segment.id)} onChange={(blocks) => props.onBlocksChange(segment, blocks)} />;
  } else if (active) {
    const existing = translationBlocks(props.content, from, segment.id);
    const initial = existing.length > 0 ? existing : props.sourceBlock ? [blockLike(props.sourceBlock, '')] : [];
    targetView = (
      <SegmentEditor
        key={`${segment.id}-${props.editorGeneration}`}
        lang={to}
        initialBlocks={initial}
        label={targetLabel}
        onEditor={(editor) => props.onControl({ editor, field: null })}
        onChange={(blocks) => props.onBlocksChange(segment, blocks)}
      />
    );
  } else if (isField) {
    targetView = <p className="segment-text">{String(props.content[segment.id as FieldSegment])}</p>;
  } else {
    targetView = targets.map((target) => {
      const node = props.content.body.root.children[target.index];
      return node ? <BlockView key={target.id} node={node} lang={to} /> : null;
    });
  }

  return (
    <tr data-row={row.key} className={`segment-row state-${state}${active ? ' active' : ''}`} aria-current={active ? 'true' : undefined} onFocus={() => onActivate(row.key)} onClick={() => onActivate(row.key)}>
      <td className="source-cell" lang={source.tag} dir={source.dir}>
        {label && (
          // A label of the interface, inside a cell of the source's language.
          <span className="segment-label" lang={language(uiLanguage()).tag} dir={language(uiLanguage()).dir}>
            {label}
          </span>
        )}
        {sourceView}
        {typeof staleLink?.sourceText === 'string' && (
          <div className="stale-diff">
            <span className="stale-title">{t('translate.changedSince')}</span>
            <DiffText before={staleLink.sourceText} after={segment.text} />
          </div>
        )}
      </td>
      <td className="state-cell">
        <span className={`state-badge state-${state}`}>{t(`translate.state.${state}`)}</span>
      </td>
      <td className="target-cell" lang={target.tag} dir={target.dir}>
        {targetView}
      </td>
    </tr>
  );
});
