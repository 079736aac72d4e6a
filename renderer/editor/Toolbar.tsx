import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { $getSelection, $isRangeSelection, CAN_REDO_COMMAND, CAN_UNDO_COMMAND, COMMAND_PRIORITY_LOW, FORMAT_TEXT_COMMAND, REDO_COMMAND, UNDO_COMMAND, type LexicalEditor } from 'lexical';
import { $isLinkNode } from '@lexical/link';
import { mergeRegister, $findMatchingParent } from '@lexical/utils';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { $selectedBlockType, SET_BLOCK_TYPE_COMMAND, type BlockType } from '../../shared/editor/block-type';
import { $selectedBlockDirection, TOGGLE_BLOCK_DIRECTION_COMMAND } from '../../shared/editor/block-direction';
import { shortcutLabel } from '../../shared/editor/shortcuts';
import type { Direction } from '../../shared/languages';
import { Icon, type IconName } from './icons';

interface Formats {
  blockType: BlockType;
  bold: boolean;
  italic: boolean;
  link: boolean;
  directionOverride: Direction | null;
}

function sameFormats(a: Formats, b: Formats): boolean {
  return a.blockType === b.blockType && a.bold === b.bold && a.italic === b.italic && a.link === b.link && a.directionOverride === b.directionOverride;
}

const BLOCK_BUTTONS: { type: BlockType; icon: IconName }[] = [
  { type: 'paragraph', icon: 'paragraph' },
  { type: 'h2', icon: 'h2' },
  { type: 'h3', icon: 'h3' },
  { type: 'quote', icon: 'quote' },
  { type: 'pull-quote', icon: 'pullQuote' },
  { type: 'bullet', icon: 'bullet' },
  { type: 'number', icon: 'number' },
];

const IS_APPLE = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = IS_APPLE ? '⌘' : 'Ctrl';

/** The formatting toolbar of one body editor; every button has an accessible name and shows its shortcut. */
export function Toolbar({
  versionDir,
  onLink,
  onInsertImage,
  imageBusy,
}: {
  versionDir: Direction;
  onLink: (editor: LexicalEditor) => void;
  /** Opens the file picker; the body editor imports the chosen image and inserts it. */
  onInsertImage: (editor: LexicalEditor) => void;
  /** An image is being imported: one at a time. */
  imageBusy: boolean;
}) {
  const { t } = useTranslation();
  const [editor] = useLexicalComposerContext();
  const [formats, setFormats] = useState<Formats>({ blockType: 'paragraph', bold: false, italic: false, link: false, directionOverride: null });
  const [canUndo, setCanUndo] = useState(false);
  const [canRedo, setCanRedo] = useState(false);

  useEffect(
    () =>
      mergeRegister(
        editor.registerUpdateListener(({ editorState }) => {
          editorState.read(() => {
            const selection = $getSelection();
            if (!$isRangeSelection(selection)) return;
            const next: Formats = {
              blockType: $selectedBlockType(),
              bold: selection.hasFormat('bold'),
              italic: selection.hasFormat('italic'),
              link: $findMatchingParent(selection.anchor.getNode(), $isLinkNode) !== null,
              directionOverride: $selectedBlockDirection(),
            };
            // The same formats kept as they were: typing rarely changes them, and a new object on every key rendered the toolbar again.
            setFormats((current) => (sameFormats(current, next) ? current : next));
          });
        }),
        editor.registerCommand(CAN_UNDO_COMMAND, (value) => (setCanUndo(value), false), COMMAND_PRIORITY_LOW),
        editor.registerCommand(CAN_REDO_COMMAND, (value) => (setCanRedo(value), false), COMMAND_PRIORITY_LOW),
      ),
    [editor],
  );

  const otherDir: Direction = versionDir === 'rtl' ? 'ltr' : 'rtl';
  const button = (name: string, icon: IconName, run: () => void, options: { pressed?: boolean; shortcut?: string; disabled?: boolean } = {}) => (
    <button
      type="button"
      className="tool"
      aria-label={name}
      title={options.shortcut ? `${name} (${options.shortcut})` : name}
      aria-pressed={options.pressed}
      aria-keyshortcuts={options.shortcut?.replace('⌘', 'Meta')}
      disabled={options.disabled}
      // Keep the caret in the editor: a click on the toolbar must not take focus away from the text.
      onMouseDown={(event) => event.preventDefault()}
      onClick={run}
    >
      <Icon name={icon} />
    </button>
  );

  return (
    <div role="toolbar" aria-label={t('toolbar.label')} className="toolbar-format">
      {button(t('toolbar.undo'), 'undo', () => editor.dispatchCommand(UNDO_COMMAND, undefined), { shortcut: `${MOD}+Z`, disabled: !canUndo })}
      {button(t('toolbar.redo'), 'redo', () => editor.dispatchCommand(REDO_COMMAND, undefined), { shortcut: `${MOD}+Shift+Z`, disabled: !canRedo })}
      <span className="tool-separator" />
      {button(t('toolbar.bold'), 'bold', () => editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'bold'), { pressed: formats.bold, shortcut: `${MOD}+B` })}
      {button(t('toolbar.italic'), 'italic', () => editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'italic'), { pressed: formats.italic, shortcut: `${MOD}+I` })}
      {button(t('toolbar.link'), 'link', () => onLink(editor), { pressed: formats.link, shortcut: shortcutLabel('link', IS_APPLE) })}
      <span className="tool-separator" />
      {BLOCK_BUTTONS.map(({ type, icon }) => (
        <span key={type}>
          {button(t(`toolbar.block.${type}`), icon, () => editor.dispatchCommand(SET_BLOCK_TYPE_COMMAND, type), {
            pressed: formats.blockType === type,
            shortcut: shortcutLabel(type, IS_APPLE),
          })}
        </span>
      ))}
      <span className="tool-separator" />
      {button(t(`toolbar.direction.${otherDir}`), 'direction', () => editor.dispatchCommand(TOGGLE_BLOCK_DIRECTION_COMMAND, undefined), {
        pressed: formats.directionOverride !== null,
        shortcut: shortcutLabel('direction', IS_APPLE),
      })}
      <span className="tool-separator" />
      {button(t('image.insert'), 'image', () => onInsertImage(editor), { disabled: imageBusy })}
    </div>
  );
}
