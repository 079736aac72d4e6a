import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LanguageKey } from '../../shared/languages';
import type { GlossaryTerm } from '../../shared/translation/glossary';
import { findGlossaryTerms, type GlossaryHit } from '../../shared/translation/glossary-match';
import { useApi } from '../api/context';
import { useToasts } from '../components/Toasts';
import { describeError } from '../i18n/errors';

export interface GlossaryFinds {
  /** Where the glossary's terms stand in the source text, for highlighting. */
  hits: GlossaryHit[];
  /** The terms found, each once, in order of appearance: Ctrl+Shift+n inserts the nth one's equivalent. */
  terms: GlossaryTerm[];
}

/**
 * The glossary terms in the open row's source text (`null` when no row is
 * open) that have an equivalent in `to`. The glossary is loaded once per
 * workspace; the glossary screen is where it changes.
 */
export function useGlossaryTerms(sourceText: string | null, from: LanguageKey, to: LanguageKey): GlossaryFinds {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const [glossary, setGlossary] = useState<GlossaryTerm[]>([]);
  useEffect(() => {
    api.listGlossary({}).then(
      (result) => setGlossary(result.terms),
      (error: unknown) => toasts.show(describeError(t, error), { tone: 'error' }),
    );
    // Loaded once per workspace.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);
  const hits = useMemo(() => (sourceText !== null ? findGlossaryTerms(sourceText, from, glossary).filter((hit) => hit.term[to] !== '') : []), [sourceText, from, to, glossary]);
  const terms = useMemo(() => [...new Map(hits.map((hit) => [hit.term.id, hit.term])).values()], [hits]);
  return { hits, terms };
}
