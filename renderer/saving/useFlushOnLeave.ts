import { useEffect } from 'react';
import type { Autosaver } from './autosave';
import { flushJournals, pruneJournal } from './journal';

/**
 * While a screen with autosavers is open: unsaved text is written when the
 * window is hidden and guarded when it closes; the journal keeps it meanwhile.
 * Old journal entries are dropped when the screen opens.
 */
export function useFlushOnLeave(autosavers: { readonly current: ReadonlyMap<unknown, Autosaver> }, flushAll: () => Promise<void>): void {
  useEffect(() => {
    pruneJournal();
    const onHide = () => {
      if (document.visibilityState !== 'hidden') return;
      flushJournals();
      void flushAll();
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      flushJournals();
      if ([...autosavers.current.values()].some((saver) => saver.unsaved)) {
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
  }, [autosavers, flushAll]);
}
