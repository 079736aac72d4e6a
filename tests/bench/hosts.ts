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
 * `dir`, plus the bench documents at /docs/<name>.json from memory.
 */
export async function startStaticServer(dir: string, docs: Map<string, string>): Promise<{ url: string; close(): Promise<void> }> {
  const root = path.resolve(dir);
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const doc = /^\/docs\/([a-z]+)\.json$/.exec(pathname);
    if (doc?.[1] && docs.has(doc[1])) {
      res.writeHead(200, { 'Content-Type': TYPES['.json'] as string, 'Cache-Control': 'no-store' });
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
