import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { DocName } from '../../shared/collab/doc-names';
import { readOnlyReason, type ReadOnlyReason } from '../../shared/collab/roles';
import type { LanguageKey } from '../../shared/languages';
import type { NewsroomStatus } from '../../shared/newsroom';
import { useApi } from '../api/context';
import { useDocumentChannel } from '../documents/context';

interface NewsroomApi {
  /** null until first read. */
  status: NewsroomStatus | null;
  /** Replaces the status with one a call answered (connect, disconnect). */
  set(status: NewsroomStatus): void;
  refresh(): void;
}

const NewsroomContext = createContext<NewsroomApi | null>(null);

/** How often the status is read again with nothing said (the "last synced" time stays current). */
const REFRESH_MS = 30_000;

/**
 * The newsroom connection as the main process reports it: read at start,
 * again whenever the main process says it changed (a `newsroom` event), and
 * every half minute.
 */
export function NewsroomProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const channel = useDocumentChannel();
  const [status, setStatus] = useState<NewsroomStatus | null>(null);

  const refresh = useCallback(() => {
    api.getNewsroom({}).then(setStatus, () => undefined);
  }, [api]);

  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    const unsubscribe = channel.subscribe((event) => {
      if (event.type === 'newsroom' || event.type === 'session') refresh();
    });
    return () => {
      clearInterval(timer);
      unsubscribe();
    };
  }, [channel, refresh]);

  const value = useMemo(() => ({ status, set: setStatus, refresh }), [status, refresh]);
  return <NewsroomContext.Provider value={value}>{children}</NewsroomContext.Provider>;
}

export function useNewsroom(): NewsroomApi {
  const value = useContext(NewsroomContext);
  if (!value) throw new Error('useNewsroom outside NewsroomProvider');
  return value;
}

/**
 * Why the newsroom lets this account only read a document (the same rule
 * the server and the main process apply: shared/collab/roles.ts), or null.
 */
export function useReadOnlyReason(doc: DocName, sourceLang: LanguageKey | null): ReadOnlyReason | null {
  const { status } = useNewsroom();
  const role = status && status.state !== 'off' ? status.identity?.role : undefined;
  return role ? readOnlyReason(role, doc, sourceLang) : null;
}
