import { useTranslation } from 'react-i18next';
import { describeError } from '../i18n/errors';
import type { SaveState } from './autosave';

/** The save state of the version in front of the user, announced politely to screen readers. */
export function SaveStatus({ state, onRetry }: { state: SaveState; onRetry: () => void }) {
  const { t } = useTranslation();
  const text =
    state.kind === 'saved'
      ? t('save.saved')
      : state.kind === 'saving'
        ? t('save.saving')
        : state.kind === 'failed'
          ? t('save.failed', { reason: describeError(t, state.error) })
          : t('save.unsaved');
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
