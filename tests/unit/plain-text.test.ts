// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createHeadlessEditor } from '@lexical/headless';
import { HeadingNode, QuoteNode } from '@lexical/rich-text';
import { $getRoot } from 'lexical';
import { emptyBody, type Body, type SerializedNode } from '../../shared/article';
import { blockToPlainText, bodyToPlainText } from '../../shared/render/plain-text';

const text = (t: string): SerializedNode => ({ type: 'text', version: 1, text: t, format: 0, detail: 0, mode: 'normal', style: '' });
const element = (type: string, children: SerializedNode[], extra: Record<string, unknown> = {}): SerializedNode => ({
  type,
  version: 1,
  direction: 'rtl',
  format: '',
  indent: 0,
  children,
  ...extra,
});
const paragraph = (...children: SerializedNode[]) => element('paragraph', children, { textFormat: 0, textStyle: '' });
const body = (...children: SerializedNode[]): Body => ({ root: element('root', children) as Body['root'] });

describe('bodyToPlainText', () => {
  it('gives an empty string for an empty body', () => {
    expect(bodyToPlainText(emptyBody('rtl'))).toBe('');
    expect(bodyToPlainText(body())).toBe('');
  });

  it('joins the text runs of one paragraph', () => {
    expect(bodyToPlainText(body(paragraph(text('ئەنجومەنی '), text('پارێزگای دیالە'))))).toBe('ئەنجومەنی پارێزگای دیالە');
  });

  it('separates blocks with a blank line, none after the last', () => {
    const b = body(element('heading', [text('Title')], { tag: 'h2' }), paragraph(text('One')), paragraph(text('Two')));
    expect(bodyToPlainText(b)).toBe('Title\n\nOne\n\nTwo');
  });

  it('turns line breaks into "\\n" and tabs into "\\t"', () => {
    const b = body(paragraph(text('a'), { type: 'linebreak', version: 1 }, text('b'), { type: 'tab', version: 1, text: '\t' }, text('c')));
    expect(bodyToPlainText(b)).toBe('a\nb\tc');
  });

  it('keeps a link inline, inside its paragraph', () => {
    const b = body(paragraph(text('See '), element('link', [text('the report')], { url: 'https://example.org' }), text(' today.')));
    expect(bodyToPlainText(b)).toBe('See the report today.');
  });

  it('treats list items as blocks and ignores decorators without text', () => {
    const list = element('list', [element('listitem', [text('one')], { value: 1 }), element('listitem', [text('two')], { value: 2 })], { listType: 'bullet', start: 1, tag: 'ul' });
    const b = body(paragraph(text('Before')), { type: 'image', version: 1, src: 'media/x.jpg' }, list);
    expect(bodyToPlainText(b)).toBe('Before\n\none\n\ntwo');
  });

  // Only packages the project declares; link and list behaviour was checked the same way by hand.
  it('gives the same text as Lexical getTextContent() for the same state', () => {
    const b = body(
      element('heading', [text('سەردێڕ')], { tag: 'h2' }),
      paragraph(text('ISIS '), text('هێرشی کرد'), { type: 'linebreak', version: 1 }, text('2,500 کەس')),
      element('quote', [text('«وتەیەک»')]),
      paragraph(),
      paragraph(text('end')),
    );
    const editor = createHeadlessEditor({ nodes: [HeadingNode, QuoteNode], onError: (e) => { throw e; } });
    editor.setEditorState(editor.parseEditorState(JSON.stringify(b)));
    const expected = editor.getEditorState().read(() => $getRoot().getTextContent());
    expect(bodyToPlainText(b)).toBe(expected);
  });
});

describe('blockToPlainText', () => {
  it('gives the text of one block, with no separator after it', () => {
    expect(blockToPlainText(paragraph(text('ئەنجومەنی '), text('پارێزگای دیالە')))).toBe('ئەنجومەنی پارێزگای دیالە');
    expect(blockToPlainText(paragraph(text('a'), { type: 'linebreak', version: 1 }, text('b')))).toBe('a\nb');
    expect(blockToPlainText(paragraph())).toBe('');
    expect(blockToPlainText({ type: 'image', version: 1, caption: 'not text here' })).toBe('');
  });

  it('separates the items of a list block with a blank line', () => {
    const list = element('list', [element('listitem', [text('one')], { value: 1 }), element('listitem', [text('two')], { value: 2 })], { listType: 'bullet', start: 1, tag: 'ul' });
    expect(blockToPlainText(list)).toBe('one\n\ntwo');
  });

  it('joined with blank lines, gives bodyToPlainText', () => {
    const blocks = [element('heading', [text('Title')], { tag: 'h2' }), paragraph(text('See '), element('link', [text('it')], { url: 'https://example.org' })), paragraph(text('Two'))];
    expect(blocks.map(blockToPlainText).join('\n\n')).toBe(bodyToPlainText(body(...blocks)));
    expect(bodyToPlainText(body(...blocks))).toBe('Title\n\nSee it\n\nTwo');
  });
});
