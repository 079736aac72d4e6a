import { z } from 'zod';
import { RoleSchema } from './collab/roles';

/**
 * The desktop's connection to the newsroom server, as the API describes it
 * (electron/services/newsroom). The token never appears here: it goes in
 * with connectNewsroom and is kept by the main process (Electron's
 * safeStorage), never handed back.
 */

/** Why the newsroom refused, or why the desktop refuses to connect. */
export const NEWSROOM_REFUSALS = [
  'token', // the server does not know the token (wrong, revoked, or its account removed)
  'admin', // an admin account: it manages accounts and opens no documents
  'unencrypted', // a plain ws:// server off this machine, and the "unencrypted" box not ticked
  'not-a-newsroom', // the address answers, but not as a Qelem newsroom server
] as const;
export const NewsroomRefusalSchema = z.enum(NEWSROOM_REFUSALS);
export type NewsroomRefusal = z.infer<typeof NewsroomRefusalSchema>;

export const NewsroomIdentitySchema = z.object({ name: z.string().max(200), role: RoleSchema });
export type NewsroomIdentity = z.infer<typeof NewsroomIdentitySchema>;

export const NewsroomStatusSchema = z.object({
  /**
   * off: no newsroom configured; connecting: trying (first time, or again
   * after it went away); connected: in sync or syncing; offline: the server
   * cannot be reached, everything goes on locally; refused: see `refusal`.
   */
  state: z.enum(['off', 'connecting', 'connected', 'offline', 'refused']),
  url: z.string().nullable(),
  allowUnencrypted: z.boolean(),
  refusal: NewsroomRefusalSchema.nullable(),
  /** Whom the token belongs to, as the server last said. */
  identity: NewsroomIdentitySchema.nullable(),
  /** When every document was last in sync with the server (ISO), null if never. */
  lastSyncAt: z.string().nullable(),
  /** Articles with edits the server has not confirmed yet (or not seen at all). */
  unsyncedArticleIds: z.array(z.string()),
  /** Documents being synced, and how many of them are not in sync yet. */
  documents: z.number().int(),
  pendingDocuments: z.number().int(),
  /** The token is kept (encrypted) for the next start; false: for this run only (browser mode, or no keychain). */
  tokenRemembered: z.boolean(),
});
export type NewsroomStatus = z.infer<typeof NewsroomStatusSchema>;

/** The address as typed: ws://, wss://, or http(s):// (taken as ws(s)://), a host, an optional port; nothing else. */
export const NewsroomUrlSchema = z
  .string()
  .trim()
  .max(500)
  .refine((text) => normalizeNewsroomUrl(text) !== null, { message: 'A newsroom address looks like wss://newsroom.example.org or ws://127.0.0.1:1234' });

/** The token as the account command printed it (the part after QELEM_TOKEN= is enough). */
export const NewsroomTokenSchema = z
  .string()
  .trim()
  .transform((text) => text.replace(/^QELEM_TOKEN=/, ''))
  .pipe(z.string().min(16, 'The token is the long line the account command printed').max(200).regex(/^[A-Za-z0-9_.~+/=-]+$/, 'A token has no spaces or other characters'));

/** ws(s)://host[:port][/path] with no credentials, query or fragment; null when the text is not such an address. */
export function normalizeNewsroomUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  const protocol = url.protocol === 'http:' ? 'ws:' : url.protocol === 'https:' ? 'wss:' : url.protocol;
  if (protocol !== 'ws:' && protocol !== 'wss:') return null;
  if (url.username || url.password || url.search || url.hash || !url.hostname) return null;
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/+$/, '');
  return `${protocol}//${url.host}${path}`;
}

/** Whether the address names this machine (a plain ws:// connection to it never leaves the machine). */
export function isLoopbackUrl(url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
