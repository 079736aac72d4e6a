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
import {
  $createRangeSelectionFromDom,
  $getRoot,
  $getSelection,
  $setSelection,
  $isRangeSelection,
  CAN_REDO_COMMAND,
  CAN_UNDO_COMMAND,
  COLLABORATION_TAG,
  COMMAND_PRIORITY_EDITOR,
  HISTORIC_TAG,
  HISTORY_MERGE_TAG,
  HISTORY_PUSH_TAG,
  mergeRegister,
  TextNode,
  type EditorState,
  type NodeKey,
  REDO_COMMAND,
  SKIP_COLLAB_TAG,
  UNDO_COMMAND,
  type LexicalEditor,
} from 'lexical';
import { UndoManager, type Doc, type Text as YText, type Transaction, type YEvent } from 'yjs';
import type { BodyIssue } from '../editor/body-schema';
import { $changedBodyIssues, unreadableBody } from './body-check';
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
  /** This editor's undo (BindBodyOptions.undo), or null. */
  readonly undoManager: UndoManager | null;
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
  /** Draw everyone else's caret and selection, with their name, in this element (renderer only: positioned over the editor). */
  cursorsContainer?: HTMLElement;
  /**
   * Undo and redo of this editor's own edits (Lexical's undo commands and
   * the toolbar's can-undo state), replacing its history extension, which
   * must be disabled.
   */
  undo?: boolean;
  /**
   * Told, instead of an exception, of a change from the document the editor
   * cannot show: one the binding fails to build nodes from, or one that
   * leaves the body in a shape Lexical cannot render (body-check.ts, on the
   * nodes each such change touched). Without it, such a change is not
   * checked and a failure is thrown.
   */
  onError?: (error: Error) => void;
}

export function bindBody(editor: LexicalEditor, doc: Doc, options: BindBodyOptions = {}): BodyBinding {
  const binding = createYjsBinding({ editor, id: BODY_ROOT, doc, docMap: new Map([[BODY_ROOT, doc]]), rootName: BODY_ROOT });
  const provider = providerWith(options.awareness ?? NO_AWARENESS);
  const syncCursors = options.cursorsContainer ? syncCursorPositions : () => undefined;
  binding.cursorsContainer = options.cursorsContainer ?? null;
  const root = binding.root.getSharedType();
  // An editor built from extensions without an initial state holds Lexical's default one, an empty
  // paragraph its document does not hold. Shown over a document whose body is empty, the binding took
  // it for the document's first block: the next edit went into the wrong blocks and deleted text. The
  // editor starts as its document is (not synced: there is nothing to write).
  if (root.length === 0) editor.update(() => $getRoot().clear(), { discrete: true, tag: SKIP_COLLAB_TAG });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Yjs's own signature for deep observers
  const onYjs = (events: YEvent<any>[], transaction: Transaction) => {
    // The binding's own transactions are this editor's edits, already in it.
    if (transaction.origin === binding) return;
    takeDomSelection(editor);
    try {
      syncYjsChangesToLexical(binding, provider, events as YEvent<YText>[], transaction.origin instanceof UndoManager, syncCursors);
      // Committed now, not on the next microtask: an update made before then would join this one, run
      // the transforms it skipped (giving segment ids while applying a remote edit), or take its
      // collaboration tag and never reach the document. Inside an update (an undo) it commits with that.
      if (!editor._updating) editor.update(() => undefined, { discrete: true, skipTransforms: true });
    } catch (error) {
      if (!options.onError) throw error;
      options.onError(new Error(unreadableBody(error).message));
    }
  };
  root.observeDeep(onYjs);
  // Undo of this editor's own edits only (Y.UndoManager tracking the binding's origin): never someone else's text.
  const undoManager = options.undo ? createUndoManager(binding, root) : null;
  // Undo steps as Lexical's own history makes them: a run of typing is one step (until a pause), every
  // other change starts a step of its own (an image deleted right after it was inserted is still undone
  // alone), an update may ask for a step of its own (a paste's normalisation) or to join the last one
  // (a caption typed into an image).
  let typing = false;
  const removeListener = editor.registerUpdateListener(({ prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags }) => {
    if (tags.has(SKIP_COLLAB_TAG)) return;
    const local = !tags.has(COLLABORATION_TAG) && !tags.has(HISTORIC_TAG);
    const changed = dirtyLeaves.size > 0 || dirtyElements.size > 0;
    if (undoManager && local && changed && !tags.has(HISTORY_MERGE_TAG)) {
      const typed = !tags.has(HISTORY_PUSH_TAG) && isTyping(prevEditorState, editorState, dirtyLeaves, dirtyElements);
      if (!typed || !typing) undoManager.stopCapturing();
      typing = typed;
    }
    syncLexicalUpdateToYjs(binding, provider, prevEditorState, editorState, dirtyElements, dirtyLeaves, normalizedNodes, tags);
  });
  const removeUndo = undoManager ? registerUndo(editor, undoManager) : () => undefined;
  // What comes from the document (someone else's edit, an undo, the document's arrival) is checked where it
  // changed the body; this editor's own edits are the editor's, and the editor makes only bodies it can show.
  const removeCheck = options.onError ? registerBodyCheck(editor, options.onError) : () => undefined;
  // Someone moved their caret or left: redrawn (their edits redraw through syncYjsChangesToLexical).
  const onPresence = () => syncCursors(binding, provider);
  if (options.cursorsContainer) provider.awareness.on('update', onPresence);
  return {
    binding,
    undoManager,
    dispose() {
      if (options.cursorsContainer) provider.awareness.off('update', onPresence);
      root.unobserveDeep(onYjs);
      removeListener();
      removeUndo();
      removeCheck();
      undoManager?.destroy();
    },
  };
}

