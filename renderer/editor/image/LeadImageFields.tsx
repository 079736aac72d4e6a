import { useTranslation } from 'react-i18next';
import type { LeadImage } from '../../../shared/article';
import { isKurdish, language, type LanguageKey } from '../../../shared/languages';
import { MEDIA_LIMITS, mediaUrl } from '../../../shared/media';
import { ImageTextInput } from './ImageTextInput';

interface Props {
  lang: LanguageKey;
  image: LeadImage;
  caption: string;
  alt: string;
  onChange: (patch: { leadImageCaption?: string; leadImageAlt?: string }) => void;
}

/** One version's words for the article's lead image: its caption and alt text in this version's language. */
export function LeadImageFields({ lang, image, caption, alt, onChange }: Props) {
  const { t } = useTranslation();
  const { tag, dir } = language(lang);
  const kurdish = isKurdish(lang);
  return (
    <div className="lead-image-fields">
      <img className="lead-image-thumb" src={mediaUrl(image.sha256)} alt="" width={image.width} height={image.height} />
      <div className="image-fields">
        <ImageTextInput
          className="lead-image-caption"
          label={t('image.lead.caption')}
          value={caption}
          onChange={(value) => onChange({ leadImageCaption: value })}
          lang={tag}
          dir={dir}
          normalize={kurdish}
          maxLength={MEDIA_LIMITS.caption}
          multiline
        />
        <ImageTextInput
          className="lead-image-alt"
          label={t('image.lead.alt')}
          value={alt}
          onChange={(value) => onChange({ leadImageAlt: value })}
          lang={tag}
          dir={dir}
          normalize={kurdish}
          maxLength={MEDIA_LIMITS.alt}
        />
      </div>
    </div>
  );
}
