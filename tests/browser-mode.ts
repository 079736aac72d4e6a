import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Starts browser mode (a built `web.js`, plain Node) on a library folder and
 * resolves with the one `QELEM_URL=` line it prints. Shared by the end-to-end
 * tests and the benchmarks.
 */
export async function startBrowserMode(webJs: string, libraryDir: string, timeoutMs = 15_000, extraArgs: readonly string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [webJs, '--library', libraryDir, '--port', '0', ...extraArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
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
  return { url, child };
}
