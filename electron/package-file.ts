import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiOutput, ServiceTable } from '../shared/api';
import { fail, type ApiResult } from '../shared/errors';
import { PACKAGE_LIMITS } from '../shared/export/package-format';
import { formatBytes } from '../shared/media';
import { PackageSourceError } from './package/package-check';

/**
 * Export packages handed to Qelem by the system: a `.qelem.zip` opened from
 * the file manager arrives on the command line (Windows, Linux), through
 * macOS's `open-file` event, or in a second instance's command line. This
 * module finds them and imports them through the service table, so they get
 * exactly the checks of the import button. Electron-free, for unit tests.
 */

/** Our switches that take their value as the next argument: that value is never a file to open. */
const SWITCHES_WITH_VALUE = new Set(['--library']);

/**
 * The packages named on a command line, as absolute paths, in order and once
 * each. argv[0] is the executable; switches, their values, the app folder of a
 * development run and anything not ending in `.zip` are skipped. Relative paths
 * are resolved against cwd. Linux desktop files pass `file:` URLs (`%U`).
 * Any `.zip` counts, not only `.qelem.zip`: "Open with Qelem" on an export
 * saved as `slug.zip` works too, and the import refuses what is not a package.
 */
export function packagePathsFromArgv(argv: readonly string[], cwd: string): string[] {
  const found: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === undefined || arg === '') continue;
    if (arg.startsWith('-')) {
      if (SWITCHES_WITH_VALUE.has(arg)) i++;
      continue;
    }
    const file = argumentPath(arg, cwd);
    if (file !== null && /\.zip$/i.test(file) && !found.includes(file)) found.push(file);
  }
  return found;
}

function argumentPath(arg: string, cwd: string): string | null {
  if (/^file:/i.test(arg)) {
    try {
      return fileURLToPath(arg);
    } catch {
      return null; // a file: URL naming another host, or malformed
    }
  }
  // Another scheme (https:, a custom one) is not a local file.
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(arg)) return null;
  return resolve(cwd, arg);
}

/** What a second instance sends its first (app.requestSingleInstanceLock's additionalData). */
export interface LaunchData {
  argv: string[];
  cwd: string;
}

/** The second instance's own argv and cwd, when what arrived has that shape (Chromium may reorder and add to the `commandLine` it passes). */
export function launchDataOf(data: unknown): LaunchData | null {
  if (typeof data !== 'object' || data === null) return null;
  const { argv, cwd } = data as Record<string, unknown>;
  if (!Array.isArray(argv) || !argv.every((arg): arg is string => typeof arg === 'string')) return null;
  if (typeof cwd !== 'string' || cwd === '') return null;
  return { argv, cwd };
}

/**
 * What imports a package file: the service table's importPackage, and, where
 * the services are at hand (the Electron main process), their
 * importPackageStream, which takes the file's base64 text as it is read.
 */
export interface PackageFileImporter extends Pick<ServiceTable, 'importPackage'> {
  importPackageStream?: (source: AsyncIterable<string>, maxChars: number) => Promise<ApiResult<ApiOutput<'importPackage'>>>;
}


/**
 * The base64 text of `file`, run by run as it is read (3 MiB at a time, so
 * every run but the last encodes whole groups of 3 bytes and the runs join
 * into one text).
 */
async function* base64Of(file: string): AsyncGenerator<string> {
  let carry: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 3 * 1024 * 1024 }) as AsyncIterable<Buffer>) {
      const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
      const whole = data.length - (data.length % 3);
      if (whole > 0) yield data.toString('base64', 0, whole);
      carry = Buffer.from(data.subarray(whole));
    }
  } catch (error) {
    // Not the package's fault: said as not_found below, like a file that cannot be opened.
    throw new PackageSourceError(error instanceof Error ? error.message : String(error), 404);
  }
  if (carry.length > 0) yield carry.toString('base64');
}

/**
 * Reads a package file and imports it through the service table: the same
 * validation and refusals as the import button (`invalid_input` with its
 * `refusal`). A file over the package limit is refused before it is read; a
 * file that cannot be read is `not_found` with the system's reason. With
 * importPackageStream the file is read as the import's worker takes it,
 * never held whole nor encoded at once on this thread (issue 18 §4).
 */
export async function importPackageFile(importer: PackageFileImporter, file: string): Promise<ApiResult<ApiOutput<'importPackage'>>> {
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) return fail('not_found', `${file} is not a file.`);
    size = info.size;
  } catch (error) {
    return fail('not_found', error instanceof Error ? error.message : String(error));
  }
  if (size > PACKAGE_LIMITS.bytes) {
    const message = `The package is ${formatBytes(size)}; packages can be at most ${PACKAGE_LIMITS.bytes / (1024 * 1024)} MiB.`;
    return fail('invalid_input', message, { refusal: 'too_large', issues: [{ path: '(package)', message }] });
  }
  if (importer.importPackageStream) {
    try {
      return await importer.importPackageStream(base64Of(file), 4 * Math.ceil(size / 3));
    } catch (error) {
      if (error instanceof PackageSourceError) return fail('not_found', error.message);
      throw error;
    }
  }
  let data: Buffer;
  try {
    data = await readFile(file);
  } catch (error) {
    return fail('not_found', error instanceof Error ? error.message : String(error));
  }
  return importer.importPackage({ dataBase64: data.toString('base64') });
}
