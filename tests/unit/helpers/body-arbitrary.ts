import fc from 'fast-check';
import type { SerializedNode } from '../../../shared/editor/body-schema';
import { textNode } from '../body-fixtures';

/** Saved nodes as Lexical writes them. */
export const el = (type: string, children: SerializedNode[], extra: Record<string, unknown> = {}): SerializedNode => ({ type, version: 1, direction: null, format: '', indent: 0, children, ...extra });
export const p = (...children: SerializedNode[]) => el('paragraph', children, { textFormat: 0, textStyle: '' });
export const li = (...children: SerializedNode[]) => el('listitem', children, { value: 1 });
export const list = (...items: SerializedNode[]) => el('list', items, { listType: 'bullet', start: 1, tag: 'ul' });
export const link = (...children: SerializedNode[]) => el('link', children, { url: 'https://example.org/', rel: null, target: null, title: null });
export const linebreak = (): SerializedNode => ({ type: 'linebreak', version: 1 });
export const tab = (): SerializedNode => ({ type: 'tab', version: 1, text: '\t', format: 0, detail: 2, mode: 'normal', style: '' });
export const image = (): SerializedNode => ({ type: 'image', version: 1, sha256: 'a'.repeat(64), width: 10, height: 10, alt: 'alt', caption: 'caption', credit: '' });
export const bodyOf = (...children: unknown[]) => ({ root: { type: 'root', version: 1, direction: 'ltr', format: '', indent: 0, children } });

const leaf: fc.Arbitrary<SerializedNode> = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 6 }).map((text) => textNode(text)) },
  { weight: 1, arbitrary: fc.constant(linebreak()) },
  { weight: 1, arbitrary: fc.constant(tab()) },
  { weight: 1, arbitrary: fc.constant(image()) },
);

/**
 * Any body shaped as shared/editor/body-schema.ts accepts (acceptedBody below): blocks in the root,
 * list items (and inline nodes) in lists, leaves in links, and any other
 * node inside any other element (blocks in blocks), a few levels deep.
 */
const nodes = fc.letrec<{ block: SerializedNode; element: SerializedNode; child: SerializedNode; list: SerializedNode; item: SerializedNode }>((tie) => ({
    element: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.tuple(fc.constantFrom('paragraph', 'heading', 'quote', 'pull-quote'), fc.array(tie('child'), { maxLength: 3 })).map(([type, children]) =>
        el(type, children, type === 'heading' ? { tag: 'h3' } : type === 'paragraph' ? { textFormat: 0, textStyle: '' } : {}),
      ),
      tie('list'),
      fc.array(leaf, { maxLength: 3 }).map((children) => link(...children)),
    ),
    child: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('element')),
    block: fc.oneof({ weight: 5, arbitrary: tie('element').filter((node) => node.type !== 'link') }, { weight: 1, arbitrary: fc.constant(image()) }),
    list: fc.array(fc.oneof({ weight: 4, arbitrary: tie('item') }, { weight: 1, arbitrary: leaf.filter((node) => node.type !== 'image') }, { weight: 1, arbitrary: fc.array(leaf, { maxLength: 2 }).map((children) => link(...children)) }), { maxLength: 3 }).map((items) => list(...items)),
    item: fc.array(tie('child'), { maxLength: 3 }).map((children) => li(...children)),
}));

export const acceptedBody = fc.array(nodes.block, { minLength: 1, maxLength: 4 }).map((blocks) => bodyOf(...blocks));
