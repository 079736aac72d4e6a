import { z } from 'zod';

/** A glossary (termbase) entry: one concept, its term in each language; at least one is filled in. */
export const GLOSSARY_LIMITS = { term: 300, note: 1_000, entries: 20_000, csvChars: 5_000_000 } as const;

const TermTextSchema = z.string().trim().max(GLOSSARY_LIMITS.term);

export const GlossaryTermInputSchema = z
  .strictObject({
    en: TermTextSchema,
    ckb: TermTextSchema,
    kmr: TermTextSchema,
    note: z.string().max(GLOSSARY_LIMITS.note).default(''),
  })
  .refine((t) => t.en !== '' || t.ckb !== '' || t.kmr !== '', { message: 'A glossary entry needs a term in at least one language' });

export const GlossaryTermSchema = z.object({
  id: z.uuid(),
  en: z.string(),
  ckb: z.string(),
  kmr: z.string(),
  note: z.string(),
  updatedAt: z.iso.datetime(),
});
export type GlossaryTerm = z.infer<typeof GlossaryTermSchema>;
