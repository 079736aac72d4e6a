// @vitest-environment node
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { $generateNodesFromDOM } from '@lexical/html';
import { $createLinkNode } from '@lexical/link';
import { $createListItemNode, $createListNode } from '@lexical/list';
import { $createHeadingNode, $createQuoteNode } from '@lexical/rich-text';
import {
  $createLineBreakNode,
  $createParagraphNode,
  $createTextNode,
  $getRoot,
  IS_BOLD,
  IS_CODE,
  IS_HIGHLIGHT,
  IS_ITALIC,
  IS_STRIKETHROUGH,
  IS_SUBSCRIPT,
  IS_SUPERSCRIPT,
  IS_UNDERLINE,
  TEXT_TYPE_TO_FORMAT,
} from 'lexical';
import { emptyBody, type Body, type SerializedNode } from '../../shared/article';
import { $createImageNode } from '../../shared/editor/image/image-node';
import { exportedImagePath, type ImageData } from '../../shared/editor/image/image-data';
import { renderImageFigure } from '../../shared/editor/image/image-renderer';
import { oppositeRunStyle } from '../../shared/editor/opposite-run';
import { $createPullQuoteNode } from '../../shared/editor/pull-quote';
import { mediaUrl } from '../../shared/media';
import { blockToHtml, bodyToHtml, escapeHtml, runDirection, type BodyHtmlOptions } from '../../shared/render/body-html';
import { articleLinkHref } from '../../shared/links';
import { bodyToPlainText } from '../../shared/render/plain-text';
import { REPO_ROOT } from '../shared-fixtures';
import { buildBody, json, read } from './editor-harness';

const SHA = 'a3f1'.repeat(16);
const RTL: BodyHtmlOptions = { dir: 'rtl', imageSrc: exportedImagePath };
const LTR: BodyHtmlOptions = { dir: 'ltr', imageSrc: exportedImagePath };

const text = (t: string, format = 0, style = ''): SerializedNode => ({ type: 'text', version: 1, text: t, format, detail: 0, mode: 'normal', style });
const element = (type: string, children: SerializedNode[], extra: Record<string, unknown> = {}): SerializedNode => ({
  type,
  version: 1,
  direction: null,
  format: '',
  indent: 0,
  children,
  ...extra,
});
const paragraph = (...children: SerializedNode[]) => element('paragraph', children, { textFormat: 0, textStyle: '' });
const item = (...children: SerializedNode[]) => element('listitem', children, { value: 1 });
const list = (listType: 'bullet' | 'number', items: SerializedNode[], extra: Record<string, unknown> = {}) =>
  element('list', items, { listType, start: 1, tag: listType === 'number' ? 'ol' : 'ul', ...extra });
const link = (url: string, ...children: SerializedNode[]) => element('link', children, { url, rel: null, target: null, title: null });
const image = (data: Partial<Record<keyof ImageData, unknown>>): SerializedNode => ({ type: 'image', version: 1, sha256: SHA, width: 640, height: 400, alt: '', caption: '', credit: '', ...data });
const body = (...children: SerializedNode[]): Body => ({ root: { ...element('root', children, { direction: 'rtl' }), type: 'root', children } });
const html = (node: SerializedNode, options = RTL) => blockToHtml(node, options);

const parser = new JSDOM('<!doctype html><body></body>').window.document;

/** Parses a fragment as a browser would. */
function parse(fragment: string): HTMLElement {
  const host = parser.createElement('div');
  host.innerHTML = fragment;
  return host;
}

/** The tag names of every element in a parsed fragment, with their attribute names. */
function elements(fragment: string): string[] {
  return Array.from(parse(fragment).querySelectorAll('*')).map((el) => [el.tagName.toLowerCase(), ...Array.from(el.attributes).map((a) => a.name)].join(' '));
}

