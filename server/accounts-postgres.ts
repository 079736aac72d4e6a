import { RoleSchema, type Role } from '../shared/collab/roles';
import {
  alreadyExists,
  checkName,
  hashToken,
  matchToken,
  newToken,
  noSuchUser,
  publicAccount,
  toAccount,
  tokenShaped,
  type Account,
  type AccountStore,
  type CachedAccount,
  type UserRow,
} from './accounts';
import { checkReachable, isUniqueViolation, migratePostgres, openPool, redactUrl, type Pool } from './postgres';
import type { Migration } from './sqlite';

/**
 * The accounts in PostgreSQL (--postgres URL): the same rows as accounts.db
 * (./accounts.ts), shared by every instance and by the account commands.
 * All of their PostgreSQL SQL is here.
 *
 * What SQLite's NOCASE does for names (ASCII letters folded, nothing else)
 * is a generated `name_key` column holding the name with A–Z folded to a–z;
 * it is unique. What `PRAGMA data_version` does for the server (tell it that
 * someone changed the accounts) is `account_changes.counter`, raised by a
 * trigger on every statement that changes `users`, whoever runs it; every
 * instance polls it and closes the connections of changed accounts.
 */
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
/** SQL that folds a name as name_key does. */
const fold = (expression: string) => `translate(${expression}, '${UPPER}', '${LOWER}')`;

export const POSTGRES_ACCOUNT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'users: name, role, token hash, generation; a counter raised on every change',
    sql: `
      CREATE TABLE users (
        name        TEXT NOT NULL,
        name_key    TEXT GENERATED ALWAYS AS (${fold('name')}) STORED PRIMARY KEY,
        role        TEXT NOT NULL,
        token_hash  BYTEA NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
        generation  INTEGER NOT NULL CHECK (generation >= 1),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      );
      CREATE TABLE account_changes (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        counter  BIGINT NOT NULL
      );
      INSERT INTO account_changes (id, counter) VALUES (1, 0);
      CREATE FUNCTION qelem_accounts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE account_changes SET counter = counter + 1 WHERE id = 1;
        RETURN NULL;
      END
      $$;
      CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE ON users
        FOR EACH STATEMENT EXECUTE FUNCTION qelem_accounts_changed();
    `,
  },
];

const COLUMNS = 'name, role, token_hash, generation, created_at, updated_at';

export class PostgresAccounts implements AccountStore {
  private cache: CachedAccount[] | null = null;
  private seenCounter = -1;

