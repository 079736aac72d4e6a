import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type * as Y from 'yjs';
import type { LeadImage } from '../../../shared/article';
import { fieldText } from '../../../shared/collab/version-doc';
import { isKurdish, language, type LanguageKey } from '../../../shared/languages';
import { MEDIA_LIMITS, mediaUrl } from '../../../shared/media';
import { SharedField } from '../fields/SharedField';

interface Props {
  lang: LanguageKey;
  image: LeadImage;
  /** The version's document: the caption and alt text are two of its text fields. */
  doc: Y.Doc;
  ready: boolean;
}

/** One version's words for the article's lead image: its caption and alt text in this version's language. */
export function LeadImageFields({ lang, image, doc, ready }: Props) {
  const { t } = useTranslation();
  const { tag, dir } = language(lang);
  const kurdish = isKurdish(lang);
  const captionId = useId();
  const altId = useId();
  return (
    <div className="lead-image-fields">
      <img className="lead-image-thumb" src={mediaUrl(image.sha256)} alt="" width={image.width} height={image.height} />
      <div className="image-fields">
        <div className="image-field lead-image-caption">
          <label htmlFor={captionId}>{t('image.lead.caption')}</label>
          <SharedField
            id={captionId}
            text={fieldText(doc, 'leadImageCaption')}
            label={t('image.lead.caption')}
            lang={tag}
            dir={dir}
            normalize={kurdish}
            ready={ready}
            maxLength={MEDIA_LIMITS.caption}
            rows={2}
          />
        </div>
        <div className="image-field lead-image-alt">
          <label htmlFor={altId}>{t('image.lead.alt')}</label>
          <SharedField id={altId} text={fieldText(doc, 'leadImageAlt')} label={t('image.lead.alt')} lang={tag} dir={dir} normalize={kurdish} ready={ready} maxLength={MEDIA_LIMITS.alt} />
        </div>
      </div>
    </div>
  );
}