describe('blocks', () => {
  it('renders a paragraph, and an empty body as one empty paragraph', () => {
    expect(html(paragraph(text('ئەنجومەنی '), text('پارێزگای دیالە')))).toBe('<p>ئەنجومەنی پارێزگای دیالە</p>');
    expect(bodyToHtml(emptyBody('rtl'), RTL)).toBe('<p></p>');
    expect(bodyToHtml(body(), RTL)).toBe('');
  });

  it('renders subheadings h2 and h3; an h1 or a made-up tag becomes h2', () => {
    expect(html(element('heading', [text('Title')], { tag: 'h2' }))).toBe('<h2>Title</h2>');
    expect(html(element('heading', [text('Sub')], { tag: 'h3' }))).toBe('<h3>Sub</h3>');
    expect(html(element('heading', [text('Headline?')], { tag: 'h1' }))).toBe('<h2>Headline?</h2>');
    expect(html(element('heading', [text('x')], { tag: 'script' }))).toBe('<h2>x</h2>');
    expect(html(element('heading', [text('x')], { tag: 'h2 onclick=alert(1)' }))).toBe('<h2>x</h2>');
  });

  it('renders a quote as blockquote and a pull quote as aside.pull-quote', () => {
    expect(html(element('quote', [text('وتی')]))).toBe('<blockquote>وتی</blockquote>');
    expect(html(element('pull-quote', [text('وتی')]))).toBe('<aside class="pull-quote">وتی</aside>');
  });

  it('puts top-level blocks one per line', () => {
    expect(bodyToHtml(body(element('heading', [text('A')], { tag: 'h2' }), paragraph(text('B')), paragraph(text('C'))), RTL)).toBe('<h2>A</h2>\n<p>B</p>\n<p>C</p>');
  });

  it('renders line breaks as <br> and tabs as their text', () => {
    expect(html(paragraph(text('a'), { type: 'linebreak', version: 1 }, text('b'), { type: 'tab', version: 1, text: '\t', format: 0, detail: 2, mode: 'normal', style: '' }, text('c')))).toBe(
      '<p>a<br>b\tc</p>',
    );
  });
});

describe('text format', () => {
  it('uses the bit values Lexical stores (TEXT_TYPE_TO_FORMAT): saved bodies depend on them', () => {
    expect([IS_BOLD, IS_ITALIC, IS_STRIKETHROUGH, IS_UNDERLINE, IS_CODE, IS_SUBSCRIPT, IS_SUPERSCRIPT, IS_HIGHLIGHT]).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
    expect(TEXT_TYPE_TO_FORMAT.bold).toBe(1);
    expect(TEXT_TYPE_TO_FORMAT.superscript).toBe(64);
  });

  it.each([
    [1, '<strong>x</strong>'],
    [2, '<em>x</em>'],
    [4, '<s>x</s>'],
    [8, '<u>x</u>'],
    [16, '<code>x</code>'],
    [32, '<sub>x</sub>'],
    [64, '<sup>x</sup>'],
    [128, '<mark>x</mark>'],
    [1 | 2, '<strong><em>x</em></strong>'],
    [1 | 2 | 4 | 8, '<strong><em><u><s>x</s></u></em></strong>'],
    [1 | 16, '<strong><code>x</code></strong>'],
    // Case changes (lowercase 256, uppercase 512, capitalize 1024) are presentational and Arabic script has no case.
    [256 | 512 | 1024, 'x'],
  ])('format %i renders as %s', (format, expected) => {
    expect(html(paragraph(text('x', format)))).toBe(`<p>${expected}</p>`);
  });

  it('ignores a malformed format and a missing text', () => {
    expect(html(paragraph({ ...text('x'), format: 'bold' }))).toBe('<p>x</p>');
    expect(html(paragraph({ type: 'text', version: 1, format: 1 }))).toBe('<p></p>');
    expect(html(paragraph({ ...text(''), format: 1 }))).toBe('<p></p>');
  });
});

