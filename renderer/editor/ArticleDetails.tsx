import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField } from '../components/DateField';
import { WORKFLOW_STATES, type Article, type LeadImage, type WorkflowState } from '../../shared/article';
import { useApi } from '../api/context';
import { useToasts } from '../components/Toasts';
import { describeError } from '../i18n/errors';
import { LeadImagePicker } from './image/LeadImagePicker';
import { useReadOnlyReason } from '../newsroom/context';

/**
 * What the three versions share: publication date and workflow state, saved as soon as they change.
 * Memo: the article screen renders again whenever a version's save state changes (twice per
 * keystroke: saving, saved), and these fields have nothing to do with it.
 */
export const ArticleDetails = memo(function ArticleDetails({ article, onChanged }: { article: Article; onChanged: (article: Article) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  // A translator reads the article's own data; the newsroom would refuse a change.
  const readOnly = useReadOnlyReason({ kind: 'article', articleId: article.id }, article.sourceLang);

  const update = async (patch: { publicationDate?: string; leadImage?: LeadImage | null; state?: WorkflowState }) => {
    try {
      const { state, ...meta } = patch;
      onChanged(await api.updateArticle({ id: article.id, ...(Object.keys(meta).length ? { meta } : {}), ...(state ? { state } : {}) }));
    } catch (error) {
      toasts.show(describeError(t, error), { tone: 'error' });
    }
  };

  return (
    <fieldset className="article-details" disabled={readOnly !== null} title={readOnly ? t(`readOnly.${readOnly}`) : undefined}>
      <DateField label={t('editor.publicationDate')} value={article.meta.publicationDate} onChange={(publicationDate) => void update({ publicationDate })} />
      <label className="field field-inline">
        <span>{t('library.state')}</span>
        <select value={article.state} onChange={(event) => void update({ state: event.target.value as WorkflowState })}>
          {WORKFLOW_STATES.map((state) => (
            <option key={state} value={state}>
              {t(`state.${state}`)}
            </option>
          ))}
        </select>
      </label>
      <LeadImagePicker article={article} onSave={(leadImage) => update({ leadImage })} />
    </fieldset>
  );
});
