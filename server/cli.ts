import { parseArgs } from 'node:util';
import { RoleSchema, ROLES, type Role } from '../shared/collab/roles';
import { isPostgresUrl } from './postgres';
import { isRedisUrl } from './redis';
import { DEFAULT_HOST, DEFAULT_PORT } from './server';

/** Where the accounts and documents are: a data folder (SQLite), or PostgreSQL. */
export type Where = { dataDir: string } | { postgres: string };

/** The command line: what to do, parsed; or a one-line usage error. */
export type Command =
  | { kind: 'help' }
  | ({ kind: 'serve'; host: string; port: number; tls?: { certFile: string; keyFile: string }; trustProxy: boolean; redis?: string } & Where)
  | ({ kind: 'user-add'; name: string; role: Role } & Where)
  | ({ kind: 'user-list' } & Where)
  | ({ kind: 'user-remove'; name: string } & Where)
  | ({ kind: 'user-token'; name: string } & Where)
  | ({ kind: 'user-role'; name: string; role: Role } & Where)
  | { kind: 'migrate-to-postgres'; dataDir: string; postgres: string; merge: boolean };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Qelem newsroom server

Usage:
  qelem-server [serve] --data DIR [--port N] [--host ADDR] [--tls-cert FILE --tls-key FILE] [--trust-proxy]
  qelem-server [serve] --postgres URL [--redis URL] [--port N] [--host ADDR] [...]
  qelem-server user add NAME --role ${ROLES.join('|')} --data DIR
  qelem-server user list --data DIR
  qelem-server user remove NAME --data DIR
  qelem-server user token NAME --data DIR
  qelem-server user role NAME --role ${ROLES.join('|')} --data DIR
  qelem-server migrate-to-postgres --data DIR --postgres URL [--merge]

  (from a checkout: npm run server -- ARGS; every --data DIR may be --postgres URL)

