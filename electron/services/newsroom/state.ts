import path from 'node:path';
import { z } from 'zod';
import { NewsroomIdentitySchema } from '../../../shared/newsroom';
import { readJsonFile, removeJsonFile, writeJsonFile } from '../../store/json-file';

/**
 * What the library remembers of its newsroom between runs (no secret: the
 * token is in the SecretStore), in `newsroom.json` in the library folder.
 */
export const NEWSROOM_FILE = 'newsroom.json';

export const NewsroomStateSchema = z.object({
  url: z.string().nullable().default(null),
  allowUnencrypted: z.boolean().default(false),
  /** Whom the token belongs to, as the server last said (the role decides what is read-only, offline too). */
  identity: NewsroomIdentitySchema.nullable().default(null),
  lastSyncAt: z.string().nullable().default(null),
  /** The library's glossary entries were added to the newsroom's once; since then the newsroom's is the glossary. */
  glossaryJoined: z.boolean().default(false),
  /** Per document, the state vector (base64) the server was last known to hold: what is beyond it is not synced. */
  confirmed: z.record(z.string(), z.string()).default({}),
});
export type NewsroomState = z.infer<typeof NewsroomStateSchema>;

export function newsroomFile(libraryDir: string): string {
  return path.join(libraryDir, NEWSROOM_FILE);
}

export const readNewsroomState = (file: string): NewsroomState => readJsonFile(file, NewsroomStateSchema);
export const writeNewsroomState = (file: string, state: NewsroomState): void => writeJsonFile(file, state);
export const removeNewsroomState = (file: string): void => removeJsonFile(file);
