import { describe, expect, it } from 'vitest';
import { $createLineBreakNode, $createParagraphNode, $createTextNode, $getRoot, HISTORY_PUSH_TAG, UNDO_COMMAND, type ElementNode, type LexicalEditor, type TextNode } from 'lexical';
import { $createLinkNode } from '@lexical/link';
import { $createListItemNode, $createListNode } from '@lexical/list';
import { $applyTextFix } from '../../shared/editor/text-fix';
import { $getSegmentId } from '../../shared/editor/segments';
import { gluedSentences, initialRehWords } from '../../shared/qa/words';
import { blockToPlainText } from '../../shared/render/plain-text';
import type { TextFix } from '../../shared/qa/findings';
import { buildBody, json, read } from './editor-harness';

function fix(editor: LexicalEditor, segment: string, textFix: TextFix): boolean {
  let applied = false;
  editor.update(() => void (applied = $applyTextFix(segment, textFix)), { discrete: true, tag: HISTORY_PUSH_TAG });
  return applied;
}

const text = (editor: LexicalEditor) => read(editor, () => $getRoot().getTextContent());
const ids = (editor: LexicalEditor) => read(editor, () => $getRoot().getChildren().map((c) => $getSegmentId(c)!));
/** The plain text of a block as the checks read it, from the saved JSON. */
const blockText = (editor: LexicalEditor, index: number) => blockToPlainText(json(editor).root.children[index] as never);

describe('$applyTextFix: a finding fixed in the body, undoably (issue 16)', () => {
  it('adds the space after a glued sentence end, keeping the formatting of the text around it', async () => {
    const editor = buildBody('ckb');
    editor.update(
      () => {
        const bold = $createTextNode('ڕۆژنامە').toggleFormat('bold');
        $getRoot()
          .clear()
          .append($createParagraphNode().append($createTextNode('سەرەتا.')))
          .append($createParagraphNode().append(bold, $createTextNode(' ئەمڕۆ.دوێنێ باران باری.')));
      },
      { discrete: true },
    );
    const [, second] = ids(editor);
    const [glued] = gluedSentences(blockText(editor, 1));
    expect(glued!.text).toBe('ئەمڕۆ.دوێنێ');
    expect(fix(editor, second!, glued!.fix)).toBe(true);
    expect(text(editor)).toBe('سەرەتا.\n\nڕۆژنامە ئەمڕۆ. دوێنێ باران باری.');
    // Still bold where it was, and one undo step.
    expect(read(editor, () => $getRoot().getChildAtIndex<ElementNode>(1)!.getFirstDescendant<TextNode>()!.getTextContent())).toBe('ڕۆژنامە');
    expect(read(editor, () => $getRoot().getChildAtIndex<ElementNode>(1)!.getFirstDescendant<TextNode>()!.hasFormat('bold'))).toBe(true);
    editor.dispatchCommand(UNDO_COMMAND, undefined);
    await Promise.resolve();
    expect(text(editor)).toBe('سەرەتا.\n\nڕۆژنامە ئەمڕۆ.دوێنێ باران باری.');
  });

  it('finds its place across line breaks, links and list items', () => {
    const editor = buildBody('ckb');
    editor.update(
      () => {
        const link = $createLinkNode('https://example.com').append($createTextNode('ماڵپەڕ'));
        const list = $createListNode('bullet').append(
          $createListItemNode().append($createTextNode('یەکەم')),
          $createListItemNode().append($createTextNode('دووەم'), $createLineBreakNode(), link, $createTextNode(' رۆژی هەینی')),
        );
        $getRoot().clear().append(list);
      },
      { discrete: true },
    );
    const [list] = ids(editor);
    const [reh] = initialRehWords(blockText(editor, 0));
    expect(reh!.word).toBe('رۆژی');
    expect(fix(editor, list!, reh!.fix)).toBe(true);
    expect(text(editor)).toContain('ماڵپەڕ ڕۆژی هەینی');
  });

  it('changes nothing when the text is no longer what the check read, or the block is gone', () => {
    const editor = buildBody('ckb');
    editor.update(() => void $getRoot().clear().append($createParagraphNode().append($createTextNode('ئەمڕۆ.دوێنێ'))), { discrete: true });
    const [id] = ids(editor);
    expect(fix(editor, id!, { range: { start: 5, end: 6 }, from: '!', to: '! ' })).toBe(false);
    expect(fix(editor, 'zzzzzzzzzz', { range: { start: 5, end: 6 }, from: '.', to: '. ' })).toBe(false);
    expect(fix(editor, id!, { range: { start: 50, end: 51 }, from: '.', to: '. ' })).toBe(false);
    expect(text(editor)).toBe('ئەمڕۆ.دوێنێ');
    // A block without an id is named by its place.
    expect(fix(editor, '#0', { range: { start: 5, end: 6 }, from: '.', to: '. ' })).toBe(true);
    expect(text(editor)).toBe('ئەمڕۆ. دوێنێ');
  });
});
