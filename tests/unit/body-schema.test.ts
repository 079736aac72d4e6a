// @vitest-environment node
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { buildEditorFromExtensions } from '@lexical/extension';
import { HistoryExtension } from '@lexical/history';
import { $createListItemNode, $createListNode } from '@lexical/list';
import { $createQuoteNode } from '@lexical/rich-text';
import { TOGGLE_LINK_COMMAND } from '@lexical/link';
import {
  $createParagraphNode,
  $createRangeSelection,
  $createTextNode,
  $getRoot,
  $isDecoratorNode,
  $isElementNode,
  $isLineBreakNode,
  $isTabNode,
  $isTextNode,
  $setSelection,
  configExtension,
  CONTROLLED_TEXT_INSERTION_COMMAND,
  DELETE_CHARACTER_COMMAND,
  FORMAT_TEXT_COMMAND,
  INDENT_CONTENT_COMMAND,
  INSERT_LINE_BREAK_COMMAND,
  INSERT_PARAGRAPH_COMMAND,
  KEY_TAB_COMMAND,
  OUTDENT_CONTENT_COMMAND,
  PASTE_COMMAND,
  REDO_COMMAND,
  UNDO_COMMAND,
  type LexicalEditor,
  type LexicalNode,
  type PasteCommandType,
  type SerializedEditorState,
} from 'lexical';
import { BodySchema, emptyBody, LIMITS } from '../../shared/article';
import { articleBodyExtension } from '../../shared/editor/article-editor';
import { BLOCK_TYPES, SET_BLOCK_TYPE_COMMAND } from '../../shared/editor/block-type';
import { INSERT_IMAGE_COMMAND } from '../../shared/editor/image/image-extension';
import { BODY_NODE_RULES, BODY_NODE_TYPES, bodyIssues, isValidBody, MAX_BODY_DEPTH, type SerializedNode } from '../../shared/editor/body-schema';
import { PasteExtension } from '../../renderer/editor/paste/PasteExtension';
import { seedArticle } from './seed-article';
import { textNode } from './body-fixtures';
import { acceptedBody, bodyOf, el, image, li, linebreak, link, list, p, tab } from './helpers/body-arbitrary';

/** Loads a body the way the app does: the editor definition with it as the initial state. */
function load(body: unknown): LexicalEditor {
  return buildEditorFromExtensions(articleBodyExtension('en', body as SerializedEditorState));
}

describe('body schema: the editor own node set', () => {
  it('knows exactly the node types the article editor registers (Lexical internal ArtificialNode aside)', () => {
    const editor = load(null);
    const registered = [...editor._nodes.keys()].filter((type) => type !== 'artificial').sort();
    expect([...BODY_NODE_TYPES].sort()).toEqual(registered);
  });

  it('agrees with Lexical on what each type is: a block, an inline element, a leaf', () => {
    const editor = load(null);
    editor.update(
      () => {
        for (const [type, rule] of Object.entries(BODY_NODE_RULES)) {
          const klass = editor._nodes.get(type)!.klass;
          const node = new klass();
          const inline = $isElementNode(node) || $isDecoratorNode(node) ? node.isInline() : true;
          expect([type, rule.kind === 'inline'], type).toEqual([type, inline]);
          expect([type, rule.content === 'none'], type).toEqual([type, !$isElementNode(node)]);
          expect([type, rule.text === true], type).toEqual([type, $isTextNode(node) && !$isLineBreakNode(node)]);
          if ($isTabNode(node)) expect(rule.text).toBe(true);
        }
      },
      { discrete: true },
    );
  });
});

