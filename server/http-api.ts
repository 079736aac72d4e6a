import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccountStore } from './accounts';
import type { Logger } from './log';
import { failureKey, type FailureLimiter } from './rate-limit';

/**
 * The server's HTTP resources:
 *
 * - `GET /api/me` with `Authorization: Bearer TOKEN` answers `{ "name",
 *   "role" }` (the desktop shows whom it is connected as), 401 otherwise.
 *   Wrong tokens count against the address as on the WebSocket.
 * - `GET /healthz` (liveness: the process answers) `{ "status": "ok" }`, and
 *   `GET /readyz` (readiness, for a load balancer) 200 `{ "ready": true, … }`
 *   or 503 `{ "ready": false, … }` with what is wrong: storage unreachable,
 *   Redis not connected, the instance stopping. No token, and nothing about
 *   any document or account.
 *
 * Anything else is 404. No CORS headers: a web page of another origin
 * cannot read the answers.
 */
export interface Readiness {
  ready: boolean;
  /** Each check: "ok" or what is wrong, in a few words. */
  checks: Record<string, string>;
}

export function apiHandler(deps: {
  accounts: AccountStore;
  limiter: FailureLimiter;
  addressOf: (request: IncomingMessage) => string;
  log: Logger;
  readiness: () => Promise<Readiness>;
}) {
  const { accounts, limiter, addressOf, log, readiness } = deps;
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const method = request.method ?? '';
    if ((method === 'GET' || method === 'HEAD') && pathname === '/healthz') return send(response, 200, { status: 'ok' });
    if ((method === 'GET' || method === 'HEAD') && pathname === '/readyz') {
      const state = await readiness();
      return send(response, state.ready ? 200 : 503, { ready: state.ready, ...state.checks });
    }
    if (method !== 'GET' || pathname !== '/api/me') return send(response, 404, { error: 'not-found' });
    const address = addressOf(request);
    await limiter.beforeAttempt(address);
    const token = /^Bearer +([^ ]+) *$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!token) return send(response, 401, { error: 'missing-token' });
    const account = await accounts.authenticate(token);
    if (!account) {
      limiter.failed(address, failureKey(token));
      log.warn(`refused ${address} for GET /api/me: invalid token (${limiter.failures(address)} failures)`);
      return send(response, 401, { error: 'invalid-token' });
    }
    limiter.succeeded(address);
    send(response, 200, { name: account.name, role: account.role });
  };
}

function send(response: ServerResponse, status: number, body: object): void {
  const json = JSON.stringify(body);
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  };
  if (status === 401) headers['WWW-Authenticate'] = 'Bearer realm="qelem"';
  response.writeHead(status, headers);
  response.end(json);
}
