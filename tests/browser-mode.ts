import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

/** What the `QELEM_URL=` line of browser mode leads to. */
export interface SignIn {
  /** QELEM_URL: the sign-in page of this run, a file (it posts the token; no address ever holds it). */
  url: string;
  /** Where the app is served: `http://127.0.0.1:PORT`. */
  origin: string;
  /** The run's token, for API calls with `Authorization: Bearer` (read from the sign-in page). */
  token: string;
}

/** The origin and token behind a QELEM_URL, read from the sign-in page it names. */
export function signInOf(url: string): SignIn {
  const page = readFileSync(fileURLToPath(url), 'utf8');
  const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
  const token = /<input type="hidden" name="token" value="([^"]+)">/.exec(page)?.[1];
  if (!action || !token) throw new Error(`${url} is not a Qelem sign-in page`);
  return { url, origin: new URL(action).origin, token };
}

/**
 * Starts browser mode (a built `web.js`, plain Node) on a library folder and
 * resolves with the one `QELEM_URL=` line it prints, and what that sign-in
 * page holds. Shared by the end-to-end tests and the benchmarks.
 */
export async function startBrowserMode(webJs: string, libraryDir: string, timeoutMs = 15_000, extraArgs: readonly string[] = []): Promise<SignIn & { child: ChildProcess }> {
  const child = spawn(process.execPath, [webJs, '--library', libraryDir, '--port', '0', ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
  return { ...(await signInPrinted(child, timeoutMs)), child };
}

/** The sign-in of the `QELEM_URL=` line `child` (browser mode) prints on its stdout. */
export async function signInPrinted(child: ChildProcess, timeoutMs = 15_000): Promise<SignIn> {
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`browser mode did not print QELEM_URL within ${timeoutMs / 1000} s`)), timeoutMs);
    child.once('exit', (code) => fail(new Error(`browser mode exited with ${code}`)));
    lines.on('line', (line) => {
      const match = /^QELEM_URL=(.+)$/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        ok(match[1]);
      }
    });
  });
  return signInOf(url);
}

/**
 * Opens QELEM_URL in `page` and waits until the sign-in has led to the app:
 * the file posts the token, the answer moves on to `/`. A `goto` alone
 * returns when the file has loaded, and a navigation right after it would
 * race the sign-in's own.
 */
export async function signIn(page: Pick<Page, 'goto' | 'waitForURL'>, url: string): Promise<void> {
  const { origin } = signInOf(url);
  await page.goto(url);
  await page.waitForURL((address) => address.origin === origin && address.pathname === '/', { waitUntil: 'load' });
}
