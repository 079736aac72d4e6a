import { useCallback, useEffect, useRef, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { DocumentReplica, ReplicaState } from '../documents/replica';
import { describeError } from '../i18n/errors';

function statusText(t: TFunction, state: ReplicaState): string {
  return state.kind === 'saved'
    ? t('save.saved')
    : state.kind === 'saving'
      ? t('save.saving')
      : state.kind === 'connecting'
        ? t('save.opening')
        : t('save.failed', { reason: describeError(t, state.error) });
}

/** How the saving of the version in front of the user goes, announced politely to screen readers. */
export function SaveStatus({ state, onRetry }: { state: ReplicaState; onRetry: () => void }) {
  const { t } = useTranslation();
  const text = statusText(t, state);
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

const CONNECTING: ReplicaState = { kind: 'connecting' };
const NOTHING = () => undefined;

/**
 * SaveStatus following a replica itself. Its state changes twice per
 * keystroke (saving, then saved), and any React commit while the body has
 * focus costs time proportional to the document: React saves and restores
 * the selection of the focused contenteditable around every commit, walking
 * its DOM up to the caret (about 0.5 ms in the middle of a 10,000-word
 * article). So saving and saved are written to the status line directly;
 * only a failure, which brings the Save again button, renders through React.
 */
export function ReplicaSaveStatus({ replica, onRetry }: { replica: DocumentReplica | undefined; onRetry: () => void }) {
  const { t } = useTranslation();
  const line = useRef<HTMLParagraphElement>(null);
  const subscribe = useCallback(
    (changed: () => void) => {
      if (!replica) return NOTHING;
      const off = replica.onState(changed);
      return () => void off();
    },
    [replica],
  );
  const failed = useSyncExternalStore(subscribe, () => (replica?.state.kind === 'failed' ? replica.state : null));
  useEffect(() => {
    if (!replica) return;
    const show = (state: ReplicaState) => {
      const element = line.current;
      if (!element || state.kind === 'failed') return;
      element.className = `save-status save-${state.kind}`;
      element.textContent = statusText(t, state);
    };
    show(replica.state);
    const off = replica.onState(show);
    return () => void off();
  }, [replica, t, failed]);
  if (failed) return <SaveStatus state={failed} onRetry={onRetry} />;
  // What the state is as this renders; the effect keeps it current between renders.
  const state = replica?.state ?? CONNECTING;
  return (
    <div className="save-area">
      <p ref={line} role="status" className={`save-status save-${state.kind}`} aria-live="polite">
        {statusText(t, state)}
      </p>
    </div>
  );
}
