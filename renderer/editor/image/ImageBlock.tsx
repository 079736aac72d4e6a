import { useCallback, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { $getNodeByKey, HISTORY_MERGE_TAG, SKIP_DOM_SELECTION_TAG, type NodeKey } from 'lexical';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { useLexicalNodeSelection } from '@lexical/react/useLexicalNodeSelection';
import { IMAGE_TEXT_LIMITS, type ImageData, type ImageTextField } from '../../../shared/editor/image/image-data';
import { $isImageNode } from '../../../shared/editor/image/image-node';
import { isKurdish, isLanguageKey, language, type LanguageKey } from '../../../shared/languages';
import { mediaUrl } from '../../../shared/media';
import { ImageTextInput } from './ImageTextInput';

/** Typing in one field within this long counts as one undo step. */
const MERGE_WINDOW_MS = 1_000;

/**
 * The editing view of an image block in the body: the picture, then its
 * caption, alt text and credit in the version's language, and a Remove
 * button. Clicking the picture selects the block (Backspace or Delete then
 * removes it, as Lexical does for a selected decorator).
 */
export function ImageBlock({ nodeKey, data, lang }: { nodeKey: NodeKey; data: ImageData; lang: LanguageKey }) {
  const { t, i18n } = useTranslation();
  // Labels and buttons speak the interface language, even inside a body written in another; the fields carry the version's.
  const ui = language(isLanguageKey(i18n.language) ? i18n.language : 'en');
  const [editor] = useLexicalComposerContext();
  const [isSelected, setSelected, clearSelection] = useLexicalNodeSelection(nodeKey);
  const lastEdit = useRef<{ field: ImageTextField; at: number } | null>(null);
  const { tag, dir } = language(lang);
  const kurdish = isKurdish(lang);

  const setText = useCallback(
    (field: ImageTextField, value: string) => {
      const now = Date.now();
      const previous = lastEdit.current;
      const merge = previous !== null && previous.field === field && now - previous.at < MERGE_WINDOW_MS;
      lastEdit.current = { field, at: now };
      editor.update(
        () => {
          const node = $getNodeByKey(nodeKey);
          if ($isImageNode(node)) node.setText(field, value);
        },
        // The caret stays in the field being typed in: Lexical must not move the DOM selection back into the text.
        { tag: merge ? [SKIP_DOM_SELECTION_TAG, HISTORY_MERGE_TAG] : SKIP_DOM_SELECTION_TAG, discrete: true },
      );
    },
    [editor, nodeKey],
  );

  const remove = () => {
    editor.update(() => {
      const node = $getNodeByKey(nodeKey);
      if (!$isImageNode(node)) return;
      // The caret goes where the image was, so typing can go on.
      const next = node.getNextSibling() ?? node.getPreviousSibling();
      node.remove();
      if (next) next.selectStart();
    });
    editor.focus();
  };

  const field = (name: ImageTextField, label: string, options: { multiline?: boolean; dir?: 'auto' } = {}) => (
    <ImageTextInput
      className={`image-${name}`}
      label={label}
      value={data[name]}
      onChange={(value) => setText(name, value)}
      lang={tag}
      dir={options.dir ?? dir}
      normalize={kurdish}
      maxLength={IMAGE_TEXT_LIMITS[name]}
      multiline={options.multiline}
      labelLang={ui.tag}
      labelDir={ui.dir}
    />
  );

  return (
    // The figure follows the body's direction (a Sorani picture starts at the right); its labels follow the interface.
    <figure className={isSelected ? 'image-block is-selected' : 'image-block'} data-sha256={data.sha256}>
      {data.sha256 ? (
        <img
          src={mediaUrl(data.sha256)}
          alt={data.alt}
          width={data.width || undefined}
          height={data.height || undefined}
          draggable={false}
          onClick={(event) => {
            if (!event.shiftKey) clearSelection();
            setSelected(true);
          }}
        />
      ) : (
        <p className="image-missing" lang={ui.tag} dir={ui.dir}>
          {t('image.missing')}
        </p>
      )}
      <div className="image-fields">
        {field('caption', t('image.caption'), { multiline: true })}
        {field('alt', t('image.alt'))}
        {/* A credit is usually Latin ("AP Photo/Khalid Mohammed") even in a Kurdish version: its own direction. */}
        {field('credit', t('image.credit'), { dir: 'auto' })}
      </div>
      <button type="button" className="image-remove" lang={ui.tag} dir={ui.dir} onClick={remove}>
        {t('image.remove')}
      </button>
    </figure>
  );
}
