// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { $generateJSONFromSelectedNodes, $generateNodesFromSerializedNodes, $insertGeneratedNodes } from '@lexical/clipboard';
import { $generateNodesFromDOM } from '@lexical/html';
import { $createListItemNode, $createListNode } from '@lexical/list';
import { $createHeadingNode, $createQuoteNode } from '@lexical/rich-text';
import {
  $createParagraphNode,
  $createTextNode,
  $getRoot,
  $getSelection,
  $isElementNode,
  $isRangeSelection,
  CONTROLLED_TEXT_INSERTION_COMMAND,
  CUT_TAG,
  DELETE_CHARACTER_COMMAND,
  FORMAT_TEXT_COMMAND,
  INSERT_PARAGRAPH_COMMAND,
  REDO_COMMAND,
  UNDO_COMMAND,
  type ElementNode,
  type LexicalEditor,
  type LexicalNode,
  type SerializedEditorState,
  type SerializedLexicalNode,
} from 'lexical';
import { SET_BLOCK_TYPE_COMMAND } from '../../shared/editor/block-type';
import { TOGGLE_BLOCK_DIRECTION_COMMAND } from '../../shared/editor/block-direction';
import { INSERT_IMAGE_COMMAND } from '../../shared/editor/image/image-extension';
import { $getSegmentId, $getSegmentLink, $segmentBlocks, $setSegmentLink } from '../../shared/editor/segments';
import { BLOCK_SEGMENT_ID, type SegmentLink } from '../../shared/translation/segment';
import { buildBody, dispatch, json, read, setParagraphs } from './editor-harness';

const SOURCE_LINK: SegmentLink = { from: 'en', source: 'k2x9v0a1b2c3', status: 'done', sourceHash: '9f86d081884c7d65', sourceText: 'The Peshmerga reached the bridge at dawn.' };
const draftOf = (link: SegmentLink): SegmentLink => ({ from: link.from, source: link.source, status: 'draft', sourceHash: null, sourceText: null });

interface BlockView {
  key: string;
  type: string;
  text: string;
  id: string;
  link: SegmentLink | null;
}

const blocks = (editor: LexicalEditor): BlockView[] =>
  read(editor, () => $segmentBlocks().map(({ node, id, link }) => ({ key: node.getKey(), type: node.getType(), text: node.getTextContent(), id, link })));
const ids = (editor: LexicalEditor) => blocks(editor).map((b) => b.id);

function expectValidUniqueIds(editor: LexicalEditor): void {
  const all = ids(editor);
  for (const id of all) expect(id).toMatch(BLOCK_SEGMENT_ID);
  expect(new Set(all).size).toBe(all.length);
}

function update(editor: LexicalEditor, fn: () => void): void {
  editor.update(fn, { discrete: true });
}

function block(index: number): ElementNode {
  const node = $getRoot().getChildAtIndex(index);
  if (!$isElementNode(node)) throw new Error(`no element block at ${index}`);
  return node;
}

/** Puts the caret `offset` characters into block `index`. */
function caret(editor: LexicalEditor, index: number, offset: number): void {
  update(editor, () => {
    let rest = offset;
    for (const text of block(index).getAllTextNodes()) {
      if (rest <= text.getTextContentSize()) {
        text.select(rest, rest);
        return;
      }
      rest -= text.getTextContentSize();
    }
    block(index).select(0, 0);
  });
}

/** Selects from the start of block `from` to the end of block `to`. */
function selectBlocks(editor: LexicalEditor, from: number, to: number): void {
  update(editor, () => {
    const { key, offset, type } = block(from).selectStart().anchor;
    block(to).selectEnd().anchor.set(key, offset, type);
  });
}

const enter = (editor: LexicalEditor) => dispatch(editor, INSERT_PARAGRAPH_COMMAND, undefined);
const backspace = (editor: LexicalEditor) => dispatch(editor, DELETE_CHARACTER_COMMAND, true);
const forwardDelete = (editor: LexicalEditor) => dispatch(editor, DELETE_CHARACTER_COMMAND, false);

