import { useCallback, useRef, type RefObject } from 'react';
import { $getRoot, $getSelection, $isRangeSelection, $parseSerializedNode, type LexicalEditor } from 'lexical';
import type { SerializedNode } from '../../shared/article';
import type { TargetControl } from './SegmentRow';

/** What the open row types into, as its SegmentRow reports it. */
export function useTargetControl(): { control: RefObject<TargetControl>; setControl: (next: TargetControl) => void } {
  const control = useRef<TargetControl>({ editor: null, field: null });
  const setControl = useCallback((next: TargetControl) => {
    // A closing row reports null after the next one opened: only a live control replaces the current one.
    if (next.editor || next.field || (!control.current.editor?.getRootElement()?.isConnected && !control.current.field?.isConnected)) control.current = next;
  }, []);
  return { control, setControl };
}

/** Types `text` at the caret of the active row's target, as if the translator had typed it. */
export function insertText(control: TargetControl, text: string): void {
  const { editor, field } = control;
  if (editor) {
    insertInEditor(editor, text);
    return;
  }
  if (field) {
    field.focus();
    field.setRangeText(text, field.selectionStart ?? field.value.length, field.selectionEnd ?? field.value.length, 'end');
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
}

function insertInEditor(editor: LexicalEditor, text: string): void {
  editor.update(() => {
    const selection = $getSelection();
    if ($isRangeSelection(selection)) selection.insertText(text);
    else $getRoot().selectEnd().insertText(text);
  });
  editor.focus();
}

/** Replaces what an editor holds with `blocks`, as one undoable step, the caret at the end. */
export function replaceInEditor(editor: LexicalEditor, blocks: readonly SerializedNode[]): void {
  editor.update(() => {
    const root = $getRoot().clear();
    for (const block of blocks) root.append($parseSerializedNode(block as never));
    root.selectEnd();
  });
  editor.focus();
}
