import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { $getRoot, $getSelection, $isRangeSelection, $parseSerializedNode, type LexicalEditor } from 'lexical';
import { versionContent, type Article, type SerializedNode, type VersionContent } from '../../shared/article';
import { directionOf, isKurdish, language, type LanguageKey } from '../../shared/languages';
import { blockToPlainText } from '../../shared/render/plain-text';
import { alignSegments } from '../../shared/translation/align';
import { blockLike, copyOfSource, removeBlocks, setStatus, setTranslation, translationBlocks } from '../../shared/translation/edit-target';
import { findGlossaryTerms } from '../../shared/translation/glossary-match';
import type { GlossaryTerm } from '../../shared/translation/glossary';
import { finishedCount, type FieldSegment, type LinkStatus } from '../../shared/translation/segment';
import { segmentsOf, type Segment } from '../../shared/translation/segments-of';
import { normalizeKurdish } from '../../shared/text/normalize';
import { useApi } from '../api/context';
import { useToasts } from '../components/Toasts';
import { describeError } from '../i18n/errors';
import { navigate } from '../routing';
import type { SaveState } from '../saving/autosave';
import { ConflictDialog } from '../saving/ConflictDialog';
import { keepAsCopy } from '../saving/keep-copy';
import { SaveStatus } from '../saving/SaveStatus';
import { useVersionAutosaver } from '../saving/useVersionAutosaver';
import { displayRows, type DisplayRow } from './display-rows';
import { SegmentRow, type TargetControl } from './SegmentRow';
import { Suggestions, type TmMatch } from './Suggestions';
import { SHORTCUT_HELP, workspaceAction } from './workspace-keys';

interface Props {
  article: Article;
  from: LanguageKey;
  to: LanguageKey;
  /** The languages a translator may translate `to` from: the article's source and every complete version. */
  sourceChoices: LanguageKey[];
  /** A source segment to open (a jump from the export checks). */
  at: string | null;
  onReload: () => void;
}

const STATES_IN_HEADER = ['missing', 'draft', 'stale', 'done', 'approved'] as const;

/** Whether a row still needs the translator: what "next unfinished" jumps to. */
function unfinished(row: DisplayRow): boolean {
  return row.kind === 'orphaned' || (row.kind === 'row' && (row.row.state === 'missing' || row.row.state === 'draft' || row.row.state === 'stale'));
}

/** Blocks with nothing translated in them yet (an opened row's empty starting block). */
function blocksAreEmpty(blocks: readonly SerializedNode[]): boolean {
  return blocks.every((block) => block.type !== 'image' && blockToPlainText(block).trim() === '');
}

/** Blocks equal in what a reader sees: ids and links aside. */
function sameBlocks(a: readonly SerializedNode[], b: readonly SerializedNode[]): boolean {
  return JSON.stringify(copyOfSource(a)) === JSON.stringify(copyOfSource(b));
}

/**
 * The side-by-side translation workspace: one row per source segment, its
 * translation beside it, the state between them. The row being translated
 * holds an editor; the others show their text. Everything is saved as the
 * target version, a moment after each change.
 */