describe('direction', () => {
  it('gives a block dir only where the writer overrode the version direction', () => {
    expect(html(paragraph(text('ISIS هێشتا')), RTL)).toBe('<p>ISIS هێشتا</p>');
    expect(html({ ...paragraph(text('An English quotation')), direction: 'ltr' }, RTL)).toBe('<p dir="ltr">An English quotation</p>');
    expect(html({ ...paragraph(text('same')), direction: 'rtl' }, RTL)).toBe('<p>same</p>');
    expect(html({ ...paragraph(text('کوردی')), direction: 'rtl' }, LTR)).toBe('<p dir="rtl">کوردی</p>');
    expect(html({ ...element('heading', [text('T')], { tag: 'h3' }), direction: 'ltr' })).toBe('<h3 dir="ltr">T</h3>');
    expect(html({ ...element('quote', [text('Q')]), direction: 'ltr' })).toBe('<blockquote dir="ltr">Q</blockquote>');
    expect(html({ ...element('pull-quote', [text('Q')]), direction: 'ltr' })).toBe('<aside class="pull-quote" dir="ltr">Q</aside>');
  });

  it('takes only ltr and rtl from the JSON', () => {
    expect(html({ ...paragraph(text('x')), direction: 'auto' })).toBe('<p>x</p>');
    expect(html({ ...paragraph(text('x')), direction: '"><script>' })).toBe('<p>x</p>');
  });

  it('gives a list its override, and an item only where it differs from its list', () => {
    const overridden = { ...list('bullet', [item(text('one')), { ...item(text('two')), direction: 'ltr' }, { ...item(text('سێ')), direction: 'rtl' }]), direction: 'ltr' };
    expect(html(overridden, RTL)).toBe('<ul dir="ltr"><li>one</li><li>two</li><li dir="rtl">سێ</li></ul>');
  });

  it('isolates an opposite-direction run in a <span> with its direction', () => {
    const ltrRun = oppositeRunStyle('ltr');
    expect(html(paragraph(text('سەرۆکی '), text('U.S.', 0, ltrRun), text(' وتی')))).toBe('<p>سەرۆکی <span dir="ltr">U.S.</span> وتی</p>');
    expect(html(paragraph(text('Mayor '), text('هیشام حەیالی', 0, oppositeRunStyle('rtl')), text(' said')), LTR)).toBe('<p>Mayor <span dir="rtl">هیشام حەیالی</span> said</p>');
    // A formatted run: the isolate is outermost.
    expect(html(paragraph(text('ISIS', IS_BOLD, ltrRun)))).toBe('<p><span dir="ltr"><strong>ISIS</strong></span></p>');
  });

  it('reads only the run direction from a style, never copies CSS', () => {
    expect(runDirection(oppositeRunStyle('ltr'))).toBe('ltr');
    expect(runDirection(oppositeRunStyle('rtl'))).toBe('rtl');
    expect(runDirection('color: red; DIRECTION: RTL ; unicode-bidi:isolate')).toBe('rtl');
    expect(runDirection('direction: ltr;')).toBeNull(); // not isolated: not a run
    expect(runDirection('unicode-bidi: isolate;')).toBeNull();
    expect(runDirection('direction: sideways; unicode-bidi: isolate;')).toBeNull();
    expect(runDirection('')).toBeNull();
    expect(runDirection(42)).toBeNull();
    const out = html(paragraph(text('x', 0, 'background: url(javascript:alert(1)); direction: ltr; unicode-bidi: isolate;')));
    expect(out).toBe('<p><span dir="ltr">x</span></p>');
  });
});

