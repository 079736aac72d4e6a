// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { buildEditorFromExtensions } from '@lexical/extension';
import { HistoryExtension } from '@lexical/history';
import { $generateHtmlFromNodes, $generateNodesFromDOM } from '@lexical/html';
import {
  $createNodeSelection,
  $getRoot,
  $getSelection,
  $insertNodes,
  $isRangeSelection,
  $isTextNode,
  $setSelection,
  configExtension,
  KEY_BACKSPACE_COMMAND,
  KEY_DELETE_COMMAND,
  UNDO_COMMAND,
  type LexicalEditor,
  type SerializedEditorState,
} from 'lexical';
import { articleBodyExtension } from '../../shared/editor/article-editor';
import { INSERT_IMAGE_COMMAND, ImageExtension } from '../../shared/editor/image/image-extension';
import { $createImageNode, $isImageNode, ImageNode } from '../../shared/editor/image/image-node';
import { parseImageFigure } from '../../shared/editor/image/image-parser';
import { renderImageFigure } from '../../shared/editor/image/image-renderer';
import type { ImageData } from '../../shared/editor/image/image-data';
import { BLOCK_SEGMENT_ID } from '../../shared/translation/segment';
import { buildBody, dispatch, json, read, setParagraphs } from './editor-harness';

const SHA = 'a3f1'.repeat(16);
const PHOTO: ImageData = {
  sha256: SHA,
  width: 640,
  height: 400,
  alt: 'پردی سلێمانی بە شەو',
  caption: 'پردی سلێمانی لە کاتی ئاهەنگەکەدا',
  credit: 'AP Photo/Khalid Mohammed',
};

const types = (editor: LexicalEditor) => read(editor, () => $getRoot().getChildren().map((n) => n.getType()));
const images = (editor: LexicalEditor) => read(editor, () => $getRoot().getChildren().filter($isImageNode).map((n) => n.getData()));

function update(editor: LexicalEditor, fn: () => void): void {
  editor.update(fn, { discrete: true });
}

describe('INSERT_IMAGE_COMMAND', () => {
  it('puts the image after the paragraph the caret ends, with the caret in a paragraph after it', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['ISIS هێشتا لە عێراق چالاکە']);
    dispatch(editor, INSERT_IMAGE_COMMAND, PHOTO);
    expect(types(editor)).toEqual(['paragraph', 'image', 'paragraph']);
    expect(images(editor)).toEqual([PHOTO]);
    expect(read(editor, () => $getSelection()?.getNodes()[0]?.getTopLevelElement()?.getIndexWithinParent())).toBe(2);
  });

  it('splits a paragraph when the caret is inside it', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['Before after']);
    update(editor, () => {
      const text = $getRoot().getFirstDescendant();
      if ($isTextNode(text)) text.select(7, 7);
    });
    dispatch(editor, INSERT_IMAGE_COMMAND, { sha256: SHA, width: 3, height: 2 });
    expect(types(editor)).toEqual(['paragraph', 'image', 'paragraph']);
    expect(read(editor, () => $getRoot().getTextContent())).toBe('Before \n\nafter');
  });

  it('takes the place of an empty paragraph that has a block after it', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['', 'دووەم']);
    update(editor, () => $getRoot().getFirstChildOrThrow().selectStart());
    dispatch(editor, INSERT_IMAGE_COMMAND, PHOTO);
    expect(types(editor)).toEqual(['image', 'paragraph']);
  });

  it('fills in empty words for a payload with only the picture', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['x']);
    dispatch(editor, INSERT_IMAGE_COMMAND, { sha256: SHA, width: 3, height: 2 });
    expect(images(editor)).toEqual([{ sha256: SHA, width: 3, height: 2, alt: '', caption: '', credit: '' }]);
  });

  it('is registered by articleBodyExtension through ImageExtension (which it depends on)', () => {
    const editor = buildEditorFromExtensions(articleBodyExtension('kmr', null));
    expect(editor.hasNodes([ImageNode])).toBe(true);
  });
});

