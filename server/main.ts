import { existsSync } from 'node:fs';
import path from 'node:path';
import { AccountError, Accounts, ACCOUNTS_FILE, type AccountStore } from './accounts';
import { PostgresAccounts } from './accounts-postgres';
import { parseCommand, USAGE, UsageError, type Command } from './cli';
import { DataDirInUseError, ensureDataDir } from './data-dir';
import { stderrLogger } from './log';
import { MigrationError, migrateToPostgres } from './migrate';
import { DatabaseInUseError, redactUrl } from './postgres';
import { startServer, StartupError } from './server';
import { DatabaseOpenError, SchemaTooNewError } from './sqlite';

/**
 * The newsroom server's entry (built to out/server/main.js; `npm run server
 * -- ARGS` builds and runs it). stdout carries only what a script reads:
 * `QELEM_SERVER_URL=…` when serving, `QELEM_TOKEN=…` from `user add` and
 * `user token`, the list from `user list`. Everything else goes to stderr.
 * Exit codes: 0 done, 1 failed, 2 wrong command line.
 */
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
/** SIGTERM to exit: within this (systemd's TimeoutStopSec in docs/server.md is 30 s). */
const STOP_TIMEOUT_MS = 25_000;

async function main(argv: readonly string[]): Promise<number> {
  // What the server writes (databases, the lock) is its owner's alone.
  process.umask(0o077);
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`qelem-server: ${error.message}\nRun with --help for usage.\n`);
    return EXIT_USAGE;
  }
  try {
    if (command.kind === 'serve') return await serve(command);
    if (command.kind === 'migrate-to-postgres') return await migrate(command);
    return await runCommand(command);
  } catch (error) {
    if (
      error instanceof AccountError ||
      error instanceof DataDirInUseError ||
      error instanceof DatabaseInUseError ||
      error instanceof StartupError ||
      error instanceof SchemaTooNewError ||
      error instanceof DatabaseOpenError ||
      error instanceof MigrationError ||
      isFileSystemError(error)
    ) {
      process.stderr.write(`qelem-server: ${(error as Error).message}\n`);
      return EXIT_FAILED;
    }
    if (isPostgresError(error)) {
      process.stderr.write(`qelem-server: PostgreSQL: ${(error as Error).message}\n`);
      return EXIT_FAILED;
    }
    throw error;
  }
}

async function runCommand(command: Exclude<Command, { kind: 'serve' | 'migrate-to-postgres' }>): Promise<number> {
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  let accounts: AccountStore;
  if ('postgres' in command) {
    accounts = await PostgresAccounts.open(command.postgres);
  } else {
    if (command.kind === 'user-add') ensureDataDir(command.dataDir);
    else if (!existsSync(path.join(command.dataDir, ACCOUNTS_FILE))) throw new AccountError(`no accounts in ${command.dataDir} (is --data right? "user add" creates the first)`);
    accounts = Accounts.open(command.dataDir);
  }
  try {
    switch (command.kind) {
      case 'user-add': {
        const token = await accounts.add(command.name, command.role);
        process.stdout.write(`QELEM_TOKEN=${token}\n`);
        process.stderr.write(`Added ${command.role} "${command.name}". The token above is shown only once: give it to them privately.\n`);
        return 0;
      }
      case 'user-list': {
        const rows = (await accounts.list()).map((a) => [a.name, a.role, a.createdAt]);
        const table = [['NAME', 'ROLE', 'CREATED'], ...rows];
        const widths = [0, 1].map((i) => Math.max(...table.map((row) => row[i]?.length ?? 0)));
        for (const row of table) process.stdout.write(`${row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  ')}\n`);
        return 0;
      }
      case 'user-remove': {
        const removed = await accounts.remove(command.name);
        process.stderr.write(`Removed ${removed.role} "${removed.name}"; a running server closes their connections.\n`);
        return 0;
      }
      case 'user-token': {
        const token = await accounts.replaceToken(command.name);
        process.stdout.write(`QELEM_TOKEN=${token}\n`);
        process.stderr.write(`New token for "${command.name}"; the old one no longer works and a running server closes its connections.\n`);
        return 0;
      }
      case 'user-role': {
        const before = (await accounts.find(command.name))?.role;
        const account = await accounts.setRole(command.name, command.role);
        process.stderr.write(
          before === account.role
            ? `"${account.name}" is already ${account.role}.\n`
            : `"${account.name}" is now ${account.role} (was ${before}); a running server closes their connections.\n`,
        );
        return 0;
      }
    }
  } finally {
    await accounts.close();
  }
}

