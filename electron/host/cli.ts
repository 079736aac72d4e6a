/**
 * Browser mode entry point, built to out/main/web.js and run with plain Node 24:
 *   node out/main/web.js [--library DIR] [--port N]
 * Prints one line, `QELEM_URL=<url>`, that opens the app in a browser: a file
 * of this run, readable by this user only, that signs the browser in without
 * the token ever being in an address (server.ts loginPage). Must not import
 * 'electron' (directly or through anything it imports).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServiceTable } from '../../shared/api';
import { API_METHOD_NAMES, type ApiMethod } from '../../shared/api-methods';
import { flagValue, resolveLibraryDir } from '../paths';
import { createServices, type Services } from '../services/table';
import { API } from '../../shared/api';
import { openLibrary, type Library } from '../store/library';
import { startHost, type Host } from './server';

const USAGE = 'usage: node out/main/web.js [--library DIR] [--port N] [--server URL --token TOKEN [--allow-unencrypted]]';
const FAULTS_FLAG = '--test-storage-faults';

interface CliOptions {
  libraryDir: string;
  port: number;
  /** Tests only: the file that says which storage fault to act out (see withStorageFaults). */
  storageFaults: string | null;
  /** The newsroom to sync with, as the newsroom dialog would set it (the token is held in memory only). */
  newsroom: { url: string; token: string; allowUnencrypted: boolean } | null;
}

/** Throws an Error whose message is fit to print as is. */
function parseCliArgs(args: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  const flags = ['--library', '--port', '--server', '--token', FAULTS_FLAG];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (flags.includes(arg)) i++;
    else if (arg !== '--allow-unencrypted' && !flags.some((flag) => arg.startsWith(`${flag}=`))) throw new Error(`unknown argument "${arg}"; ${USAGE}`);
  }
  const libraryDir = resolveLibraryDir(args, env);
  const portText = flagValue(args, '--port') ?? '0';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new Error(`--port must be a number from 0 to 65535, not "${portText}"`);
  const storageFaults = flagValue(args, FAULTS_FLAG) ?? null;
  if (storageFaults === '') throw new Error(`${FAULTS_FLAG} needs a file`);
  const server = flagValue(args, '--server') ?? null;
  const token = flagValue(args, '--token') ?? null;
  if ((server === null) !== (token === null)) throw new Error(`--server and --token go together; ${USAGE}`);
  const newsroom = server !== null && token !== null ? { url: server, token, allowUnencrypted: args.includes('--allow-unencrypted') } : null;
  return { libraryDir, port, storageFaults, newsroom };
}

/**
 * Tests only (tests/e2e/storage-errors.spec.ts): the library acts as if its
 * disk had become read-only or full while `controlFile` says `read-only` or
 * `full` (anything else, or no file: as it is). The file is read before every
 * call.
 *
 * Why a switch and not the real thing: the tests run as root, for whom a
 * read-only folder or file is still writable (chmod does not stop root; an
 * immutable file makes SQLite fail with a generic I/O error; a read-only
 * remount is refused while the database is open), and a full disk need not
 * stop SQLite at once (it writes into WAL space it already has). So the switch sets
 * SQLite's own per-connection limits, and every write then fails inside
 * SQLite with the very error such a disk gives: PRAGMA query_only makes it
 * SQLITE_READONLY, PRAGMA max_page_count (the database's size now) makes any
 * write that needs a new page SQLITE_FULL. From there on it is all the
 * product's own code: the services roll back, the error mapping names it,
 * the interface shows it. No user action reaches it: only this flag, given
 * when browser mode is started.
 */
function withStorageFaults(table: ServiceTable, db: DatabaseSync, controlFile: string): ServiceTable {
  const normalMaxPages = (db.prepare('PRAGMA max_page_count').get() as { max_page_count: number }).max_page_count;
  let current = '';
  const apply = () => {
    let wanted = '';
    try {
      wanted = readFileSync(controlFile, 'utf8').trim();
    } catch {
      // No file: no fault.
    }
    if (wanted !== 'read-only' && wanted !== 'full') wanted = '';
    if (wanted === current) return;
    db.exec(`PRAGMA query_only = ${wanted === 'read-only' ? 'ON' : 'OFF'}`);
    const pages = (db.prepare('PRAGMA page_count').get() as { page_count: number }).page_count;
    db.exec(`PRAGMA max_page_count = ${wanted === 'full' ? pages : normalMaxPages}`);
    current = wanted;
    process.stderr.write(`Qelem: storage fault for tests: ${wanted || 'none'}\n`);
  };
  const faulty: Partial<Record<ApiMethod, ServiceTable[ApiMethod]>> = {};
  for (const method of API_METHOD_NAMES) {
    faulty[method] = ((input: unknown) => {
      apply();
      return table[method](input);
    }) as ServiceTable[ApiMethod];
  }
  return Object.freeze(faulty) as ServiceTable;
}

/** Connects to the newsroom named on the command line; a refusal is said on stderr (the app runs on, offline). */
async function connectNewsroom(services: Services, newsroom: NonNullable<CliOptions['newsroom']>): Promise<void> {
  const input = API.connectNewsroom.input.safeParse(newsroom);
  if (!input.success) fail(`--server or --token: ${input.error.issues.map((issue) => issue.message).join('; ')}`);
  const status = await services.newsroom.connect(input.data);
  if (status.state === 'refused') process.stderr.write(`Qelem: the newsroom at ${status.url} refused: ${status.refusal}\n`);
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
  let services: Services;
  try {
    services = createServices(library);
    const { table, documents } = services;
    if (options.newsroom) await connectNewsroom(services, options.newsroom);
    host = await startHost({
      table: options.storageFaults === null ? table : withStorageFaults(table, library.db, options.storageFaults),
      documents,
      // Not with the storage faults of the tests: those act on the table's calls.
      ...(options.storageFaults === null ? { importPackageStream: services.importPackageStream } : {}),
      rendererDir,
      port: options.port,
      mediaDir: library.mediaDir,
    });
  } catch (error) {
    library.close();
    fail(`cannot listen on 127.0.0.1:${options.port}: ${messageOf(error)}`);
  }

  // The sign-in page, in a folder of its own (mode 0700 from mkdtemp) and readable by this user only; gone when the run ends.
  const loginDir = mkdtempSync(join(tmpdir(), 'qelem-login-'));
  const removeLogin = () => rmSync(loginDir, { recursive: true, force: true });
  process.once('exit', removeLogin);
  const loginFile = join(loginDir, 'sign-in.html');
  writeFileSync(loginFile, host.loginPage, { mode: 0o600 });
  process.stdout.write(`QELEM_URL=${pathToFileURL(loginFile).href}\n`);

  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    removeLogin();
    host
      .close()
      .catch((error: unknown) => process.stderr.write(`Qelem: closing the server failed: ${messageOf(error)}\n`))
      .finally(() => {
        try {
          services.dispose();
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
