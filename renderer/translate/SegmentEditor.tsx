import { memo, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { configExtension, defineExtension, type EditorState, type LexicalEditor, type SerializedEditorState } from 'lexical';
import { LexicalExtensionComposer } from '@lexical/react/LexicalExtensionComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { OnChangePlugin } from '@lexical/react/LexicalOnChangePlugin';
import type { SerializedNode } from '../../shared/article';
import { articleBodyExtension } from '../../shared/editor/article-editor';
import { language, type LanguageKey } from '../../shared/languages';
import { useToasts } from '../components/Toasts';
import { PasteExtension } from '../editor/paste/PasteExtension';

interface Props {
  lang: LanguageKey;
  /** The row's target blocks when it was opened; later changes are ignored (the editor owns the text). */
  initialBlocks: readonly SerializedNode[];
  label: string;
  onChange: (blocks: SerializedNode[]) => void;
  /** Told of the editor when it starts, and null when it goes. */
  onEditor: (editor: LexicalEditor | null) => void;
}

/**
 * The target of one body segment being translated: the same editor definition
 * as the article body (marks, lists, Kurdish input, opposite-direction runs,
 * segment ids), holding only this row's blocks. Its undo history lives as long
 * as the row is open.
 */
export const SegmentEditor = memo(function SegmentEditor({ lang, initialBlocks, label, onChange, onEditor }: Props) {
  const { t } = useTranslation();
  const toasts = useToasts();
  const { tag, dir } = language(lang);
  const extension = useMemo(() => {
    const initial = { root: { type: 'root', version: 1, direction: dir, format: '', indent: 0, children: initialBlocks } };
    return defineExtension({
      name: `@qelem/renderer/Segment/${lang}`,
      dependencies: [
        articleBodyExtension(lang, initial as unknown as SerializedEditorState),
        configExtension(PasteExtension, { lang, onNormalized: (count: number) => toasts.show(t('editor.pasteNormalized', { count })) }),
      ],
    });
    // Built once per opened row: a new extension would recreate the editor and lose its history.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const emit = (state: EditorState) => onChange(state.toJSON().root.children as unknown as SerializedNode[]);
  return (
    <LexicalExtensionComposer extension={extension} contentEditable={null}>
      <ContentEditable className="segment-editor body-editor" role="textbox" aria-multiline aria-label={label} lang={tag} dir={dir} spellCheck />
      <EditorCapture onEditor={onEditor} />
      <OnChangePlugin ignoreSelectionChange ignoreHistoryMergeTagChange={false} onChange={emit} />
    </LexicalExtensionComposer>
  );
});

function EditorCapture({ onEditor }: { onEditor: (editor: LexicalEditor | null) => void }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);
  return null;
}