describe('serialisation', () => {
  it('saves every field at the top level of the node and reloads them', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['یەکەم']);
    dispatch(editor, INSERT_IMAGE_COMMAND, PHOTO);
    const saved = json(editor);
    const node = saved.root.children[1];
    expect(node).toEqual({ type: 'image', version: 1, ...PHOTO, $: { seg: expect.stringMatching(BLOCK_SEGMENT_ID) as unknown } });

    const reloaded = buildBody('ckb', JSON.parse(JSON.stringify(saved)) as SerializedEditorState);
    expect(images(reloaded)).toEqual([PHOTO]);
    expect(json(reloaded)).toEqual(saved);
  });

  it('saves empty words as empty strings, not as missing keys', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['x']);
    dispatch(editor, INSERT_IMAGE_COMMAND, { sha256: SHA, width: 3, height: 2 });
    expect(json(editor).root.children[1]).toEqual({ type: 'image', version: 1, sha256: SHA, width: 3, height: 2, alt: '', caption: '', credit: '', $: { seg: expect.stringMatching(BLOCK_SEGMENT_ID) as unknown } });
  });

  it('reads malformed saved values as empty defaults instead of failing the whole body', () => {
    const body = {
      root: {
        type: 'root',
        version: 1,
        direction: 'rtl',
        format: '',
        indent: 0,
        children: [{ type: 'image', version: 1, sha256: 'https://evil.example/x.jpg', width: -5, height: 1e9, alt: 42, caption: 'x'.repeat(5000), credit: null }],
      },
    } as unknown as SerializedEditorState;
    const editor = buildBody('ckb', body);
    expect(images(editor)).toEqual([{ sha256: '', width: 0, height: 0, alt: '', caption: 'x'.repeat(1000), credit: '' }]);
  });
});

describe('editing the words of an image', () => {
  it('changes caption, alt text and credit, each undoable', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['یەکەم']);
    dispatch(editor, INSERT_IMAGE_COMMAND, { sha256: SHA, width: 3, height: 2 });
    const $image = () => $getRoot().getChildren().find($isImageNode)!;
    update(editor, () => void $image().setText('caption', PHOTO.caption));
    update(editor, () => void $image().setText('credit', PHOTO.credit));
    expect(images(editor)[0]).toMatchObject({ caption: PHOTO.caption, credit: PHOTO.credit });
    dispatch(editor, UNDO_COMMAND, undefined);
    expect(images(editor)[0]).toMatchObject({ caption: PHOTO.caption, credit: '' });
    dispatch(editor, UNDO_COMMAND, undefined);
    expect(images(editor)[0]).toMatchObject({ caption: '', credit: '' });
    dispatch(editor, UNDO_COMMAND, undefined);
    expect(images(editor)).toEqual([]);
  });

  it('cuts words at their limits', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['x']);
    dispatch(editor, INSERT_IMAGE_COMMAND, { sha256: SHA, width: 3, height: 2, credit: 'c'.repeat(300) });
    expect(images(editor)[0]?.credit).toHaveLength(200);
  });
});

describe('removing an image with the keyboard', () => {
  function withSelectedImage(): LexicalEditor {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['یەکەم', 'دووەم']);
    update(editor, () => {
      $getRoot().getFirstChildOrThrow().selectEnd();
      $insertNodes([$createImageNode(PHOTO)]);
      const image = $getRoot().getChildren().find($isImageNode)!;
      const selection = $createNodeSelection();
      selection.add(image.getKey());
      $setSelection(selection);
    });
    expect(images(editor)).toHaveLength(1);
    return editor;
  }

  const key = (): KeyboardEvent => ({ preventDefault() {}, target: null }) as unknown as KeyboardEvent;

  it('Backspace deletes the selected image', () => {
    const editor = withSelectedImage();
    dispatch(editor, KEY_BACKSPACE_COMMAND, key());
    expect(images(editor)).toEqual([]);
    expect(read(editor, () => $getRoot().getTextContent())).toContain('یەکەم');
  });

  it('Delete deletes the selected image, and undo brings it back', () => {
    const editor = withSelectedImage();
    dispatch(editor, KEY_DELETE_COMMAND, key());
    expect(images(editor)).toEqual([]);
    dispatch(editor, UNDO_COMMAND, undefined);
    expect(images(editor)).toEqual([PHOTO]);
  });

  it('Backspace at the start of the next paragraph selects the image first instead of deleting it', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['one']);
    dispatch(editor, INSERT_IMAGE_COMMAND, PHOTO);
    dispatch(editor, KEY_BACKSPACE_COMMAND, key());
    expect(images(editor)).toEqual([PHOTO]);
    expect(read(editor, () => $getSelection()?.getNodes().some($isImageNode))).toBe(true);
    dispatch(editor, KEY_BACKSPACE_COMMAND, key());
    expect(images(editor)).toEqual([]);
  });
});

