/**
 * Real Redis and PostgreSQL for the newsroom server's tests: Debian's
 * `redis-server` and PostgreSQL (15 on bookworm; `.ci/run` installs both), each started
 * here on a free loopback port in a temporary folder and stopped afterwards.
 * Nothing is left running and nothing outside the folder is touched.
 *
 * PostgreSQL refuses to run as root: as root (CI), initdb and the server
 * run as the `postgres` user (made by the Debian package) or `nobody`, the
 * folder given to it.
 *
 * Each start resolves with `{ skip }` (one sentence: why it cannot start)
 * instead of throwing, so that a test file can skip with that reason.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface RedisService {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface PostgresService {
  /** postgres://qelem@127.0.0.1:PORT/postgres */
  readonly url: string;
  readonly port: number;
  /** The postmaster's process id. */
  readonly pid: number;
  /** Makes a database of its own for one test; returns its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}

export type Started<T> = T | { skip: string };

export function skipped<T extends object>(service: Started<T>): service is { skip: string } {
  return 'skip' in service;
}

/** A free loopback port (asked of the kernel, then released: good enough for a test). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function which(name: string, candidates: string[]): string | null {
  for (const candidate of candidates) if (fs.existsSync(candidate)) return candidate;
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : null;
}

async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

async function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startRedis(): Promise<Started<RedisService>> {
  const binary = which('redis-server', ['/usr/bin/redis-server']);
  if (!binary) return { skip: 'redis-server is not installed (Debian: apt-get install redis-server; .ci/run installs it)' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qelem-redis-'));
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--loglevel', 'warning'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const up = await waitFor(async () => child.exitCode !== null || (await connects(port)), 10_000);
    if (up && child.exitCode === null) {
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        pid: child.pid ?? 0,
        async stop() {
          child.kill('SIGTERM');
          await exited(child);
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    }
    child.kill('SIGKILL');
    await exited(child);
    if (attempt === 2) {
      fs.rmSync(dir, { recursive: true, force: true });
      return { skip: `redis-server did not start: ${stderr.trim().split('\n').at(-1) ?? 'no output'}` };
    }
  }
  return { skip: 'redis-server did not start' };
}

/** Debian's PostgreSQL binaries (/usr/lib/postgresql/VERSION/bin, the newest), or initdb on the PATH. */
function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const dir = path.join(root, version, 'bin');
    if (fs.existsSync(path.join(dir, 'initdb'))) return dir;
  }
  const initdb = which('initdb', []);
  return initdb ? path.dirname(initdb) : null;
}

/** The user PostgreSQL runs as: ourselves, or as root an unprivileged user that exists. */
function postgresUser(): { user: string | null; uid: number; gid: number } | { skip: string } {
  if (process.getuid?.() !== 0) return { user: null, uid: process.getuid?.() ?? -1, gid: process.getgid?.() ?? -1 };
  for (const user of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
      if (Number.isInteger(uid) && uid > 0) return { user, uid, gid };
    } catch {
      // no such user
    }
  }
  return { skip: 'running as root and neither the postgres nor the nobody user exists to run PostgreSQL as' };
}

/**
 * A throwaway PostgreSQL. `durable`: fsync and synchronous commits on, as a
 * production database has them (the bench); by default off, for speed.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<Started<PostgresService>> {
  const bin = postgresBinDir();
  if (!bin) return { skip: 'PostgreSQL is not installed (Debian: apt-get install postgresql; .ci/run installs it)' };
  const who = postgresUser();
  if ('skip' in who) return who;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qelem-pg-'));
  const data = path.join(dir, 'data');
  if (who.user) fs.chownSync(dir, who.uid, who.gid);
  const as = (command: string, args: string[]) => (who.user ? { command: 'runuser', args: ['-u', who.user, '--', command, ...args] } : { command, args });
  const run = (command: string, args: string[]) => {
    const how = as(command, args);
    return spawnSync(how.command, how.args, { encoding: 'utf8', timeout: 60_000, cwd: dir });
  };
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });

  // --no-sync and fsync=off: a throwaway database, made and used as fast as possible.
  const init = run(path.join(bin, 'initdb'), ['-D', data, '-U', 'qelem', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  if (init.status !== 0) {
    cleanup();
    return { skip: `initdb failed: ${(init.stderr || init.stdout || String(init.error)).trim().split('\n').at(-1)}` };
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const fast = options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
    const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${fast}`;
    const started = run(path.join(bin, 'pg_ctl'), ['-D', data, '-o', settings, '-l', path.join(dir, 'log'), '-w', '-t', '30', 'start']);
    if (started.status === 0) {
      const pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const url = `postgres://qelem@127.0.0.1:${port}/postgres`;
      let databases = 0;
      return {
        url,
        port,
        pid,
        async createDatabase(name = `t${process.pid}_${++databases}`) {
          const client = new pg.Client({ connectionString: url });
          await client.connect();
          try {
            await client.query(`CREATE DATABASE ${name}`);
          } finally {
            await client.end();
          }
          return `postgres://qelem@127.0.0.1:${port}/${name}`;
        },
        async stop() {
          run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']);
          cleanup();
        },
      };
    }
    if (attempt === 2) {
      const log = fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8').trim().split('\n').at(-1) : started.stderr.trim();
      cleanup();
      return { skip: `PostgreSQL did not start: ${log}` };
    }
  }
  cleanup();
  return { skip: 'PostgreSQL did not start' };
}
