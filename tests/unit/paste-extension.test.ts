// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { buildEditorFromExtensions } from '@lexical/extension';
import { HistoryExtension } from '@lexical/history';
import { $isListItemNode, $isListNode, ListExtension } from '@lexical/list';
import { $isLinkNode, LinkExtension } from '@lexical/link';
import { $isHeadingNode, $isQuoteNode, RichTextExtension } from '@lexical/rich-text';
import {
  $createParagraphNode,
  $createRangeSelection,
  $createTextNode,
  $getRoot,
  $getSelection,
  $isElementNode,
  $isRangeSelection,
  $isTextNode,
  COMMAND_PRIORITY_NORMAL,
  configExtension,
  defineExtension,
  IS_BOLD,
  PASTE_COMMAND,
  UNDO_COMMAND,
  type ElementNode,
  type LexicalEditor,
  type LexicalNode,
  type PasteCommandType,
  type TextNode,
} from 'lexical';
import { $getLexicalContent } from '@lexical/clipboard';
import { articleBodyExtension } from '../../shared/editor/article-editor';
import { $getSegmentId } from '../../shared/editor/segments';
import { PasteExtension } from '../../renderer/editor/paste/PasteExtension';
import type { LanguageKey } from '../../shared/languages';

const parseHtml = (html: string) => new JSDOM(html).window.document;

// Lists and links may not be in the shared body editor yet; depending on their extensions is idempotent if they are.
const ListAndLinkNodes = defineExtension({ name: '@qelem/test/PasteNodes', dependencies: [ListExtension, LinkExtension] });

function build(lang: LanguageKey, onNormalized?: (changed: number) => void, existingText = ''): LexicalEditor {
  const editor = buildEditorFromExtensions(
    articleBodyExtension(lang, null),
    ListAndLinkNodes,
    // History switches itself off where there is no window; the renderer always has one.
    configExtension(HistoryExtension, { disabled: false }),
    configExtension(PasteExtension, { lang, onNormalized, parseHtml }),
  );
  editor.update(
    () => {
      const paragraph = $createParagraphNode();
      if (existingText) paragraph.append($createTextNode(existingText));
      $getRoot().clear().append(paragraph);
      paragraph.selectEnd();
    },
    { discrete: true },
  );
  return editor;
}

/** What a browser's ClipboardEvent offers Lexical: clipboardData.types and getData(type). */
function clipboardEvent(data: Record<string, string>, files: string[] = []): PasteCommandType {
  const types = [...Object.keys(data), ...(files.length > 0 ? ['Files'] : [])];
  const clipboardData = { types, files, getData: (type: string) => data[type] ?? '' };
  return { clipboardData, target: null, preventDefault: () => undefined } as unknown as PasteCommandType;
}

