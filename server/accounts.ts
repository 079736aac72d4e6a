import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { RoleSchema, type Role } from '../shared/collab/roles';
import { dataVersion, openSqlite, type Migration } from './sqlite';

/**
 * The newsroom's accounts, in DIR/accounts.db. A token is 32 random bytes
 * (base64url, 43 characters), shown once when made; the database keeps only
 * its SHA-256. `generation` goes up whenever the role or the token changes,
 * so the server can tell which live connections were authenticated under an
 * account as it no longer is.
 *
 * The account commands (`user add|list|remove|token|role`) run in another
 * process than the server, on the same file; the server notices their
 * commits through `PRAGMA data_version` (see `changed`).
 */
export const ACCOUNTS_FILE = 'accounts.db';

export const ACCOUNT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'users: name, role, token hash, generation',
    // NOCASE: "Sara" and "sara" are one person. No CHECK on role: the code
    // validates it, and a new role must not force a table rebuild.
    sql: `
      CREATE TABLE users (
        name        TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
        role        TEXT NOT NULL,
        token_hash  BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
        generation  INTEGER NOT NULL CHECK (generation >= 1),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
    `,
  },
];

export interface Account {
  readonly name: string;
  readonly role: Role;
  readonly generation: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

type Awaitable<T> = T | Promise<T>;

/**
 * Where the accounts are: accounts.db in the data folder (`Accounts`, below:
 * synchronous, node:sqlite) or PostgreSQL (./accounts-postgres.ts). The server
 * and the account commands use either through this interface, awaiting every
 * answer.
 */
export interface AccountStore {
  /** Where, for messages: the file, or the database's URL without its password. */
  readonly where: string;
  add(name: string, role: Role, now?: Date): Awaitable<string>;
  list(): Awaitable<Account[]>;
  find(name: string): Awaitable<Account | null>;
  remove(name: string): Awaitable<Account>;
  replaceToken(name: string, now?: Date): Awaitable<string>;
  setRole(name: string, role: Role, now?: Date): Awaitable<Account>;
  authenticate(token: string): Awaitable<Account | null>;
  snapshot(): Awaitable<Map<string, Account>>;
  /**
   * Changes whenever another process (an account command, another instance)
   * changes the accounts; the server polls it and closes the connections of
   * changed accounts.
   */
  changeMarker(): Awaitable<number>;
  /** Throws if the accounts cannot be read now (readiness). */
  check(): Awaitable<void>;
  close(): Awaitable<void>;
}

/** What went wrong with an account command: its message is one line for the person at the terminal. */
export class AccountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccountError';
  }
}

