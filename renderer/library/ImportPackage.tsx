import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import { useToasts } from '../components/Toasts';
import { readFileAsBase64 } from '../editor/image/read-file';
import { describeRefusal } from '../i18n/errors';
import { navigate } from '../routing';

/** Import package: a .zip made by Qelem's export becomes the same article in this library, or is refused whole. */
export function ImportPackage() {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const importFile = async (field: HTMLInputElement) => {
    const file = field.files?.[0];
    field.value = '';
    if (!file) return;
    setBusy(file.name);
    try {
      const article = await api.importPackage({ dataBase64: await readFileAsBase64(file) });
      const version = article.versions[article.sourceLang];
      toasts.show(t('package.imported', { headline: version?.headline.trim() || t('library.untitled') }));
      navigate({ screen: 'article', id: article.id, lang: article.sourceLang });
    } catch (error) {
      toasts.show(describeRefusal(t, error), { tone: 'error' });
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <button type="button" disabled={busy !== null} onClick={() => input.current?.click()}>
        {t('package.import')}
      </button>
      <input ref={input} type="file" accept=".zip,application/zip" className="visually-hidden" tabIndex={-1} aria-label={t('package.importFile')} onChange={(event) => void importFile(event.currentTarget)} />
      {busy && (
        <p role="status" className="notice import-status">
          <progress /> {t('package.importing', { name: busy })}
        </p>
      )}
    </>
  );
}
