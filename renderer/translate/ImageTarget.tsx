import { useTranslation } from 'react-i18next';
import type { SerializedNode } from '../../shared/article';
import { MEDIA_LIMITS, mediaUrl } from '../../shared/media';
import { isKurdish, language, type LanguageKey } from '../../shared/languages';
import { normalizeKurdish } from '../../shared/text/normalize';
import { copyOfSource } from '../../shared/translation/edit-target';
import type { Segment } from '../../shared/translation/segments-of';

interface Props {
  lang: LanguageKey;
  label: string;
  segment: Segment;
  sourceBlock: SerializedNode | undefined;
  /** The target's image block(s) for this row: none until the image is added. */
  blocks: readonly SerializedNode[];
  onChange: (blocks: SerializedNode[]) => void;
}

/** The translation of an image: the same picture, its caption and alt text in the target language. */
export function ImageTarget({ lang, label, sourceBlock, blocks, onChange }: Props) {
  const { t } = useTranslation();
  const { tag, dir } = language(lang);
  const block = blocks[0];
  if (!block) {
    return (
      <button type="button" disabled={!sourceBlock} onClick={() => sourceBlock && onChange(copyOfSource([{ ...sourceBlock, caption: '', alt: '' }]))}>
        {t('translate.addImage')}
      </button>
    );
  }
  const sha256 = typeof block.sha256 === 'string' ? block.sha256 : '';
  const set = (key: 'caption' | 'alt', value: string) => onChange([{ ...block, [key]: isKurdish(lang) ? normalizeKurdish(value) : value }, ...blocks.slice(1)]);
  return (
    <div className="image-target" role="group" aria-label={label}>
      {sha256 && <img className="image-target-thumb" src={mediaUrl(sha256)} alt="" />}
      <label className="field">
        <span>{t('image.caption')}</span>
        <textarea lang={tag} dir={dir} rows={2} maxLength={MEDIA_LIMITS.caption} value={String(block.caption ?? '')} onChange={(event) => set('caption', event.target.value)} />
      </label>
      <label className="field">
        <span>{t('image.alt')}</span>
        <input type="text" lang={tag} dir={dir} maxLength={MEDIA_LIMITS.alt} value={String(block.alt ?? '')} onChange={(event) => set('alt', event.target.value)} />
      </label>
    </div>
  );
}
