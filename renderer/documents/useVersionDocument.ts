import { useCallback, useEffect, useState } from 'react';
import type { VersionContent } from '../../shared/article';
import { emptyVersionDocUpdate } from '../../shared/collab/convert';
import { versionDocName } from '../../shared/collab/doc-names';
import { bindVersionDoc, type VersionDocEditor } from '../../shared/collab/version-editor';
import type { LanguageKey } from '../../shared/languages';
import { useApi } from '../api/context';
import { useDocumentChannel } from './context';
import { DocumentReplica, type ReplicaState } from './replica';

export interface VersionDocument {
  replica: DocumentReplica;
  state: ReplicaState;
  /** The version as its document holds it now; null until the document has arrived. */
  content: VersionContent | null;
  /** Changes the version: `change` gets what the document holds now, and what it returns is written as the smallest edits. */
  edit: (change: (current: VersionContent) => VersionContent) => void;
}

/** Where the translation workspace's edits come from. */
const WORKSPACE = Symbol('workspace');

/**
 * A language version's document read and written as whole content, through
 * a headless editor bound to this component's copy of it (the translation
 * workspace: the source it shows, the translation it writes). Whatever
 * changes the document, here or in another window, is read again on the
 * next frame.
 */
export function useVersionDocument(articleId: string, lang: LanguageKey): VersionDocument {
  const api = useApi();
  const channel = useDocumentChannel();
  // A document whose body the editor cannot show (issue 18 §1): the screen's failure, thrown while rendering so
  // its error boundary says so (the workspace cannot show or translate such a version).
  const [failure, setFailure] = useState<Error | null>(null);
  const [bound] = useState(() => {
    const replica = new DocumentReplica(versionDocName(articleId, lang), api, channel, { start: () => emptyVersionDocUpdate(articleId, lang) });
    // Bound before the document arrives (a binding shows only what arrives after it).
    return { replica, editor: bindVersionDoc(replica.doc, lang, { onError: setFailure }) as VersionDocEditor };
  });
  const { replica, editor } = bound;
  const [state, setState] = useState<ReplicaState>(replica.state);
  const [content, setContent] = useState<VersionContent | null>(null);

  useEffect(() => {
    let frame: number | null = null;
    const read = () => {
      frame = null;
      if (replica.ready) setContent(editor.read());
    };
    const onUpdate = () => {
      frame ??= requestAnimationFrame(read);
    };
    replica.doc.on('update', onUpdate);
    const offState = replica.onState(setState);
    const offReady = replica.onReady(read);
    void replica.connect();
    return () => {
      if (frame !== null) cancelAnimationFrame(frame);
      replica.doc.off('update', onUpdate);
      offState();
      offReady();
      void replica.flush().finally(() => {
        replica.dispose();
        editor.dispose();
      });
    };
  }, [replica, editor]);

  const edit = useCallback(
    (change: (current: VersionContent) => VersionContent) => {
      const apply = () => {
        const current = editor.read();
        const next = change(current);
        if (next === current) return;
        editor.write(next, WORKSPACE);
        // Shown at once: the row being typed in must not wait a frame to see its own text.
        setContent(editor.read());
      };
      if (replica.ready) return apply();
      // Typed before the document arrived: made on what arrives, not lost.
      const off = replica.onReady(() => {
        off();
        apply();
      });
    },
    [replica, editor],
  );

  if (failure) throw failure;
  return { replica, state, content, edit };
}
