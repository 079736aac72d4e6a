import { readFile, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ApiInput, ApiOutput } from '../../shared/api';
import type { ApiMethod } from '../../shared/api-methods';
import type { ApiResult } from '../../shared/errors';
import { startBrowserMode } from '../browser-mode';

/** Browser mode (out/main/web.js, plain Node) on a library folder, as the e2e tests start it. */
export interface AppHost {
  /** The sign-in page browser mode printed (QELEM_URL, a file that posts the token). */
  url: string;
  origin: string;
  pid: number;
  /** Calls the loopback API the way the renderer does (JSON over POST), authenticated with the token. */
  api<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>>;
  /**
   * A document session as a page opens one: the event stream (/api/events)
   * held open, its first event naming the session; close() ends the stream
   * and with it the session.
   */
  openSession(): Promise<{ session: string; close(): void }>;
  /** Resident set size of the host process, from /proc/<pid>/status (VmRSS), in MB; also the peak (VmHWM). */
  memory(): { rssMb: number; peakMb: number };
  stop(): Promise<void>;
}

/** Starts the bench's private copy of the app build (out/bench/app, copied from out/ by run.mjs). */
export async function startAppHost(repoRoot: string, libraryDir: string): Promise<AppHost> {
  const { url, origin, token, child } = await startBrowserMode(path.join(repoRoot, 'out/bench/app/main/web.js'), libraryDir, 20_000);
  const pid = child.pid as number;
  return {
    url,
    origin,
    pid,
    async api(method, input) {
      const response = await fetch(`${origin}/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      const result = (await response.json()) as ApiResult<ApiOutput<typeof method>>;
      if (!result.ok) throw new Error(`${method} failed: ${result.error.code}: ${result.error.message}`);
      return result.value;
    },
    async openSession() {
      const abort = new AbortController();
      const response = await fetch(`${origin}/api/events`, { headers: { Authorization: `Bearer ${token}` }, signal: abort.signal });
      if (!response.ok || !response.body) throw new Error(`/api/events answered ${response.status}`);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      let session: string | null = null;
      while (session === null) {
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended before naming a session');
        buffer += decoder.decode(value, { stream: true });
        for (const line of buffer.split('\n')) {
          const data = /^data: (.*)$/.exec(line)?.[1];
          const event = data ? (JSON.parse(data) as { type?: string; session?: string }) : null;
          if (event?.type === 'session' && typeof event.session === 'string') session = event.session;
        }
      }
      // Read on (and drop) whatever else comes, so the host never waits on a full socket.
      void (async () => {
        try {
          while (!(await reader.read()).done);
        } catch {
          // Aborted: the session is over.
        }
      })();
      return { session, close: () => abort.abort() };
    },
    memory() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

/**
 * A tiny static server on 127.0.0.1 (free port) for the baseline page built to
 * `dir`, plus the bench documents from memory: /docs/<lang>.json (a body's
 * JSON) and /docs/<lang>.yjs (a version document's state), keyed `<lang>.json`
 * and `<lang>.yjs` in `docs`.
 */
export async function startStaticServer(dir: string, docs: Map<string, string | Uint8Array>): Promise<{ url: string; close(): Promise<void> }> {
  const root = path.resolve(dir);
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const doc = /^\/docs\/([a-z]+\.(?:json|yjs))$/.exec(pathname);
    if (doc?.[1] && docs.has(doc[1])) {
      res.writeHead(200, { 'Content-Type': doc[1].endsWith('.json') ? (TYPES['.json'] as string) : 'application/octet-stream', 'Cache-Control': 'no-store' });
      res.end(docs.get(doc[1]));
      return;
    }
    const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
    if (!file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file, (error, content) => {
      if (error) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(content);
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
