import { describe, expect, it } from 'vitest';
import { $getRoot, type ElementNode } from 'lexical';
import { $getSelection, $isRangeSelection, $isTextNode } from 'lexical';
import { findOppositeRun, oppositeRunStyle } from '../../shared/editor/opposite-run';
import { buildBody, json, read, setParagraphs } from './editor-harness';

const run = (text: string, dir: 'ltr' | 'rtl') => {
  const match = findOppositeRun(text, dir);
  return match ? text.slice(match.start, match.end) : null;
};

describe('opposite-direction runs', () => {
  it('finds Latin names, acronyms and abbreviations inside Sorani text', () => {
    expect(run('ISIS هێشتا لە عێراق چالاکە', 'rtl')).toBe('ISIS');
    expect(run('سەربازی (U.S.) ماونەتەوە', 'rtl')).toBe('U.S.');
    expect(run('بە The Associated Press ی ڕاگەیاند', 'rtl')).toBe('The Associated Press');
    expect(run('مستەفا al-Kadhimi گوتی', 'rtl')).toBe('al-Kadhimi');
    // A sentence-final stop after a plain word belongs to the Kurdish sentence, on its left.
    expect(run('هێزەکانی ISIS.', 'rtl')).toBe('ISIS');
    expect(run('2,500 سەربازی ئەمریکی', 'rtl')).toBeNull();
  });

  it('finds Kurdish runs inside English text', () => {
    expect(run('Prime Minister مستەفا کازمی said', 'ltr')).toBe('مستەفا کازمی');
    expect(run('No Kurdish here, 2,500 troops.', 'ltr')).toBeNull();
  });

  it('turns runs into their own nodes as text is written, stored in the body and loaded back', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['ISIS هێشتا لە عێراق چالاکە و (U.S.) ماوە.']);
    const runs = read(editor, () =>
      $getRoot()
        .getFirstChildOrThrow<ElementNode>()
        .getChildren()
        .filter((n) => $isTextNode(n) && n.getStyle() === oppositeRunStyle('ltr'))
        .map((n) => n.getTextContent()),
    );
    expect(runs).toEqual(['ISIS', 'U.S.']);
    expect(read(editor, () => $getRoot().getTextContent())).toBe('ISIS هێشتا لە عێراق چالاکە و (U.S.) ماوە.');
    const again = buildBody('ckb', json(editor));
    expect(read(again, () => $getRoot().getTextContent())).toBe('ISIS هێشتا لە عێراق چالاکە و (U.S.) ماوە.');
  });

  it('keeps the caret in place while a run grows as it is typed, one key at a time', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['']);
    const sentence = 'سەربازی (U.S.) ماوە، al-Kadhimi گوتی.';
    for (const ch of sentence) {
      editor.update(
        () => {
          const selection = $getSelection();
          if ($isRangeSelection(selection)) selection.insertText(ch);
        },
        { discrete: true },
      );
    }
    expect(read(editor, () => $getRoot().getTextContent())).toBe(sentence);
    const runs = read(editor, () =>
      $getRoot()
        .getFirstChildOrThrow<ElementNode>()
        .getChildren()
        .filter((n) => $isTextNode(n) && n.getStyle() === oppositeRunStyle('ltr'))
        .map((n) => n.getTextContent()),
    );
    expect(runs).toEqual(['U.S.', 'al-Kadhimi']);
  });

  it('loads a body saved as separate plain pieces of one run ("ک", "A", "0") instead of chasing it forever', () => {
    // Lexical merged "ک" and "A", the transform split "A" off as a run, then "0" unmade it: Lexical's
    // "transforms are endlessly triggering" error, and an editor that never showed the body.
    const text = (t: string) => ({ type: 'text', version: 1, text: t, format: 0, detail: 0, mode: 'normal', style: '' });
    for (const pieces of [['ک', 'A', '0'], [' ', 'A', '0'], ['ک ', 'U.', 'S.', ' ک']]) {
      const body = { root: { type: 'root', version: 1, direction: 'rtl', format: '', indent: 0, children: [{ type: 'paragraph', version: 1, children: pieces.map(text) }] } };
      const editor = buildBody('ckb', body as never);
      expect(read(editor, () => $getRoot().getTextContent())).toBe(pieces.join(''));
      const runs = read(editor, () => $getRoot().getFirstChildOrThrow<ElementNode>().getChildren().filter((n) => $isTextNode(n) && n.getStyle() === oppositeRunStyle('ltr')).map((n) => n.getTextContent()));
      expect(runs).toEqual([pieces.includes('U.') ? 'U.S.' : 'A0']);
    }
  });

  it('does not mark Latin text in an English version', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Iraq will still ask for U.S. trainers.']);
    expect(read(editor, () => $getRoot().getFirstChildOrThrow<ElementNode>().getChildren().some((n) => $isTextNode(n) && n.getStyle() !== ''))).toBe(false);
  });
});
