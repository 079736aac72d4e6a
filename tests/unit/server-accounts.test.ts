// @vitest-environment node
/**
 * The newsroom server's accounts (tokens kept only as hashes), its failure
 * limiter, and its command-line parsing, without a running server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AccountError, Accounts, ACCOUNTS_FILE, hashToken } from '../../server/accounts';
import { parseCommand, UsageError } from '../../server/cli';
import { failureKey, FailureLimiter } from '../../server/rate-limit';
import { removeTempDirs, tempDir } from './server-harness';

const open: Accounts[] = [];
afterEach(() => {
  for (const accounts of open.splice(0)) accounts.close();
});
afterAll(removeTempDirs);

function accountsIn(dir = tempDir()): Accounts {
  const accounts = Accounts.open(dir);
  open.push(accounts);
  return accounts;
}

/** Every byte of the database, its WAL included. */
function databaseBytes(dir: string): Buffer {
  const base = path.join(dir, ACCOUNTS_FILE);
  return Buffer.concat([base, `${base}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

describe('newsroom server: accounts', () => {
  it('stores tokens only as SHA-256 hashes', () => {
    const dir = tempDir();
    const accounts = accountsIn(dir);
    const token = accounts.add('sara', 'reporter');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    accounts.close();

    const bytes = databaseBytes(dir);
    expect(bytes.includes(Buffer.from(token, 'utf8'))).toBe(false);
    expect(bytes.includes(Buffer.from(token, 'base64url'))).toBe(false);
    expect(bytes.includes(hashToken(token))).toBe(true);
  });

  it('authenticates a token to its account, and nothing else', () => {
    const accounts = accountsIn();
    const sara = accounts.add('sara', 'reporter');
    const tara = accounts.add('tara', 'translator');
    expect(accounts.authenticate(sara)).toMatchObject({ name: 'sara', role: 'reporter', generation: 1 });
    expect(accounts.authenticate(tara)).toMatchObject({ name: 'tara', role: 'translator' });
    expect(accounts.authenticate('')).toBeNull();
    expect(accounts.authenticate(`${sara.slice(0, -1)}${sara.endsWith('A') ? 'B' : 'A'}`)).toBeNull();
    expect(accounts.authenticate(`${sara} `)).toBeNull();
    expect(accounts.authenticate(sara.repeat(1000))).toBeNull();
  });

  it('a new token revokes the old one; a new role or token raises the generation', () => {
    const accounts = accountsIn();
    const old = accounts.add('sara', 'reporter');
    const fresh = accounts.replaceToken('sara');
    expect(fresh).not.toBe(old);
    expect(accounts.authenticate(old)).toBeNull();
    expect(accounts.authenticate(fresh)).toMatchObject({ name: 'sara', generation: 2 });
    expect(accounts.setRole('sara', 'editor')).toMatchObject({ role: 'editor', generation: 3 });
    expect(accounts.setRole('sara', 'editor')).toMatchObject({ role: 'editor', generation: 3 });
    expect(accounts.authenticate(fresh)).toMatchObject({ role: 'editor', generation: 3 });
  });

  it('refuses a second account of the same name (in any case), a bad name, an unknown name', () => {
    const accounts = accountsIn();
    accounts.add('Sara', 'reporter');
    expect(() => accounts.add('sara', 'editor')).toThrow(AccountError);
    expect(() => accounts.add('two words', 'editor')).toThrow(/not a valid user name/);
    expect(() => accounts.add('', 'editor')).toThrow(/not a valid user name/);
    expect(accounts.add('شێرکۆ', 'translator')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(() => accounts.remove('nobody')).toThrow('no user named "nobody"');
    expect(() => accounts.replaceToken('nobody')).toThrow(AccountError);
    expect(accounts.list().map((a) => [a.name, a.role])).toEqual([
      ['Sara', 'reporter'],
      ['شێرکۆ', 'translator'],
    ]);
    expect(accounts.remove('SARA').name).toBe('Sara');
  });

  it("sees another process's changes (another connection) through data_version", () => {
    const dir = tempDir();
    const server = accountsIn(dir);
    const cli = accountsIn(dir);
    const token = cli.add('sara', 'reporter');
    const before = server.dataVersion();
    expect(server.authenticate(token)).toMatchObject({ name: 'sara' });
    cli.remove('sara');
    expect(server.dataVersion()).not.toBe(before);
    expect(server.authenticate(token)).toBeNull();
    expect(server.snapshot().size).toBe(0);
  });
});

describe('newsroom server: failure limiter', () => {
  function limiter(options = {}) {
    let now = 1_000_000;
    const l = new FailureLimiter({ freeFailures: 3, baseDelayMs: 1_000, maxDelayMs: 8_000, windowMs: 60_000, ...options }, () => now);
    return { l, advance: (ms: number) => (now += ms) };
  }

  it('lets the free failures through, then delays each attempt, doubling up to the maximum', () => {
    const { l, advance } = limiter();
    const waits: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const wait = l.reserve('10.0.0.1');
      waits.push(wait);
      advance(wait);
      l.failed('10.0.0.1', failureKey(`guess ${i}`));
    }
    expect(waits).toEqual([0, 0, 0, 1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(l.reserve('10.0.0.2')).toBe(0); // another address is not slowed
  });

  it('counts the same wrong token once', () => {
    const { l } = limiter();
    for (let i = 0; i < 10; i += 1) l.failed('10.0.0.1', failureKey('an old token'));
    expect(l.failures('10.0.0.1')).toBe(1);
    expect(l.reserve('10.0.0.1')).toBe(0);
    l.failed('10.0.0.1', failureKey('another'));
    expect(l.failures('10.0.0.1')).toBe(2);
  });

  it('queues attempts made at once from one address one behind the other, none longer than the maximum', () => {
    const { l } = limiter();
    for (let i = 0; i < 3; i += 1) l.failed('10.0.0.1');
    expect(Array.from({ length: 10 }, () => l.reserve('10.0.0.1'))).toEqual([1_000, 2_000, 3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 8_000, 8_000]);
  });

  it('forgets an address after a quiet window, or at once after a success', () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 5; i += 1) l.failed('a');
    advance(60_001);
    expect(l.reserve('a')).toBe(0);
    expect(l.failures('a')).toBe(0);
    for (let i = 0; i < 5; i += 1) l.failed('b');
    l.succeeded('b');
    expect(l.reserve('b')).toBe(0);
  });

  it('remembers at most maxAddresses addresses', () => {
    const { l } = limiter({ maxAddresses: 100 });
    for (let i = 0; i < 1_000; i += 1) l.failed(`10.0.${i >> 8}.${i & 255}`);
    expect(l.failures('10.0.0.0')).toBe(0);
    expect(l.failures('10.0.3.231')).toBe(1);
  });
});

describe('newsroom server: command line', () => {
  it('parses serve (the default) and the account commands', () => {
    expect(parseCommand(['--data', 'd'])).toEqual({ kind: 'serve', dataDir: 'd', host: '127.0.0.1', port: 1234, trustProxy: false });
    expect(parseCommand(['serve', '--data', 'd', '--port', '0', '--host', '0.0.0.0', '--tls-cert', 'c', '--tls-key', 'k', '--trust-proxy'])).toEqual({
      kind: 'serve',
      dataDir: 'd',
      host: '0.0.0.0',
      port: 0,
      tls: { certFile: 'c', keyFile: 'k' },
      trustProxy: true,
    });
    expect(parseCommand(['user', 'add', 'sara', '--role', 'reporter', '--data', 'd'])).toEqual({ kind: 'user-add', name: 'sara', role: 'reporter', dataDir: 'd' });
    expect(parseCommand(['user', 'list', '--data', 'd'])).toEqual({ kind: 'user-list', dataDir: 'd' });
    expect(parseCommand(['user', 'remove', 'sara', '--data', 'd'])).toEqual({ kind: 'user-remove', name: 'sara', dataDir: 'd' });
    expect(parseCommand(['user', 'token', 'sara', '--data', 'd'])).toEqual({ kind: 'user-token', name: 'sara', dataDir: 'd' });
    expect(parseCommand(['user', 'role', 'sara', '--role', 'editor', '--data', 'd'])).toEqual({ kind: 'user-role', name: 'sara', role: 'editor', dataDir: 'd' });
    expect(parseCommand(['--help'])).toEqual({ kind: 'help' });
  });

  it('parses PostgreSQL, Redis and migrate-to-postgres', () => {
    const postgres = 'postgres://qelem@db.example.org:5432/qelem';
    expect(parseCommand(['--postgres', postgres, '--redis', 'redis://10.0.0.5:6379', '--port', '0'])).toEqual({
      kind: 'serve',
      postgres,
      redis: 'redis://10.0.0.5:6379',
      host: '127.0.0.1',
      port: 0,
      trustProxy: false,
    });
    expect(parseCommand(['serve', '--postgres', postgres])).toEqual({ kind: 'serve', postgres, host: '127.0.0.1', port: 1234, trustProxy: false });
    expect(parseCommand(['user', 'add', 'sara', '--role', 'editor', '--postgres', postgres])).toEqual({ kind: 'user-add', name: 'sara', role: 'editor', postgres });
    expect(parseCommand(['user', 'list', '--postgres', postgres])).toEqual({ kind: 'user-list', postgres });
    expect(parseCommand(['migrate-to-postgres', '--data', 'd', '--postgres', postgres])).toEqual({ kind: 'migrate-to-postgres', dataDir: 'd', postgres, merge: false });
    expect(parseCommand(['migrate-to-postgres', '--data', 'd', '--postgres', postgres, '--merge'])).toMatchObject({ merge: true });
  });

  it.each([
    [['serve'], '--data DIR or --postgres URL is required (where the accounts and documents are)'],
    [['--data', 'd', '--postgres', 'postgres://h/db'], '--data and --postgres do not go together'],
    [['--postgres', 'h:5432'], '--postgres needs a URL: postgres://USER@HOST:PORT/DATABASE'],
    [['--data', 'd', '--redis', 'redis://h'], '--redis needs --postgres'],
    [['--postgres', 'postgres://h/db', '--redis', 'h:6379'], '--redis needs a URL: redis://HOST:PORT'],
    [['user', 'list', '--postgres', 'postgres://h/db', '--redis', 'redis://h'], '--redis does not go with "user list"'],
    [['migrate-to-postgres', '--data', 'd'], '"migrate-to-postgres" needs --data DIR (from) and --postgres URL (to)'],
    [['migrate-to-postgres', '--data', 'd', '--postgres', 'postgres://h/db', '--port', '1'], '--port does not go with "migrate-to-postgres"'],
    [['--data', 'd', '--port', '70000'], '--port must be a number from 0 to 65535, not "70000"'],
    [['--data', 'd', '--tls-cert', 'c'], '--tls-cert and --tls-key go together'],
    [['--data', 'd', '--prot', '1'], "Unknown option '--prot'."],
    [['user', 'add', 'sara', '--data', 'd'], '"user add" needs --role reporter|translator|editor|admin'],
    [['user', 'add', 'sara', '--role', 'boss', '--data', 'd'], 'unknown role "boss" (roles: reporter, translator, editor, admin)'],
    [['user', 'add', '--role', 'editor', '--data', 'd'], '"user add" needs a user name'],
    [['user', 'list', '--data', 'd', '--port', '1'], '--port does not go with "user list"'],
    [['user', 'delete', 'sara', '--data', 'd'], 'unknown user command "delete" (add, list, remove, token, role)'],
    [['start', '--data', 'd'], 'unknown command "start"'],
  ])('refuses %j with one line', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });
});
