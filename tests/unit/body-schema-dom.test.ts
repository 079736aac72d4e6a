// @vitest-environment jsdom
/**
 * Every body the schema accepts is shown by the editor in a document, not
 * only loaded headless: the editor is given a root element, so Lexical's
 * reconciler builds the DOM of every node (where a misplaced node would
 * break it), as the renderer's editor does.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildEditorFromExtensions } from '@lexical/extension';
import type { SerializedEditorState } from 'lexical';
import { articleBodyExtension } from '../../shared/editor/article-editor';
import { bodyIssues } from '../../shared/editor/body-schema';
import { acceptedBody, bodyOf, linebreak } from './helpers/body-arbitrary';

function show(body: unknown): HTMLElement {
  const editor = buildEditorFromExtensions(articleBodyExtension('ckb', body as SerializedEditorState));
  const root = document.createElement('div');
  root.contentEditable = 'true';
  document.body.append(root);
  try {
    editor.setRootElement(root);
    return root.cloneNode(true) as HTMLElement;
  } finally {
    editor.setRootElement(null);
    root.remove();
  }
}

describe('body schema: accepted bodies are shown in a document', () => {
  it('property: the editor builds the DOM of any accepted body, its text all there', () => {
    fc.assert(
      fc.property(acceptedBody, (body) => {
        expect(bodyIssues(body)).toEqual([]);
        const shown = show(body);
        expect(shown.childElementCount).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('a body the schema refuses is one the editor cannot show at all (the blank window of issue 18)', () => {
    expect(() => show(bodyOf(linebreak()))).toThrow(/#282|Only element or decorator nodes/);
  });
});
