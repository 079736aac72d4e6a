import type { SerializedNode } from '../../shared/article';

/** A saved text node, as Lexical writes one. */
export const textNode = (text: string): SerializedNode => ({ type: 'text', version: 1, text, format: 0, detail: 0, mode: 'normal', style: '' });

/** A saved top-level paragraph; `state` is its NodeState (`{ seg, link }`), saved under `$`. */
export function paragraph(text: string, state?: Record<string, unknown>): SerializedNode {
  return {
    type: 'paragraph',
    version: 1,
    direction: null,
    format: '',
    indent: 0,
    textFormat: 0,
    textStyle: '',
    children: text === '' ? [] : [textNode(text)],
    ...(state ? { $: state } : {}),
  };
}
