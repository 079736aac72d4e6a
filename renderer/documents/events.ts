import { DocumentEventSchema, type DocumentEvent } from '../../shared/collab/events';

/**
 * The window's one channel of events from the main process (shared/collab/
 * events.ts). In Electron the preload bridge delivers them over IPC; in
 * browser mode they come as a server-sent event stream from the loopback
 * host, authenticated by the same cookie as the API. Either way the first
 * event names this window's session, which every document call carries;
 * a new session (the stream reconnected, the host restarted) makes every
 * open document catch up again.
 */
export interface DocumentChannel {
  /** The current session; waits for the first. */
  session(): Promise<string>;
  /** The current session, null before the first. */
  current(): string | null;
  /** Every event, the session ones included. */
  subscribe(listener: (event: DocumentEvent) => void): () => void;
  close(): void;
}

/** What the preload bridge exposes for events (electron/preload.ts). */
export interface EventBridge {
  subscribe(listener: (event: unknown) => void): void;
}

export function createDocumentChannel(bridge: EventBridge | undefined = window.qelemEvents): DocumentChannel {
  const listeners = new Set<(event: DocumentEvent) => void>();
  let current: string | null = null;
  let waiters: ((session: string) => void)[] = [];
  const receive = (raw: unknown) => {
    const parsed = DocumentEventSchema.safeParse(raw);
    if (!parsed.success) return;
    const event = parsed.data;
    if (event.type === 'session') {
      current = event.session;
      for (const resolve of waiters) resolve(event.session);
      waiters = [];
    }
    for (const listener of [...listeners]) listener(event);
  };
  let source: EventSource | null = null;
  if (bridge) {
    bridge.subscribe(receive);
  } else {
    source = new EventSource('/api/events', { withCredentials: true });
    source.onmessage = (message: MessageEvent<string>) => {
      try {
        receive(JSON.parse(message.data));
      } catch {
        // Not JSON: not ours.
      }
    };
  }
  return {
    session: () => (current !== null ? Promise.resolve(current) : new Promise((resolve) => waiters.push(resolve))),
    current: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      source?.close();
      listeners.clear();
    },
  };
}
