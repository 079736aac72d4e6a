// npm run web -- [--library DIR] [--port N] [--no-build]
// Builds the app (unless --no-build), then runs browser mode on plain Node:
// the services over loopback HTTP, announced by one `QELEM_URL=…` line on stdout.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectDir = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(new URL('../package.json', import.meta.url));

/**
 * Runs `electron-vite build` on the Node that runs this script (the project's
 * Node 24). Its log goes to stderr, so stdout carries only the QELEM_URL line.
 */
export function buildApp() {
  // The bin is not in the package's exports; find it beside its package.json.
  const cli = join(dirname(require.resolve('electron-vite/package.json')), 'bin', 'electron-vite.js');
  const result = spawnSync(process.execPath, [cli, 'build'], { cwd: projectDir, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    console.error('The build failed (see above), so Qelem was not started.');
    process.exit(result.status ?? 1);
  }
}

/** Runs out/main/web.js with args; this process ends with it and passes signals on. */
export function runBrowserMode(args) {
  const child = spawn(process.execPath, ['out/main/web.js', ...args], { cwd: projectDir, stdio: 'inherit' });
  forwardSignalsAndExitWith(child);
}

/**
 * Ctrl+C reaches the whole process group anyway; a SIGTERM sent to this
 * script alone (by a test runner, say) must still close the library cleanly.
 */
export function forwardSignalsAndExitWith(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (error) => {
    console.error(`Could not start ${child.spawnfile}: ${error.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  if (!args.includes('--no-build')) buildApp();
  runBrowserMode(args.filter((arg) => arg !== '--no-build'));
}