/**
 * A caret the browser has just moved (Home, an arrow, a click) whose
 * `selectionchange` Lexical has not handled yet, taken into the editor now.
 * Applying a remote change puts the caret back where this window last said
 * it was (its presence); arriving in between, it undid the move, and what was
 * typed next went where the caret had been (two people typing into one
 * paragraph under load). Only where there is a page: a headless editor has no
 * caret to take.
 */
function takeDomSelection(editor: LexicalEditor): void {
  const root = editor.getRootElement();
  const domSelection = root?.ownerDocument.defaultView?.getSelection() ?? null;
  if (!root || !domSelection?.anchorNode || !root.contains(domSelection.anchorNode) || editor.isComposing()) return;
  editor.update(
    () => {
      const taken = $createRangeSelectionFromDom(domSelection, editor);
      const current = $getSelection();
      if (taken && !(current && taken.is(current))) $setSelection(taken);
    },
    { discrete: true },
  );
}

/**
 * Whether an update is typing: one text node changed (no other node made or
 * removed, no block changed on purpose), the caret collapsed in it; or the
 * text node made by the first character typed into an empty block.
 */
function isTyping(prev: EditorState, next: EditorState, dirtyLeaves: Set<NodeKey>, dirtyElements: Map<NodeKey, boolean>): boolean {
  if (dirtyLeaves.size !== 1) return false;
  const [key] = dirtyLeaves as unknown as [NodeKey];
  const after = next._nodeMap.get(key);
  const selection = next._selection;
  if (!(after instanceof TextNode) || !$isRangeSelection(selection) || !selection.isCollapsed() || selection.anchor.key !== key) return false;
  const before = prev._nodeMap.get(key);
  if (before === undefined) return next._nodeMap.size === prev._nodeMap.size + 1 && after.__text.length <= 2;
  if (!(before instanceof TextNode) || prev._nodeMap.size !== next._nodeMap.size) return false;
  // The root is marked by the root transforms (direction, segment ids) on every update: not a block change.
  for (const [element, intentional] of dirtyElements) if (intentional && element !== 'root') return false;
  return true;
}

/** Reports the first change from the document that leaves the body in a shape the editor cannot show. */
function registerBodyCheck(editor: LexicalEditor, onError: (error: Error) => void): () => void {
  let failed = false;
  return editor.registerUpdateListener(({ dirtyElements, dirtyLeaves, editorState, tags }) => {
    if (failed || !(tags.has(COLLABORATION_TAG) || tags.has(HISTORIC_TAG))) return;
    const issues = editorState.read(() => $changedBodyIssues({ elements: dirtyElements, leaves: dirtyLeaves }, 1));
    if (issues.length === 0) return;
    failed = true;
    const [issue] = issues as [BodyIssue];
    onError(new Error(`${issue.message} (at ${issue.path.join('.')})`));
  });
}

/** Lexical's undo and redo commands on a Y.UndoManager, and its can-undo state told to the toolbar. */
function registerUndo(editor: LexicalEditor, undoManager: UndoManager): () => void {
  const announce = () => {
    editor.dispatchCommand(CAN_UNDO_COMMAND, undoManager.undoStack.length > 0);
    editor.dispatchCommand(CAN_REDO_COMMAND, undoManager.redoStack.length > 0);
  };
  undoManager.on('stack-item-added', announce);
  undoManager.on('stack-item-popped', announce);
  undoManager.on('stack-cleared', announce);
  return mergeRegister(
    editor.registerCommand(
      UNDO_COMMAND,
      () => {
        undoManager.undo();
        return true;
      },
      COMMAND_PRIORITY_EDITOR,
    ),
    editor.registerCommand(
      REDO_COMMAND,
      () => {
        undoManager.redo();
        return true;
      },
      COMMAND_PRIORITY_EDITOR,
    ),
    () => {
      undoManager.off('stack-item-added', announce);
      undoManager.off('stack-item-popped', announce);
      undoManager.off('stack-cleared', announce);
    },
  );
}
