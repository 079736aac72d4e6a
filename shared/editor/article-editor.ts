import { configExtension, defineExtension, type SerializedEditorState } from 'lexical';
import { RichTextExtension } from '@lexical/rich-text';
import { HistoryExtension } from '@lexical/history';
import { directionOf, type LanguageKey } from '../languages';
import { DirectionExtension } from './direction';
import { editorTheme } from './theme';

/**
 * The editor of one language version's body, as a Lexical extension. The same
 * definition runs in the renderer (LexicalExtensionComposer) and headless in
 * Node (buildEditorFromExtensions) for export and tests.
 */
export function articleBodyExtension(lang: LanguageKey, initial: SerializedEditorState | null) {
  return defineExtension({
    name: `@qelem/editor/ArticleBody/${lang}`,
    namespace: `qelem-body-${lang}`,
    theme: editorTheme,
    dependencies: [RichTextExtension, HistoryExtension, configExtension(DirectionExtension, { dir: directionOf(lang) })],
    ...(initial ? { $initialEditorState: JSON.stringify(initial) } : {}),
    onError: (error: Error) => {
      throw error;
    },
  });
}
