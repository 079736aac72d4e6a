import { $getRoot, $isElementNode, $parseSerializedNode, type ElementNode, type LexicalNode } from 'lexical';
import type * as Y from 'yjs';
import type { Body, SerializedNode } from '../article';
import { SEGMENT_STATE_KEYS } from '../translation/segment';
import { fieldLinksMap, fieldText, TEXT_FIELDS, type VersionFields } from './version-doc';

/**
 * Makes a bound editor's body equal to a saved body with the fewest changes,
 * so that the binding turns them into the smallest Yjs edits: a paragraph
 * whose text changed is edited in place (Lexical's binding diffs the text),
 * not deleted and inserted again. That is what lets a whole-content write
 * (the translation workspace's rows, restoring a revision, saveVersion)
 * merge with what someone else typed meanwhile elsewhere in the document.
 *
 * Children are matched from both ends by type (top-level blocks by segment
 * id too); what is left in the middle is replaced. Run it inside an update
 * with `skipTransforms` (the body is applied exactly as given).
 */
export function $reconcileBody(body: Body): void {
  const root = $getRoot();
  $reconcileProperties(root, body.root as SerializedNode);
  $reconcileChildren(root, body.root.children, true);
}

function $reconcileChildren(parent: ElementNode, wanted: readonly SerializedNode[], topLevel: boolean): void {
  const current = parent.getChildren();
  const same = (node: LexicalNode, json: SerializedNode) => node.getType() === json.type && (!topLevel || segmentOf(node) === segmentOfJson(json));
  let start = 0;
  while (start < current.length && start < wanted.length && same(current[start]!, wanted[start]!)) start++;
  let end = 0;
  while (
    end < current.length - start &&
    end < wanted.length - start &&
    same(current[current.length - 1 - end]!, wanted[wanted.length - 1 - end]!)
  ) {
    end++;
  }
  for (let i = 0; i < start; i++) $reconcileNode(current[i]!, wanted[i]!);
  for (let i = 0; i < end; i++) $reconcileNode(current[current.length - 1 - i]!, wanted[wanted.length - 1 - i]!);
  const removed = current.slice(start, current.length - end);
  const added = wanted.slice(start, wanted.length - end).map((json) => $parseSerializedNode(json as never));
  const before = end > 0 ? current[current.length - end]! : null;
  for (const node of removed) node.remove();
  for (const node of added) {
    if (before) before.insertBefore(node);
    else parent.append(node);
  }
}

function $reconcileNode(node: LexicalNode, json: SerializedNode): void {
  $reconcileProperties(node, json);
  if ($isElementNode(node)) $reconcileChildren(node, json.children ?? [], false);
}

/** A node's own properties (text, format, NodeState…, not its children), written only where they differ. */
function $reconcileProperties(node: LexicalNode, json: SerializedNode): void {
  const { children: _ignored, ...wanted } = json;
  const { children: _own, ...own } = node.exportJSON() as SerializedNode;
  if (!sameJson(own, wanted)) node.updateFromJSON(wanted as never);
}

function segmentOf(node: LexicalNode): unknown {
  return segmentOfJson(node.exportJSON() as SerializedNode);
}

function segmentOfJson(json: SerializedNode): unknown {
  const state = json['$'];
  return state !== null && typeof state === 'object' ? (state as Record<string, unknown>)[SEGMENT_STATE_KEYS.id] : undefined;
}

/** Deep equality of JSON values, key order aside; an absent key and one set to undefined are the same. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((value, i) => sameJson(value, other[i]));
  }
  const left = Object.entries(a).filter(([, v]) => v !== undefined);
  const right = new Map(Object.entries(b).filter(([, v]) => v !== undefined));
  return left.length === right.size && left.every(([key, value]) => right.has(key) && sameJson(value, right.get(key)));
}

/**
 * Writes text fields and field links into a version document, each field as
 * the smallest edit from what it holds (a common prefix and suffix kept), in
 * one transaction with `origin`.
 */
export function writeFields(doc: Y.Doc, fields: Partial<VersionFields>, origin: unknown = null): void {
  doc.transact(() => {
    for (const field of TEXT_FIELDS) {
      const value = fields[field];
      if (value !== undefined) replaceText(fieldText(doc, field), value);
    }
    if (fields.fieldLinks) {
      const links = fieldLinksMap(doc);
      for (const field of TEXT_FIELDS) {
        const link = fields.fieldLinks[field] ?? null;
        const held = links.get(field) ?? null;
        if (!sameJson(held, link)) {
          if (link === null) links.delete(field);
          else links.set(field, link);
        }
      }
    }
  }, origin);
}

/** Replaces a Y.Text's content by `next`, deleting and inserting only what lies between their common prefix and suffix. */
export function replaceText(text: Y.Text, next: string): void {
  const current = text.toString();
  if (current === next) return;
  let start = 0;
  const shorter = Math.min(current.length, next.length);
  while (start < shorter && current.charCodeAt(start) === next.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && current.charCodeAt(current.length - 1 - end) === next.charCodeAt(next.length - 1 - end)) end++;
  // Never split a surrogate pair: widen the change to whole code points.
  if (start > 0 && isHighSurrogate(current.charCodeAt(start - 1))) start--;
  if (end > 0 && isLowSurrogate(current.charCodeAt(current.length - end))) end--;
  const removed = current.length - start - end;
  if (removed > 0) text.delete(start, removed);
  const inserted = next.slice(start, next.length - end);
  if (inserted !== '') text.insert(start, inserted);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
