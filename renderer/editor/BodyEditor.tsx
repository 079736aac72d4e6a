import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { $getSelection, $isRangeSelection, $setSelection, configExtension, defineExtension, type BaseSelection, type LexicalEditor, type SerializedEditorState } from 'lexical';
import { $isLinkNode, TOGGLE_LINK_COMMAND } from '@lexical/link';
import { $findMatchingParent } from '@lexical/utils';
import { LexicalExtensionComposer } from '@lexical/react/LexicalExtensionComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { OnChangePlugin } from '@lexical/react/LexicalOnChangePlugin';
import { articleBodyExtension } from '../../shared/editor/article-editor';
import { ShortcutsExtension } from '../../shared/editor/shortcuts';
import { language, type LanguageKey } from '../../shared/languages';
import type { Body } from '../../shared/article';
import { LinkDialog } from './LinkDialog';
import { PasteExtension } from './paste/PasteExtension';
import { useToasts } from '../components/Toasts';
import { Toolbar } from './Toolbar';

interface Props {
  lang: LanguageKey;
  /** The body the editor starts from; later changes of this prop are ignored (the editor owns the text). */
  initial: Body;
  onChange: (body: Body) => void;
}

interface LinkEdit {
  editor: LexicalEditor;
  url: string;
  selection: BaseSelection | null;
}

/** The link at the selection and the selection itself, kept while the link dialog has focus. */
function readLinkEdit(editor: LexicalEditor): LinkEdit {
  return editor.getEditorState().read(() => {
    const selection = $getSelection();
    const link = $isRangeSelection(selection) ? $findMatchingParent(selection.anchor.getNode(), $isLinkNode) : null;
    return { editor, url: link && $isLinkNode(link) ? link.getURL() : '', selection: selection?.clone() ?? null };
  });
}

/** The Lexical body of one language version, built from the shared editor definition. */
export function BodyEditor({ lang, initial, onChange }: Props) {
  const { t } = useTranslation();
  const toasts = useToasts();
  const { tag, dir } = language(lang);
  const [linkEdit, setLinkEdit] = useState<LinkEdit | null>(null);

  // Built once per mount: a new extension object would recreate the editor and lose undo history.
  const extension = useMemo(
    () =>
      defineExtension({
        name: `@qelem/renderer/Body/${lang}`,
        dependencies: [
          articleBodyExtension(lang, initial as unknown as SerializedEditorState),
          configExtension(ShortcutsExtension, { onLink: (editor: LexicalEditor) => setLinkEdit(readLinkEdit(editor)) }),
          configExtension(PasteExtension, {
            lang,
            onNormalized: (count: number) => toasts.show(t('editor.pasteNormalized', { count })),
          }),
        ],
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [lang],
  );

  const applyLink = (url: string | null) => {
    if (!linkEdit) return;
    const { editor, selection } = linkEdit;
    setLinkEdit(null);
    editor.focus();
    editor.update(() => {
      if (selection) $setSelection(selection.clone());
      editor.dispatchCommand(TOGGLE_LINK_COMMAND, url);
    });
  };

  return (
    <LexicalExtensionComposer extension={extension} contentEditable={null}>
      <Toolbar versionDir={dir} onLink={(editor) => setLinkEdit(readLinkEdit(editor))} />
      <div className="body-frame" lang={tag} dir={dir}>
        <ContentEditable
          className="body-editor"
          role="textbox"
          aria-multiline
          aria-label={t('editor.body')}
          aria-placeholder={t('editor.bodyPlaceholder')}
          placeholder={<div className="body-placeholder">{t('editor.bodyPlaceholder')}</div>}
          lang={tag}
          dir={dir}
          spellCheck
        />
      </div>
      <OnChangePlugin ignoreSelectionChange onChange={(state) => onChange(state.toJSON() as unknown as Body)} />
      {linkEdit && <LinkDialog initialUrl={linkEdit.url} onApply={applyLink} onClose={() => setLinkEdit(null)} />}
    </LexicalExtensionComposer>
  );
}
