import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { DocumentEvent } from '../../shared/collab/events';
import { createDocumentChannel, type DocumentChannel } from './events';

const DocumentsContext = createContext<DocumentChannel | null>(null);

/** The window's one channel of document events, open for as long as the app is. */
export function DocumentsProvider({ children, channel: given }: { children: ReactNode; channel?: DocumentChannel }) {
  const [channel] = useState(() => given ?? createDocumentChannel());
  useEffect(() => () => channel.close(), [channel]);
  return <DocumentsContext.Provider value={channel}>{children}</DocumentsContext.Provider>;
}

export function useDocumentChannel(): DocumentChannel {
  const channel = useContext(DocumentsContext);
  if (!channel) throw new Error('useDocumentChannel outside DocumentsProvider');
  return channel;
}

/**
 * Calls `onChange` when the library's saved rows of some articles change
 * (another window's edits derived, an import merged): with their ids, or
 * null for a new session (after a reconnect anything may have changed).
 * Calls within `pauseMs` of each other are one.
 */
export function useLibraryChanges(onChange: (articleIds: ReadonlySet<string> | null) => void, pauseMs = 300): void {
  const channel = useDocumentChannel();
  const latest = useRef(onChange);
  useEffect(() => {
    latest.current = onChange;
  });
  useEffect(() => {
    let pending: Set<string> | null | undefined;
    let timer: ReturnType<typeof setTimeout> | null = null;
    // The session the screen loaded with (null: not known yet, then the first one is it).
    let session = channel.current();
    const fire = () => {
      timer = null;
      const ids = pending;
      pending = undefined;
      if (ids !== undefined) latest.current(ids);
    };
    const unsubscribe = channel.subscribe((event: DocumentEvent) => {
      if (event.type === 'derived') {
        if (pending !== null) pending = new Set([...(pending ?? []), ...event.articleIds]);
      } else if (event.type === 'session') {
        const known = session;
        session = event.session;
        if (known === null || known === event.session) return;
        pending = null;
      } else {
        return;
      }
      timer ??= setTimeout(fire, pauseMs);
    });
    return () => {
      unsubscribe();
      if (timer) clearTimeout(timer);
    };
  }, [channel, pauseMs]);
}
