import { useEffect, useState } from 'react';
import type { LanguageKey } from '../../shared/languages';
import { useApi } from '../api/context';
import type { TmMatch } from './Suggestions';

/**
 * Translation-memory matches for the open row's source text, looked up each
 * time the text changes. Matches are kept with the text they were looked up
 * for: a row shows only its own, never the previous row's while its own are
 * on their way.
 */
export function useMemoryMatches(from: LanguageKey, to: LanguageKey, text: string): TmMatch[] {
  const api = useApi();
  const [lookup, setLookup] = useState<{ text: string; matches: TmMatch[] }>({ text: '', matches: [] });
  useEffect(() => {
    if (text.trim() === '') return;
    let cancelled = false;
    api.lookupTranslationMemory({ from, to, text }).then(
      (result) => {
        if (!cancelled) setLookup({ text, matches: result.matches });
      },
      () => undefined, // suggestions are a help: a failed lookup leaves the list empty
    );
    return () => {
      cancelled = true;
    };
  }, [api, from, to, text]);
  return lookup.text === text ? lookup.matches : [];
}