/** Letters (any script), digits, `.`, `_`, `-`, `@`; 1–64 characters: safe on a command line and in a log. */
const NAME = /^[\p{L}\p{M}\p{N}._@-]{1,64}$/u;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function validName(name: string): boolean {
  return NAME.test(name);
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export interface CachedAccount extends Account {
  readonly tokenHash: Buffer;
}

export class Accounts implements AccountStore {
  private cache: CachedAccount[] | null = null;
  private seenVersion = -1;

  private constructor(
    private readonly db: DatabaseSync,
    readonly file: string,
  ) {}

  get where(): string {
    return this.file;
  }

  /** Opens DIR/accounts.db, creating it if needed. */
  static open(dataDir: string): Accounts {
    const file = path.join(dataDir, ACCOUNTS_FILE);
    return new Accounts(openSqlite(file, ACCOUNT_MIGRATIONS), file);
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  /** Adds an account; returns its token (the only time it exists outside the caller). */
  add(name: string, role: Role, now = new Date()): string {
    checkName(name);
    RoleSchema.parse(role);
    if (this.find(name)) throw alreadyExists(name);
    const token = newToken();
    const at = now.toISOString();
    this.db.prepare('INSERT INTO users (name, role, token_hash, generation, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)').run(name, role, hashToken(token), at, at);
    this.cache = null;
    return token;
  }

  list(): Account[] {
    return (this.db.prepare('SELECT * FROM users ORDER BY name COLLATE NOCASE').all() as unknown as UserRow[]).map(toAccount).filter((a) => a !== null);
  }

  /** Every row as it is, whatever its role (migrate-to-postgres copies them all). */
  rows(): UserRow[] {
    return this.db.prepare('SELECT * FROM users ORDER BY name').all() as unknown as UserRow[];
  }

  find(name: string): Account | null {
    const row = this.db.prepare('SELECT * FROM users WHERE name = ?').get(name) as unknown as UserRow | undefined;
    return row ? toAccount(row) : null;
  }

  remove(name: string): Account {
    const account = this.mustFind(name);
    this.db.prepare('DELETE FROM users WHERE name = ?').run(account.name);
    this.cache = null;
    return account;
  }

  /** A new token for `name`; the old one stops working (and its connections are closed by the server). */
  replaceToken(name: string, now = new Date()): string {
    const account = this.mustFind(name);
    const token = newToken();
    this.db.prepare('UPDATE users SET token_hash = ?, generation = generation + 1, updated_at = ? WHERE name = ?').run(hashToken(token), now.toISOString(), account.name);
    this.cache = null;
    return token;
  }

  setRole(name: string, role: Role, now = new Date()): Account {
    RoleSchema.parse(role);
    const account = this.mustFind(name);
    if (account.role !== role) {
      this.db.prepare('UPDATE users SET role = ?, generation = generation + 1, updated_at = ? WHERE name = ?').run(role, now.toISOString(), account.name);
      this.cache = null;
    }
    return this.mustFind(name);
  }

  /**
   * The account a token belongs to, or null. The token's hash is compared
   * with every account's in constant time, without stopping at a match.
   */
  authenticate(token: string): Account | null {
    const accounts = this.current();
    if (!tokenShaped(token)) return null;
    const found = matchToken(accounts, hashToken(token));
    return found ? publicAccount(found) : null;
  }

  /** Every account by name, as the database holds them now. */
  snapshot(): Map<string, Account> {
    return new Map(this.current().map((a) => [a.name, publicAccount(a)]));
  }

  /**
   * Changes whenever another process (an account command) commits to
   * accounts.db; this connection's own commits leave it as it is.
   */
  dataVersion(): number {
    return dataVersion(this.db);
  }

  changeMarker(): number {
    return this.dataVersion();
  }

  check(): void {
    this.db.prepare('SELECT 1 FROM users LIMIT 1').get();
  }

  private current(): CachedAccount[] {
    const version = dataVersion(this.db);
    if (version !== this.seenVersion) {
      this.seenVersion = version;
      this.cache = null;
    }
    if (!this.cache) {
      const rows = this.db.prepare('SELECT * FROM users').all() as unknown as UserRow[];
      this.cache = rows.flatMap((row) => {
        const account = toAccount(row);
        return account ? [{ ...account, tokenHash: Buffer.from(row.token_hash) }] : [];
      });
    }
    return this.cache;
  }

  private mustFind(name: string): Account {
    const account = this.find(name);
    if (!account) throw noSuchUser(name);
    return account;
  }
}

export function checkName(name: string): void {
  if (!validName(name)) throw new AccountError(`"${name}" is not a valid user name (1–64 letters, digits, ".", "_", "-" or "@")`);
}

export function alreadyExists(name: string): AccountError {
  return new AccountError(`a user named "${name}" already exists (\`user token ${name}\` gives a new token, \`user role\` changes the role)`);
}

export function noSuchUser(name: string): AccountError {
  return new AccountError(`no user named "${name}"`);
}

/** Whether `token` has the form of a token (43 base64url characters): anything else is refused without a look. */
export function tokenShaped(token: string): boolean {
  return TOKEN.test(token);
}

/** The account whose hash is `hash`, compared with every account's in constant time, without stopping at a match. */
export function matchToken<T extends { tokenHash: Buffer }>(accounts: readonly T[], hash: Buffer): T | null {
  let found: T | null = null;
  for (const account of accounts) {
    if (timingSafeEqual(account.tokenHash, hash) && found === null) found = account;
  }
  return found;
}

export interface UserRow {
  name: string;
  role: string;
  token_hash: Uint8Array;
  generation: number;
  created_at: string;
  updated_at: string;
}

/** A row whose role this server does not know (written by a newer one) is no account at all. */
export function toAccount(row: UserRow): Account | null {
  const role = RoleSchema.safeParse(row.role);
  if (!role.success) return null;
  return { name: row.name, role: role.data, generation: row.generation, createdAt: row.created_at, updatedAt: row.updated_at };
}

export function publicAccount(account: Account): Account {
  return { name: account.name, role: account.role, generation: account.generation, createdAt: account.createdAt, updatedAt: account.updatedAt };
}
