import { describe, expect, it } from 'vitest';
import { $getRoot, $getSelection, $isRangeSelection, type ElementNode } from 'lexical';
import { SET_BLOCK_TYPE_COMMAND, $selectedBlockType } from '../../shared/editor/block-type';
import { SET_BLOCK_DIRECTION_COMMAND, TOGGLE_BLOCK_DIRECTION_COMMAND } from '../../shared/editor/block-direction';
import { isArticleLink } from '../../shared/links';
import { buildBody, dispatch, json, read, setParagraphs } from './editor-harness';

const childTypes = (editor: ReturnType<typeof buildBody>) => read(editor, () => $getRoot().getChildren().map((c) => c.getType()));

describe('body block types', () => {
  it('turns the caret paragraph into each block type and back', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Biden and al-Kadhimi is expected to specify a timeline.']);
    const cases = [
      ['h2', 'heading'],
      ['h3', 'heading'],
      ['quote', 'quote'],
      ['pull-quote', 'pull-quote'],
      ['bullet', 'list'],
      ['number', 'list'],
      ['paragraph', 'paragraph'],
    ] as const;
    for (const [type, nodeType] of cases) {
      dispatch(editor, SET_BLOCK_TYPE_COMMAND, type);
      expect(childTypes(editor)).toEqual([nodeType]);
      expect(read(editor, () => $getRoot().getTextContent())).toBe('Biden and al-Kadhimi is expected to specify a timeline.');
    }
  });

  it('choosing the current type again makes the block a paragraph', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['ئەوەش هەنگاوێکی گرنگە']);
    dispatch(editor, SET_BLOCK_TYPE_COMMAND, 'quote');
    dispatch(editor, SET_BLOCK_TYPE_COMMAND, 'quote');
    expect(childTypes(editor)).toEqual(['paragraph']);
  });

  it('a pull quote survives save and load as its own node', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['“There is no need for any foreign combat forces on Iraqi soil.”']);
    dispatch(editor, SET_BLOCK_TYPE_COMMAND, 'pull-quote');
    const saved = json(editor);
    expect(saved.root.children[0]?.type).toBe('pull-quote');
    const again = buildBody('en', saved);
    expect(childTypes(again)).toEqual(['pull-quote']);
  });

  it('reports the block type at the caret for the toolbar', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['a']);
    dispatch(editor, SET_BLOCK_TYPE_COMMAND, 'h3');
    expect(read(editor, () => $selectedBlockType())).toBe('h3');
  });
});

describe('block direction override', () => {
  it('an English quotation inside a Sorani article can be set left-to-right, saved, and reset', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['ئەوەش هەنگاوێکی گرنگە', 'There is no need for any foreign combat forces']);
    dispatch(editor, TOGGLE_BLOCK_DIRECTION_COMMAND, undefined);
    const saved = json(editor);
    expect(saved.root.direction).toBe('rtl');
    expect(saved.root.children.map((c) => (c as unknown as { direction: unknown }).direction)).toEqual([null, 'ltr']);

    const reloaded = buildBody('ckb', saved);
    expect(read(reloaded, () => $getRoot().getChildren<ElementNode>().map((c) => c.getDirection()))).toEqual([null, 'ltr']);

    dispatch(editor, TOGGLE_BLOCK_DIRECTION_COMMAND, undefined);
    expect(json(editor).root.children.map((c) => (c as unknown as { direction: unknown }).direction)).toEqual([null, null]);
  });

  it('setting the version direction explicitly clears the override instead of storing it', () => {
    const editor = buildBody('kmr');
    setParagraphs(editor, ['ISIS']);
    dispatch(editor, SET_BLOCK_DIRECTION_COMMAND, 'ltr');
    expect(read(editor, () => $getRoot().getFirstChild<ElementNode>()?.getDirection())).toBe('ltr');
    dispatch(editor, SET_BLOCK_DIRECTION_COMMAND, 'rtl');
    expect(read(editor, () => $getRoot().getFirstChild<ElementNode>()?.getDirection())).toBeNull();
  });
});

describe('links', () => {
  it('accepts only http, https and mailto', () => {
    expect(isArticleLink('https://www.zhyannews.com/news/1')).toBe(true);
    expect(isArticleLink('http://example.org')).toBe(true);
    expect(isArticleLink('mailto:desk@example.org')).toBe(true);
    for (const bad of ['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', 'file:///etc/passwd', '/relative', '//evil.example', 'mailto:', 'https://', '']) {
      expect(isArticleLink(bad), bad).toBe(false);
    }
  });
});

describe('selection helpers', () => {
  it('keeps a range selection after block changes', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['x']);
    dispatch(editor, SET_BLOCK_TYPE_COMMAND, 'h2');
    expect(read(editor, () => $isRangeSelection($getSelection()))).toBe(true);
  });
});
