import {
  createUndoManager,
  createYjsBinding,
  syncCursorPositions,
  syncLexicalUpdateToYjs,
  syncYjsChangesToLexical,
  type Binding,
  type Provider,
  type ProviderAwareness,
} from '@lexical/yjs';
import { SKIP_COLLAB_TAG, type LexicalEditor } from 'lexical';
import { UndoManager, type Doc, type Text as YText, type Transaction, type YEvent } from 'yjs';
import { BODY_ROOT } from './version-doc';

/**
 * Lexical's own Yjs binding (V1) between a body editor and the `body` root
 * of a version document, without React: the same wiring as
 * @lexical/react's CollaborationPlugin (useYjsCollaboration), so it runs in
 * the renderer and headless in the main process.
 *
 * Nothing is ever bootstrapped here: a document is created once (a new
 * article, or the migration of an old one) and an editor only ever shows
 * what its document holds. A binding created on a document that already has
 * content does not render it (lexical#4999), so callers bind an empty
 * document and apply the stored state after.
 */
export interface BodyBinding {
  readonly binding: Binding;
  /** Stops syncing in both directions (the editor and document stay as they are). */
  dispose(): void;
}

/** Awareness of an editor nobody looks at (the main process): no local state, no cursors. */
const NO_AWARENESS: ProviderAwareness = {
  getLocalState: () => null,
  getStates: () => new Map(),
  on: () => undefined,
  off: () => undefined,
  setLocalState: () => undefined,
  setLocalStateField: () => undefined,
};

/** The provider face the binding functions need: only its awareness is read. */
export function providerWith(awareness: ProviderAwareness): Provider {
  return {
    awareness,
    connect: () => undefined,
    disconnect: () => undefined,
    on: () => undefined,
    off: () => undefined,
  };
}

export interface BindBodyOptions {
  /** Presence (the renderer's y-protocols Awareness); none headless. */
  awareness?: ProviderAwareness;
  /** Draw remote cursors (renderer only: needs a DOM). */
  cursors?: boolean;
}

export function bindBody(editor: LexicalEditor, doc: Doc, options: BindBodyOptions = {}): BodyBinding {
  const binding = createYjsBinding({ editor, id: BODY_ROOT, doc, docMap: new Map([[BODY_ROOT, doc]]), rootName: BODY_ROOT });
  const provider = providerWith(options.awareness ?? NO_AWARENESS);
  const syncCursors = options.cursors ? syncCursorPositions : () => undefined;
  const root = binding.root.getSharedType();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs's own signature for deep observers
  const onYjs = (events: YEvent<any>[], transaction: Transaction) => {
    // The binding's own transactions are this editor's edits, already in it.
    if (transaction.origin === binding) return;
    syncYjsChangesToLexical(binding, provider, events as YEvent<YText>[], transaction.origin instanceof UndoManager, syncCursors);
    // Committed now, not on the next microtask: an update made before then would join this one, run
    // the transforms it skipped (giving segment ids while applying a remote edit), or take its
    // collaboration tag and never reach the document. Inside an update (an undo) it commits with that.
    if (!editor._updating) editor.update(() => undefined, { discrete: true, skipTransforms: true });
  };
  root.observeDeep(onYjs);
  const removeListener = editor.registerUpdateListener(({ prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags }) => {
    if (tags.has(SKIP_COLLAB_TAG)) return;
    syncLexicalUpdateToYjs(binding, provider, prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags);
  });
  return {
    binding,
    dispose() {
      root.unobserveDeep(onYjs);
      removeListener();
    },
  };
}

/** Undo of this editor's own edits only (Y.UndoManager tracking the binding's origin): never someone else's text. */
export function bodyUndoManager(body: BodyBinding): UndoManager {
  return createUndoManager(body.binding, body.binding.root.getSharedType());
}
