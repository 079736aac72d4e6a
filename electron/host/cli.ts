/**
 * Browser mode entry point, built to out/main/web.js and run with plain Node 24:
 *   node out/main/web.js [--library DIR] [--port N]
 * Prints one line, `QELEM_URL=<url>`, that opens the app in a browser. Must not
 * import 'electron' (directly or through anything it imports).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flagValue, resolveLibraryDir } from '../paths';
import { createServiceTable } from '../services/table';
import { openLibrary, type Library } from '../store/library';
import { startHost, type Host } from './server';

const USAGE = 'usage: node out/main/web.js [--library DIR] [--port N]';

interface CliOptions {
  libraryDir: string;
  port: number;
}

/** Throws an Error whose message is fit to print as is. */
function parseCliArgs(args: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--library' || arg === '--port') i++;
    else if (!arg.startsWith('--library=') && !arg.startsWith('--port=')) throw new Error(`unknown argument "${arg}"; ${USAGE}`);
  }
  const libraryDir = resolveLibraryDir(args, env);
  const portText = flagValue(args, '--port') ?? '0';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new Error(`--port must be a number from 0 to 65535, not "${portText}"`);
  return { libraryDir, port };
}

function fail(message: string): never {
  process.stderr.write(`Qelem: ${message}\n`);
  process.exit(1);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    fail(messageOf(error));
  }

  // This file is out/main/web.js once built; the renderer build sits beside it.
  const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    fail(`the renderer is not built (no ${join(rendererDir, 'index.html')}); run "npm run build" first`);
  }

  let library: Library;
  try {
    library = openLibrary(options.libraryDir);
  } catch (error) {
    fail(`cannot open the library folder "${options.libraryDir}": ${messageOf(error)}`);
  }

  let host: Host;
  try {
    host = await startHost({ table: createServiceTable(library), rendererDir, port: options.port, mediaDir: library.mediaDir });
  } catch (error) {
    library.close();
    fail(`cannot listen on 127.0.0.1:${options.port}: ${messageOf(error)}`);
  }

  process.stdout.write(`QELEM_URL=${host.loginUrl}\n`);

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    host
      .close()
      .catch((error: unknown) => process.stderr.write(`Qelem: closing the server failed: ${messageOf(error)}\n`))
      .finally(() => {
        try {
          library.close();
        } catch (error) {
          process.stderr.write(`Qelem: closing the library failed: ${messageOf(error)}\n`);
          process.exitCode = 1;
        }
        process.exit();
      });
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

void main();