serve            Serves the documents in DIR and prints QELEM_SERVER_URL=ws://HOST:PORT
                 (wss:// with --tls-cert and --tls-key). --port ${DEFAULT_PORT} and
                 --host ${DEFAULT_HOST} by default; --port 0 takes a free port.
                 --trust-proxy counts failed logins against the client address a
                 reverse proxy appends to X-Forwarded-For.
                 --postgres postgres://USER@HOST:PORT/DB keeps accounts and documents
                 in PostgreSQL instead of DIR (the password from PGPASSWORD or
                 ~/.pgpass); --redis redis://HOST:PORT makes this one of several
                 instances on that database (every one of them with --redis).
                 GET /healthz and /readyz answer a load balancer.
user add         Adds an account and prints its token once: QELEM_TOKEN=...
user list        Lists the accounts (name, role, created).
user remove      Removes an account; a running server closes its connections.
user token       Prints a new token for the account; the old one stops working.
user role        Changes the account's role; a running server closes its connections.
migrate-to-postgres
                 Copies the accounts and every document of DIR (no server running
                 on it) into PostgreSQL, then reads each back and compares it.
                 Refuses a database that already holds accounts or documents,
                 unless --merge: then a document already there is merged with the
                 copy, and an account already there is kept as it is.

Roles: reporter (creates articles, writes their source version), translator
(writes translations), editor (writes everything), admin (accounts only).
Account commands work while the server runs.
`;

const ROLE_LIST = ROLES.join(', ');

export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        'trust-proxy': { type: 'boolean' },
        postgres: { type: 'string' },
        redis: { type: 'string' },
        merge: { type: 'boolean' },
        role: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // parseArgs says e.g. "Unknown option '--prot'. To specify a positional argument starting with a '-'…": keep the first sentence.
    throw new UsageError((error as Error).message.split(/(?<=\.) /)[0] ?? String(error));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') return { kind: 'help' };

  const [group = 'serve', ...rest] = positionals;
  const options = new Set(Object.keys(values));
  const allow = (...names: string[]) => {
    for (const name of options) if (!names.includes(name)) throw new UsageError(`--${name} does not go with "${[group, rest[0]].filter(Boolean).join(' ')}"`);
  };
  const postgresUrl = () => {
    const url = values.postgres;
    if (url === undefined) return undefined;
    if (!isPostgresUrl(url)) throw new UsageError('--postgres needs a URL: postgres://USER@HOST:PORT/DATABASE');
    return url;
  };
  const where = (): Where => {
    const postgres = postgresUrl();
    if (postgres !== undefined && values.data !== undefined) throw new UsageError('--data and --postgres do not go together: the accounts and documents are in one or the other');
    if (postgres !== undefined) return { postgres };
    if (!values.data) throw new UsageError('--data DIR or --postgres URL is required (where the accounts and documents are)');
    return { dataDir: values.data };
  };

  if (group === 'migrate-to-postgres') {
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    allow('data', 'postgres', 'merge');
    const postgres = postgresUrl();
    if (!values.data || postgres === undefined) throw new UsageError('"migrate-to-postgres" needs --data DIR (from) and --postgres URL (to)');
    return { kind: 'migrate-to-postgres', dataDir: values.data, postgres, merge: values.merge ?? false };
  }

  if (group === 'serve') {
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    allow('data', 'postgres', 'redis', 'port', 'host', 'tls-cert', 'tls-key', 'trust-proxy');
    const certFile = values['tls-cert'];
    const keyFile = values['tls-key'];
    if ((certFile === undefined) !== (keyFile === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
    const host = values.host ?? DEFAULT_HOST;
    if (host === '') throw new UsageError('--host needs an address');
    const store = where();
    const redis = values.redis;
    if (redis !== undefined && !isRedisUrl(redis)) throw new UsageError('--redis needs a URL: redis://HOST:PORT (rediss:// for TLS)');
    if (redis !== undefined && !('postgres' in store)) throw new UsageError('--redis needs --postgres: instances share their accounts and documents through PostgreSQL');
    return {
      kind: 'serve',
      ...store,
      ...(redis !== undefined ? { redis } : {}),
      host,
      port: parsePort(values.port),
      ...(certFile !== undefined && keyFile !== undefined ? { tls: { certFile, keyFile } } : {}),
      trustProxy: values['trust-proxy'] ?? false,
    };
  }

  if (group !== 'user') throw new UsageError(`unknown command "${group}"`);
  const [action, name, extra] = rest;
  if (action === undefined) throw new UsageError('"user" needs add, list, remove, token or role');
  if (extra !== undefined || (action === 'list' && name !== undefined)) throw new UsageError(`unexpected argument "${extra ?? name}"`);
  const needName = () => {
    if (name === undefined) throw new UsageError(`"user ${action}" needs a user name`);
    return name;
  };
  const role = () => {
    if (values.role === undefined) throw new UsageError(`"user ${action}" needs --role ${ROLES.join('|')}`);
    const result = RoleSchema.safeParse(values.role);
    if (!result.success) throw new UsageError(`unknown role "${values.role}" (roles: ${ROLE_LIST})`);
    return result.data;
  };
  switch (action) {
    case 'add':
      allow('data', 'postgres', 'role');
      return { kind: 'user-add', name: needName(), role: role(), ...where() };
    case 'role':
      allow('data', 'postgres', 'role');
      return { kind: 'user-role', name: needName(), role: role(), ...where() };
    case 'list':
      allow('data', 'postgres');
      return { kind: 'user-list', ...where() };
    case 'remove':
      allow('data', 'postgres');
      return { kind: 'user-remove', name: needName(), ...where() };
    case 'token':
      allow('data', 'postgres');
      return { kind: 'user-token', name: needName(), ...where() };
    default:
      throw new UsageError(`unknown user command "${action}" (add, list, remove, token, role)`);
  }
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${value}"`);
  return Number(value);
}
