import { configExtension, defineExtension, type SerializedEditorState } from 'lexical';
import { RichTextExtension } from '@lexical/rich-text';
import { HistoryExtension } from '@lexical/history';
import { ListExtension } from '@lexical/list';
import { directionOf, isKurdish, type LanguageKey } from '../languages';
import { BlockDirectionExtension } from './block-direction';
import { BlockTypeExtension } from './block-type';
import { DirectionExtension } from './direction';
import { ImageExtension } from './image/image-extension';
import { KurdishInputExtension } from './kurdish-input';
import { OppositeRunExtension } from './opposite-run';
import { SafeLinkExtension } from './links';
import { SegmentExtension } from './segments';
import { ShortcutsExtension } from './shortcuts';
import { editorTheme } from './theme';

/**
 * The editor of one language version's body, as a Lexical extension. The same
 * definition runs in the renderer (LexicalExtensionComposer) and headless in
 * Node (buildEditorFromExtensions) for export and tests.
 */
export function articleBodyExtension(lang: LanguageKey, initial: SerializedEditorState | null) {
  const dir = directionOf(lang);
  return defineExtension({
    name: `@qelem/editor/ArticleBody/${lang}`,
    namespace: `qelem-body-${lang}`,
    theme: editorTheme,
    dependencies: [
      RichTextExtension,
      HistoryExtension,
      ListExtension,
      SafeLinkExtension,
      BlockTypeExtension,
      ShortcutsExtension,
      ImageExtension,
      SegmentExtension,
      configExtension(DirectionExtension, { dir }),
      configExtension(BlockDirectionExtension, { dir }),
      configExtension(KurdishInputExtension, { enabled: isKurdish(lang) }),
      configExtension(OppositeRunExtension, { dir }),
    ],
    ...(initial ? { $initialEditorState: JSON.stringify(initial) } : {}),
    onError: (error: Error) => {
      throw error;
    },
  });
}
