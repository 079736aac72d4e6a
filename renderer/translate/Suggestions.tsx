import { useTranslation } from 'react-i18next';
import type { ApiOutput } from '../../shared/api';
import { language, type LanguageKey } from '../../shared/languages';
import type { GlossaryTerm } from '../../shared/translation/glossary';
import { DiffText } from './DiffText';

export type TmMatch = ApiOutput<'lookupTranslationMemory'>['matches'][number];

interface Props {
  from: LanguageKey;
  to: LanguageKey;
  /** The source segment being translated, to show how each match's source differs from it. */
  sourceText: string;
  matches: readonly TmMatch[];
  /** Glossary entries found in the source segment, each once, in order of appearance. */
  terms: readonly GlossaryTerm[];
  onMatch: (index: number) => void;
  onTerm: (index: number) => void;
}

/** Translation-memory matches and glossary terms for the segment being translated, each one keystroke away. */
export function Suggestions({ from, to, sourceText, matches, terms, onMatch, onTerm }: Props) {
  const { t } = useTranslation();
  const source = language(from);
  const target = language(to);
  return (
    <aside className="suggestions" aria-label={t('translate.suggestions')}>
      <section aria-labelledby="tm-title">
        <h2 id="tm-title">{t('translate.tm.title')}</h2>
        {matches.length === 0 ? (
          <p className="muted">{t('translate.tm.none')}</p>
        ) : (
          <ol className="tm-matches">
            {matches.slice(0, 9).map((match, index) => (
              <li key={`${match.sourceText}-${index}`} className="tm-match">
                <span className="tm-score">{t('translate.tm.score', { score: match.score })}</span>
                <p className="tm-source" lang={source.tag} dir={source.dir}>
                  <DiffText before={match.sourceText} after={sourceText} />
                </p>
                <p className="tm-target" lang={target.tag} dir={target.dir}>
                  {match.targetText}
                </p>
                <button type="button" onClick={() => onMatch(index)}>
                  {t('translate.tm.insert', { n: index + 1 })}
                </button>
              </li>
            ))}
          </ol>
        )}
      </section>
      <section aria-labelledby="glossary-title">
        <h2 id="glossary-title">{t('translate.glossary.title')}</h2>
        {terms.length === 0 ? (
          <p className="muted">{t('translate.glossary.none')}</p>
        ) : (
          <ol className="glossary-hits">
            {terms.slice(0, 9).map((term, index) => (
              <li key={term.id} className="glossary-hit">
                <span lang={source.tag} dir={source.dir}>
                  {term[from]}
                </span>
                <span aria-hidden="true"> → </span>
                <span lang={target.tag} dir={target.dir}>
                  {term[to]}
                </span>
                <button type="button" onClick={() => onTerm(index)}>
                  {t('translate.glossary.insert', { n: index + 1 })}
                </button>
              </li>
            ))}
          </ol>
        )}
      </section>
    </aside>
  );
}
