import { useEffect, useState } from 'react';
import { emptyVersionDocUpdate } from '../../shared/collab/convert';
import { versionDocName } from '../../shared/collab/doc-names';
import type { LanguageKey } from '../../shared/languages';
import { useApi } from '../api/context';
import { useDocumentChannel } from './context';
import { DocumentReplica } from './replica';

export interface VersionReplica {
  replica: DocumentReplica;
  /** The document has arrived (or, for a version nobody has written, its start is in place). */
  ready: boolean;
}

/**
 * This component's copy of one language version's document, for as long as
 * it is mounted. It connects after the children's effects have run, so an
 * editor a child binds to it is bound before the document's content arrives
 * (a binding shows only what arrives after it). On unmount what is pending
 * is sent, then the copy goes. Its saving state (replica.onState) is not
 * React state here: it changes twice per keystroke, and only the save
 * status shows it.
 */
export function useVersionReplica(articleId: string, lang: LanguageKey): VersionReplica {
  const api = useApi();
  const channel = useDocumentChannel();
  const [replica] = useState(() => new DocumentReplica(versionDocName(articleId, lang), api, channel, { start: () => emptyVersionDocUpdate(articleId, lang) }));
  const [ready, setReady] = useState(replica.ready);
  useEffect(() => {
    const offReady = replica.onReady(() => setReady(true));
    void replica.connect();
    return () => {
      offReady();
      void replica.flush().finally(() => replica.dispose());
    };
  }, [replica]);
  return { replica, ready };
}
