// @vitest-environment node
import { $createParagraphNode, $createTextNode, $getRoot, type ElementNode } from 'lexical';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { VersionContent } from '../../shared/article';
import { versionDocUpdate } from '../../shared/collab/convert';
import { bindVersionDoc } from '../../shared/collab/version-editor';
import { isValidBody } from '../../shared/editor/body-schema';
import type { LanguageKey } from '../../shared/languages';
import { BROKEN_BODY_EDITS, brokenBodyUpdate, type BrokenBodyEdit } from '../hostile-documents';
import { longTranslatedArticle } from './long-article';
import { seedArticle } from './seed-article';

const article = seedArticle();
const content = (lang: LanguageKey): VersionContent => {
  const { lang: _l, revision: _r, updatedAt: _u, ...rest } = article.versions[lang]!;
  return rest;
};

/** A copy of the version's document bound to a headless editor, as the main process holds one. */
function held(lang: LanguageKey, state = versionDocUpdate(article.id, lang, content(lang))) {
  const doc = new Y.Doc();
  const view = bindVersionDoc(doc, lang);
  Y.applyUpdate(doc, state);
  return { doc, view, state };
}

/** The update another copy of `state` makes with `edit` on its editor. */
function editedElsewhere(state: Uint8Array, lang: LanguageKey, edit: () => void): Uint8Array {
  const doc = new Y.Doc();
  const view = bindVersionDoc(doc, lang);
  Y.applyUpdate(doc, state);
  const before = Y.encodeStateVector(doc);
  view.editor.update(edit, { discrete: true });
  return Y.encodeStateAsUpdate(doc, before);
}

describe('document updates checked against the body rules (issue 18 §1, shared documents)', () => {
  const edits = Object.keys(BROKEN_BODY_EDITS) as BrokenBodyEdit[];

  it.each(edits)('%s: refused, with the place it is at', (edit) => {
    const { view, state } = held('ckb');
    const issues = view.applyChecked(brokenBodyUpdate(state, edit), 'test');
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.path[0]).toBe('root');
  });

  it.each(edits)('%s: the whole body read from such a document fails the schema too', (edit) => {
    const { state } = held('en');
    const broken = Y.mergeUpdates([state, brokenBodyUpdate(state, edit)]);
    const doc = new Y.Doc();
    const view = bindVersionDoc(doc, 'en');
    let read: VersionContent | null = null;
    try {
      Y.applyUpdate(doc, broken);
      read = view.read();
    } catch {
      // The binding cannot even build it (an unknown type): refused as well.
    }
    if (read) expect(isValidBody(read.body)).toBe(false);
  });

  it('accepts what an editor writes: typing, new paragraphs, a paragraph removed, text replaced', () => {
    const { view, state } = held('en');
    const typed = editedElsewhere(state, 'en', () => {
      const first = $getRoot().getFirstChildOrThrow();
      first.selectEnd();
      $getRoot().append($createParagraphNode().append($createTextNode('A new paragraph.')));
    });
    expect(view.applyChecked(typed, 'test')).toEqual([]);
    const removed = editedElsewhere(Y.encodeStateAsUpdate(view.doc), 'en', () => $getRoot().getLastChildOrThrow().remove());
    expect(view.applyChecked(removed, 'test')).toEqual([]);
    const fields = (() => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(view.doc));
      const before = Y.encodeStateVector(doc);
      doc.getText('field:headline').insert(0, 'Breaking: ');
      return Y.encodeStateAsUpdate(doc, before);
    })();
    expect(view.applyChecked(fields, 'test')).toEqual([]);
    expect(isValidBody(view.read().body)).toBe(true);
  });

  it('checks a keystroke in a 5,000-paragraph body where it changed, not the whole body', () => {
    const long = longTranslatedArticle(5_000);
    const { lang: _l, revision: _r, updatedAt: _u, ...longContent } = long.versions.en!;
    const clean = versionDocUpdate(long.id, 'en', longContent);
    // The first block already broken (a list item inside it), as a library broken by hand would hold it: a check of
    // the whole body would find it on every update; a check of what changed finds it only when that block changes.
    const state = Y.mergeUpdates([clean, brokenBodyUpdate(clean, 'a list item in a paragraph')]);
    const { view } = held('en', state);
    const typeIn = (index: number) =>
      editedElsewhere(Y.encodeStateAsUpdate(view.doc), 'en', () => {
        const block = $getRoot().getChildAtIndex<ElementNode>(index)!;
        const text = block.getAllTextNodes()[0]!;
        text.select(0, 0).insertText('x');
      });
    expect(view.applyChecked(typeIn(2_500), 'test')).toEqual([]);
    const [issue] = view.applyChecked(typeIn(0), 'test');
    expect(issue?.path.slice(0, 3)).toEqual(['root', 'children', 0]);
  }, 60_000);
});
