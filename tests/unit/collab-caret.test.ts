// @vitest-environment jsdom
import { $createTextNode, $getRoot, $getSelection, $isElementNode, $isRangeSelection, type ElementNode } from 'lexical';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderAwareness } from '@lexical/yjs';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { VersionContent } from '../../shared/article';
import { bindBody } from '../../shared/collab/body-binding';
import { versionDocUpdate } from '../../shared/collab/convert';
import { headlessBodyEditor } from '../../shared/collab/version-editor';
import { seedArticle, SEED_ARTICLE_ID } from './seed-article';

/**
 * A window's caret when someone else's edit arrives: where the person put it,
 * even when the browser moved it and Lexical has not yet heard (its
 * selectionchange comes a moment later).
 */

afterEach(() => {
  document.body.replaceChildren();
});

const { lang: _l, revision: _r, updatedAt: _u, ...content } = seedArticle().versions.en!;

describe('the caret under a remote edit', () => {
  it('stays where the browser just moved it, not where the window last said it was', () => {
    const start = versionDocUpdate(SEED_ARTICLE_ID, 'en', content as VersionContent);
    const [docA, docB] = [new Y.Doc(), new Y.Doc()];
    const editorA = headlessBodyEditor('en');
    const root = document.createElement('div');
    root.contentEditable = 'true';
    document.body.append(root);
    editorA.setRootElement(root);
    const awarenessA = new Awareness(docA);
    // The window's presence, as DocumentBinding hands it over (y-protocols' Awareness is what the binding reads).
    bindBody(editorA, docA, { awareness: awarenessA as unknown as ProviderAwareness });
    const editorB = headlessBodyEditor('en');
    bindBody(editorB, docB);
    Y.applyUpdate(docA, start, 'remote');
    Y.applyUpdate(docB, start, 'remote');
    docB.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'from-a') Y.applyUpdate(docA, update, 'from-b');
    });

    // The caret at the end of the first paragraph, as Lexical knows it (and the window's presence says).
    editorA.update(() => $getRoot().getFirstChildOrThrow<ElementNode>().selectStart(), { discrete: true });
    editorA.update(() => $getRoot().getFirstChildOrThrow<ElementNode>().selectEnd(), { discrete: true });
    // Ctrl+Home in the browser: the DOM caret at the start; Lexical's selectionchange not handled yet.
    const firstText = root.querySelector('p')!.firstChild!;
    const textNode = firstText.nodeType === Node.TEXT_NODE ? firstText : firstText.firstChild!;
    window.getSelection()!.collapse(textNode, 0);

    // Someone else types, in the next paragraph.
    editorB.update(
      () => {
        const block = $getRoot().getChildAtIndex(1);
        if ($isElementNode(block)) block.append($createTextNode(' [B]'));
      },
      { discrete: true },
    );

    const caret = editorA.getEditorState().read(() => {
      const selection = $getSelection();
      if (!$isRangeSelection(selection)) return null;
      return { offset: selection.anchor.offset, text: selection.anchor.getNode().getTextContent(), collapsed: selection.isCollapsed() };
    });
    expect(editorA.getEditorState().read(() => $getRoot().getChildAtIndex(1)?.getTextContent())).toContain('[B]');
    expect(caret).toMatchObject({ offset: 0, collapsed: true });
  });
});
