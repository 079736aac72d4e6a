// npm run server -- [serve] --data DIR [--port N] [--host ADDR] [--tls-cert FILE --tls-key FILE]
// npm run server -- user add|list|remove|token|role … --data DIR
// Builds the newsroom server (server/main.ts → out/server/main.js, unless
// --no-build), then runs it with these arguments. `--build-only` builds and
// stops (npm run build does that). The build log goes to stderr, so stdout
// carries only the server's own lines (QELEM_SERVER_URL=…, QELEM_TOKEN=…).
import path from 'node:path';
import { spawn } from 'node:child_process';
import { build } from 'vite';
import { forwardSignalsAndExitWith, projectDir } from './web.mjs';

export const serverEntry = path.join(projectDir, 'out/server/main.js');

/**
 * One ES module for Node 24 with everything bundled (Hocuspocus, crossws,
 * Yjs, zod, our shared/): out/server/main.js runs on a machine with Node 24
 * and nothing else installed. Only node: builtins stay outside.
 */
export async function buildServer({ outDir = path.dirname(serverEntry) } = {}) {
  await build({
    configFile: false,
    root: projectDir,
    logLevel: 'warn',
    publicDir: false,
    build: {
      ssr: path.join(projectDir, 'server/main.ts'),
      outDir,
      emptyOutDir: true,
      target: 'node24',
      minify: false,
      sourcemap: true,
      rollupOptions: { output: { format: 'es', entryFileNames: 'main.js' } },
    },
    ssr: { noExternal: true, target: 'node' },
  });
  return path.join(outDir, 'main.js');
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  if (!args.includes('--no-build')) {
    try {
      await buildServer();
    } catch (error) {
      console.error(`The server build failed (${error instanceof Error ? error.message : String(error)}), so it was not started.`);
      process.exit(1);
    }
  }
  if (!args.includes('--build-only')) {
    const child = spawn(process.execPath, ['--enable-source-maps', serverEntry, ...args.filter((arg) => arg !== '--no-build')], { cwd: process.env.INIT_CWD ?? process.cwd(), stdio: 'inherit' });
    forwardSignalsAndExitWith(child);
  }
}
