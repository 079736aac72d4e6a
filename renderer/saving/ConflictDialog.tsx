import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  languageName: string;
  revision: number;
  onReload: () => void;
  onKeepCopy: () => void;
}

/** Shown when a save was refused because another window saved first: nothing is overwritten silently. */
export function ConflictDialog({ languageName, revision, onReload, onKeepCopy }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    // Escape must not dismiss it: the user has to choose.
    <dialog ref={ref} role="alertdialog" className="dialog" aria-labelledby="conflict-title" aria-describedby="conflict-message" onCancel={(event) => event.preventDefault()}>
      <h2 id="conflict-title">{t('conflict.title')}</h2>
      <p id="conflict-message">{t('conflict.message', { language: languageName, revision })}</p>
      <div className="dialog-actions">
        <button type="button" onClick={onReload}>
          {t('conflict.reload')}
        </button>
        <button type="button" className="button-primary" onClick={onKeepCopy}>
          {t('conflict.keepCopy')}
        </button>
      </div>
    </dialog>
  );
}