describe('links', () => {
  it('links web and mail addresses', () => {
    expect(html(paragraph(text('See '), link('https://example.com/a?b=1&c=2', text('the report')), text('.')))).toBe(
      '<p>See <a href="https://example.com/a?b=1&amp;c=2">the report</a>.</p>',
    );
    expect(html(paragraph(link('mailto:desk@example.com', text('desk'))))).toBe('<p><a href="mailto:desk@example.com">desk</a></p>');
    expect(html(paragraph(element('autolink', [text('example.com')], { url: 'http://example.com' })))).toBe('<p><a href="http://example.com/">example.com</a></p>');
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'java\tscript:alert(1)',
    ' javascript:alert(1)',
    '\u0001javascript:alert(1)',
    'vbscript:msgbox(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    '/relative/path',
    '//evil.example/x',
    'mailto:nobody',
    '',
  ])('renders a link to %j as its text only', (url) => {
    expect(html(paragraph(link(url, text('click'))))).toBe('<p>click</p>');
  });

  it('renders a link without a string url as its text', () => {
    expect(html(paragraph({ ...link('https://example.com', text('t')), url: 42 }))).toBe('<p>t</p>');
  });

  it('writes the href exactly as it was checked, escaped', () => {
    expect(articleLinkHref('https://example.com/?q="><script>alert(1)</script>')).not.toMatch(/[<>"]/);
    const out = html(paragraph(link('https://example.com/?q="><img src=x onerror=alert(1)>', text('x'))));
    expect(elements(out)).toEqual(['p', 'a href']);
    expect(articleLinkHref('https://exa\tmple.com/')).toBe('https://example.com/');
    expect(articleLinkHref('javascript:alert(1)')).toBeNull();
    expect(articleLinkHref(null)).toBeNull();
  });

  it('keeps formatting and runs inside a link', () => {
    expect(html(paragraph(link('https://example.com', text('AP', IS_BOLD, oppositeRunStyle('ltr')))))).toBe(
      '<p><a href="https://example.com/"><span dir="ltr"><strong>AP</strong></span></a></p>',
    );
  });
});

describe('lists', () => {
  it('renders bullet and numbered lists', () => {
    expect(html(list('bullet', [item(text('one')), item(text('two'))]))).toBe('<ul><li>one</li><li>two</li></ul>');
    expect(html(list('number', [item(text('one')), item(text('two'))]))).toBe('<ol><li>one</li><li>two</li></ol>');
    expect(html(list('number', [item(text('five'))], { start: 5 }))).toBe('<ol start="5"><li>five</li></ol>');
    // A checklist has no checkbox in a published article: a bullet list.
    expect(html(list('bullet', [item(text('x'))], { listType: 'check' }))).toBe('<ul><li>x</li></ul>');
  });

  it('puts a nested list inside the item before it, as HTML nests lists', () => {
    const nested = list('bullet', [item(text('one')), item(list('number', [item(text('1a')), item(list('bullet', [item(text('deep'))]))])), item(text('two'))]);
    expect(html(nested)).toBe('<ul><li>one<ol><li>1a<ul><li>deep</li></ul></li></ol></li><li>two</li></ul>');
  });

  it('keeps a nested list that has no item before it in an item of its own', () => {
    expect(html(list('bullet', [item(list('bullet', [item(text('x'))]))]))).toBe('<ul><li><ul><li>x</li></ul></li></ul>');
  });

  it('wraps a stray child of a list in an item, so the HTML stays valid', () => {
    expect(html(list('bullet', [text('loose')]))).toBe('<ul><li>loose</li></ul>');
  });

  it('ignores a start that is not a whole number', () => {
    expect(html(list('number', [item(text('x'))], { start: '3"><script>' }))).toBe('<ol><li>x</li></ol>');
    expect(html(list('number', [item(text('x'))], { start: 1.5 }))).toBe('<ol><li>x</li></ol>');
  });
});

describe('images', () => {
  const photo = { alt: 'پردی سلێمانی بە شەو', caption: 'پردی سلێمانی لە کاتی ئاهەنگەکەدا', credit: 'AP Photo/Khalid Mohammed' };

  it('renders a figure with the image from options.imageSrc, alt, size, caption and credit', () => {
    expect(html(image(photo))).toBe(
      `<figure><img src="media/${SHA}" alt="${photo.alt}" width="640" height="400"><figcaption>${photo.caption} <span class="credit" dir="auto">AP Photo/Khalid Mohammed</span></figcaption></figure>`,
    );
    expect(html(image(photo), { ...RTL, imageSrc: mediaUrl })).toContain(`<img src="/media/${SHA}"`);
  });

  it('writes the same markup as the DOM renderer of the image node, so its parser reads it back', () => {
    const { document } = new JSDOM('<!doctype html><body></body>').window;
    const cases: ImageData[] = [
      { sha256: SHA, width: 640, height: 400, ...photo },
      { sha256: SHA, width: 640, height: 400, alt: '', caption: '', credit: '' },
      { sha256: SHA, width: 1, height: 1, alt: 'x', caption: 'only a caption', credit: '' },
      { sha256: SHA, width: 0, height: 0, alt: 'x', caption: '', credit: 'only a credit' },
    ];
    for (const data of cases) expect(html(image({ ...data }))).toBe(renderImageFigure(data, document).outerHTML);
  });

  it('keeps an empty alt (decorative) and leaves out an unknown size', () => {
    expect(html(image({ width: 0, height: 'big' }))).toBe(`<figure><img src="media/${SHA}" alt=""></figure>`);
  });

  it('passes only a valid SHA-256 to imageSrc; without one the words stay and no <img> is written', () => {
    const seen: string[] = [];
    const options: BodyHtmlOptions = { dir: 'rtl', imageSrc: (sha) => (seen.push(sha), `media/${sha}`) };
    expect(html(image({ sha256: '../../etc/passwd', caption: 'وێنە' }), options)).toBe('<figure><figcaption>وێنە</figcaption></figure>');
    expect(html(image({ sha256: 'javascript:alert(1)' }), options)).toBe('');
    expect(seen).toEqual([]);
  });

  it('escapes what imageSrc returns', () => {
    expect(html(image({}), { dir: 'rtl', imageSrc: () => '"><script>alert(1)</script>' })).toBe(`<figure><img src="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" alt="" width="640" height="400"></figure>`);
  });
});

describe('unknown nodes', () => {
  it('render as their text only, escaped', () => {
    expect(html(element('table', [element('tablerow', [element('tablecell', [text('<cell>')])])]))).toBe('&lt;cell&gt;');
    expect(html(paragraph(text('a '), element('mark', [text('marked', IS_BOLD)], { ids: ['x'] }), text(' b')))).toBe('<p>a marked b</p>');
    expect(html(paragraph({ type: 'youtube', version: 1, videoID: '"><script>alert(1)</script>' }))).toBe('<p></p>');
    expect(html({ type: 'script', version: 1, text: '<script>alert(1)</script>' })).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('do not break on malformed children', () => {
    expect(html({ ...paragraph(), children: 'oops' } as unknown as SerializedNode)).toBe('<p></p>');
    expect(html({ ...paragraph(), children: [null, 3, { no: 'type' }, text('ok')] } as unknown as SerializedNode)).toBe('<p>ok</p>');
  });

  it('stop at the body depth limit instead of overflowing the stack', () => {
    let node: SerializedNode = item(text('bottom'));
    for (let i = 0; i < 5_000; i++) node = list('bullet', [item(text(`${i}`)), item(node)]);
    expect(() => html(node)).not.toThrow();
  });
});

describe('escaping', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
    expect(escapeHtml('ئەمە & ئەوە')).toBe('ئەمە &amp; ئەوە');
  });

  // The hostile HTML the paste tests use, here as typed text: every place text reaches the output.
  const vectors = readFileSync(path.join(REPO_ROOT, 'tests/fixtures/xss-vectors.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));

  it(`keeps ${vectors.length} hostile snippets as text wherever text goes`, () => {
    expect(vectors.length).toBeGreaterThan(100);
    for (const vector of vectors) {
      const hostile = body(
        paragraph(text(vector), text(vector, IS_BOLD | IS_ITALIC, oppositeRunStyle('ltr')), link(vector, text(vector)), link(`https://example.com/${vector}`, text('ok'))),
        element('heading', [text(vector)], { tag: 'h2' }),
        element('pull-quote', [text(vector)]),
        list('bullet', [item(text(vector))]),
        image({ alt: vector, caption: vector, credit: vector }),
        element('unknown', [text(vector)]),
      );
      const out = bodyToHtml(hostile, RTL);
      const allowed = new Set(['p', 'strong', 'em', 'span dir', 'a href', 'h2', 'aside class', 'ul', 'li', 'figure', 'img src alt width height', 'figcaption', 'span class dir']);
      for (const el of elements(out)) expect(allowed, `${vector} → ${el}`).toContain(el);
      const dom = parse(out);
      for (const a of Array.from(dom.querySelectorAll('a'))) expect(a.getAttribute('href')).toMatch(/^https:\/\/example\.com\//);
      const img = dom.querySelector('img');
      expect(img?.getAttribute('alt')).toBe(vector.slice(0, 500));
      expect(img?.getAttribute('src')).toBe(`media/${SHA}`);
      // The words are all there, as text.
      expect(dom.querySelector('h2')?.textContent).toBe(vector);
      expect(dom.querySelector('p')?.textContent).toBe(`${vector}${vector}${vector}ok`);
    }
  });
});

describe('bodies the editor saves', () => {
  let dom: JSDOM;
  const saved: { document?: unknown; window?: unknown } = {};

  beforeEach(() => {
    dom = new JSDOM('<!doctype html><html><body></body></html>');
    saved.document = (globalThis as { document?: unknown }).document;
    saved.window = (globalThis as { window?: unknown }).window;
    Object.assign(globalThis, { document: dom.window.document, window: dom.window });
  });

  afterEach(() => {
    Object.assign(globalThis, { document: saved.document, window: saved.window });
  });

  function sampleBody(): Body {
    const editor = buildBody('ckb');
    editor.update(
      () => {
        const root = $getRoot().clear();
        root.append($createHeadingNode('h2').append($createTextNode('هێزەکانی ئەمریکا')));
        root.append($createParagraphNode().append($createTextNode('سەرۆک وەزیرانی عێراق بە AP ی وت کە 2,500 سەربازی U.S. لە عێراقن'), $createLineBreakNode(), $createTextNode('دێڕی دووەم').setFormat(IS_BOLD)));
        const english = $createParagraphNode().append($createTextNode('“There is no need for any foreign combat forces,” '), $createLinkNode('https://apnews.com/').append($createTextNode('AP')));
        english.setDirection('ltr');
        root.append(english);
        root.append($createQuoteNode().append($createTextNode('وتەیەک')));
        root.append($createPullQuoteNode().append($createTextNode('پێویستمان بە هێزی بیانی نییە')));
        const nested = $createListNode('number').append($createListItemNode().append($createTextNode('ناوەکی')));
        root.append($createListNode('bullet').append($createListItemNode().append($createTextNode('یەکەم')), $createListItemNode().append(nested), $createListItemNode().append($createTextNode('دووەم'))));
        root.append($createImageNode({ sha256: SHA, width: 640, height: 400, alt: 'پرد', caption: 'پردی سلێمانی', credit: 'AP Photo/Khalid Mohammed' }));
        root.append($createParagraphNode());
      },
      { discrete: true },
    );
    return json(editor) as unknown as Body;
  }

  it('renders every block type the editor writes', () => {
    const out = bodyToHtml(sampleBody(), RTL);
    expect(out.split('\n')).toEqual([
      '<h2>هێزەکانی ئەمریکا</h2>',
      '<p>سەرۆک وەزیرانی عێراق بە <span dir="ltr">AP</span> ی وت کە 2,500 سەربازی <span dir="ltr">U.S.</span> لە عێراقن<br><strong>دێڕی دووەم</strong></p>',
      // Inside the overridden block, the editor still marks the Latin text as runs of the version's opposite direction.
      '<p dir="ltr">“<span dir="ltr">There is no need for any foreign combat forces</span>,” <a href="https://apnews.com/"><span dir="ltr">AP</span></a></p>',
      '<blockquote>وتەیەک</blockquote>',
      '<aside class="pull-quote">پێویستمان بە هێزی بیانی نییە</aside>',
      '<ul><li>یەکەم<ol><li>ناوەکی</li></ol></li><li>دووەم</li></ul>',
      `<figure><img src="media/${SHA}" alt="پرد" width="640" height="400"><figcaption>پردی سلێمانی <span class="credit" dir="auto">AP Photo/Khalid Mohammed</span></figcaption></figure>`,
      '<p></p>',
    ]);
  });

  it('reads back into the editor with the same blocks and text (paste of a Copy HTML)', () => {
    const source = sampleBody();
    const target = buildBody('ckb');
    target.update(
      () => {
        const parsed = new dom.window.DOMParser().parseFromString(`<body>${bodyToHtml(source, RTL)}</body>`, 'text/html');
        $getRoot().clear().append(...$generateNodesFromDOM(target, parsed));
      },
      { discrete: true },
    );
    const types = (b: Body) => b.root.children.map((n) => n.type);
    const result = json(target) as unknown as Body;
    expect(types(result)).toEqual(types(source));
    expect(bodyToPlainText(result).replace(/\n+/g, '\n')).toBe(bodyToPlainText(source).replace(/\n+/g, '\n'));
    expect(read(target, () => $getRoot().getChildren()[2]?.getType())).toBe('paragraph');
  });

  it('is deterministic: the same body twice, or with its keys in another order, gives the same bytes', () => {
    const first = sampleBody();
    const shuffle = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(shuffle) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, shuffle(v)])) : value;
    const out = bodyToHtml(first, RTL);
    expect(bodyToHtml(sampleBody(), RTL)).toBe(out);
    expect(bodyToHtml(shuffle(first) as Body, RTL)).toBe(out);
    expect(bodyToHtml(JSON.parse(JSON.stringify(first)) as Body, RTL)).toBe(out);
  });
});
