import { useTranslation } from 'react-i18next';

/** "Importing “photo.jpg”…" while an image is read and stored; a live region, so a screen reader hears it too. */
export function ImportStatus({ busy }: { busy: string | null }) {
  const { t } = useTranslation();
  return (
    <p className="image-import-status" role="status" aria-live="polite">
      {busy !== null && (
        <>
          <span className="spinner" aria-hidden="true" />
          {t('image.importing', { name: busy })}
        </>
      )}
    </p>
  );
}
