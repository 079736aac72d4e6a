import { useEffect } from 'react';
import type { DocumentReplica } from '../documents/replica';
import { pruneUnsaved } from '../documents/unsaved';

/**
 * While a screen with open documents is shown: what is not acknowledged yet
 * is sent when the window is hidden, and closing the window is guarded
 * while anything is; the unsaved journal keeps it meanwhile. Old journal
 * entries are dropped when the screen opens.
 */
export function useFlushOnLeave(replicas: { readonly current: ReadonlyMap<unknown, DocumentReplica> }): void {
  useEffect(() => {
    pruneUnsaved();
    const flushAll = () => Promise.all([...replicas.current.values()].map((replica) => replica.flush()));
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flushAll();
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if ([...replicas.current.values()].some((replica) => replica.unsaved)) {
        void flushAll();
        event.preventDefault();
      }
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [replicas]);
}