/** What copy puts on the clipboard as application/x-lexical-editor (a string, as the clipboard holds it). */
function copy(editor: LexicalEditor): string {
  let data = '';
  update(editor, () => {
    data = JSON.stringify($generateJSONFromSelectedNodes(editor, $getSelection()));
  });
  return data;
}

/** Cut, as rich text's CUT_COMMAND does it: the copy, then the selection removed in an update tagged CUT_TAG. */
function cut(editor: LexicalEditor): string {
  const data = copy(editor);
  editor.update(
    () => {
      const selection = $getSelection();
      if ($isRangeSelection(selection)) selection.removeText();
    },
    { discrete: true, tag: CUT_TAG },
  );
  return data;
}

/** Paste of Lexical's own clipboard data, as @lexical/clipboard's $insertDataTransferForRichText does it. */
function paste(editor: LexicalEditor, data: string): void {
  update(editor, () => {
    const payload = JSON.parse(data) as { nodes: SerializedLexicalNode[] };
    const selection = $getSelection();
    if (selection) $insertGeneratedNodes(editor, $generateNodesFromSerializedNodes(payload.nodes), selection);
  });
}

function pasteHtml(editor: LexicalEditor, html: string): void {
  update(editor, () => {
    const selection = $getSelection();
    if (selection) $insertGeneratedNodes(editor, $generateNodesFromDOM(editor, new JSDOM(html).window.document), selection);
  });
}

/** A body as saved before segment ids existed: no `$` anywhere. */
function withoutState(state: SerializedEditorState): SerializedEditorState {
  const copyOf = JSON.parse(JSON.stringify(state)) as SerializedEditorState;
  for (const child of copyOf.root.children) delete (child as { $?: unknown }).$;
  return copyOf;
}

function olderSave(): SerializedEditorState {
  const editor = buildBody('ckb');
  update(editor, () => {
    $getRoot()
      .clear()
      .append(
        $createHeadingNode('h2').append($createTextNode('پردی دەلال')),
        $createParagraphNode().append($createTextNode('ئەوەش هەنگاوێکی گرنگە')),
        $createListNode('bullet').append($createListItemNode().append($createTextNode('یەکەم')), $createListItemNode().append($createTextNode('دووەم'))),
        $createQuoteNode().append($createTextNode('وتەیەک')),
      );
  });
  dispatch(editor, INSERT_IMAGE_COMMAND, { sha256: 'a3f1'.repeat(16), width: 640, height: 400 });
  return withoutState(json(editor));
}

function undo(editor: LexicalEditor): void {
  dispatch(editor, UNDO_COMMAND, undefined);
}
function redo(editor: LexicalEditor): void {
  dispatch(editor, REDO_COMMAND, undefined);
}

