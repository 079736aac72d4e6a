import { parseArgs } from 'node:util';
import { RoleSchema, ROLES, type Role } from '../shared/collab/roles';
import { DEFAULT_HOST, DEFAULT_PORT } from './server';

/** The command line: what to do, parsed; or a one-line usage error. */
export type Command =
  | { kind: 'help' }
  | { kind: 'serve'; dataDir: string; host: string; port: number; tls?: { certFile: string; keyFile: string }; trustProxy: boolean }
  | { kind: 'user-add'; dataDir: string; name: string; role: Role }
  | { kind: 'user-list'; dataDir: string }
  | { kind: 'user-remove'; dataDir: string; name: string }
  | { kind: 'user-token'; dataDir: string; name: string }
  | { kind: 'user-role'; dataDir: string; name: string; role: Role };

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Qelem newsroom server

Usage:
  qelem-server [serve] --data DIR [--port N] [--host ADDR] [--tls-cert FILE --tls-key FILE] [--trust-proxy]
  qelem-server user add NAME --role ${ROLES.join('|')} --data DIR
  qelem-server user list --data DIR
  qelem-server user remove NAME --data DIR
  qelem-server user token NAME --data DIR
  qelem-server user role NAME --role ${ROLES.join('|')} --data DIR

  (from a checkout: npm run server -- ARGS)

serve            Serves the documents in DIR and prints QELEM_SERVER_URL=ws://HOST:PORT
                 (wss:// with --tls-cert and --tls-key). --port ${DEFAULT_PORT} and
                 --host ${DEFAULT_HOST} by default; --port 0 takes a free port.
                 --trust-proxy counts failed logins against the client address a
                 reverse proxy appends to X-Forwarded-For.
user add         Adds an account and prints its token once: QELEM_TOKEN=...
user list        Lists the accounts (name, role, created).
user remove      Removes an account; a running server closes its connections.
user token       Prints a new token for the account; the old one stops working.
user role        Changes the account's role; a running server closes its connections.

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
  const dataDir = () => {
    if (!values.data) throw new UsageError('--data DIR is required (the folder that holds the accounts and documents)');
    return values.data;
  };

  if (group === 'serve') {
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    allow('data', 'port', 'host', 'tls-cert', 'tls-key', 'trust-proxy');
    const certFile = values['tls-cert'];
    const keyFile = values['tls-key'];
    if ((certFile === undefined) !== (keyFile === undefined)) throw new UsageError('--tls-cert and --tls-key go together');
    const host = values.host ?? DEFAULT_HOST;
    if (host === '') throw new UsageError('--host needs an address');
    return {
      kind: 'serve',
      dataDir: dataDir(),
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
      allow('data', 'role');
      return { kind: 'user-add', name: needName(), role: role(), dataDir: dataDir() };
    case 'role':
      allow('data', 'role');
      return { kind: 'user-role', name: needName(), role: role(), dataDir: dataDir() };
    case 'list':
      allow('data');
      return { kind: 'user-list', dataDir: dataDir() };
    case 'remove':
      allow('data');
      return { kind: 'user-remove', name: needName(), dataDir: dataDir() };
    case 'token':
      allow('data');
      return { kind: 'user-token', name: needName(), dataDir: dataDir() };
    default:
      throw new UsageError(`unknown user command "${action}" (add, list, remove, token, role)`);
  }
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${value}"`);
  return Number(value);
}
