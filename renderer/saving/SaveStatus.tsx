import { useTranslation } from 'react-i18next';
import type { ReplicaState } from '../documents/replica';
import { describeError } from '../i18n/errors';

/** How the saving of the version in front of the user goes, announced politely to screen readers. */
export function SaveStatus({ state, onRetry }: { state: ReplicaState; onRetry: () => void }) {
  const { t } = useTranslation();
  const text =
    state.kind === 'saved'
      ? t('save.saved')
      : state.kind === 'saving'
        ? t('save.saving')
        : state.kind === 'connecting'
          ? t('save.opening')
          : t('save.failed', { reason: describeError(t, state.error) });
  return (
    <div className="save-area">
      <p role="status" className={`save-status save-${state.kind}`} aria-live="polite">
        {text}
      </p>
      {state.kind === 'failed' && (
        <button type="button" onClick={onRetry}>
          {t('save.retry')}
        </button>
      )}
    </div>
  );
}
