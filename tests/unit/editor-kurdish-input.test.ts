import { describe, expect, it } from 'vitest';
import { $createTextNode, $getRoot, $getSelection, $isRangeSelection, type ElementNode } from 'lexical';
import { buildBody, read, setParagraphs } from './editor-harness';

/** Types `text` at the caret, one update per character, as keystrokes do. */
function type(editor: ReturnType<typeof buildBody>, text: string) {
  for (const ch of text) {
    editor.update(
      () => {
        const selection = $getSelection();
        if ($isRangeSelection(selection)) selection.insertText(ch);
      },
      { discrete: true },
    );
  }
}

describe('Kurdish input normalisation', () => {
  it('replaces Arabic yeh and kaf typed in a Sorani version, keeping the caret in place', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['']);
    type(editor, 'كوردستاني');
    expect(read(editor, () => $getRoot().getTextContent())).toBe('کوردستانی');
    type(editor, ' ئازاد');
    expect(read(editor, () => $getRoot().getTextContent())).toBe('کوردستانی ئازاد');
    const offset = read(editor, () => {
      const s = $getSelection();
      return $isRangeSelection(s) ? s.anchor.offset : -1;
    });
    expect(offset).toBe('کوردستانی ئازاد'.length);
  });

  it('removes tatweel and turns heh + ZWNJ into ae in Badini', () => {
    const editor = buildBody('kmr');
    setParagraphs(editor, ['']);
    type(editor, 'ســــڵاو');
    expect(read(editor, () => $getRoot().getTextContent())).toBe('سڵاو');
    setParagraphs(editor, ['']);
    type(editor, 'ئه\u200Cو');
    expect(read(editor, () => $getRoot().getTextContent())).toBe('ئەو');
  });

  it('leaves Latin runs, digits and bidi controls in Kurdish text untouched', () => {
    const editor = buildBody('ckb');
    const mixed = 'ISIS هێشتا \u2066U.S.\u2069 2٠22 ٪٥';
    setParagraphs(editor, [mixed]);
    expect(read(editor, () => $getRoot().getTextContent())).toBe(mixed);
  });

  it('never normalises English text', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['']);
    type(editor, 'quoted كوردي');
    expect(read(editor, () => $getRoot().getTextContent())).toBe('quoted كوردي');
  });

  it('normalises text inserted as a node, not only typed', () => {
    const editor = buildBody('kmr');
    setParagraphs(editor, ['']);
    editor.update(() => $getRoot().getFirstChild<ElementNode>()?.append($createTextNode('دهوكى')), { discrete: true });
    expect(read(editor, () => $getRoot().getTextContent())).toBe('دهوکی');
  });
});
