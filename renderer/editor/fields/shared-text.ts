import { useEffect, useMemo, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import * as Y from 'yjs';
import { replaceText } from '../../../shared/collab/reconcile';
import { normalizedInputValue } from './normalized-input';

/** The origin of what a person types into a text field: what its undo takes back. */
export const FIELD_ORIGIN = Symbol('field');

type Field = HTMLInputElement | HTMLTextAreaElement;

/** The undo of each bound field element, for edits made from outside the field (newUndoStep). */
const fieldUndo = new WeakMap<Field, Y.UndoManager>();

/**
 * Ends the field's current undo step: what is typed into it next (a
 * one-click fix) is undone on its own, not with the typing before it.
 */
export function newUndoStep(field: Field): void {
  fieldUndo.get(field)?.stopCapturing();
}

/**
 * Where an offset of a text lands after a change (a Yjs delta over the old
 * text: retain, insert, delete). Text inserted at the offset goes before it.
 */
export function shiftOffset(offset: number, delta: readonly { retain?: number; insert?: unknown; delete?: number }[]): number {
  let index = 0;
  let shifted = offset;
  for (const op of delta) {
    if (index > offset) break;
    if (op.retain !== undefined) {
      index += op.retain;
    } else if (op.insert !== undefined) {
      shifted += typeof op.insert === 'string' ? op.insert.length : 1;
    } else if (op.delete !== undefined) {
      if (index < offset) shifted -= Math.min(op.delete, offset - index);
      index += op.delete;
    }
  }
  return Math.max(0, shifted);
}

export interface SharedTextOptions {
  /** Sorani and Badini: Arabic-keyboard letters become Kurdish ones as they are typed. */
  normalize: boolean;
  /** Until the document has arrived, the field takes no typing. */
  ready: boolean;
}

export interface SharedTextBinding {
  /** The field element (a callback ref). */
  attach: (field: Field | null) => void;
  value: string;
  readOnly: boolean;
  onChange: (event: ChangeEvent<Field>) => void;
  onKeyDown: (event: KeyboardEvent<Field>) => void;
}

/**
 * A text field whose text is a Y.Text of a shared document. What is typed
 * becomes the smallest edit of it (so two people typing into one headline
 * both keep their words); what others type appears at once, the caret
 * staying where it was in the text. Ctrl+Z and Ctrl+Shift+Z (Ctrl+Y) undo
 * and redo this field's own typing only, never someone else's.
 */
export function useSharedText(text: Y.Text, { normalize, ready }: SharedTextOptions): SharedTextBinding {
  const [element, attach] = useState<Field | null>(null);
  const [value, setValue] = useState(() => text.toString());
  const undo = useMemo(() => new Y.UndoManager(text, { trackedOrigins: new Set([FIELD_ORIGIN]), captureTimeout: 500 }), [text]);
  useEffect(() => () => undo.destroy(), [undo]);
  useEffect(() => {
    if (!element) return;
    fieldUndo.set(element, undo);
    return () => void fieldUndo.delete(element);
  }, [element, undo]);

  useEffect(() => {
    const onChange = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      const next = text.toString();
      const field = element;
      // Someone else's edit (or an undo): the caret keeps its place in the text around it.
      if (field && transaction.origin !== FIELD_ORIGIN && document.activeElement === field && field.value !== next) {
        const start = shiftOffset(field.selectionStart ?? 0, event.delta);
        const end = shiftOffset(field.selectionEnd ?? 0, event.delta);
        field.value = next;
        field.setSelectionRange(Math.min(start, next.length), Math.min(end, next.length));
      }
      setValue(next);
    };
    text.observe(onChange);
    return () => text.unobserve(onChange);
  }, [text, element]);

  const onChange = (event: ChangeEvent<Field>) => {
    const next = normalizedInputValue(event.target, normalize);
    setValue(next);
    text.doc?.transact(() => replaceText(text, next), FIELD_ORIGIN);
  };

  const onKeyDown = (event: KeyboardEvent<Field>) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const key = event.key.toLowerCase();
    const redo = (key === 'z' && event.shiftKey) || (key === 'y' && !event.shiftKey);
    if (key !== 'z' && !redo) return;
    event.preventDefault();
    if (redo) undo.redo();
    else undo.undo();
  };

  return { attach, value, readOnly: !ready, onChange, onKeyDown };
}