export function Workspace({ article, from, to, sourceChoices, at, onReload }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
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

  const rowOf = (segment: string | null) => rows.find((row) => row.key === `s-${segment}` || row.key === `t-${segment}`)?.key;
  const [activeKey, setActiveKey] = useState<string | null>(() => rowOf(at) ?? rows.find(unfinished)?.key ?? rows[0]?.key ?? null);
  const activeIndex = Math.max(0, rows.findIndex((row) => row.key === activeKey));
  const active = rows[activeIndex];
  const activeSource = active?.kind === 'row' ? active.row.source : null;
  // Bumped when a row's text is replaced from outside its editor (copy source, a match), so the editor starts over from it.
  const [editorGeneration, setEditorGeneration] = useState(0);
  const control = useRef<TargetControl>({ editor: null, field: null });
  const setControl = useCallback((next: TargetControl) => {
    // A closing row reports null after the next one opened: only a live control replaces the current one.
    if (next.editor || next.field || (!control.current.editor?.getRootElement()?.isConnected && !control.current.field?.isConnected)) control.current = next;
  }, []);

  const [terms, setTerms] = useState<GlossaryTerm[]>([]);
  useEffect(() => {
    api.listGlossary({}).then(
      (result) => setTerms(result.terms),
      (error: unknown) => toasts.show(describeError(t, error), { tone: 'error' }),
    );
    // Loaded once per workspace; the glossary screen is where it changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);
  const glossaryHits = useMemo(() => (activeSource ? findGlossaryTerms(activeSource.text, from, terms).filter((hit) => hit.term[to] !== '') : []), [activeSource, from, to, terms]);
  const termsFound = useMemo(() => [...new Map(glossaryHits.map((hit) => [hit.term.id, hit.term])).values()], [glossaryHits]);

  // Matches are kept with the text they were looked up for: a row shows only its own.
  const [lookup, setLookup] = useState<{ text: string; matches: TmMatch[] }>({ text: '', matches: [] });
  const activeText = activeSource?.text ?? '';
  const matches = lookup.text === activeText ? lookup.matches : [];
  useEffect(() => {
    if (activeText.trim() === '') return;
    let cancelled = false;
    api.lookupTranslationMemory({ from, to, text: activeText }).then(
      (result) => {
        if (!cancelled) setLookup({ text: activeText, matches: result.matches });
      },
      () => undefined, // suggestions are a help: a failed lookup leaves the list empty
    );
    return () => {
      cancelled = true;
    };
  }, [api, from, to, activeText]);

  const sourceBlock = useCallback((segment: Segment): SerializedNode | undefined => source?.body.root.children[segment.index], [source]);

  // -- editing -------------------------------------------------------------

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

  const mark = (status: LinkStatus) => {
    if (!active || active.kind !== 'row') return;
    const { source: segment } = active.row;
    const pending = latestBlocks.current?.id === segment.id ? latestBlocks.current.blocks : null;
    // A field typed in the article view has text but no link yet: marking it done links it.
    const empty = segment.kind === 'field' ? String(content[segment.id as FieldSegment]).trim() === '' : pending ? blocksAreEmpty(pending) : active.row.state === 'missing';
    if (empty) {
      toasts.show(t('translate.nothingToMark'));
      return;
    }
    setContent((current) => setStatus(current, from, active.row.source, status));
  };

  const moveBy = (step: number, onlyUnfinished = false) => {
    for (let index = activeIndex + step; index >= 0 && index < rows.length; index += step) {
      const row = rows[index];
      if (row && (!onlyUnfinished || unfinished(row))) {
        setActiveKey(row.key);
        return;
      }
    }
    if (onlyUnfinished) toasts.show(t('translate.noneUnfinished'));
  };

  /** Replaces the active row's translation with blocks (body) or text (fields), as one undoable step where an editor holds it. */
  const replaceActive = (blocks: SerializedNode[], text: string) => {
    if (!activeSource) return;
    const editor = control.current.editor;
    if (activeSource.kind === 'block' && editor) {
      editor.update(() => {
        const root = $getRoot().clear();
        for (const block of blocks) root.append($parseSerializedNode(block as never));
        root.selectEnd();
      });
      editor.focus();
    } else if (activeSource.kind === 'field') {
      onFieldChange(activeSource, text);
      control.current.field?.focus();
    } else {
      setContent((current) => setTranslation(current, from, activeSource, sourceSegments, blocks));
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
    const term = termsFound[index];
    if (term) insertText(control.current, term[to]);
  };

  const deleteOrphan = (segment: Segment) => setContent((current) => removeBlocks(current, [segment.id], segmentsOf(current)));

  const onKeyDown = (event: globalThis.KeyboardEvent) => {
    // A dialog (the conflict) has the keyboard to itself.
    if (document.querySelector('dialog[open]')) return;
    const action = workspaceAction(event);
    if (!action) return;
    // Captured before the editor sees it: Ctrl+Enter must not also split the paragraph.
    event.preventDefault();
    event.stopPropagation();
    switch (action.kind) {
      case 'done':
      case 'approve': {
        const before = active?.kind === 'row' ? active.row.state : null;
        mark(action.kind === 'done' ? 'done' : 'approved');
        if (before !== 'missing') moveBy(1);
        return;
      }
      case 'next':
        return moveBy(1);
      case 'previous':
        return moveBy(-1);
      case 'nextUnfinished':
        return moveBy(1, true);
      case 'previousUnfinished':
        return moveBy(-1, true);
      case 'copySource':
        return copySource();
      case 'match':
        return insertMatch(action.index);
      case 'term':
        return insertTerm(action.index);
      case 'save':
        return void autosaver.current?.flush();
    }
  };

  // Listened for on the window, before anything else: the shortcuts work wherever the focus is
  // (a click on a cell's margin leaves it on the page), and Ctrl+Enter never reaches the editor.
  const keyHandler = useRef(onKeyDown);
  useEffect(() => {
    keyHandler.current = onKeyDown;
  });
  useEffect(() => {
    // Synchronously rendered, so the next key already meets the row this one moved to.
    const listener = (event: globalThis.KeyboardEvent) => flushSync(() => keyHandler.current(event));
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, []);

  // A row chosen by click or keyboard gets the caret in its translation.
  const [focusRequest, setFocusRequest] = useState(0);
  const activate = useCallback((key: string) => {
    setActiveKey(key);
    setFocusRequest((n) => n + 1);
  }, []);

  // The row being translated is scrolled into view and its editor focused.
  useEffect(() => {
    const row = document.querySelector<HTMLElement>(`[data-row="${CSS.escape(activeKey ?? '')}"]`);
    row?.scrollIntoView({ block: 'nearest' });
    const target = row?.querySelector<HTMLElement>('[contenteditable="true"], textarea, input');
    if (target && !row?.contains(document.activeElement)) target.focus();
  }, [activeKey, editorGeneration, focusRequest]);

  const progress = alignment.progress;
  const fromLanguage = language(from);
  const toLanguage = language(to);
  const conflict = saveState.kind === 'conflict' ? saveState : null;

  return (
    <main className="translate-screen">
      <header className="toolbar translate-toolbar">
        <button
          type="button"
          className="back"
          onClick={() => {
            void autosaver.current?.flush();
            navigate({ screen: 'article', id: article.id, lang: to });
          }}
        >
          {t('translate.backToArticle')}
        </button>
        <label className="inline-field">
          <span>{t('translate.from')}</span>
          <select value={from} onChange={(event) => navigate({ screen: 'translate', id: article.id, to, from: event.target.value as LanguageKey }, { replace: true })}>
            {sourceChoices.map((key) => (
              <option key={key} value={key} lang={language(key).tag}>
                {language(key).nativeName}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>{t('translate.to')}</span>
          <select value={to} onChange={(event) => navigate({ screen: 'translate', id: article.id, to: event.target.value as LanguageKey, from: null })}>
            {(['en', 'ckb', 'kmr'] as const)
              .filter((key) => key !== from)
              .map((key) => (
                <option key={key} value={key} lang={language(key).tag}>
                  {language(key).nativeName}
                </option>
              ))}
          </select>
        </label>
        <div className="translate-progress" role="group" aria-label={t('translate.progressLabel')}>
          <meter min={0} max={Math.max(1, progress.total)} value={finishedCount(progress)} aria-label={t('translate.progressLabel')} />
          <span className="progress-text">{t('translate.progress', { done: finishedCount(progress), total: progress.total })}</span>
          <ul className="state-counts">
            {STATES_IN_HEADER.map((state) => (
              <li key={state} className={`state-chip state-${state}`}>
                {t(`translate.state.${state}`)} {t('translate.count', { count: progress[state] })}
              </li>
            ))}
            {progress.orphaned > 0 && <li className="state-chip state-orphaned">{t('translate.state.orphaned')} {t('translate.count', { count: progress.orphaned })}</li>}
          </ul>
        </div>
        <SaveStatus state={saveState} onRetry={() => void autosaver.current?.flush()} />
      </header>
      <ul className="shortcut-help" aria-label={t('translate.shortcutsLabel')}>
        {SHORTCUT_HELP.map((shortcut) => (
          <li key={shortcut.label}>
            {/* Key names read left to right in every interface language. */}
            <kbd dir="ltr">{shortcut.keys}</kbd> {t(`translate.keys.${shortcut.label}`)}
          </li>
        ))}
      </ul>

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
                glossaryHits={row.key === active?.key ? glossaryHits : []}
                onControl={setControl}
                onActivate={activate}
                onBlocksChange={onBlocksChange}
                onFieldChange={onFieldChange}
                onDeleteOrphan={deleteOrphan}
              />
            ))}
          </tbody>
        </table>
        {activeSource && <Suggestions from={from} to={to} sourceText={activeSource.text} matches={matches} terms={termsFound} onMatch={insertMatch} onTerm={insertTerm} />}
      </div>

      {conflict && (
        <ConflictDialog
          languageName={toLanguage.nativeName}
          revision={conflict.currentRevision}
          onReload={onReload}
          onKeepCopy={() => void keepAsCopy(api, to, autosaver.current?.unsaved ?? null, t, toasts, onReload)}
        />
      )}
    </main>
  );
}

/** Types `text` at the caret of the active row's target, as if the translator had typed it. */
function insertText(control: TargetControl, text: string): void {
  const { editor, field } = control;
  if (editor) {
    insertInEditor(editor, text);
    return;
  }
  if (field) {
    field.focus();
    field.setRangeText(text, field.selectionStart ?? field.value.length, field.selectionEnd ?? field.value.length, 'end');
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

function insertInEditor(editor: LexicalEditor, text: string): void {
  editor.update(() => {
    const selection = $getSelection();
    if ($isRangeSelection(selection)) selection.insertText(text);
    else $getRoot().selectEnd().insertText(text);
  });
  editor.focus();
}