describe('segment ids on load', () => {
  it('an older save without ids gets a valid, unique id on every top-level block, kept through toJSON and reload', () => {
    const saved = olderSave();
    expect(saved.root.children.every((child) => !('$' in child))).toBe(true);
    const editor = buildBody('ckb', saved);
    expect(blocks(editor).map((b) => b.type)).toEqual(['heading', 'paragraph', 'list', 'quote', 'image', 'paragraph']);
    expectValidUniqueIds(editor);

    const again = json(editor);
    // Nested under "$", not flat: the main process reads it from the JSON without an editor.
    expect(again.root.children.map((child) => (child as { $?: { seg?: string } }).$?.seg)).toEqual(ids(editor));
    expect(again.root.children.some((child) => 'seg' in child)).toBe(false);

    const reloaded = buildBody('ckb', again);
    expect(ids(reloaded)).toEqual(ids(editor));
    expect(json(reloaded)).toEqual(again);
  });

  it('assigning ids on load is not an undo step', () => {
    const editor = buildBody('ckb', olderSave());
    const loaded = ids(editor);
    undo(editor);
    expect(ids(editor)).toEqual(loaded);
  });

  it('a state set later with setEditorState gets ids too', () => {
    const editor = buildBody('en');
    editor.setEditorState(editor.parseEditorState(JSON.stringify(olderSave())));
    expect(blocks(editor)).toHaveLength(6);
    expectValidUniqueIds(editor);
  });

  it('of two blocks saved with the same id the first keeps it, the second gets a fresh one', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['one', 'two']);
    const saved = json(editor);
    const [first, second] = saved.root.children as unknown as Array<{ $: { seg: string } }>;
    second!.$.seg = first!.$.seg;
    const loaded = buildBody('en', saved);
    expect(ids(loaded)[0]).toBe(first!.$.seg);
    expectValidUniqueIds(loaded);
  });

  it('a hostile "$" (wrong types, 10 kB strings, __proto__) loads without throwing and gets a valid id', () => {
    const long = 'x'.repeat(10_000);
    const hostile: unknown[] = [
      { seg: 42, link: 'done' },
      { seg: ['abcdefabcdef'], link: { ...SOURCE_LINK, status: 'finished' } },
      { seg: long, link: { ...SOURCE_LINK, source: long, sourceHash: long, sourceText: long } },
      { seg: 'ABCDEFABCDEF', link: { ...SOURCE_LINK, extra: true } },
      { seg: 'headline', link: { ...SOURCE_LINK, from: 'fr' } },
      JSON.parse('{"__proto__": {"seg": "aaaaaaaaaaaa", "polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
      'seg',
      null,
      [1, 2, 3],
      7,
    ];
    const saved = olderSave();
    const paragraph = saved.root.children[1]!;
    saved.root.children = hostile.map((state) => ({ ...paragraph, $: state }) as SerializedLexicalNode);
    const editor = buildBody('en', JSON.parse(JSON.stringify(saved)) as SerializedEditorState);
    expect(blocks(editor)).toHaveLength(hostile.length);
    expectValidUniqueIds(editor);
    expect(blocks(editor).every((b) => b.link === null)).toBe(true);
    expect(ids(editor)).not.toContain('aaaaaaaaaaaa');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // What it saves loads again as it is.
    expect(ids(buildBody('en', json(editor)))).toEqual(ids(editor));
  });
});

