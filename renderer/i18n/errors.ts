import type { TFunction } from 'i18next';
import { ApiError } from '../../shared/errors';

/** A sentence for the user about a failed call, in the interface language. */
export function describeError(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) return t(`errors.${error.code}`, { detail: error.message });
  return t('errors.internal', { detail: error instanceof Error ? error.message : String(error) });
}
