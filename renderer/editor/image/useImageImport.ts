import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../../../shared/errors';
import { formatBytes, MEDIA_LIMITS, type MediaInfo } from '../../../shared/media';
import { useApi } from '../../api/context';
import { useToasts } from '../../components/Toasts';
import { describeError } from '../../i18n/errors';
import { readFileAsBase64 } from './read-file';

export interface ImageImport {
  /** The name of the file being imported; null when nothing is. */
  busy: string | null;
  /** Imports the files one by one into the media store; resolves with those it took. Refusals are told in a toast. */
  importFiles(files: readonly File[]): Promise<MediaInfo[]>;
}

/** The values every refusal sentence may use. Format names are not words to translate. */
function refusalValues(file: File) {
  return { name: file.name, size: formatBytes(file.size), limit: formatBytes(MEDIA_LIMITS.bytes), formats: 'JPEG, PNG, WebP', max: MEDIA_LIMITS.dimension };
}

/** A sentence about a refused or failed image, in the interface language. */
function describeImageError(t: TFunction, file: File, error: unknown): string {
  if (error instanceof ApiError && error.body.refusal) return t(`image.refused.${error.body.refusal}`, refusalValues(file));
  return t('image.failed', { name: file.name, reason: describeError(t, error) });
}

export function useImageImport(): ImageImport {
  const { t } = useTranslation();
  const api = useApi();
  const toasts = useToasts();
  const [busy, setBusy] = useState<string | null>(null);

  const importFiles = useCallback(
    async (files: readonly File[]) => {
      const taken: MediaInfo[] = [];
      for (const file of files) {
        // Checked here too, so a 200 MB video is refused at once instead of being read and sent first.
        if (file.size > MEDIA_LIMITS.bytes) {
          toasts.show(t('image.refused.too_large', refusalValues(file)), { tone: 'error', durationMs: 8_000 });
          continue;
        }
        setBusy(file.name);
        try {
          const dataBase64 = await readFileAsBase64(file);
          taken.push(await api.importMedia({ name: file.name.slice(0, MEDIA_LIMITS.name), dataBase64 }));
        } catch (error) {
          toasts.show(describeImageError(t, file, error), { tone: 'error', durationMs: 8_000 });
        } finally {
          setBusy(null);
        }
      }
      return taken;
    },
    [api, t, toasts],
  );

  return { busy, importFiles };
}