describe('segment ids while editing', () => {
  it('typing, formatting and a direction change keep every id, without rewriting the root (the cheap path)', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['ISIS هێشتا لە عێراق چالاکە', 'دووەم']);
    const before = ids(editor);
    const root = editor.getEditorState()._nodeMap.get('root');
    for (const ch of ['ك', 'ي', ' ', '1', 'a']) dispatch(editor, CONTROLLED_TEXT_INSERTION_COMMAND, ch);
    update(editor, () => block(0).getAllTextNodes()[0]!.select(0, 4));
    dispatch(editor, FORMAT_TEXT_COMMAND, 'bold');
    dispatch(editor, TOGGLE_BLOCK_DIRECTION_COMMAND, undefined);
    expect(ids(editor)).toEqual(before);
    expect(editor.getEditorState()._nodeMap.get('root')).toBe(root);
  });

  it('Enter in the middle: the first half keeps its node and id, the second half is a new block with a fresh id', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Hello world', 'next']);
    const [p, next] = blocks(editor);
    caret(editor, 0, 5);
    enter(editor);
    const after = blocks(editor);
    expect(after.map((b) => b.text)).toEqual(['Hello', ' world', 'next']);
    expect(after[0]).toMatchObject({ key: p!.key, id: p!.id });
    expect(after[1]!.id).not.toBe(p!.id);
    expect(after[2]!.id).toBe(next!.id);
    expectValidUniqueIds(editor);
  });

  it('Enter at the end: the block keeps its id, the empty block after it gets a fresh one', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Hello world']);
    const [p] = blocks(editor);
    caret(editor, 0, 11);
    enter(editor);
    const after = blocks(editor);
    expect(after.map((b) => b.text)).toEqual(['Hello world', '']);
    expect(after[0]).toMatchObject({ key: p!.key, id: p!.id });
    expectValidUniqueIds(editor);
  });

  it('Enter at the start of a paragraph: Lexical keeps the node, now empty, above; it keeps the id and the text moves to a new block', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Hello world']);
    const [p] = blocks(editor);
    caret(editor, 0, 0);
    enter(editor);
    const after = blocks(editor);
    expect(after.map((b) => b.text)).toEqual(['', 'Hello world']);
    expect(after[0]).toMatchObject({ key: p!.key, id: p!.id });
    expect(after[1]!.id).not.toBe(p!.id);
    expectValidUniqueIds(editor);
  });

  it('Enter at the start of a heading: Lexical replaces the heading; the heading holding the text keeps the id, the empty paragraph above is new', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Talks resume', 'body']);
    caret(editor, 0, 0);
    dispatch(editor, SET_BLOCK_TYPE_COMMAND, 'h2');
    const [heading] = blocks(editor);
    caret(editor, 0, 0);
    enter(editor);
    const after = blocks(editor);
    expect(after.map((b) => [b.type, b.text])).toEqual([
      ['paragraph', ''],
      ['heading', 'Talks resume'],
      ['paragraph', 'body'],
    ]);
    expect(after[1]!.id).toBe(heading!.id);
    expectValidUniqueIds(editor);
  });

  it('Backspace at the start of the second block merges it into the first, which keeps its id; the second id is gone', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Hello', 'world']);
    const [first, second] = blocks(editor);
    caret(editor, 1, 0);
    backspace(editor);
    expect(blocks(editor)).toEqual([{ ...first!, text: 'Helloworld' }]);
    expect(ids(editor)).not.toContain(second!.id);
  });

  it('Delete at the end of the first block merges the second into it, which keeps its id', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Hello', 'world']);
    const [first] = blocks(editor);
    caret(editor, 0, 5);
    forwardDelete(editor);
    expect(blocks(editor)).toEqual([{ ...first!, text: 'Helloworld' }]);
  });

  it('Backspace after an empty block: Lexical removes the empty block, the block with the text keeps its id', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['', 'world']);
    const [, second] = blocks(editor);
    caret(editor, 1, 0);
    backspace(editor);
    expect(blocks(editor)).toEqual([second]);
  });

  it('deleting a selection from the start of one block into the next: what is left is the second block\'s text, with its id and link', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Alpha', 'Beta gamma']);
    update(editor, () => {
      $setSegmentLink(block(0), SOURCE_LINK);
      $setSegmentLink(block(1), { ...SOURCE_LINK, source: 'second000000' });
    });
    const [alpha, beta] = blocks(editor);
    update(editor, () => {
      const selection = block(0).selectStart();
      selection.focus.set(block(1).getAllTextNodes()[0]!.getKey(), 5, 'text');
    });
    backspace(editor);
    expect(blocks(editor)).toEqual([{ ...beta!, key: alpha!.key, text: 'gamma' }]);
  });

  it('Backspace at the start of a quote turns it into a paragraph (QuoteNode.collapseAtStart replaces it), with its id and link', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['وتەیەک']);
    caret(editor, 0, 0);
    dispatch(editor, SET_BLOCK_TYPE_COMMAND, 'quote');
    update(editor, () => $setSegmentLink(block(0), SOURCE_LINK));
    const [quote] = blocks(editor);
    caret(editor, 0, 0);
    // What deleteCharacter does at the start of the document (headless there is no window for its DOM fallback).
    update(editor, () => {
      const selection = $getSelection();
      if ($isRangeSelection(selection)) block(0).collapseAtStart(selection);
    });
    expect(blocks(editor)).toEqual([{ ...quote!, key: expect.any(String) as string, type: 'paragraph' }]);
  });
});

