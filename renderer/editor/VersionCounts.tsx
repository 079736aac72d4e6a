import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { $getRoot, $isEditorState, type EditorState } from 'lexical';
import type { Body } from '../../shared/article';
import { language, type LanguageKey } from '../../shared/languages';
import { bodyToPlainText } from '../../shared/render/plain-text';
import { countCharacters, countWords } from '../../shared/text/counts';

/**
 * Word and character counts of a version's body, right for Arabic-script text
 * (ZWNJ does not split a word; bidi controls are not characters). Counted from
 * the body it is given: the version editor passes it on only once typing
 * pauses (counting a long article takes milliseconds), so typing never waits
 * for the count.
 */
export function VersionCounts({ lang, body }: { lang: LanguageKey; body: Body | EditorState }) {
  const { t } = useTranslation();
  const counts = useMemo(() => {
    const text = $isEditorState(body) ? body.read(() => $getRoot().getTextContent()) : bodyToPlainText(body);
    return { words: countWords(text, language(lang).tag), characters: countCharacters(text) };
  }, [body, lang]);
  return (
    <p className="counts" aria-live="off">
      {t('editor.words', { count: counts.words })} · {t('editor.characters', { count: counts.characters })}
    </p>
  );
}
