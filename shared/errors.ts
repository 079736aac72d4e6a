import { z } from 'zod';
import { MAX_REVISION } from './article';
import { EXPORT_REFUSALS, PACKAGE_REFUSALS } from './export/package-format';
import { MEDIA_REFUSALS } from './media';
import { FindingSchema } from './qa/finding-schema';

type Refusal = (typeof MEDIA_REFUSALS)[number] | (typeof EXPORT_REFUSALS)[number] | (typeof PACKAGE_REFUSALS)[number];

/** Every `refusal` an invalid_input may carry: importMedia's, exportArticle's and importPackage's. */
export const REFUSALS = [...new Set<Refusal>([...MEDIA_REFUSALS, ...EXPORT_REFUSALS, ...PACKAGE_REFUSALS])] as [Refusal, ...Refusal[]];

/** Every failure that crosses a process boundary is one of these codes. */
export const API_ERROR_CODES = [
  'invalid_input', // the payload did not match the method's schema
  'unknown_method', // no such method in the contract
  'not_found', // the article, version or revision does not exist
  'conflict', // the save was based on a revision that is no longer current
  'storage_full', // the disk holding the library is full
  'storage_readonly', // the library folder cannot be written
  'storage', // any other storage failure
  'unauthorized', // transport: missing token, wrong sender, foreign origin
  'read_only', // the newsroom lets this account only read the document (`reason`: shared/collab/roles.ts)
  'internal', // a bug: logged in the main process
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export const ApiErrorBodySchema = z.object({
  code: z.enum(API_ERROR_CODES),
  message: z.string(),
  /** For `conflict`: the revision that is current now. */
  currentRevision: z.number().int().min(0).max(MAX_REVISION).optional(),
  /** For `invalid_input`: where the payload went wrong. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** For `invalid_input` from importMedia, exportArticle and importPackage: why it was refused (the message says it in English). */
  refusal: z.enum(REFUSALS).optional(),
  /** For `read_only`: why (shared/collab/roles.ts ReadOnlyReason). */
  reason: z.string().max(100).optional(),
  /** For an exportArticle refusal `qa_errors` or `qa_warnings`: the findings that stopped it. */
  findings: z.array(FindingSchema).optional(),
});

export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

/** The renderer-side error: thrown by the API client when a call fails. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly body: ApiErrorBody;
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.body = body;
  }
}

export function ok<T>(value: T): ApiResult<T> {
  return { ok: true, value };
}

export function fail(code: ApiErrorCode, message: string, extra: Partial<ApiErrorBody> = {}): { ok: false; error: ApiErrorBody } {
  return { ok: false, error: { ...extra, code, message } };
}

/** Turns zod issues into the flat, serialisable form carried by `invalid_input`. */
export function invalidInput(error: z.ZodError): { ok: false; error: ApiErrorBody } {
  const issues = error.issues.slice(0, 20).map((i) => ({ path: shortPath(i.path.map(String).join('.')) || '(payload)', message: i.message }));
  const first = issues[0];
  return fail('invalid_input', first ? `Invalid input at ${first.path}: ${first.message}` : 'Invalid input', { issues });
}

/** A path deep in a body (64 levels of `children.0`) kept readable: its start and its end. */
function shortPath(path: string): string {
  return path.length <= 160 ? path : `${path.slice(0, 60)}…${path.slice(-90)}`;
}
