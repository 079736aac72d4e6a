import type { TFunction } from 'i18next';
import type { VersionContent } from '../../shared/article';
import type { LanguageKey } from '../../shared/languages';
import type { QelemApi } from '../../shared/api';
import { describeError } from '../i18n/errors';
import { navigate } from '../routing';
import type { ToastApi } from '../components/Toasts';

/**
 * After a conflict: saves the user's text as a new article instead of
 * overwriting the other window's, and opens it. With nothing unsaved it only
 * reloads.
 */
export async function keepAsCopy(api: QelemApi, lang: LanguageKey, mine: VersionContent | null, t: TFunction, toasts: ToastApi, reload: () => void): Promise<void> {
  if (!mine) return reload();
  try {
    const copy = await api.createArticle({ sourceLang: lang });
    await api.saveVersion({ id: copy.id, lang, baseRevision: copy.versions[lang]?.revision ?? 0, content: mine });
    toasts.show(t('conflict.copied'));
    navigate({ screen: 'article', id: copy.id, lang });
  } catch (error) {
    toasts.show(describeError(t, error), { tone: 'error' });
  }
}
