// @vitest-environment node
/**
 * The newsroom server as its users run it: the built out/server/main.js
 * (bundled by build/server.mjs into a temporary folder here), started with
 * node, its account commands run beside a running server.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteDocumentStorage } from '../../server/storage-sqlite';
import { buildTestServer, connect, removeTempDirs, tempDir, until, type Client } from './server-harness';

let main: string;
const children: ChildProcessWithoutNullStreams[] = [];
const clients: Client[] = [];

beforeAll(async () => {
  main = await buildTestServer(tempDir('qelem-server-build-'));
}, 120_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
  removeTempDirs();
});

function run(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function token(stdout: string): string {
  const match = /^QELEM_TOKEN=([A-Za-z0-9_-]{43})\n$/.exec(stdout);
  if (!match) throw new Error(`not one QELEM_TOKEN line: ${JSON.stringify(stdout)}`);
  return match[1]!;
}

/** Starts `main.js serve …`; resolves with the URL from its one stdout line. */
async function serve(...args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; url: string; stdout: () => string; stderr: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [main, ...args]);
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await until(() => stdout.includes('\n') || child.exitCode !== null, 'the server to print its URL', 20_000);
  const url = /^QELEM_SERVER_URL=(\S+)\n/.exec(stdout)?.[1];
  if (!url) throw new Error(`no QELEM_SERVER_URL line: ${stdout} ${stderr}`);
  return { child, url, stdout: () => stdout, stderr: () => stderr, exit };
}

async function me(url: string, bearer: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url.replace(/^ws/, 'http')}/api/me`, { headers: { Authorization: `Bearer ${bearer}` } });
  return { status: response.status, body: await response.json() };
}

describe('newsroom server: the command line', () => {
  it('adds, lists, renews and removes accounts, printing a token once and storing only its hash', { timeout: 60_000 }, () => {
    const dir = path.join(tempDir(), 'data');
    const added = run('user', 'add', 'sara', '--role', 'reporter', '--data', dir);
    expect(added.status).toBe(0);
    const first = token(added.stdout);
    expect(added.stderr).not.toContain(first);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);

    const bytes = Buffer.concat(fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f))));
    expect(bytes.includes(Buffer.from(first))).toBe(false);

    expect(token(run('user', 'add', 'ed', '--role', 'editor', '--data', dir).stdout)).not.toBe(first);
    const list = run('user', 'list', '--data', dir);
    expect(list.status).toBe(0);
    expect(list.stdout.split('\n').map((line) => line.split(/ +/).slice(0, 2).join(' '))).toEqual(['NAME ROLE', 'ed editor', 'sara reporter', '']);

    const renewed = run('user', 'token', 'sara', '--data', dir);
    expect(renewed.status).toBe(0);
    expect(token(renewed.stdout)).not.toBe(first);

    const again = run('user', 'add', 'sara', '--role', 'editor', '--data', dir);
    expect(again).toMatchObject({ status: 1, stdout: '' });
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/^qelem-server: a user named "sara" already exists/);

    expect(run('user', 'role', 'sara', '--role', 'translator', '--data', dir).status).toBe(0);
    expect(run('user', 'remove', 'sara', '--data', dir).status).toBe(0);
    expect(run('user', 'list', '--data', dir).stdout).not.toContain('sara');
    expect(run('user', 'remove', 'sara', '--data', dir)).toMatchObject({ status: 1, stderr: 'qelem-server: no user named "sara"\n' });
    expect(run('user', 'list', '--data', path.join(dir, 'typo'))).toMatchObject({ status: 1 });
  });

  it('says what is wrong with a command line in one line, with exit code 2', { timeout: 30_000 }, () => {
    expect(run('user', 'add', 'sara', '--data', 'x')).toEqual({
      status: 2,
      stdout: '',
      stderr: 'qelem-server: "user add" needs --role reporter|translator|editor|admin\nRun with --help for usage.\n',
    });
    expect(run('--port', 'eighty', '--data', 'x').stderr).toBe('qelem-server: --port must be a number from 0 to 65535, not "eighty"\nRun with --help for usage.\n');
    const help = run('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('qelem-server user add NAME --role reporter|translator|editor|admin --data DIR');
  });

  it('serves, notices account commands run beside it, and stores everything when stopped', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const edToken = token(run('user', 'add', 'ed', '--role', 'editor', '--data', dir).stdout);
    const ritaToken = token(run('user', 'add', 'rita', '--role', 'reporter', '--data', dir).stdout);
    const server = await serve('--data', dir, '--port', '0');
    expect(server.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    expect(await me(server.url, edToken)).toEqual({ status: 200, body: { name: 'ed', role: 'editor' } });

    // A second server on the same folder is refused.
    expect(run('--data', dir, '--port', '0')).toMatchObject({ status: 1, stderr: `qelem-server: another Qelem server is already using ${dir}\n` });

    const ed = connect(server.url, 'library', edToken);
    const rita = connect(server.url, 'glossary', ritaToken);
    clients.push(ed, rita);
    expect(await ed.auth).toEqual({ scope: 'read-write' });
    expect(await rita.auth).toEqual({ scope: 'readonly' });
    ed.doc.getMap('articles').set('a', { slug: 'flood' });
    await until(() => !ed.provider.hasUnsyncedChanges, 'the server to take the change');

    // The account commands, in another process, while the server runs.
    const renewed = token(run('user', 'token', 'ed', '--data', dir).stdout);
    await until(() => ed.closes.some((c) => c.reason === 'token-revoked'), "ed's old token's connection to close");
    expect(await me(server.url, edToken)).toEqual({ status: 401, body: { error: 'invalid-token' } });
    expect(await me(server.url, renewed)).toEqual({ status: 200, body: { name: 'ed', role: 'editor' } });

    expect(run('user', 'role', 'rita', '--role', 'translator', '--data', dir).status).toBe(0);
    await until(() => rita.closes.some((c) => c.reason === 'role-changed'), "rita's connection to close on her new role");
    await until(() => rita.provider.isAuthenticated && rita.provider.authorizedScope === 'read-write', 'rita to be back as a translator (the glossary is hers to write)');

    expect(run('user', 'remove', 'rita', '--data', dir).status).toBe(0);
    await until(() => rita.closes.some((c) => c.reason === 'account-removed'), "rita's connection to close on removal");

    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(server.stdout()).toBe(`QELEM_SERVER_URL=${server.url}\n`);
    for (const secret of [edToken, ritaToken, renewed]) expect(server.stderr()).not.toContain(secret);
    expect(server.stderr()).toContain('closing a connection of "ed" from 127.0.0.1: token-revoked');

    // Stored on the way out (the store debounce had not run yet).
    const storage = SqliteDocumentStorage.open(dir);
    const state = await storage.fetch('library');
    await storage.close();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, state!);
    expect(doc.getMap('articles').get('a')).toEqual({ slug: 'flood' });
  });

  it('says so in one line when the port is taken or a TLS file is missing', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const server = await serve('--data', dir, '--port', '0');
    const port = new URL(server.url).port;
    expect(run('--data', tempDir(), '--port', port)).toMatchObject({ status: 1, stderr: `qelem-server: port ${port} on 127.0.0.1 is in use; choose another with --port\n` });
    expect(run('--data', tempDir(), '--port', '0', '--tls-cert', '/nonexistent/cert.pem', '--tls-key', '/nonexistent/key.pem')).toMatchObject({
      status: 1,
      stderr: 'qelem-server: cannot read the TLS certificate /nonexistent/cert.pem: ENOENT\n',
    });
    server.child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
  });
});
