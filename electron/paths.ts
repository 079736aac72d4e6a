import { homedir } from 'node:os';
import { posix, resolve, win32 } from 'node:path';

/**
 * The library folder inside the user-data folder Electron would use for this
 * app (`app.getPath('userData')` is `<appData>/<productName>`), computed
 * without Electron so browser mode on plain Node finds the same library.
 */
export function defaultLibraryDir(
  appName = 'Qelem',
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  if (platform === 'win32') {
    const appData = env.APPDATA || win32.join(home, 'AppData', 'Roaming');
    return win32.join(appData, appName, 'library');
  }
  if (platform === 'darwin') {
    return posix.join(home, 'Library', 'Application Support', appName, 'library');
  }
  // Electron follows the XDG spec on Linux and the BSDs; a relative XDG value is invalid per the spec.
  const xdg = env.XDG_CONFIG_HOME;
  const configHome = xdg && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.config');
  return posix.join(configHome, appName, 'library');
}

/**
 * The library folder for this run: `--library DIR` (or `--library=DIR`) wins,
 * then the QELEM_LIBRARY environment variable, then defaultDir. Relative paths
 * are resolved against the working directory. Throws when `--library` has no value.
 */
export function resolveLibraryDir(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  defaultDir: string = defaultLibraryDir(),
): string {
  const fromFlag = flagValue(argv, '--library');
  if (fromFlag !== undefined) return resolve(fromFlag);
  const fromEnv = env.QELEM_LIBRARY;
  if (fromEnv) return resolve(fromEnv);
  return defaultDir;
}

/**
 * The value of `--name VALUE` or `--name=VALUE` (the last one wins, as with
 * most CLIs); undefined when absent. Throws when the value is missing.
 */
export function flagValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === name) {
      const next = argv[i + 1];
      if (next === undefined || next === '' || next.startsWith('--')) throw new Error(`${name} needs a value`);
      value = next;
      i++;
    } else if (arg?.startsWith(`${name}=`)) {
      const inline = arg.slice(name.length + 1);
      if (inline === '') throw new Error(`${name} needs a value`);
      value = inline;
    }
  }
  return value;
}