  private constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
    readonly where: string,
  ) {}

  /** Uses `pool` (kept open by its owner) after bringing the accounts tables up to date. */
  static async on(pool: Pool, where: string): Promise<PostgresAccounts> {
    await migratePostgres(pool, 'accounts', POSTGRES_ACCOUNT_MIGRATIONS, where);
    return new PostgresAccounts(pool, false, where);
  }

  /** Opens a pool of its own on `url` (closed by close()). */
  static async open(url: string): Promise<PostgresAccounts> {
    const pool = openPool(url, undefined, 2);
    const where = redactUrl(url);
    try {
      await checkReachable(pool, url);
      await migratePostgres(pool, 'accounts', POSTGRES_ACCOUNT_MIGRATIONS, where);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresAccounts(pool, true, where);
  }

  async add(name: string, role: Role, now = new Date()): Promise<string> {
    checkName(name);
    RoleSchema.parse(role);
    const token = newToken();
    const at = now.toISOString();
    try {
      await this.pool.query(`INSERT INTO users (${COLUMNS}) VALUES ($1, $2, $3, 1, $4, $4)`, [name, role, hashToken(token), at]);
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyExists(name);
      throw error;
    }
    this.cache = null;
    return token;
  }

  async list(): Promise<Account[]> {
    const result = await this.pool.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY name_key COLLATE "C", name COLLATE "C"`);
    return result.rows.map(toAccount).filter((a) => a !== null);
  }

  async find(name: string): Promise<Account | null> {
    const result = await this.pool.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE name_key = ${fold('$1')}`, [name]);
    const row = result.rows[0];
    return row ? toAccount(row) : null;
  }

  async remove(name: string): Promise<Account> {
    const account = await this.mustFind(name);
    await this.pool.query(`DELETE FROM users WHERE name_key = ${fold('$1')}`, [account.name]);
    this.cache = null;
    return account;
  }

  /** A new token for `name`; the old one stops working (and its connections are closed by every instance). */
  async replaceToken(name: string, now = new Date()): Promise<string> {
    const account = await this.mustFind(name);
    const token = newToken();
    await this.pool.query(`UPDATE users SET token_hash = $2, generation = generation + 1, updated_at = $3 WHERE name_key = ${fold('$1')}`, [
      account.name,
      hashToken(token),
      now.toISOString(),
    ]);
    this.cache = null;
    return token;
  }

  async setRole(name: string, role: Role, now = new Date()): Promise<Account> {
    RoleSchema.parse(role);
    await this.mustFind(name);
    // Raised only when the role changes, as accounts.db does.
    await this.pool.query(`UPDATE users SET role = $2, generation = generation + 1, updated_at = $3 WHERE name_key = ${fold('$1')} AND role <> $2`, [
      name,
      role,
      now.toISOString(),
    ]);
    this.cache = null;
    return this.mustFind(name);
  }

  /**
   * The account a token belongs to, or null: the accounts as the database
   * holds them now (the change counter is read first, and the accounts again
   * when it moved), compared in constant time.
   */
  async authenticate(token: string): Promise<Account | null> {
    const accounts = await this.current();
    if (!tokenShaped(token)) return null;
    const found = matchToken(accounts, hashToken(token));
    return found ? publicAccount(found) : null;
  }

  async snapshot(): Promise<Map<string, Account>> {
    return new Map((await this.current()).map((a) => [a.name, publicAccount(a)]));
  }

  async changeMarker(): Promise<number> {
    const result = await this.pool.query<{ counter: string }>('SELECT counter::text AS counter FROM account_changes WHERE id = 1');
    return Number(result.rows[0]?.counter ?? 0);
  }

  async check(): Promise<void> {
    await this.changeMarker();
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }

  private async mustFind(name: string): Promise<Account> {
    const account = await this.find(name);
    if (!account) throw noSuchUser(name);
    return account;
  }

  private async current(): Promise<CachedAccount[]> {
    const counter = await this.changeMarker();
    if (counter !== this.seenCounter) {
      this.seenCounter = counter;
      this.cache = null;
    }
    if (!this.cache) {
      const result = await this.pool.query<UserRow>(`SELECT ${COLUMNS} FROM users`);
      this.cache = result.rows.flatMap((row) => {
        const account = toAccount(row);
        return account ? [{ ...account, tokenHash: Buffer.from(row.token_hash) }] : [];
      });
    }
    return this.cache;
  }
}

/** What migrate-to-postgres reads and writes: account rows as they are, whatever their role. */
export class PostgresAccountRows {
  constructor(private readonly pool: Pool) {}

  async count(): Promise<number> {
    const result = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    return result.rows[0]?.n ?? 0;
  }

  /** Every row, by name. */
  async all(): Promise<UserRow[]> {
    const result = await this.pool.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY name COLLATE "C"`);
    return result.rows;
  }

  /** Inserts the rows in one transaction; a row whose name is there already is left out. Returns the names inserted. */
  async insert(rows: readonly UserRow[]): Promise<Set<string>> {
    const inserted = new Set<string>();
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      try {
        for (const row of rows) {
          const result = await client.query(`INSERT INTO users (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name_key) DO NOTHING`, [
            row.name,
            row.role,
            Buffer.from(row.token_hash),
            row.generation,
            row.created_at,
            row.updated_at,
          ]);
          if (result.rowCount === 1) inserted.add(row.name);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      client.release();
    }
    return inserted;
  }
}
