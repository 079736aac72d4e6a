import { z } from 'zod';
import { IMPORT_PHASES } from '../export/package-format';

/**
 * What the main process tells a window about documents, unasked: another
 * window's or the newsroom's edits to a document the window has
 * open, presence in it, and which articles' saved rows changed (so lists
 * and the workspace read them again).
 *
 * Binary Yjs data crosses as base64: the same JSON for IPC and for browser
 * mode's event stream.
 */
export const DocumentEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('session'), session: z.string() }),
  z.object({ type: z.literal('update'), name: z.string(), update: z.string() }),
  z.object({ type: z.literal('awareness'), name: z.string(), update: z.string() }),
  z.object({ type: z.literal('derived'), articleIds: z.array(z.string()) }),
  /** The newsroom connection's status changed (getNewsroom says how); `glossary`: the glossary changed from the newsroom. */
  z.object({ type: z.literal('newsroom'), glossary: z.boolean().optional() }),
  /**
   * A package import under way (importPackage) has reached `phase`; `done`
   * of `total` counts what the phase goes through (base64 characters
   * received, image files written), 0 of 0 when it is one step.
   */
  z.object({ type: z.literal('import'), phase: z.enum(IMPORT_PHASES), done: z.number(), total: z.number() }),
]);
export type DocumentEvent = z.infer<typeof DocumentEventSchema>;

/** The largest Yjs update one call may carry (a whole 10,000-word version is about 1 MB). */
export const MAX_UPDATE_BYTES = 4 * 1024 * 1024;
/** …as base64. */
export const MAX_UPDATE_BASE64 = Math.ceil(MAX_UPDATE_BYTES / 3) * 4;