/** The paste commits on a microtask and the normalisation after it: let both land. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function paste(editor: LexicalEditor, data: Record<string, string>): Promise<boolean> {
  const handled = editor.dispatchCommand(PASTE_COMMAND, clipboardEvent(data));
  await settle();
  return handled;
}

const text = (editor: LexicalEditor) => editor.getEditorState().read(() => $getRoot().getTextContent());

function read<T>(editor: LexicalEditor, fn: () => T): T {
  return editor.getEditorState().read(fn);
}

function allNodes(): LexicalNode[] {
  const out: LexicalNode[] = [];
  const walk = (node: LexicalNode) => {
    out.push(node);
    if ($isElementNode(node)) node.getChildren().forEach(walk);
  };
  walk($getRoot());
  return out;
}

const NEWS_HTML = `
<h1>Flooding closes Erbil–Koya road</h1>
<p>ERBIL — Heavy rain closed the main road on <b>Tuesday</b>, officials said.</p>
<blockquote><p>“We expect it to reopen within two days,” the governor said.</p></blockquote>
<ul><li>Schools shut</li><li>Flights <em>delayed</em></li></ul>
<p>Read the <a href="https://example.org/report" onclick="steal()">full report</a> or <a href="javascript:alert(1)">click here</a>.</p>`;

describe('paste extension (headless)', () => {
  it('brings headings, paragraphs, quotes, lists, bold and links in as Lexical nodes', async () => {
    const editor = build('en');
    expect(await paste(editor, { 'text/html': NEWS_HTML, 'text/plain': 'ignored' })).toBe(true);
    read(editor, () => {
      const blocks = $getRoot().getChildren();
      const heading = blocks.find($isHeadingNode);
      expect(heading?.getTag()).toBe('h2');
      expect(heading?.getTextContent()).toBe('Flooding closes Erbil–Koya road');
      expect(blocks.find($isQuoteNode)?.getTextContent()).toContain('reopen within two days');
      const list = blocks.find($isListNode);
      expect(list?.getListType()).toBe('bullet');
      expect(list?.getChildren().filter($isListItemNode).map((item) => item.getTextContent())).toEqual(['Schools shut', 'Flights delayed']);
      const nodes = allNodes();
      const bold = nodes.filter($isTextNode).find((node) => node.getTextContent() === 'Tuesday');
      expect(bold?.hasFormat('bold')).toBe(true);
      expect(nodes.filter($isTextNode).find((node) => node.getTextContent() === 'delayed')?.hasFormat('italic')).toBe(true);
      const links = nodes.filter($isLinkNode);
      expect(links.map((link) => [link.getURL(), link.getTextContent()])).toEqual([['https://example.org/report', 'full report']]);
      expect($getRoot().getTextContent()).toContain('or click here.');
      expect(text(editor)).not.toContain('steal');
    });
  });

  it('turns a javascript: link into plain text', async () => {
    const editor = build('en');
    await paste(editor, { 'text/html': '<p>Say <a href=" JaVaScRiPt:alert(document.cookie)">hello</a> now</p>' });
    read(editor, () => {
      expect(allNodes().some($isLinkNode)).toBe(false);
      expect($getRoot().getTextContent()).toBe('Say hello now');
    });
  });

  it('pastes plain text as one paragraph per line when there is no HTML', async () => {
    const editor = build('en');
    await paste(editor, { 'text/plain': 'First line\r\nSecond line\n\n\nThird line' });
    read(editor, () => {
      expect($getRoot().getChildren().map((block) => block.getTextContent())).toEqual(['First line', 'Second line', 'Third line']);
    });
  });

  it('inserts a one-line paste at the caret, inside the current paragraph', async () => {
    const editor = build('en', undefined, 'Before ');
    await paste(editor, { 'text/html': '<span style="font-family:Arial">pasted</span>' });
    expect(text(editor)).toBe('Before pasted');
    expect(read(editor, () => $getRoot().getChildrenSize())).toBe(1);
  });

  it('normalises a Sorani paste (Arabic ي ك become Kurdish ی ک) and reports the count', async () => {
    const reports: number[] = [];
    const editor = build('ckb', (changed) => reports.push(changed));
    // ك U+0643 and ي U+064A as an Arabic keyboard types them (3), and two tatweels (2).
    await paste(editor, { 'text/html': '<p dir="rtl">كوردستان <b>يەكەم</b> هەولێــر ISIS 2024</p>' });
    expect(text(editor)).toBe('کوردستان یەکەم هەولێر ISIS 2024');
    expect(reports).toEqual([5]);
    read(editor, () => {
      const bold = allNodes().filter($isTextNode).find((node) => node.hasFormat('bold'));
      expect(bold?.getTextContent()).toBe('یەکەم');
      expect(bold && (bold.getFormat() & IS_BOLD) !== 0).toBe(true);
    });
  });

  it('keeps the caret after the pasted text when normalisation shortens it', async () => {
    const editor = build('ckb', undefined, 'شار: ');
    await paste(editor, { 'text/plain': 'هەولێــــر' });
    expect(text(editor)).toBe('شار: هەولێر');
    const caret = read(editor, () => {
      const selection = $getSelection();
      return $isRangeSelection(selection) ? [selection.anchor.getNode().getTextContent().length, selection.anchor.offset, selection.isCollapsed()] : null;
    });
    expect(caret).toEqual([11, 11, true]);
  });

  it('gives back the characters as pasted with one undo', async () => {
    const editor = build('ckb', undefined, 'سڵاو ');
    await paste(editor, { 'text/plain': 'كورد' });
    expect(text(editor)).toBe('سڵاو کورد');
    editor.dispatchCommand(UNDO_COMMAND, undefined);
    await settle();
    expect(text(editor)).toBe('سڵاو كورد');
    editor.dispatchCommand(UNDO_COMMAND, undefined);
    await settle();
    expect(text(editor)).toBe('سڵاو ');
  });

  it('normalises a structured paste in the middle of a paragraph, and one undo restores every block as pasted', async () => {
    const reports: number[] = [];
    const editor = build('kmr', (changed) => reports.push(changed));
    editor.update(() => {
      const paragraph = $createParagraphNode().append($createTextNode('سەرەتا: کۆتایی'));
      $getRoot().clear().append(paragraph);
      paragraph.getFirstChildOrThrow<TextNode>().select(8, 8); // after "سەرەتا: "
    }, { discrete: true });
    const html = '<p>يێ ئێكێ</p><h2>سەرنڤيسا</h2><ul><li>خالا ئێكێ <b>گرنگ</b></li></ul><p>دوماهيك.</p>';
    await paste(editor, { 'text/html': html });
    expect(read(editor, () => $getRoot().getChildren().map((block) => block.getTextContent()))).toEqual([
      'سەرەتا: یێ ئێکێ',
      'سەرنڤیسا',
      'خالا ئێکێ گرنگ',
      'دوماهیک.کۆتایی',
    ]);
    expect(reports).toEqual([6]);
    editor.dispatchCommand(UNDO_COMMAND, undefined);
    await settle();
    expect(read(editor, () => $getRoot().getChildren().map((block) => block.getTextContent()))).toEqual([
      'سەرەتا: يێ ئێكێ',
      'سەرنڤيسا',
      'خالا ئێكێ گرنگ',
      'دوماهيك.کۆتایی',
    ]);
  });

  it('drops a pasted direction equal to the version\'s (the block follows the version) and keeps the other one', async () => {
    const editor = build('ckb');
    await paste(editor, { 'text/html': '<div dir="rtl"><p>کوردستان</p></div><p dir="ltr">Quoted in English</p>' });
    expect(read(editor, () => $getRoot().getChildren().map((block) => ($isElementNode(block) ? block.getDirection() : 'leaf')))).toEqual([null, 'ltr']);
  });

  it('normalises only what was pasted, not the text already around it (paste extension alone)', async () => {
    // The body editor's Kurdish-input transform re-normalises any text node that changes; without it,
    // the paste touches only its own characters (here an Arabic name quoted before it stays as it is).
    const editor = buildEditorFromExtensions(
      defineExtension({ name: '@qelem/test/BareBody', dependencies: [RichTextExtension], onError: (error: Error) => { throw error; } }),
      configExtension(PasteExtension, { lang: 'kmr', parseHtml }),
    );
    editor.update(() => {
      const paragraph = $createParagraphNode().append($createTextNode('مكة '));
      $getRoot().clear().append(paragraph);
      paragraph.selectEnd();
    }, { discrete: true });
    await paste(editor, { 'text/plain': 'يا' });
    expect(text(editor)).toBe('مكة یا');
  });

  it('never normalises an English paste', async () => {
    const reports: number[] = [];
    const editor = build('en', (changed) => reports.push(changed));
    const arabic = 'Quote: كوردستان يەكەم هەولێــر';
    await paste(editor, { 'text/plain': arabic });
    expect(text(editor)).toBe(arabic);
    expect(reports).toEqual([]);
  });

  it('does not report when a Kurdish paste needed no change', async () => {
    const reports: number[] = [];
    const editor = build('ckb', (changed) => reports.push(changed));
    await paste(editor, { 'text/plain': 'کوردستان ISIS\u200F 2024 ٢٠٢٤' });
    expect(text(editor)).toBe('کوردستان ISIS\u200F 2024 ٢٠٢٤');
    expect(reports).toEqual([]);
  });

  it('leaves a files-only clipboard (an image) to other handlers', async () => {
    const editor = build('en');
    let reachedNext = false;
    editor.registerCommand(PASTE_COMMAND, () => (reachedNext = true), COMMAND_PRIORITY_NORMAL);
    const handled = editor.dispatchCommand(PASTE_COMMAND, clipboardEvent({}, ['photo.png']));
    await settle();
    expect(handled).toBe(true); // by the spy
    expect(reachedNext).toBe(true);
    expect(text(editor)).toBe('');
  });

  it('pastes the text of a clipboard that also carries files (Word puts a picture of the text there)', async () => {
    const editor = build('en');
    const handled = editor.dispatchCommand(PASTE_COMMAND, clipboardEvent({ 'text/html': '<p class=MsoNormal>From Word<o:p></o:p></p>' }, ['image.png']));
    await settle();
    expect(handled).toBe(true);
    expect(text(editor)).toBe('From Word');
  });
});

describe('paste of Lexical clipboard JSON (copy and paste within the article)', () => {
  /**
   * Two paragraphs; returns their segment ids and the clipboard JSON of the whole first one, selected
   * as a triple click does in Chromium: up to the start of the next block (only then does Lexical copy the block itself).
   */
  function twoParagraphs(lang: LanguageKey) {
    const editor = build(lang);
    editor.update(
      () => {
        const root = $getRoot().clear();
        root.append($createParagraphNode().append($createTextNode('First paragraph.')), $createParagraphNode().append($createTextNode('Second paragraph.')));
      },
      { discrete: true },
    );
    const ids = read(editor, () => $getRoot().getChildren().map((node) => $getSegmentId(node)));
    let json = '';
    editor.update(
      () => {
        const first = $getRoot().getFirstChildOrThrow<ElementNode>();
        const second = first.getNextSibling<ElementNode>()!;
        const selection = $createRangeSelection();
        selection.anchor.set(first.getKey(), 0, 'element');
        selection.focus.set(second.getFirstChildOrThrow().getKey(), 0, 'text');
        json = $getLexicalContent(editor, selection) ?? '';
      },
      { discrete: true },
    );
    return { editor, ids, json };
  }

  const caretAtEnd = (editor: LexicalEditor) => editor.update(() => void $getRoot().selectEnd(), { discrete: true });
  const segmentIds = (editor: LexicalEditor) => read(editor, () => $getRoot().getChildren().map((node) => $getSegmentId(node)));

  it('a paragraph cut and pasted elsewhere (a move) keeps its segment id; a copy gets a fresh one', async () => {
    const { editor, ids, json } = twoParagraphs('en');
    expect(JSON.parse(json).nodes[0].$.seg).toBe(ids[0]);
    // The cut: the first paragraph goes; then the paste at the end.
    editor.update(() => void $getRoot().getFirstChildOrThrow().remove(), { discrete: true });
    editor.update(() => {
      const last = $getRoot().getLastChildOrThrow<ElementNode>();
      const empty = $createParagraphNode();
      last.insertAfter(empty);
      empty.select();
    }, { discrete: true });
    await paste(editor, { 'application/x-lexical-editor': json, 'text/html': '<p>from html</p>' });
    expect(text(editor).startsWith('Second paragraph.\n\nFirst paragraph.')).toBe(true);
    expect(segmentIds(editor).slice(0, 2)).toEqual([ids[1], ids[0]]);

    // Pasted again: now a copy of a paragraph that is there, so a new segment.
    caretAtEnd(editor);
    editor.update(() => {
      const empty = $createParagraphNode();
      $getRoot().append(empty);
      empty.select();
    }, { discrete: true });
    await paste(editor, { 'application/x-lexical-editor': json });
    const after = segmentIds(editor);
    expect(after.slice(0, 2)).toEqual([ids[1], ids[0]]);
    expect(after[2]).toMatch(/^[0-9a-z]{12}$/);
    expect(new Set(after).size).toBe(after.length);
  });

  it('uses the HTML when the JSON comes from another kind of editor, is malformed, or names an unknown node', async () => {
    for (const json of [
      JSON.stringify({ namespace: 'qelem-body-ckb', nodes: [{ type: 'paragraph', children: [] }] }),
      '{not json',
      JSON.stringify({ namespace: 'qelem-body-en', nodes: [{ type: 'no-such-node', version: 1 }] }),
      JSON.stringify({ namespace: 'qelem-body-en', nodes: 'x' }),
    ]) {
      const editor = build('en');
      await paste(editor, { 'application/x-lexical-editor': json, 'text/html': '<p>from html</p>' });
      expect(text(editor), json).toBe('from html');
    }
  });

  it('keeps only the text of a link whose URL is unsafe', async () => {
    const editor = build('en');
    const link = (url: string, label: string) => ({ type: 'link', version: 1, url, rel: null, target: null, title: null, direction: null, format: '', indent: 0, children: [{ type: 'text', version: 1, text: label, format: 0, style: '', mode: 'normal', detail: 0 }] });
    const json = JSON.stringify({ namespace: 'qelem-body-en', nodes: [{ type: 'paragraph', version: 1, direction: null, format: '', indent: 0, textFormat: 0, textStyle: '', children: [link('javascript:alert(1)', 'bad'), link('https://example.org/', 'good')] }] });
    await paste(editor, { 'application/x-lexical-editor': json });
    expect(text(editor)).toBe('badgood');
    const urls = read(editor, () => allNodes().filter($isLinkNode).map((node) => node.getURL()));
    expect(urls).toEqual(['https://example.org/']);
  });

  it('keeps only the text of a link with credentials in its URL', async () => {
    const editor = build('en');
    const link = (url: string, label: string) => ({ type: 'link', version: 1, url, rel: null, target: null, title: null, direction: null, format: '', indent: 0, children: [{ type: 'text', version: 1, text: label, format: 0, style: '', mode: 'normal', detail: 0 }] });
    const json = JSON.stringify({ namespace: 'qelem-body-en', nodes: [{ type: 'paragraph', version: 1, direction: null, format: '', indent: 0, textFormat: 0, textStyle: '', children: [link('https://user:pass@example.org/', 'bad'), link('https://example.org/', 'good')] }] });
    await paste(editor, { 'application/x-lexical-editor': json, 'text/html': '<p><a href="https://user:pass@example.org/">bad</a><a href="https://example.org/">good</a></p>' });
    expect(text(editor)).toBe('badgood');
    expect(read(editor, () => allNodes().filter($isLinkNode).map((node) => node.getURL()))).toEqual(['https://example.org/']);
    const html = build('en');
    await paste(html, { 'text/html': '<p><a href="https://user:pass@example.org/">bad</a> <a href="https://example.org/">good</a></p>' });
    expect(read(html, () => allNodes().filter($isLinkNode).map((node) => node.getURL()))).toEqual(['https://example.org/']);
  });
});
