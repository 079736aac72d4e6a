import { describe, expect, it } from 'vitest';
import { buildEditorFromExtensions } from '@lexical/extension';
import { HistoryExtension } from '@lexical/history';
import { configExtension, $createParagraphNode, $createTextNode, $getRoot, UNDO_COMMAND, HISTORY_PUSH_TAG, type ElementNode, type SerializedEditorState } from 'lexical';
import { articleBodyExtension } from '../../shared/editor/article-editor';
import { emptyBody } from '../../shared/article';

function build(lang: 'en' | 'ckb' | 'kmr', initial: SerializedEditorState | null = null) {
  return buildEditorFromExtensions(articleBodyExtension(lang, initial));
}

describe('article body editor (headless)', () => {
  it('gives Sorani and Badini bodies a right-to-left root from the start', () => {
    for (const lang of ['ckb', 'kmr'] as const) {
      const editor = build(lang);
      expect(editor.getEditorState().read(() => $getRoot().getDirection())).toBe('rtl');
    }
    expect(build('en').getEditorState().read(() => $getRoot().getDirection())).toBe('ltr');
  });

  it('keeps the root RTL when a Sorani paragraph starts with a Latin word', () => {
    const editor = build('ckb');
    editor.update(
      () => {
        const p = $createParagraphNode().append($createTextNode('ISIS هێشتا لە عێراق چالاکە'));
        $getRoot().clear().append(p);
        $getRoot().setDirection('ltr'); // as Lexical's own reconciliation might
      },
      { discrete: true },
    );
    expect(editor.getEditorState().read(() => $getRoot().getDirection())).toBe('rtl');
  });

  it('loads a saved body and serialises it back unchanged in text', () => {
    const saved = emptyBody('rtl') as unknown as SerializedEditorState;
    const editor = build('kmr', saved);
    editor.update(() => $getRoot().getFirstChildOrThrow<ElementNode>().append($createTextNode('رۆژا 2ی کانوونا ئێکێ 1982ێ')), { discrete: true });
    const json = editor.getEditorState().toJSON();
    const again = build('kmr', json);
    expect(again.getEditorState().read(() => $getRoot().getTextContent())).toBe('رۆژا 2ی کانوونا ئێکێ 1982ێ');
  });

  it('undoes an edit through the history extension', async () => {
    // History switches itself off where there is no window; the renderer always has one.
    const editor = buildEditorFromExtensions(articleBodyExtension('en', null), configExtension(HistoryExtension, { disabled: false }));
    editor.update(() => $getRoot().clear().append($createParagraphNode().append($createTextNode('SULAIMANI [Kurdistan Region] –'))), { discrete: true });
    // A separate undo step, as a user's pause between edits would make it.
    editor.update(() => $getRoot().clear().append($createParagraphNode().append($createTextNode('changed'))), { discrete: true, tag: HISTORY_PUSH_TAG });
    editor.dispatchCommand(UNDO_COMMAND, undefined);
    await Promise.resolve(); // undo commits its state on the next microtask
    expect(editor.getEditorState().read(() => $getRoot().getTextContent())).toBe('SULAIMANI [Kurdistan Region] –');
  });
});
