import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { $getRoot, $isEditorState, type EditorState } from 'lexical';
import type { Body } from '../../shared/article';
import { language, type LanguageKey } from '../../shared/languages';
import { bodyToPlainText } from '../../shared/render/plain-text';
import { countCharacters, countWords } from '../../shared/text/counts';

/** Counting a long article takes milliseconds: count once typing pauses, not on every key. */
const COUNT_PAUSE_MS = 400;

/** `value`, but only after it has stopped changing for `delayMs`. */
function useSettledValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * Word and character counts of a version's body, right for Arabic-script text
 * (ZWNJ does not split a word; bidi controls are not characters). Counted from
 * the body as it stands when typing pauses, so typing never waits for the count.
 */
export function VersionCounts({ lang, body }: { lang: LanguageKey; body: Body | EditorState }) {
  const { t } = useTranslation();
  const deferred = useSettledValue(body, COUNT_PAUSE_MS);
  const counts = useMemo(() => {
    const text = $isEditorState(deferred) ? deferred.read(() => $getRoot().getTextContent()) : bodyToPlainText(deferred);
    return { words: countWords(text, language(lang).tag), characters: countCharacters(text) };
  }, [deferred, lang]);
  return (
    <p className="counts" aria-live="off">
      {t('editor.words', { count: counts.words })} · {t('editor.characters', { count: counts.characters })}
    </p>
  );
}
