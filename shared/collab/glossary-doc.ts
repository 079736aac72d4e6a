import type * as Y from 'yjs';
import { z } from 'zod';
import { GLOSSARY_LIMITS } from '../translation/glossary';

/**
 * The newsroom's glossary (`glossary`): one Y.Map, `terms`, from entry id to
 * the entry (its terms, note and dates) as a whole value: two people
 * changing one entry at once keep the later change, two changing different
 * entries keep both. A deleted entry's key is deleted.
 */
export const GlossaryDocEntrySchema = z.object({
  en: z.string().max(GLOSSARY_LIMITS.term),
  ckb: z.string().max(GLOSSARY_LIMITS.term),
  kmr: z.string().max(GLOSSARY_LIMITS.term),
  note: z.string().max(GLOSSARY_LIMITS.note),
  createdAt: z.string().max(40),
  updatedAt: z.string().max(40),
});
export type GlossaryDocEntry = z.infer<typeof GlossaryDocEntrySchema>;

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function terms(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap('terms');
}

/** Every well-formed entry, by id (at most GLOSSARY_LIMITS.entries; anything else is skipped). */
export function readGlossaryDoc(doc: Y.Doc): Map<string, GlossaryDocEntry> {
  const found = new Map<string, GlossaryDocEntry>();
  for (const [id, value] of terms(doc)) {
    if (found.size >= GLOSSARY_LIMITS.entries) break;
    const parsed = GlossaryDocEntrySchema.safeParse(value);
    if (ID.test(id) && parsed.success) found.set(id, parsed.data);
  }
  return found;
}

export interface GlossaryDocChange {
  set: ReadonlyMap<string, GlossaryDocEntry>;
  remove: readonly string[];
}

/** Writes entries that differ from what the document holds and deletes the ones removed, in one transaction. */
export function writeGlossaryDoc(doc: Y.Doc, change: GlossaryDocChange, origin: unknown = null): void {
  const map = terms(doc);
  doc.transact(() => {
    for (const [id, entry] of change.set) {
      const held = GlossaryDocEntrySchema.safeParse(map.get(id));
      const next = GlossaryDocEntrySchema.parse(entry);
      if (held.success && JSON.stringify(held.data) === JSON.stringify(next)) continue;
      map.set(id, next);
    }
    for (const id of change.remove) if (map.has(id)) map.delete(id);
  }, origin);
}
