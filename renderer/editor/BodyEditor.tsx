import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  $getNodeByKey,
  $getSelection,
  $isNodeSelection,
  $isRangeSelection,
  $setSelection,
  configExtension,
  defineExtension,
  type BaseSelection,
  type LexicalEditor,
  type EditorState,
} from 'lexical';
import { HistoryExtension } from '@lexical/history';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $isLinkNode, TOGGLE_LINK_COMMAND } from '@lexical/link';
import { $findMatchingParent } from '@lexical/utils';
import { LexicalExtensionComposer } from '@lexical/react/LexicalExtensionComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { OnChangePlugin } from '@lexical/react/LexicalOnChangePlugin';
import { articleBodyExtension } from '../../shared/editor/article-editor';
import { ShortcutsExtension } from '../../shared/editor/shortcuts';
import { INSERT_IMAGE_COMMAND, ImageExtension } from '../../shared/editor/image/image-extension';
import type { MediaInfo } from '../../shared/media';
import { language, type LanguageKey } from '../../shared/languages';
import type { DocumentReplica } from '../documents/replica';
import { DocumentBinding } from './collab/DocumentBinding';
import { usePresence } from '../newsroom/presence';
import { LinkDialog } from './LinkDialog';
import { PasteExtension } from './paste/PasteExtension';
import { useToasts } from '../components/Toasts';
import { Toolbar } from './Toolbar';
import { ImageBlock } from './image/ImageBlock';
import { ImageDropExtension } from './image/ImageDropExtension';
import { ImportStatus } from './image/ImportStatus';
import { IMAGE_ACCEPT } from './image/read-file';
import { useImageImport } from './image/useImageImport';

interface Props {
  lang: LanguageKey;
  /** The version's document: the body is bound to it, and shows what it holds. */
  replica: DocumentReplica;
  /** Every change, as Lexical's immutable editor state (for the counts). */
  onChange: (state: EditorState) => void;
  /** Told of the editor when it is there (and null when it goes), for edits made from outside it (a one-click fix). */
  onEditor?: (editor: LexicalEditor | null) => void;
  /** False when the newsroom lets this account only read the version. */
  editable: boolean;
}

/** Hands the editor of the composer it sits in to `onEditor`. */
function EditorHandle({ onEditor }: { onEditor: (editor: LexicalEditor | null) => void }) {
  const [editor] = useLexicalComposerContext();
  useEffect(() => {
    onEditor(editor);
    return () => onEditor(null);
  }, [editor, onEditor]);
  return null;
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

/** A selection kept across an async import, if the nodes it points at still exist. */
function $stillValid(selection: BaseSelection | null): BaseSelection | null {
  if ($isRangeSelection(selection)) {
    return $getNodeByKey(selection.anchor.key) && $getNodeByKey(selection.focus.key) ? selection.clone() : null;
  }
  if ($isNodeSelection(selection)) return selection.getNodes().length > 0 ? selection.clone() : null;
  return null;
}

/** Inserts imported images where the selection was when the user asked for them. */
function insertImages(editor: LexicalEditor, images: MediaInfo[], at: BaseSelection | null): void {
  if (images.length === 0) return;
  editor.update(() => {
    const selection = $stillValid(at);
    if (selection) $setSelection(selection);
    for (const { sha256, width, height } of images) editor.dispatchCommand(INSERT_IMAGE_COMMAND, { sha256, width, height });
  });
}

/** The Lexical body of one language version, built from the shared editor definition. */
export const BodyEditor = memo(function BodyEditor({ lang, replica, onChange, onEditor, editable }: Props) {
  const { t } = useTranslation();
  const presence = usePresence();
  // Everyone else's carets are drawn here, over the body (DocumentBinding).
  const cursors = useRef<HTMLDivElement>(null);
  const toasts = useToasts();
  const { tag, dir } = language(lang);
  const [linkEdit, setLinkEdit] = useState<LinkEdit | null>(null);
  const images = useImageImport();
  const { importFiles } = images;
  const fileInput = useRef<HTMLInputElement>(null);
  // Where the picked image goes: the selection when Insert image was pressed.
  const pickTarget = useRef<{ editor: LexicalEditor; selection: BaseSelection | null } | null>(null);

  // Built once per mount: a new extension object would recreate the editor and lose undo history.
  const extension = useMemo(
    () =>
      defineExtension({
        name: `@qelem/renderer/Body/${lang}`,
        dependencies: [
          // The body is what the version's document holds (DocumentBinding): no initial state of its own,
          // and the binding's undo, which takes back this editor's edits only, instead of Lexical's history.
          articleBodyExtension(lang, null),
          configExtension(HistoryExtension, { disabled: true }),
          configExtension(ShortcutsExtension, { onLink: (editor: LexicalEditor) => setLinkEdit(readLinkEdit(editor)) }),
          configExtension(PasteExtension, {
            lang,
            onNormalized: (count: number) => toasts.show(t('editor.pasteNormalized', { count })),
          }),
          configExtension(ImageExtension, {
            decorate: (node) => <ImageBlock nodeKey={node.getKey()} data={node.getData()} lang={lang} />,
          }),
          configExtension(ImageDropExtension, {
            onFiles: (files: File[], selection: BaseSelection | null, editor: LexicalEditor) => {
              void importFiles(files).then((taken) => insertImages(editor, taken, selection));
            },
          }),
        ],
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [lang],
  );

  const pickImage = (editor: LexicalEditor) => {
    pickTarget.current = { editor, selection: editor.getEditorState().read(() => $getSelection()?.clone() ?? null) };
    fileInput.current?.click();
  };

  const onPicked = async (input: HTMLInputElement) => {
    const files = Array.from(input.files ?? []);
    // Cleared, so picking the same file again is a change too.
    input.value = '';
    const target = pickTarget.current;
    if (!target || files.length === 0) return;
    insertImages(target.editor, await images.importFiles(files), target.selection);
    target.editor.focus();
  };

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
      <Toolbar versionDir={dir} onLink={(editor) => setLinkEdit(readLinkEdit(editor))} onInsertImage={pickImage} imageBusy={images.busy !== null} />
      <input
        ref={fileInput}
        type="file"
        accept={IMAGE_ACCEPT}
        className="visually-hidden"
        tabIndex={-1}
        aria-label={t('image.file')}
        onChange={(event) => void onPicked(event.currentTarget)}
      />
      <ImportStatus busy={images.busy} />
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
        <div className="collab-cursors" ref={cursors} />
      </div>
      <DocumentBinding replica={replica} presence={presence} cursors={cursors} editable={editable} />
      {/* Merged history steps are changes too: an image's caption typed in one go is one undo step. */}
      <OnChangePlugin ignoreSelectionChange ignoreHistoryMergeTagChange={false} onChange={onChange} />
      {onEditor && <EditorHandle onEditor={onEditor} />}
      {linkEdit && <LinkDialog initialUrl={linkEdit.url} onApply={applyLink} onClose={() => setLinkEdit(null)} />}
    </LexicalExtensionComposer>
  );
});
