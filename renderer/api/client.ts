import { API_METHOD_NAMES, httpPath, type ApiMethod } from '../../shared/api-methods';
import type { ApiOutput, QelemApi, ServiceTable } from '../../shared/api';
import { ApiError, type ApiResult } from '../../shared/errors';

/**
 * The renderer's client of the one API contract. In Electron it calls the
 * preload bridge; in browser mode it posts to the loopback host, which
 * authenticates this page by the HttpOnly cookie it set. Either way a failed
 * call rejects with an ApiError carrying the typed code.
 */
export function createApiClient(bridge: ServiceTable | undefined = window.qelem): QelemApi {
  const transport = bridge ? (method: ApiMethod, input: unknown) => bridge[method](input) : callHost;
  const client = {} as Record<ApiMethod, (input: unknown) => Promise<unknown>>;
  for (const method of API_METHOD_NAMES) {
    client[method] = async (input: unknown) => {
      const result = await transport(method, input);
      if (!result.ok) throw new ApiError(result.error);
      return result.value;
    };
  }
  return client as unknown as QelemApi;
}

async function callHost<M extends ApiMethod>(method: M, input: unknown): Promise<ApiResult<ApiOutput<M>>> {
  let response: Response;
  try {
    response = await fetch(httpPath(method), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, error: { code: 'internal', message: 'unreachable' } };
  }
  try {
    return (await response.json()) as ApiResult<ApiOutput<M>>;
  } catch {
    return { ok: false, error: { code: 'internal', message: `HTTP ${response.status}` } };
  }
}
