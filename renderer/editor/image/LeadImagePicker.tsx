import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Article, LeadImage } from '../../../shared/article';
import { MEDIA_LIMITS, mediaUrl } from '../../../shared/media';
import { ImageTextInput } from './ImageTextInput';
import { ImportStatus } from './ImportStatus';
import { IMAGE_ACCEPT } from './read-file';
import { useImageImport } from './useImageImport';

/** How long the credit waits after the last keystroke before it is saved. */
const CREDIT_SAVE_DELAY_MS = 500;

interface Props {
  article: Article;
  /** Saves a new lead image (null removes it); the article's caption and alt text stay in each version. */
  onSave: (leadImage: LeadImage | null) => Promise<void>;
}

/**
 * The article's lead image, shared by the three versions: a preview, a button
 * to choose or replace it, its one credit, and Remove. Caption and alt text
 * are written per language, in each version's fields.
 */
export function LeadImagePicker({ article, onSave }: Props) {
  const { t } = useTranslation();
  const images = useImageImport();
  const fileInput = useRef<HTMLInputElement>(null);
  const lead = article.meta.leadImage;
  const [credit, setCredit] = useState(lead?.credit ?? '');
  const pending = useRef<{ timer: number; save: () => void } | null>(null);

  const flushCredit = () => {
    const waiting = pending.current;
    if (!waiting) return;
    window.clearTimeout(waiting.timer);
    pending.current = null;
    waiting.save();
  };

  // A credit still waiting is saved when the details close (another article, a reload of this one).
  const flushRef = useRef(flushCredit);
  useEffect(() => {
    flushRef.current = flushCredit;
  });
  useEffect(() => () => flushRef.current(), []);

  const changeCredit = (value: string) => {
    setCredit(value);
    if (!lead) return;
    if (pending.current) window.clearTimeout(pending.current.timer);
    const save = () => void onSave({ ...lead, credit: value });
    pending.current = { save, timer: window.setTimeout(() => ((pending.current = null), save()), CREDIT_SAVE_DELAY_MS) };
  };

  const onPicked = async (input: HTMLInputElement) => {
    const files = Array.from(input.files ?? []);
    input.value = '';
    const [image] = await images.importFiles(files.slice(0, 1));
    if (image) await onSave({ sha256: image.sha256, width: image.width, height: image.height, credit });
  };

  return (
    <fieldset className="lead-image" aria-busy={images.busy !== null}>
      <legend>{t('image.lead.title')}</legend>
      {lead ? (
        // Decorative here: the alt text is written per language below each version's fields.
        <img className="lead-image-preview" src={mediaUrl(lead.sha256)} alt="" width={lead.width} height={lead.height} />
      ) : (
        <p className="lead-image-none">{t('image.lead.none')}</p>
      )}
      <div className="lead-image-controls">
        <button type="button" disabled={images.busy !== null} onClick={() => fileInput.current?.click()}>
          {lead ? t('image.lead.replace') : t('image.lead.choose')}
        </button>
        <input
          ref={fileInput}
          type="file"
          accept={IMAGE_ACCEPT}
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('image.lead.file')}
          onChange={(event) => void onPicked(event.currentTarget)}
        />
        {lead && (
          <>
            <ImageTextInput
              className="lead-image-credit"
              label={t('image.lead.credit')}
              value={credit}
              onChange={changeCredit}
              // One credit for all versions, usually Latin: no language of its own, its own direction.
              lang=""
              dir="auto"
              normalize={false}
              maxLength={MEDIA_LIMITS.credit}
            />
            <button
              type="button"
              className="button-danger"
              onClick={() => {
                if (pending.current) window.clearTimeout(pending.current.timer);
                pending.current = null;
                // The next picture is likely someone else's: its credit starts empty.
                setCredit('');
                void onSave(null);
              }}
            >
              {t('image.lead.remove')}
            </button>
          </>
        )}
      </div>
      <ImportStatus busy={images.busy} />
    </fieldset>
  );
}
