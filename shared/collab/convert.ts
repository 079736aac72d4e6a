import * as Y from 'yjs';
import { versionContent, type VersionContent } from '../article';
import { directionOf, type LanguageKey } from '../languages';
import { ensureSegmentIds } from '../translation/ensure-ids';
import { hash64 } from '../translation/hash';
import { bindVersionDoc } from './version-editor';

/**
 * Deterministic documents. Yjs names every item by (client id, clock), so
 * two machines that build a document with the same client id and the same
 * operations produce the same items, and merging them gives one copy, not
 * two. That is how a version saved before shared documents existed,
 * converted on two machines, and the empty start of a new version, made by
 * two people at once, merge without doubling their text.
 *
 * These return an update, never a live document: a document that goes on
 * being edited must have a client id of its own (two machines writing under
 * one client id would corrupt each other's history).
 */

/** A Yjs client id (an unsigned 32-bit integer, never 0) derived from `seed`. */
export function clientIdFor(seed: string): number {
  return Number.parseInt(hash64(seed).slice(0, 8), 16) || 1;
}

/** Segment ids derived from `seed`, the n-th the same everywhere. */
export function seededSegmentIds(seed: string): () => string {
  let n = 0;
  return () => {
    const digits = hash64(`${seed}#${n++}`) + hash64(`${seed}#${n}#`);
    let id = '';
    for (let i = 0; i < 12; i++) id += (Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16) % 36).toString(36);
    return id;
  };
}

/**
 * The state of a version document holding `content`, built the same way on
 * every machine: the client id comes from the version and its content, and
 * blocks without a segment id get seeded ones.
 */
export function versionDocUpdate(articleId: string, lang: LanguageKey, content: VersionContent): Uint8Array {
  const seed = `qelem/version/${articleId}/${lang}/${hash64(JSON.stringify(content))}`;
  const doc = new Y.Doc();
  doc.clientID = clientIdFor(seed);
  const { body } = ensureSegmentIds(content.body, seededSegmentIds(seed));
  const bound = bindVersionDoc(doc, lang);
  bound.write({ ...content, body });
  bound.dispose();
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

/** The start of a new version: one empty paragraph, the same items wherever and whoever starts it. */
export function emptyVersionDocUpdate(articleId: string, lang: LanguageKey): Uint8Array {
  return versionDocUpdate(articleId, lang, versionContent(undefined, directionOf(lang)));
}
