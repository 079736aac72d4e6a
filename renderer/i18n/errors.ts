import type { TFunction } from 'i18next';
import { ApiError } from '../../shared/errors';

/** A sentence for the user about a failed call, in the interface language. */
export function describeError(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) return t(`errors.${error.code}`, { detail: error.message });
  return t('errors.internal', { detail: error instanceof Error ? error.message : String(error) });
}

/**
 * Why a package was not exported or imported, in the interface language. The
 * service's own sentence (English, precise: which file, which check) fills in
 * the detail, without the preamble the interface sentence already says.
 */
export function describeRefusal(t: TFunction, error: unknown): string {
  if (error instanceof ApiError && error.body.refusal) {
    const detail = error.message.replace(/^The package cannot be imported: /, '');
    return t(`package.refused.${error.body.refusal}`, { detail });
  }
  return describeError(t, error);
}