describe('segment ids through the clipboard', () => {
  it('a pasted copy of a block gets a fresh id and a draft link; the original keeps its own, also when the copy lands before it', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Talks resume', 'One', 'Two']);
    caret(editor, 0, 0);
    dispatch(editor, SET_BLOCK_TYPE_COMMAND, 'h2');
    update(editor, () => $setSegmentLink(block(0), SOURCE_LINK));
    const original = blocks(editor);
    selectBlocks(editor, 0, 1);
    const data = copy(editor);
    expect(data).toContain(original[0]!.id);

    // At the start: the copies come first in the document, the originals still keep their ids.
    update(editor, () => block(0).insertBefore($createParagraphNode()).selectStart());
    paste(editor, data);
    const after = blocks(editor);
    expect(after.map((b) => b.text)).toEqual(['Talks resume', 'One', 'Talks resume', 'One', 'Two']);
    for (const b of original) expect(after.find((a) => a.key === b.key)).toEqual(b);
    expect(after[0]!.id).not.toBe(original[0]!.id);
    expect(after[0]!.link).toEqual(draftOf(SOURCE_LINK));
    expectValidUniqueIds(editor);
  });

  it('cut and paste moves a block with its id and link (a selection from the end of the block before)', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['یەکەم', 'دووەم', 'سێیەم']);
    update(editor, () => $setSegmentLink(block(1), SOURCE_LINK));
    const [first, moved, third] = blocks(editor);
    update(editor, () => {
      const { key, offset, type } = block(0).selectEnd().anchor;
      block(1).selectEnd().anchor.set(key, offset, type);
    });
    const data = cut(editor);
    expect(blocks(editor)).toEqual([first, third]);

    // Pasted on an empty line: Lexical puts the pasted blocks in its place. The clipboard also holds
    // an empty slice of the first block, with its id: that copy gets a fresh one.
    caret(editor, 1, 5);
    enter(editor);
    paste(editor, data);
    const after = blocks(editor);
    expect(after.map((b) => b.text)).toEqual(['یەکەم', 'سێیەم', '', 'دووەم']);
    expect(after[0]!.id).toBe(first!.id);
    expect(after[3]).toMatchObject({ id: moved!.id, link: SOURCE_LINK });
    expectValidUniqueIds(editor);
  });

  it('cutting only the text of a block leaves the emptied block its id: the clipboard holds the text, not the block', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Alpha', 'Beta']);
    const before = blocks(editor);
    selectBlocks(editor, 0, 0);
    const data = cut(editor);
    expect(data).not.toContain(before[0]!.id);
    expect(blocks(editor).map((b) => [b.text, b.id])).toEqual([
      ['', before[0]!.id],
      ['Beta', before[1]!.id],
    ]);
  });

  it('a cut from the start of one block to the start of the next (a triple click) leaves the next block its own id and link', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Alpha', 'Beta', 'Gamma']);
    update(editor, () => $setSegmentLink(block(0), SOURCE_LINK));
    const [alpha, beta, gamma] = blocks(editor);
    update(editor, () => {
      const selection = block(0).selectStart();
      selection.focus.set(block(1).getKey(), 0, 'element');
    });
    const data = cut(editor);
    // Lexical keeps the first node and moves Beta's text into it: the id and link go with the text.
    const left = blocks(editor);
    expect(left.map((b) => [b.key, b.text])).toEqual([
      [alpha!.key, 'Beta'],
      [gamma!.key, 'Gamma'],
    ]);
    expect(left.map((b) => [b.id, b.link])).toEqual([
      [beta!.id, null],
      [gamma!.id, null],
    ]);
    caret(editor, 1, 5);
    enter(editor);
    paste(editor, data);
    const after = blocks(editor);
    expect(after.find((b) => b.text === 'Alpha')).toMatchObject({ id: alpha!.id, link: SOURCE_LINK });
    expectValidUniqueIds(editor);
  });

  it('HTML pasted from outside makes new blocks with fresh ids; the blocks already there keep theirs', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['One', 'Two']);
    const before = blocks(editor);
    caret(editor, 1, 3);
    pasteHtml(editor, '<h2>Pasted heading</h2><p>Pasted one</p><p>Pasted two</p>');
    const after = blocks(editor);
    expect(after.map((b) => b.text)).toEqual(['One', 'TwoPasted heading', 'Pasted one', 'Pasted two']);
    expect(after.slice(0, 2).map((b) => b.id)).toEqual(before.map((b) => b.id));
    expectValidUniqueIds(editor);
  });
});

