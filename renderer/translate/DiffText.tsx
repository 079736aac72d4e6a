import { useTranslation } from 'react-i18next';
import { diffWords } from '../../shared/text/word-diff';

/** What changed from `before` to `after`, word by word: removed words struck through, added ones marked. */
export function DiffText({ before, after }: { before: string; after: string }) {
  const { t } = useTranslation();
  return (
    <span className="diff">
      {diffWords(before, after).map((part, index) =>
        part.kind === 'same' ? (
          <span key={index}>{part.text}</span>
        ) : part.kind === 'added' ? (
          <ins key={index} title={t('translate.diffAdded')}>
            {part.text}
          </ins>
        ) : (
          <del key={index} title={t('translate.diffRemoved')}>
            {part.text}
          </del>
        ),
      )}
    </span>
  );
}