async function migrate(command: Extract<Command, { kind: 'migrate-to-postgres' }>): Promise<number> {
  const target = redactUrl(command.postgres);
  process.stderr.write(`Copying ${path.resolve(command.dataDir)} into ${target}${command.merge ? ' (merging)' : ''}\n`);
  const report = await migrateToPostgres({ ...command, progress: (line) => process.stderr.write(`${line}\n`) });
  const { accounts, documents } = report;
  const mb = (documents.bytes / 1_048_576).toFixed(1);
  process.stdout.write(
    `accounts: ${accounts.copied} copied, ${accounts.kept} kept as PostgreSQL had them, ${accounts.compared} compared, ${accounts.mismatched.length} different\n` +
      `documents: ${documents.copied} copied (${mb} MiB, ${documents.merged} merged into documents PostgreSQL had), ${documents.compared} compared, ${documents.mismatched.length} different\n`,
  );
  const mismatched = [...accounts.mismatched.map((n) => `account "${n}"`), ...documents.mismatched.map((n) => `document ${n}`)];
  if (mismatched.length > 0) {
    const shown = mismatched.slice(0, 20).join(', ');
    process.stderr.write(`qelem-server: read back different from the copy: ${shown}${mismatched.length > 20 ? ` and ${mismatched.length - 20} more` : ''}\n`);
    return EXIT_FAILED;
  }
  process.stderr.write(`Done: serve with --postgres ${target} (and without --data).\n`);
  return 0;
}

async function serve(command: Extract<Command, { kind: 'serve' }>): Promise<number> {
  const log = stderrLogger();
  const server = await startServer({
    ...('postgres' in command ? { postgres: command.postgres, redis: command.redis } : { dataDir: command.dataDir }),
    host: command.host,
    port: command.port,
    tls: command.tls,
    trustProxy: command.trustProxy,
    log,
  });
  const announce = async () => {
    process.stdout.write(`QELEM_SERVER_URL=${server.url}\n`);
    const users = (await server.accounts.list()).length;
    const where = 'postgres' in command ? server.where : path.resolve(command.dataDir);
    const redis = server.redis ? `; instance ${server.redis.identifier} of several, over Redis ${redactUrl(command.redis ?? '')}` : '';
    log.info(`serving ${where} on ${server.url}; ${users} ${users === 1 ? 'account' : 'accounts'}${redis}`);
    if (users === 0) log.warn(`no accounts yet: add one with "user add NAME --role editor ${'postgres' in command ? '--postgres URL' : '--data DIR'}"`);
    if (!command.tls && !isLoopback(command.host)) log.warn(`serving ${command.host} without TLS: tokens and articles cross the network in clear (use --tls-cert/--tls-key, or a reverse proxy with TLS)`);
  };

  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      log.info(`${signal}: stopping (not ready, no new connections, storing open documents)`);
      // Bounded: what could not be stored by then is said in the log, and the exit code says it failed.
      const deadline = setTimeout(() => {
        log.error(`stopping took more than ${STOP_TIMEOUT_MS / 1000} s; exiting anyway`);
        resolve(EXIT_FAILED);
      }, STOP_TIMEOUT_MS);
      deadline.unref();
      server.close().then(
        () => resolve(0),
        (error: unknown) => {
          log.error(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
          resolve(EXIT_FAILED);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGHUP', () => {
      try {
        server.reloadTls();
      } catch (error) {
        log.error(`${error instanceof Error ? error.message : String(error)}; keeping the old certificate`);
      }
    });
    // Only now, with the signals handled, does anyone learn the URL.
    announce().catch((error: unknown) => log.error(`could not list the accounts: ${error instanceof Error ? error.message : String(error)}`));
  });
}

/** A file system error (the data folder not creatable, say): Node's message names the path and says why, in one line. */
function isFileSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string' && typeof (error as NodeJS.ErrnoException).path === 'string';
}

/** An error PostgreSQL answered with (pg's DatabaseError: a five-character SQLSTATE code): its message is one line. */
function isPostgresError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && 'severity' in error;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`qelem-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(EXIT_FAILED);
  },
);
