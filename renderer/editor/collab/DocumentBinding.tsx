import { useEffect, useRef, type RefObject } from 'react';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { initLocalState, setLocalStateFocus, type ProviderAwareness } from '@lexical/yjs';
import { BLUR_COMMAND, COMMAND_PRIORITY_EDITOR, FOCUS_COMMAND, mergeRegister } from 'lexical';
import { bindBody, providerWith } from '../../../shared/collab/body-binding';
import { useReportError } from '../../components/ErrorBoundary';
import type { DocumentReplica } from '../../documents/replica';
import type { Presence } from '../../newsroom/presence';

/**
 * Binds the body editor it sits in to the version document of `replica`
 * (Lexical's own Yjs binding, with undo of this editor's edits only). The
 * editor takes no typing until the document has arrived, nor ever when the
 * newsroom lets this account only read it.
 *
 * Presence: this editor's caret and selection go to everyone who has the
 * version open (with the name and role of `presence`), and theirs are drawn
 * in `cursors` while they have the body focused.
 *
 * What arrives from the document (its first state, anyone's edit) is
 * checked where it changed the body: a body the editor cannot show (issue
 * 18 §1; the library's document broken by hand or by an older build, a
 * newsroom's edit) goes to the nearest error boundary, the version's
 * fallback, instead of blanking the editor. It arrives after React has
 * rendered, so the binding reports it (useReportError).
 */
export function DocumentBinding({ replica, presence, cursors, editable }: { replica: DocumentReplica; presence: Presence; cursors: RefObject<HTMLElement | null>; editable: boolean }) {
  const [editor] = useLexicalComposerContext();
  const report = useReportError();
  const { name, color, role } = presence;
  // The presence when bound; changes later (the newsroom said who this is) update it in place.
  const latest = useRef(presence);
  useEffect(() => {
    latest.current = presence;
  });
  useEffect(() => {
    const { name, color, role } = latest.current;
    // y-protocols' Awareness is the binding's awareness, typed more loosely (as with @lexical/react's plugin).
    const awareness = replica.awareness as unknown as ProviderAwareness;
    const provider = providerWith(awareness);
    // A local presence: the binding then keeps this editor's selection as positions in the document, so
    // text someone else inserts before the caret moves it along instead of landing in the middle of a word.
    initLocalState(provider, name, color, editor.getRootElement() === document.activeElement, { role });
    const body = bindBody(editor, replica.doc, { awareness, undo: true, cursorsContainer: cursors.current ?? undefined, onError: report });
    const focus = (focusing: boolean) => {
      const now = latest.current;
      setLocalStateFocus(provider, now.name, now.color, focusing, { role: now.role });
      return false;
    };
    const offFocus = mergeRegister(
      editor.registerCommand(FOCUS_COMMAND, () => focus(true), COMMAND_PRIORITY_EDITOR),
      editor.registerCommand(BLUR_COMMAND, () => focus(false), COMMAND_PRIORITY_EDITOR),
    );
    return () => {
      offFocus();
      body.dispose();
    };
  }, [editor, replica, cursors, report]);

  useEffect(() => {
    const state = replica.awareness.getLocalState();
    if (state && (state['name'] !== name || state['color'] !== color)) replica.awareness.setLocalState({ ...state, name, color, awarenessData: { role } });
  }, [replica, name, color, role]);

  useEffect(() => {
    editor.setEditable(editable && replica.ready);
    return replica.onReady(() => editor.setEditable(editable));
  }, [editor, replica, editable]);
  return null;
}
