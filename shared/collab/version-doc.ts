import type * as Y from 'yjs';
import type { VersionContent } from '../article';
import { FieldLinksSchema, type FieldLinks } from '../translation/segment';

/**
 * The layout of one language version's document. Every shared type is a
 * top-level one, created by name: two copies that each create it merge into
 * one (a Y.Text set as a value inside a map would not: the later one would
 * replace the other with its text).
 *
 * - `body`: Lexical's root, bound by @lexical/yjs (./body-binding).
 * - one Y.Text per text field (headline, standfirst, …).
 * - `fieldLinks`: what each field translates (a translation's links), one
 *   entry per field, the last write winning.
 */
export const BODY_ROOT = 'body';

export const TEXT_FIELDS = ['headline', 'standfirst', 'dateline', 'byline', 'leadImageCaption', 'leadImageAlt'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export function fieldText(doc: Y.Doc, field: TextField): Y.Text {
  return doc.getText(`field:${field}`);
}

export function fieldLinksMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('fieldLinks');
}

/** The field links a document holds; an entry that does not parse is left out. */
export function readFieldLinks(doc: Y.Doc): FieldLinks {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of fieldLinksMap(doc)) if (value !== null) raw[key] = value;
  const parsed = FieldLinksSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const links: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (FieldLinksSchema.safeParse({ [key]: value }).success) links[key] = value;
  }
  return FieldLinksSchema.parse(links);
}

export type VersionFields = Pick<VersionContent, TextField | 'fieldLinks'>;

export function readFields(doc: Y.Doc): VersionFields {
  const fields = Object.fromEntries(TEXT_FIELDS.map((field) => [field, fieldText(doc, field).toString()])) as Record<TextField, string>;
  return { ...fields, fieldLinks: readFieldLinks(doc) };
}