describe('body schema: what is refused (each of these left the editor empty, or was saved reshaped)', () => {
  const refused: [string, unknown, string, (string | number)[]][] = [
    ['a line break in the root (Lexical #282)', bodyOf(linebreak()), 'misplaced', ['root', 'children', 0]],
    ['a text node in the root (#282)', bodyOf(textNode('x')), 'misplaced', ['root', 'children', 0]],
    ['a tab in the root (#282)', bodyOf(tab()), 'misplaced', ['root', 'children', 0]],
    ['a node of an unknown type (#17)', bodyOf(p(textNode('a')), el('table', [])), 'unknown_type', ['root', 'children', 1]],
    ['an unknown type deep inside', bodyOf(list(li(el('quote', [el('mark', [textNode('x')])])))), 'unknown_type', ['root', 'children', 0, 'children', 0, 'children', 0, 'children', 0]],
    ['a type named like a property of Object', bodyOf(el('constructor', [])), 'unknown_type', ['root', 'children', 0]],
    ['a type named __proto__', bodyOf(JSON.parse('{"type":"__proto__","children":[]}')), 'unknown_type', ['root', 'children', 0]],
    ['Lexical internal artificial node', bodyOf(el('artificial', [])), 'unknown_type', ['root', 'children', 0]],
    ['a nested root (Lexical: "attempting to append self")', bodyOf(el('root', [])), 'unknown_type', ['root', 'children', 0]],
    ['a link in the root', bodyOf(link(textNode('x'))), 'misplaced', ['root', 'children', 0]],
    ['a list item in the root', bodyOf(li(textNode('x'))), 'misplaced', ['root', 'children', 0]],
    ['a list item outside a list', bodyOf(p(li(textNode('x')))), 'misplaced', ['root', 'children', 0, 'children', 0]],
    ['a paragraph in a list', bodyOf(list(p(textNode('x')))), 'misplaced', ['root', 'children', 0, 'children', 0]],
    ['a list in a link (Lexical: "Expected node to have a parent")', bodyOf(p(link(list(li(textNode('x')))))), 'misplaced', ['root', 'children', 0, 'children', 0, 'children', 0]],
    ['a link in a link', bodyOf(p(link(link(textNode('x'))))), 'misplaced', ['root', 'children', 0, 'children', 0, 'children', 0]],
    ['a text node with children', bodyOf(p({ ...textNode('x'), children: [textNode('y')] })), 'bad_children', ['root', 'children', 0, 'children', 0, 'children']],
    ['an image with children', bodyOf({ ...image(), children: [] }), 'bad_children', ['root', 'children', 0, 'children']],
    ['children that are not an array', bodyOf({ ...p(), children: { 0: textNode('x') } }), 'bad_children', ['root', 'children', 0, 'children']],
    ['a text node without text', bodyOf(p({ type: 'text', version: 1 })), 'bad_text', ['root', 'children', 0, 'children', 0, 'text']],
    ['a child that is not a node', bodyOf(p(textNode('a'), 'b' as unknown as SerializedNode)), 'not_a_node', ['root', 'children', 0, 'children', 1]],
    ['a node whose type is not a string', bodyOf({ type: 7 }), 'not_a_node', ['root', 'children', 0]],
    ['a shadow-root quote, which the editor never makes', bodyOf(el('quote', [textNode('x')], { shadowRoot: true })), 'shadow_root', ['root', 'children', 0, 'shadowRoot']],
    ['a root without any block (Lexical: "the editor state is empty")', bodyOf(), 'empty_root', ['root', 'children']],
    ['a node version that is not an integer', bodyOf({ ...p(), version: 1.5 }), 'bad_version', ['root', 'children', 0, 'version']],
    ['no root', { body: [] }, 'not_a_body', ['root']],
    ['not an object', 'body', 'not_a_body', []],
  ];

  for (const [what, body, code, path] of refused) {
    it(`refuses ${what}`, () => {
      const issues = bodyIssues(body);
      expect(issues[0]).toMatchObject({ code, path });
      expect(isValidBody(body)).toBe(false);
      // And so does the schema every save and import goes through, at the same place.
      const parsed = BodySchema.safeParse(body);
      expect(parsed.success).toBe(false);
    });
  }

  it('the cases Lexical refuses really do break loading (so the list above is not guesswork)', () => {
    for (const body of [bodyOf(linebreak()), bodyOf(textNode('x')), bodyOf(tab()), bodyOf(el('table', [])), bodyOf(), bodyOf(el('root', [])), bodyOf(p(link(list(li(textNode('x'))))))]) {
      expect(() => load(body)).toThrow();
    }
  });

  it(`bounds the nesting at ${MAX_BODY_DEPTH} nodes, without recursion however deep the input`, () => {
    const nested = (depth: number) => {
      // A list in a list item in a list…: depth counts the root (1) and every node.
      let node: SerializedNode = li(textNode('deep'));
      let depthNow = 3; // root → list → listitem
      while (depthNow + 2 <= depth) {
        node = li(list(node));
        depthNow += 2;
      }
      return { body: bodyOf(list(node)), depth: depthNow };
    };
    const atLimit = nested(MAX_BODY_DEPTH);
    expect(atLimit.depth).toBe(MAX_BODY_DEPTH - 1);
    expect(bodyIssues(atLimit.body)).toEqual([]);
    const overLimit = nested(MAX_BODY_DEPTH + 2);
    expect(bodyIssues(overLimit.body)[0]).toMatchObject({ code: 'too_deep', path: ['root', 'children', 0] });

    // 200,000 levels: a recursive walker (or zod's recursive schema) overflows the stack here.
    let deep: SerializedNode = p(textNode('x'));
    for (let i = 0; i < 200_000; i++) deep = el('quote', [deep]);
    expect(() => bodyIssues(bodyOf(deep))).not.toThrow();
    expect(BodySchema.safeParse(bodyOf(deep)).success).toBe(false);
    let deepValue: unknown = 'x';
    for (let i = 0; i < 200_000; i++) deepValue = [deepValue];
    const withDeepState = bodyOf(p({ ...textNode('x'), $: { seg: 'abcdefghijkl', extra: deepValue } }));
    expect(bodyIssues(withDeepState)[0]).toMatchObject({ code: 'too_deep', path: ['root', 'children', 0, 'children', 0] });
    expect(() => BodySchema.safeParse(withDeepState)).not.toThrow();
    expect(BodySchema.safeParse(withDeepState).success).toBe(false);
  });

  it('stops at a bounded number of issues', () => {
    const body = bodyOf(...Array.from({ length: 10_000 }, () => linebreak()));
    expect(bodyIssues(body)).toHaveLength(20);
    expect(bodyIssues(body, { maxIssues: 1 })).toHaveLength(1);
  });

  it(`still refuses a body over ${LIMITS.bodyJson} characters`, () => {
    const big = bodyOf(...Array.from({ length: 6 }, () => p(textNode('x'.repeat(1_000_000)))));
    expect(bodyIssues(big)).toEqual([]);
    const parsed = BodySchema.safeParse(big);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/larger than/);
  });
});

