import type { beforeSyncPayload, Connection, Hocuspocus, onAuthenticatePayload, onChangePayload } from '@hocuspocus/server';
import { messageYjsUpdate } from 'y-protocols/sync';
import { parseDocName, versionDocName, type DocName } from '../shared/collab/doc-names';
import { accessTo, readOnlyReason, type Access, type ReadOnlyReason, type Role } from '../shared/collab/roles';
import { LANGUAGE_KEYS } from '../shared/languages';
import type { Account, AccountStore } from './accounts';
import { ACCESS_CHANGED, type Client, type Clients } from './clients';
import type { Logger } from './log';
import { failureKey, type FailureLimiter } from './rate-limit';
import type { SourceLanguages } from './source-languages';

/**
 * Who may open which document, decided when a provider authenticates
 * (Hocuspocus's onAuthenticate, once per document per connection):
 *
 * - the token must belong to an account (a wrong one counts as a failure
 *   for the remote address: ./rate-limit.ts);
 * - admin accounts open no document;
 * - the name must be a document name (shared/collab/doc-names.ts);
 * - the access is shared/collab/roles.ts's `accessTo`, with the article's
 *   source language from the server's own copy of `article/<id>`; a document
 *   the role may only read is opened read-only (`connectionConfig.readOnly`).
 *
 * On a read-only connection Hocuspocus applies no document update: an
 * update (or the changes of a sync step 2) is answered with a sync status
 * of "not saved" and goes nowhere, neither into the document nor to other
 * clients nor into storage.
 */
export type RefusalReason = 'missing-token' | 'invalid-token' | 'admin-opens-no-documents' | 'unknown-document';

/**
 * A refused authentication. Hocuspocus sends `reason` to the provider (its
 * `authenticationFailed` event gets `{ reason }`). The message is empty on
 * purpose: Hocuspocus logs the message of an error thrown by a hook, and
 * refusals are logged here, with the user name or address instead.
 */
export class Refusal extends Error {
  constructor(readonly reason: RefusalReason) {
    super('');
    this.name = 'Refusal';
  }
}

/** What the server knows of a connection (Hocuspocus's context). */
export interface ConnectionContext {
  client: Client;
  user?: { name: string; role: Role; generation: number };
  /** Why this document is read-only for this user (shared/collab/roles.ts); null when writable. */
  readOnlyReason?: ReadOnlyReason | null;
}

export interface AccessDeps {
  accounts: AccountStore;
  limiter: FailureLimiter;
  sourceLanguages: SourceLanguages;
  clients: Clients;
  log: Logger;
}

/** The access of `role` to the document named `documentName`, or null for a name that names no document. */
export async function accessToName(
  role: Role,
  documentName: string,
  sourceLanguages: SourceLanguages,
): Promise<{ doc: DocName; access: Access; reason: ReadOnlyReason | null } | null> {
  const doc = parseDocName(documentName);
  if (!doc) return null;
  const sourceLang = doc.kind === 'version' ? await sourceLanguages.of(doc.articleId) : null;
  return { doc, access: accessTo(role, doc, sourceLang), reason: readOnlyReason(role, doc, sourceLang) };
}

export function authenticator(deps: AccessDeps) {
  const { accounts, limiter, sourceLanguages, clients, log } = deps;
  return async (payload: onAuthenticatePayload<ConnectionContext>): Promise<Pick<ConnectionContext, 'user' | 'readOnlyReason'>> => {
    const { token, documentName, connectionConfig, context } = payload;
    const client = context.client;
    const address = client.remoteAddress;
    await limiter.beforeAttempt(address);
    if (!token) {
      log.warn(`refused ${address} for ${printable(documentName)}: no token`);
      throw new Refusal('missing-token');
    }
    const account = await accounts.authenticate(token);
    if (!account) {
      limiter.failed(address, failureKey(token));
      log.warn(`refused ${address} for ${printable(documentName)}: invalid token (${limiter.failures(address)} failures)`);
      throw new Refusal('invalid-token');
    }
    limiter.succeeded(address);
    if (account.role === 'admin') {
      log.warn(`refused "${account.name}" (admin) for ${printable(documentName)}: admin accounts open no documents`);
      throw new Refusal('admin-opens-no-documents');
    }
    const decided = await accessToName(account.role, documentName, sourceLanguages);
    if (!decided) {
      log.warn(`refused "${account.name}" for ${printable(documentName)}: not a document name`);
      throw new Refusal('unknown-document');
    }
    if (decided.access === 'none') throw new Refusal('admin-opens-no-documents');
    connectionConfig.readOnly = decided.access === 'read';
    clients.authenticated(client, account);
    return { user: userOf(account), readOnlyReason: decided.reason };
  };
}

/**
 * Logs an update sent to a read-only document anyway, once per connection
 * (Hocuspocus itself drops it: see MessageReceiver's readOnly branches).
 * A sync step 2 with changes is not logged: a desktop whose local copy
 * differs sends one on every connect, and that is no attack.
 */
export function readOnlyWriteLogger(log: Logger) {
  const logged = new WeakSet<Connection>();
  return async ({ connection, documentName, type }: beforeSyncPayload<ConnectionContext>): Promise<void> => {
    if (type !== messageYjsUpdate || !connection.readOnly || logged.has(connection)) return;
    logged.add(connection);
    const { user, readOnlyReason } = connection.context as ConnectionContext;
    log.warn(`dropped an update to read-only ${documentName} from "${user?.name ?? '?'}" (${user?.role ?? '?'}: ${readOnlyReason ?? 'read-only'})`);
  };
}

/**
 * When an article's source language changes (an article being created, so
 * far known to nobody), the open connections to its versions were given
 * access under the old one. On every change to an article document, the
 * open connections to its versions are checked against the source language
 * it holds now (a few connections at most), and those whose access differs
 * are closed, so that their providers reconnect and are decided again.
 */
export function sourceLanguageWatcher(sourceLanguages: SourceLanguages, instance: () => Hocuspocus, log: Logger) {
  return async ({ documentName, document }: onChangePayload): Promise<void> => {
    const doc = parseDocName(documentName);
    if (doc?.kind !== 'article') return;
    const { now } = sourceLanguages.note(doc.articleId, document);
    for (const lang of LANGUAGE_KEYS) {
      const version = instance().documents.get(versionDocName(doc.articleId, lang));
      for (const connection of version?.getConnections() ?? []) {
        const context = connection.context as ConnectionContext;
        if (!context.user) continue;
        const access = accessTo(context.user.role, { kind: 'version', articleId: doc.articleId, lang }, now);
        if ((access !== 'write') === connection.readOnly) continue;
        log.info(`source language of article ${doc.articleId} is now ${now ?? 'unknown'}: reconnecting "${context.user.name}" on ${version?.name}`);
        context.client.close(ACCESS_CHANGED);
      }
    }
  };
}

function userOf(account: Account): NonNullable<ConnectionContext['user']> {
  return { name: account.name, role: account.role, generation: account.generation };
}

/** A document name as a log shows it: a client chose it, so at most 80 printable characters. */
function printable(name: string): string {
  const clean = name.replace(/[^\x20-\x7e]/g, '?');
  return JSON.stringify(clean.length > 80 ? `${clean.slice(0, 80)}…` : clean);
}