describe('HTML: renderer and parser', () => {
  let dom: JSDOM;
  const saved: { document?: unknown; window?: unknown } = {};

  beforeEach(() => {
    dom = new JSDOM('<!doctype html><html><body></body></html>');
    // $generateHtmlFromNodes and $getDocument() reach for the global document headless.
    saved.document = (globalThis as { document?: unknown }).document;
    saved.window = (globalThis as { window?: unknown }).window;
    Object.assign(globalThis, { document: dom.window.document, window: dom.window });
  });

  afterEach(() => {
    Object.assign(globalThis, { document: saved.document, window: saved.window });
  });

  it('renders a figure with the injected document: img with media path, alt, size; caption and a credit span isolated with dir=auto', () => {
    const figure = renderImageFigure(PHOTO, dom.window.document);
    expect(figure.outerHTML).toBe(
      `<figure><img src="media/${SHA}" alt="${PHOTO.alt}" width="640" height="400"><figcaption>${PHOTO.caption} <span class="credit" dir="auto">${PHOTO.credit}</span></figcaption></figure>`,
    );
  });

  it('keeps an empty alt attribute and leaves out an empty figcaption', () => {
    const figure = renderImageFigure({ ...PHOTO, alt: '', caption: '', credit: '' }, dom.window.document);
    expect(figure.outerHTML).toBe(`<figure><img src="media/${SHA}" alt="" width="640" height="400"></figure>`);
  });

  it('escapes what it is given: a caption is text, never markup', () => {
    const figure = renderImageFigure({ ...PHOTO, caption: '<img src=x onerror=alert(1)>', alt: '"><script>alert(1)</script>' }, dom.window.document);
    expect(figure.querySelectorAll('script, img[onerror]')).toHaveLength(0);
    expect(figure.querySelector('figcaption')?.firstChild?.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('exports the body through Lexical (exportDOM) and imports the same figure back (importDOM)', () => {
    const editor = buildBody('ckb');
    setParagraphs(editor, ['یەکەم']);
    dispatch(editor, INSERT_IMAGE_COMMAND, PHOTO);
    const html = read(editor, () => $generateHtmlFromNodes(editor));
    expect(html).toContain(`<figure><img src="media/${SHA}"`);
    expect(html).toContain('<span class="credit" dir="auto">AP Photo/Khalid Mohammed</span>');

    const target = buildBody('ckb');
    setParagraphs(target, ['']);
    update(target, () => {
      const parsed = new dom.window.DOMParser().parseFromString(html, 'text/html');
      $getRoot().clear().append(...$generateNodesFromDOM(target, parsed));
    });
    expect(images(target)).toEqual([PHOTO]);
    // The figure's caption did not also come back as a paragraph of its own.
    expect(types(target)).toEqual(['paragraph', 'image', 'paragraph']);
    expect(read(target, () => $getRoot().getTextContent())).toBe('یەکەم\n\n');
  });

  it.each([
    ['a remote image', '<figure><img src="https://evil.example/tracker.jpg" alt="x"><figcaption>Caption</figcaption></figure>'],
    ['a data: URL', '<figure><img src="data:image/png;base64,iVBORw0KGgo=" alt="x"></figure>'],
    ['a path out of media/', `<figure><img src="media/../${SHA}" alt="x"></figure>`],
    ['two images', `<figure><img src="media/${SHA}"><img src="media/${SHA}"></figure>`],
    ['no image', '<figure><figcaption>Only words</figcaption></figure>'],
  ])('does not take %s as an image (nothing is fetched or kept)', (_label, html) => {
    const figure = new dom.window.DOMParser().parseFromString(html, 'text/html').querySelector('figure')!;
    expect(parseImageFigure(figure)).toBeNull();
    const editor = buildBody('en');
    setParagraphs(editor, ['']);
    update(editor, () => {
      const parsed = new dom.window.DOMParser().parseFromString(html, 'text/html');
      $generateNodesFromDOM(editor, parsed).forEach((n) => $isImageNode(n) && $getRoot().append(n));
    });
    expect(images(editor)).toEqual([]);
  });

  it('reads the renderer path /media/<sha256> too, and a figure without a caption', () => {
    const figure = new dom.window.DOMParser().parseFromString(`<figure><img src="/media/${SHA}" alt="A bridge" width="3" height="2"></figure>`, 'text/html').querySelector('figure')!;
    expect(parseImageFigure(figure)).toEqual({ sha256: SHA, width: 3, height: 2, alt: 'A bridge', caption: '', credit: '' });
  });
});

describe('the view of an image', () => {
  it('is what the configured decorator returns, and null without one (headless, the exporter)', () => {
    const plain = buildBody('en');
    setParagraphs(plain, ['x']);
    dispatch(plain, INSERT_IMAGE_COMMAND, PHOTO);
    expect(read(plain, () => $getRoot().getChildren().find($isImageNode)!.decorate(plain))).toBeNull();

    const seen: string[] = [];
    const viewed = buildEditorFromExtensions(
      articleBodyExtension('en', json(plain)),
      configExtension(ImageExtension, { decorate: (node: ImageNode) => (seen.push(node.getData().credit), 'view') }),
      configExtension(HistoryExtension, { disabled: false }),
    );
    expect(read(viewed, () => $getRoot().getChildren().find($isImageNode)!.decorate(viewed))).toBe('view');
    expect(seen).toEqual([PHOTO.credit]);
  });

  it('keeps the selection a range selection after insertion, so typing goes on below the image', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['x']);
    dispatch(editor, INSERT_IMAGE_COMMAND, PHOTO);
    expect(read(editor, () => $isRangeSelection($getSelection()))).toBe(true);
  });
});
