import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { articleLink } from '../../shared/links';

interface Props {
  initialUrl: string;
  onApply: (url: string | null) => void;
  onClose: () => void;
}

/** Asks for a link address; only what the link policy (shared/links.ts) allows is accepted. An empty address removes the link. */
export function LinkDialog({ initialUrl, onApply, onClose }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [url, setUrl] = useState(initialUrl);
  const [error, setError] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const submit = () => {
    if (url.trim() === '') return onApply(null);
    const link = articleLink(url);
    if (!link) return setError(true);
    onApply(link.url);
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="link-title" onClose={onClose}>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <h2 id="link-title">{t('link.title')}</h2>
        <label className="field">
          <span>{t('link.address')}</span>
          <input
            type="url"
            dir="ltr"
            value={url}
            autoFocus
            aria-invalid={error}
            aria-describedby={error ? 'link-error' : undefined}
            onChange={(event) => {
              setUrl(event.target.value);
              setError(false);
            }}
          />
        </label>
        {error && (
          <p id="link-error" role="alert" className="field-error">
            {t('link.invalid')}
          </p>
        )}
        <div className="dialog-actions">
          {initialUrl && (
            <button type="button" onClick={() => onApply(null)}>
              {t('link.remove')}
            </button>
          )}
          <button type="button" onClick={() => ref.current?.close()}>
            {t('link.cancel')}
          </button>
          <button type="submit" className="button-primary">
            {t('link.apply')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
