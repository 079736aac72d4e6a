// npm start [-- --library DIR]
// Builds, then launches Electron; where the Electron binary is missing and
// cannot be downloaded, serves the same app in browser mode instead.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { buildApp, forwardSignalsAndExitWith, projectDir, runBrowserMode } from './web.mjs';

const require = createRequire(new URL('../package.json', import.meta.url));

/**
 * The Electron executable, or null. `require('electron')` returns its path,
 * downloading the binary on first use, and throws when that fails. It runs in
 * a child process because the failed download prints a stack trace we do not
 * want in front of the user.
 */
function findElectron() {
  let entry;
  try {
    entry = require.resolve('electron');
  } catch {
    return null;
  }
  const probe = spawnSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(entry)}))`], {
    cwd: projectDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 10 * 60 * 1000, // a first download on a slow line takes minutes
  });
  const executable = probe.status === 0 ? probe.stdout.trim() : '';
  return executable !== '' && existsSync(executable) ? executable : null;
}

const args = process.argv.slice(2);
buildApp();
const electron = findElectron();
if (electron) {
  // ELECTRON_RUN_AS_NODE, if inherited, would turn the app into a plain Node process.
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(electron, [projectDir, ...args], { cwd: projectDir, env, stdio: 'inherit' });
  forwardSignalsAndExitWith(child);
} else {
  console.log(
    'Electron is not installed on this machine (its binary could not be downloaded), so Qelem is starting in browser mode: open the URL below.',
  );
  runBrowserMode(args);
}
