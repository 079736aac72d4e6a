import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article, SerializedNode } from '../../shared/article';
import { language, type LanguageKey } from '../../shared/languages';
import { blockLike, copyOfSource, translationBlocks } from '../../shared/translation/edit-target';
import { useToasts } from '../components/Toasts';
import { SegmentRow } from './SegmentRow';
import { Suggestions } from './Suggestions';
import { insertText, replaceInEditor, useTargetControl } from './target-control';
import { useActiveRow } from './useActiveRow';
import { useGlossaryTerms } from './useGlossaryTerms';
import { useMemoryMatches } from './useMemoryMatches';
import { useTranslationDraft } from './useTranslationDraft';
import { useWorkspaceKeys } from './useWorkspaceKeys';
import type { WorkspaceAction } from './workspace-keys';
import { WorkspaceHeader } from './WorkspaceHeader';

interface Props {
  article: Article;
  from: LanguageKey;
  to: LanguageKey;
  /** The languages a translator may translate `to` from: the article's source and every complete version. */
  sourceChoices: LanguageKey[];
  /** A source segment to open (a jump from the export checks). */
  at: string | null;
}

/**
 * The side-by-side translation workspace: one row per source segment, its
 * translation beside it, the state between them. The row being translated
 * holds an editor; the others show their text. Everything is saved as the
 * target version, a moment after each change (useTranslationDraft).
 */
export function Workspace({ article, from, to, sourceChoices, at }: Props) {
  const { t } = useTranslation();
  const toasts = useToasts();
  const draft = useTranslationDraft(article, from, to);
  const { content, saveState, replica, rows, sourceBlock } = draft;

  // Bumped when a row's text is replaced from outside its editor (copy source, a match), so the editor starts over from it.
  const [editorGeneration, setEditorGeneration] = useState(0);
  const { active, activate, moveBy } = useActiveRow(rows, at, editorGeneration);
  const activeSource = active?.kind === 'row' ? active.row.source : null;
  const { control, setControl } = useTargetControl();

  // The open row's translation changed elsewhere (another window, another person): its editor starts over from it.
  // Checked when the document's content changes, not when the row's own editor does.
  const [seenContent, setSeenContent] = useState(content);
  if (seenContent !== content) {
    setSeenContent(content);
    const segmentId = activeSource?.kind === 'block' ? activeSource.id : null;
    const held = segmentId === null ? null : draft.heldBlocks(segmentId);
    if (segmentId !== null && held !== null && JSON.stringify(copyOfSource(held)) !== JSON.stringify(copyOfSource(translationBlocks(content, from, segmentId)))) {
      setEditorGeneration((n) => n + 1);
    }
  }

  const glossary = useGlossaryTerms(activeSource?.text ?? null, from, to);
  const matches = useMemoryMatches(from, to, activeSource?.text ?? '');

  /** Replaces the active row's translation with blocks (body) or text (fields), as one undoable step where an editor holds it. */
  const replaceActive = (blocks: SerializedNode[], text: string) => {
    if (!activeSource) return;
    const editor = control.current.editor;
    if (activeSource.kind === 'block' && editor) {
      replaceInEditor(editor, blocks);
    } else if (activeSource.kind === 'field') {
      draft.onFieldChange(activeSource, text);
      control.current.field?.focus();
    } else {
      draft.replaceBlocks(activeSource, blocks);
      setEditorGeneration((n) => n + 1);
    }
  };

  const copySource = () => {
    if (!activeSource) return;
    const block = sourceBlock(activeSource);
    replaceActive(block ? copyOfSource([block]) : [], activeSource.text);
  };

  const insertMatch = (index: number) => {
    const match = matches[index];
    if (!match || !activeSource) return;
    const block = sourceBlock(activeSource);
    replaceActive(block ? [blockLike(block, match.targetText)] : [], match.targetText);
  };

  const insertTerm = (index: number) => {
    const term = glossary.terms[index];
    if (term) insertText(control.current, term[to]);
  };

  /** Ctrl+Enter: the row is marked, and the next one opened unless this one had nothing to mark yet. */
  const markAndMove = (status: 'done' | 'approved') => {
    const row = active?.kind === 'row' ? active.row : null;
    if (row && !draft.mark(row, status)) toasts.show(t('translate.nothingToMark'));
    if (row?.state !== 'missing') moveBy(1);
  };

  const moveToUnfinished = (step: number) => {
    if (!moveBy(step, true)) toasts.show(t('translate.noneUnfinished'));
  };

  useWorkspaceKeys((action: WorkspaceAction) => {
    switch (action.kind) {
      case 'done':
        return markAndMove('done');
      case 'approve':
        return markAndMove('approved');
      case 'next':
        return void moveBy(1);
      case 'previous':
        return void moveBy(-1);
      case 'nextUnfinished':
        return moveToUnfinished(1);
      case 'previousUnfinished':
        return moveToUnfinished(-1);
      case 'copySource':
        return copySource();
      case 'match':
        return insertMatch(action.index);
      case 'term':
        return insertTerm(action.index);
      case 'save':
        return void replica.flush();
    }
  });

  const fromLanguage = language(from);
  const toLanguage = language(to);

  return (
    <main className="translate-screen">
      <WorkspaceHeader
        articleId={article.id}
        from={from}
        to={to}
        sourceChoices={sourceChoices}
        progress={draft.alignment.progress}
        saveState={saveState}
        onSaveNow={() => void replica.flush()}
      />

      <div className="translate-body">
        <table className="translate-table">
          <colgroup>
            <col className="col-source" />
            <col className="col-state" />
            <col className="col-target" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col" lang={fromLanguage.tag}>
                {fromLanguage.nativeName}
              </th>
              <th scope="col">{t('translate.stateColumn')}</th>
              <th scope="col" lang={toLanguage.tag}>
                {toLanguage.nativeName}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <SegmentRow
                key={row.key}
                row={row}
                from={from}
                to={to}
                active={row.key === active?.key}
                editorGeneration={editorGeneration}
                content={content}
                sourceBlock={row.kind === 'row' ? sourceBlock(row.row.source) : undefined}
                glossaryHits={row.key === active?.key ? glossary.hits : []}
                onControl={setControl}
                onActivate={activate}
                onBlocksChange={draft.onBlocksChange}
                onFieldChange={draft.onFieldChange}
                onDeleteOrphan={draft.deleteOrphan}
              />
            ))}
          </tbody>
        </table>
        {activeSource && <Suggestions from={from} to={to} sourceText={activeSource.text} matches={matches} terms={glossary.terms} onMatch={insertMatch} onTerm={insertTerm} />}
      </div>

    </main>
  );
}