describe('segment ids and history', () => {
  it('undo and redo of a split restore the ids exactly', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Hello world', 'next']);
    caret(editor, 0, 5);
    const before = blocks(editor);
    enter(editor);
    const split = blocks(editor);
    undo(editor);
    expect(blocks(editor)).toEqual(before);
    redo(editor);
    expect(blocks(editor)).toEqual(split);
  });

  it('undo and redo of a merge restore the ids exactly', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Hello', 'world']);
    caret(editor, 1, 0);
    const before = blocks(editor);
    backspace(editor);
    const merged = blocks(editor);
    undo(editor);
    expect(blocks(editor)).toEqual(before);
    redo(editor);
    expect(blocks(editor)).toEqual(merged);
  });

  it('the ids given to a split are part of its undo step, not one of their own', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Hello world']);
    caret(editor, 0, 5);
    const before = blocks(editor);
    enter(editor);
    undo(editor);
    expect(blocks(editor)).toEqual(before);
    undo(editor);
    expect(blocks(editor).map((b) => b.text)).not.toEqual(['Hello world']);
  });
});

describe('segment ids and block types', () => {
  it('changing the block type through every type keeps the id and the link', () => {
    const editor = buildBody('kmr');
    setParagraphs(editor, ['رۆژا 2ی کانوونا ئێکێ']);
    update(editor, () => $setSegmentLink(block(0), SOURCE_LINK));
    const [p] = blocks(editor);
    for (const type of ['h2', 'h3', 'quote', 'pull-quote', 'bullet', 'number', 'h2', 'number', 'paragraph'] as const) {
      caret(editor, 0, 3);
      dispatch(editor, SET_BLOCK_TYPE_COMMAND, type);
      expect(blocks(editor), type).toEqual([{ ...p!, key: expect.any(String) as string, type: expect.any(String) as string }]);
    }
  });

  it('several paragraphs made headings keep one id each', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['one', 'two', 'three']);
    const before = blocks(editor);
    selectBlocks(editor, 0, 1);
    dispatch(editor, SET_BLOCK_TYPE_COMMAND, 'h3');
    expect(blocks(editor).map((b) => [b.type, b.id])).toEqual([
      ['heading', before[0]!.id],
      ['heading', before[1]!.id],
      ['paragraph', before[2]!.id],
    ]);
  });

  it('several paragraphs made one list: the list takes the first id, the others are merged away', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['before', 'one', 'two', 'three', 'after']);
    const before = blocks(editor);
    selectBlocks(editor, 1, 3);
    dispatch(editor, SET_BLOCK_TYPE_COMMAND, 'bullet');
    expect(blocks(editor).map((b) => [b.type, b.id])).toEqual([
      ['paragraph', before[0]!.id],
      ['list', before[1]!.id],
      ['paragraph', before[4]!.id],
    ]);
  });

  it('a list made paragraphs again: the first takes the list id and link, the others get fresh ids as drafts of the same source', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['one', 'two', 'three']);
    selectBlocks(editor, 0, 2);
    dispatch(editor, SET_BLOCK_TYPE_COMMAND, 'number');
    update(editor, () => $setSegmentLink(block(0), SOURCE_LINK));
    const [list] = blocks(editor);
    caret(editor, 0, 1);
    dispatch(editor, SET_BLOCK_TYPE_COMMAND, 'number');
    const after = blocks(editor);
    expect(after.map((b) => [b.type, b.text])).toEqual([
      ['paragraph', 'one'],
      ['paragraph', 'two'],
      ['paragraph', 'three'],
    ]);
    expect(after[0]).toMatchObject({ id: list!.id, link: SOURCE_LINK });
    expect(after.slice(1).map((b) => b.link)).toEqual([draftOf(SOURCE_LINK), draftOf(SOURCE_LINK)]);
    expectValidUniqueIds(editor);
  });

  it('an empty paragraph made a heading or a list keeps its id', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['text', '']);
    const [, empty] = blocks(editor);
    for (const type of ['h2', 'bullet', 'paragraph'] as const) {
      caret(editor, 1, 0);
      dispatch(editor, SET_BLOCK_TYPE_COMMAND, type);
      expect(blocks(editor)[1]!.id, type).toBe(empty!.id);
    }
  });
});