describe('body schema: what the editor writes is accepted', () => {
  it('accepts every shape the editor has: paragraphs, headings, quotes, pull quotes, nested lists, links, line breaks, tabs, images', () => {
    const body = bodyOf(
      p(textNode('a'), linebreak(), tab(), link(textNode('b'), linebreak())),
      el('heading', [textNode('h')], { tag: 'h2' }),
      el('quote', [textNode('q')]),
      el('pull-quote', [textNode('pq')]),
      list(li(textNode('one')), li(list(li(textNode('nested')))), li(link(textNode('l')))),
      image(),
      p(),
      { ...p(), children: undefined },
      // Blocks inside blocks, as a pasted blockquote of paragraphs and editing inside it make them.
      el('quote', [p(textNode('one')), el('heading', [textNode('two')], { tag: 'h2' }), list(li(p(textNode('three'))))]),
      p(link(image()), el('pull-quote', [textNode('x')])),
    );
    expect(bodyIssues(body)).toEqual([]);
    expect(() => load(body)).not.toThrow();
    expect(isValidBody(emptyBody('rtl'))).toBe(true);
  });

  it('accepts the seed article bodies and the editor own serialisation of them', () => {
    for (const version of Object.values(seedArticle().versions)) {
      expect(bodyIssues(version!.body)).toEqual([]);
      expect(bodyIssues(load(version!.body).getEditorState().toJSON())).toEqual([]);
    }
  });

  it('accepts what the editor makes of pasted HTML, however it is structured', async () => {
    const parseHtml = (html: string) => new JSDOM(html).window.document;
    const pastes = [
      '<blockquote><p>one</p><p>two</p></blockquote>',
      '<blockquote><h2>head</h2><ul><li>item</li></ul><blockquote><p>inner</p></blockquote><figure><img src="z.png"></figure>text</blockquote>',
      '<blockquote><p>a <a href="https://example.org/">l</a></p>tail<br><p><b>bold</b></p></blockquote>',
      '<ul><li><blockquote>quoted item</blockquote></li><li><h3>heading item</h3></li></ul>',
      '<ul><li><p>item</p><p>second paragraph</p></li><li><ul><li>nested</li></ul></li></ul>',
      '<ol><li>a<ol><li>b<ol><li>c</li></ol></li></ol></li></ol>',
      '<p><img src="x.png"><figure><img src="y.png"><figcaption>c</figcaption></figure></p>',
      '<h1>h1</h1><h4>h4</h4><h6>h6</h6><pre>code\n\tindented</pre>',
      '<a href="https://example.org/"><p>block in a link</p><h2>heading in a link</h2></a>',
      '<table><tr><td>cell</td><td><p>para</p></td></tr></table>',
      '<div><div><div><span>deep <b>bold <i>italic</i></b></span><br><br></div></div></div>',
      '<aside class="pull-quote">pull</aside><blockquote>quote<br>break</blockquote>',
      'text<br>with<br>breaks<p>and a paragraph</p>tail',
      '<li>stray item</li><li>another</li>',
      '<p>a <a href="https://a.example/">link <a href="https://b.example/">inner</a></a></p>',
    ];
    const places: ((editor: LexicalEditor) => void)[] = [
      (editor) => editor.update(() => $getRoot().clear().append($createParagraphNode()).selectEnd(), { discrete: true }),
      (editor) =>
        editor.update(
          () => {
            const item = $createListItemNode().append($createTextNode('item'));
            $getRoot().clear().append($createListNode('bullet').append(item));
            item.selectEnd();
          },
          { discrete: true },
        ),
      (editor) =>
        editor.update(
          () => {
            const quote = $createQuoteNode().append($createTextNode('quoted'));
            $getRoot().clear().append(quote);
            quote.selectStart();
          },
          { discrete: true },
        ),
    ];
    const found: unknown[] = [];
    for (const html of pastes) {
      for (const [placeIndex, place] of places.entries()) {
        const editor = buildEditorFromExtensions(articleBodyExtension('en', null), configExtension(HistoryExtension, { disabled: false }), configExtension(PasteExtension, { lang: 'en', parseHtml }));
        place(editor);
        const clipboardData = { types: ['text/html', 'text/plain'], files: [], getData: (type: string) => (type === 'text/html' ? html : 'plain') };
        editor.dispatchCommand(PASTE_COMMAND, { clipboardData, target: null, preventDefault: () => undefined } as unknown as PasteCommandType);
        await new Promise((resolve) => setTimeout(resolve, 0));
        const issues = bodyIssues(editor.getEditorState().toJSON());
        if (issues.length > 0) found.push({ html, placeIndex, issues: issues.map((i) => i.message + ' @ ' + i.path.join('.')), json: JSON.stringify(editor.getEditorState().toJSON()).slice(0, 1500) });
      }
    }
    expect(found).toEqual([]);
  });

  it('property: whatever the editor is made to do, the body it then holds is accepted (a save is never refused)', async () => {
    const parseHtml = (html: string) => new JSDOM(html).window.document;
    const pastes = ['<blockquote><p>one</p><p>two</p></blockquote>', '<ul><li><p>a</p><p>b</p></li></ul>', '<p>x</p><p>y</p>', '<ol><li>a<ol><li>b</li></ol></li></ol>', '<h2>h</h2>t', '<blockquote><ul><li>q</li></ul><h3>h</h3></blockquote>'];
    const starts = [
      bodyOf(p(textNode('start text here'))),
      bodyOf(el('quote', [p(textNode('one')), p(textNode('two'))]), p(textNode('after'))),
      bodyOf(list(li(textNode('a')), li(list(li(textNode('b'))))), image(), p(link(textNode('link')), linebreak(), textNode('tail'))),
    ];
    type Op = { kind: string; blockType?: (typeof BLOCK_TYPES)[number]; html?: string };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.constantFrom(...BLOCK_TYPES).map((blockType) => ({ kind: 'type', blockType })),
      fc.constantFrom('enter', 'br', 'backspace', 'delete', 'indent', 'outdent', 'image', 'link', 'unlink', 'bold', 'undo', 'redo', 'tab', 'text').map((kind) => ({ kind })),
      fc.constantFrom(...pastes).map((html) => ({ kind: 'paste', html })),
    );
    const allNodes = (): LexicalNode[] => {
      const out: LexicalNode[] = [];
      const stack: LexicalNode[] = [$getRoot()];
      while (stack.length > 0) {
        const node = stack.pop()!;
        out.push(node);
        if ($isElementNode(node)) stack.push(...node.getChildren());
      }
      return out;
    };
    const run = (editor: LexicalEditor, { kind, blockType, html }: Op) => {
      switch (kind) {
        case 'type':
          return editor.dispatchCommand(SET_BLOCK_TYPE_COMMAND, blockType!);
        case 'enter':
          return editor.dispatchCommand(INSERT_PARAGRAPH_COMMAND, undefined);
        case 'br':
          return editor.dispatchCommand(INSERT_LINE_BREAK_COMMAND, false);
        case 'backspace':
        case 'delete':
          return editor.dispatchCommand(DELETE_CHARACTER_COMMAND, kind === 'backspace');
        case 'indent':
          return editor.dispatchCommand(INDENT_CONTENT_COMMAND, undefined);
        case 'outdent':
          return editor.dispatchCommand(OUTDENT_CONTENT_COMMAND, undefined);
        case 'image':
          return editor.dispatchCommand(INSERT_IMAGE_COMMAND, { sha256: 'a'.repeat(64), width: 1, height: 1 });
        case 'link':
        case 'unlink':
          return editor.dispatchCommand(TOGGLE_LINK_COMMAND, kind === 'link' ? 'https://example.org/' : null);
        case 'bold':
          return editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'bold');
        case 'undo':
          return editor.dispatchCommand(UNDO_COMMAND, undefined);
        case 'redo':
          return editor.dispatchCommand(REDO_COMMAND, undefined);
        case 'tab':
          return editor.dispatchCommand(KEY_TAB_COMMAND, { preventDefault: () => undefined, shiftKey: false } as unknown as KeyboardEvent);
        case 'text':
          return editor.dispatchCommand(CONTROLLED_TEXT_INSERTION_COMMAND, 'wx');
        default: {
          const clipboardData = { types: ['text/html'], files: [], getData: (type: string) => (type === 'text/html' ? html! : '') };
          return editor.dispatchCommand(PASTE_COMMAND, { clipboardData, target: null, preventDefault: () => undefined } as unknown as PasteCommandType);
        }
      }
    };
    // Where the selection is before each step: a point (or a range) in a text node, or a place between an element's children.
    const step = fc.tuple(op, fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.boolean());
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...starts.keys()), fc.array(step, { minLength: 1, maxLength: 20 }), async (start, steps) => {
        const editor = buildEditorFromExtensions(
          articleBodyExtension('en', starts[start] as unknown as SerializedEditorState),
          configExtension(HistoryExtension, { disabled: false }),
          configExtension(PasteExtension, { lang: 'en', parseHtml }),
        );
        for (const [operation, a, b, c, d, collapsed] of steps) {
          editor.update(
            () => {
              const texts = allNodes().filter($isTextNode);
              const elements = allNodes().filter($isElementNode);
              const selection = $createRangeSelection();
              if (texts.length > 0 && a % 3 !== 0) {
                const from = texts[a % texts.length]!;
                const to = collapsed ? from : texts[c % texts.length]!;
                selection.anchor.set(from.getKey(), b % (from.getTextContentSize() + 1), 'text');
                selection.focus.set(to.getKey(), (collapsed ? b : d) % (to.getTextContentSize() + 1), 'text');
              } else {
                const element = elements[a % elements.length]!;
                selection.anchor.set(element.getKey(), b % (element.getChildrenSize() + 1), 'element');
                selection.focus.set(element.getKey(), b % (element.getChildrenSize() + 1), 'element');
              }
              $setSelection(selection);
            },
            { discrete: true },
          );
          try {
            editor.update(() => void run(editor, operation), { discrete: true });
          } catch {
            // A command Lexical refuses in this spot changes nothing.
          }
          await new Promise((resolve) => setTimeout(resolve, 0));
          const state = editor.getEditorState().toJSON();
          expect(bodyIssues(state), JSON.stringify(state)).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it('property: a body the schema accepts loads in the editor and comes back as one it accepts', () => {
    fc.assert(
      fc.property(acceptedBody, (body) => {
        expect(bodyIssues(body)).toEqual([]);
        const again = load(body).getEditorState().toJSON();
        expect(bodyIssues(again)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
