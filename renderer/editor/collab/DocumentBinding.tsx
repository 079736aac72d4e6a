import { useEffect } from 'react';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { initLocalState, type ProviderAwareness } from '@lexical/yjs';
import { bindBody, providerWith } from '../../../shared/collab/body-binding';
import { useReportError } from '../../components/ErrorBoundary';
import type { DocumentReplica } from '../../documents/replica';

/**
 * Binds the body editor it sits in to the version document of `replica`
 * (Lexical's own Yjs binding, with undo of this editor's edits only). The
 * editor takes no typing until the document has arrived.
 *
 * What arrives from the document (its first state, anyone's edit) is
 * checked where it changed the body: a body the editor cannot show (issue
 * 18 §1; the library's document broken by hand or by an older build) goes
 * to the nearest error boundary, the version's fallback, instead of
 * blanking the editor. It arrives after React has rendered, so the binding
 * reports it (useReportError).
 */
export function DocumentBinding({ replica }: { replica: DocumentReplica }) {
  const [editor] = useLexicalComposerContext();
  const report = useReportError();
  useEffect(() => {
    // y-protocols' Awareness is the binding's awareness, typed more loosely (as with @lexical/react's plugin).
    const awareness = replica.awareness as unknown as ProviderAwareness;
    // A local presence: the binding then keeps this editor's selection as positions in the document, so
    // text someone else inserts before the caret moves it along instead of landing in the middle of a word.
    initLocalState(providerWith(awareness), '', '#1565c0', false, {});
    const body = bindBody(editor, replica.doc, { awareness, undo: true, onError: report });
    editor.setEditable(replica.ready);
    const offReady = replica.onReady(() => editor.setEditable(true));
    return () => {
      offReady();
      body.dispose();
    };
  }, [editor, replica, report]);
  return null;
}
