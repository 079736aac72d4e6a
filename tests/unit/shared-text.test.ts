import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { shiftOffset } from '../../renderer/editor/fields/shared-text';

/** The delta Yjs reports for a change made on a copy of `before`. */
function deltaOf(before: string, change: (text: Y.Text) => void) {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  text.insert(0, before);
  let delta: { retain?: number; insert?: unknown; delete?: number }[] = [];
  text.observe((event) => (delta = event.delta as typeof delta));
  doc.transact(() => change(text));
  return delta;
}

describe('the caret of a field when someone else edits its text', () => {
  const before = 'Erbil, Duhok and Sulaimani';
  it('moves right by what was inserted before it, and stays for what came after', () => {
    expect(shiftOffset(7, deltaOf(before, (t) => t.insert(0, 'In ')))).toBe(10);
    expect(shiftOffset(7, deltaOf(before, (t) => t.insert(20, ' city')))).toBe(7);
  });
  it('moves left by what was deleted before it, to the start of a deletion around it', () => {
    expect(shiftOffset(12, deltaOf(before, (t) => t.delete(0, 7)))).toBe(5);
    expect(shiftOffset(9, deltaOf(before, (t) => t.delete(7, 6)))).toBe(7);
    expect(shiftOffset(3, deltaOf(before, (t) => t.delete(10, 4)))).toBe(3);
  });
  it('goes after text inserted right at it', () => {
    expect(shiftOffset(5, deltaOf(before, (t) => t.insert(5, ' city')))).toBe(10);
  });
  it('works in Kurdish text, one edit on each side', () => {
    const sorani = 'هەولێر و دهۆک';
    expect(shiftOffset(8, deltaOf(sorani, (t) => (t.insert(0, 'لە '), t.insert(sorani.length + 3, ' و سلێمانی'))))).toBe(11);
  });
});
