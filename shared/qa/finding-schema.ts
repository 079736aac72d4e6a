import { z } from 'zod';
import { LanguageKeySchema } from '../languages';
import { FINDING_CODE_LIST, type Finding } from './findings';

/**
 * The runtime schema of a pre-publish finding (findings.ts describes the
 * fields), for the API contract: checkArticle's output and the findings an
 * export refusal carries.
 */
const TextRangeSchema = z.object({ start: z.number().int().min(0), end: z.number().int().min(0) });

export const FindingSchema = z.object({
  code: z.enum(FINDING_CODE_LIST as [Finding['code'], ...Finding['code'][]]),
  severity: z.enum(['error', 'warning', 'suggestion']),
  lang: LanguageKeySchema.nullable(),
  segment: z.string().nullable(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  range: TextRangeSchema.optional(),
  source: z.object({ lang: LanguageKeySchema, segment: z.string(), range: TextRangeSchema.optional() }).optional(),
  fix: z.object({ range: TextRangeSchema, from: z.string(), to: z.string() }).optional(),
}) satisfies z.ZodType<Finding>;