describe('segment links in a translation', () => {
  it('Enter in a translated block: the new block joins the same source row as a draft; the original keeps its link', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['پێشمەرگە بە بەرەبەیان گەیشتنە پردەکە', 'دووەم']);
    update(editor, () => $setSegmentLink(block(0), SOURCE_LINK));
    caret(editor, 0, 9);
    enter(editor);
    const after = blocks(editor);
    expect(after.map((b) => b.link)).toEqual([SOURCE_LINK, draftOf(SOURCE_LINK), null]);
    // Enter again at the end of the draft: another draft of the same row.
    caret(editor, 1, after[1]!.text.length);
    enter(editor);
    expect(blocks(editor).map((b) => b.link)).toEqual([SOURCE_LINK, draftOf(SOURCE_LINK), draftOf(SOURCE_LINK), null]);
    expectValidUniqueIds(editor);
  });

  it('links are saved as "$".link beside "$".seg and read back; a malformed link is refused', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['یەکەم']);
    update(editor, () => $setSegmentLink(block(0), SOURCE_LINK));
    const saved = json(editor);
    expect((saved.root.children[0] as { $?: unknown }).$).toEqual({ seg: ids(editor)[0], link: SOURCE_LINK });
    const reloaded = buildBody('ckb', saved);
    expect(read(reloaded, () => [$getSegmentId(block(0)), $getSegmentLink(block(0))])).toEqual([ids(editor)[0], SOURCE_LINK]);

    expect(() => update(editor, () => $setSegmentLink(block(0), { ...SOURCE_LINK, status: 'stale' } as unknown as SegmentLink))).toThrow();
    update(editor, () => $setSegmentLink(block(0), null));
    expect((json(editor).root.children[0] as { $?: unknown }).$).toEqual({ seg: ids(editor)[0] });
  });

  it('a new block with no id reads as null inside the update that made it', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['one']);
    let seen: Array<string | null> = [];
    update(editor, () => {
      const fresh: LexicalNode = $createParagraphNode();
      block(0).insertAfter(fresh);
      seen = [$getSegmentId(block(0)), $getSegmentId(fresh)];
    });
    expect(seen[0]).toMatch(BLOCK_SEGMENT_ID);
    expect(seen[1]).toBeNull();
    expectValidUniqueIds(editor);
  });
});

describe('segment ids on images', () => {
  it('an image put in the middle of a translated paragraph splits it: the second half is a draft of the same source', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Hello world']);
    update(editor, () => $setSegmentLink(block(0), SOURCE_LINK));
    const [p] = blocks(editor);
    caret(editor, 0, 5);
    dispatch(editor, INSERT_IMAGE_COMMAND, { sha256: 'a3f1'.repeat(16), width: 640, height: 400 });
    const after = blocks(editor);
    expect(after.map((b) => [b.type, b.text])).toEqual([
      ['paragraph', 'Hello'],
      ['image', ''],
      ['paragraph', ' world'],
    ]);
    expect(after[0]).toEqual({ ...p!, text: 'Hello' });
    expect(after.map((b) => b.link)).toEqual([SOURCE_LINK, null, draftOf(SOURCE_LINK)]);
    expectValidUniqueIds(editor);
  });

  it('an inserted image gets its own id, saved in "$" beside its flat fields, and no link', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['یەکەم']);
    update(editor, () => $setSegmentLink(block(0), SOURCE_LINK));
    caret(editor, 0, 5);
    dispatch(editor, INSERT_IMAGE_COMMAND, { sha256: 'a3f1'.repeat(16), width: 640, height: 400 });
    const after = blocks(editor);
    expect(after.map((b) => b.type)).toEqual(['paragraph', 'image', 'paragraph']);
    // The empty paragraph after it is the paragraph's split-off end ($splitNode copies it): a draft, as after Enter.
    expect(after.map((b) => b.link)).toEqual([SOURCE_LINK, null, draftOf(SOURCE_LINK)]);
    expectValidUniqueIds(editor);
    const image = json(editor).root.children[1] as { $?: unknown; sha256?: string };
    expect(image.$).toEqual({ seg: after[1]!.id });
    expect(image.sha256).toBe('a3f1'.repeat(16));
  });
});
