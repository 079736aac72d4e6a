import { NewsroomIdentitySchema, type NewsroomIdentity, type NewsroomRefusal } from '../../../shared/newsroom';

/**
 * Whom a token belongs to: the server's `GET /api/me` (server/http-api.ts)
 * on the http(s) twin of the newsroom address, the token in the
 * Authorization header (never in the URL).
 */
export type IdentityAnswer = { ok: true; identity: NewsroomIdentity } | { ok: false; refusal: NewsroomRefusal } | { ok: false; unreachable: string };

export async function fetchIdentity(url: string, token: string, fetchImpl: typeof fetch = fetch, timeoutMs = 10_000): Promise<IdentityAnswer> {
  const address = new URL(url);
  address.protocol = address.protocol === 'wss:' ? 'https:' : 'http:';
  address.pathname = `${address.pathname.replace(/\/+$/, '')}/api/me`;
  let response: Response;
  try {
    response = await fetchImpl(address, { headers: { Authorization: `Bearer ${token}` }, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    return { ok: false, unreachable: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error) };
  }
  if (response.status === 401) return { ok: false, refusal: 'token' };
  if (response.status >= 500) return { ok: false, unreachable: `the server answered ${response.status}` };
  let body: unknown;
  try {
    body = response.ok ? await response.json() : null;
  } catch {
    body = null;
  }
  const identity = NewsroomIdentitySchema.safeParse(body);
  if (!identity.success) return { ok: false, refusal: 'not-a-newsroom' };
  if (identity.data.role === 'admin') return { ok: false, refusal: 'admin' };
  return { ok: true, identity: identity.data };
}
