import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../api/context';
import { useDocumentChannel } from '../documents/context';
import { useToasts } from '../components/Toasts';
import { readFileAsBase64 } from '../editor/image/read-file';
import { describeRefusal } from '../i18n/errors';
import type { ImportPhase, MergeSummary } from '../../shared/export/package-format';
import { language } from '../../shared/languages';
import type { TFunction } from 'i18next';
import { navigate } from '../routing';

/** What a merge changed, in a sentence: new versions, paragraphs added and changed, fields changed (or that nothing did). */
function isEmptyMerge({ versionsAdded, blocksAdded, blocksChanged, fieldsChanged }: MergeSummary): boolean {
  return versionsAdded.length + blocksAdded + blocksChanged + fieldsChanged === 0;
}

export function describeMerge(t: TFunction, headline: string, merged: MergeSummary): string {
  const { versionsAdded, blocksAdded, blocksChanged, fieldsChanged } = merged;
  if (isEmptyMerge(merged)) return t('package.mergedNothing', { headline: `\u2068${headline}\u2069` });
  // Isolated (FSI … PDI): the Kurdish names inside an English sentence keep its order, and the reverse.
  const versions = versionsAdded.length > 0 ? versionsAdded.map((lang) => `\u2068${language(lang).nativeName}\u2069`).join(', ') : t('package.none');
  return t('package.merged', { headline: `\u2068${headline}\u2069`, versions, added: blocksAdded, changed: blocksChanged, fields: fieldsChanged });
}

/**
 * Import package: a .zip made by Qelem's export becomes the same article in
 * this library; an article the library holds takes in the package's edits
 * (a merge), or the package is refused whole. While it runs (in a worker
 * thread of the main process) the status says which step it is at, with a
 * bar where the step can be measured (the file handed over, the images
 * written).
 */
export function ImportPackage() {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const input = useRef<HTMLInputElement>(null);
  const channel = useDocumentChannel();
  const [busy, setBusy] = useState<string | null>(null);
  const [progress, setProgress] = useState<{ phase: ImportPhase; done: number; total: number } | null>(null);

  useEffect(() => {
    if (busy === null) return;
    return channel.subscribe((event) => {
      if (event.type === 'import') setProgress({ phase: event.phase, done: event.done, total: event.total });
    });
  }, [channel, busy]);

  const importFile = async (field: HTMLInputElement) => {
    const file = field.files?.[0];
    field.value = '';
    if (!file) return;
    setProgress(null);
    setBusy(file.name);
    try {
      const article = await api.importPackage({ dataBase64: await readFileAsBase64(file) });
      const headline = article.versions[article.sourceLang]?.headline.trim() || t('library.untitled');
      toasts.show(article.merged ? describeMerge(t, headline, article.merged) : t('package.imported', { headline }));
      // Opened, unless nothing came of it (a package the library had already taken in).
      if (!article.merged || !isEmptyMerge(article.merged)) navigate({ screen: 'article', id: article.id, lang: article.sourceLang });
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
          {progress && progress.total > 0 ? <progress value={progress.done} max={progress.total} /> : <progress />} {t('package.importing', { name: busy })}
          {progress && <span className="import-phase"> {t(`package.phase.${progress.phase}`)}</span>}
        </p>
      )}
    </>
  );
}
