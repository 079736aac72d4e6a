import type { Role } from '../shared/collab/roles';
import type { Account } from './accounts';
import type { Logger } from './log';

/**
 * The open WebSocket connections and the accounts each has authenticated
 * as (a connection carries one provider per document, each sending a
 * token). When an account is removed, gets a new token or a new role, every
 * connection authenticated under it as it was is closed: the desktop's
 * provider reconnects on its own and authenticates again, so a removed user
 * or a revoked token is refused and a new role gets its new access.
 */
export interface CloseReason {
  readonly code: number;
  readonly reason: string;
}

/** WebSocket close codes in Hocuspocus's 4xxx range (4401 Unauthorized, 4205 Reset Connection). */
export const ACCOUNT_REMOVED: CloseReason = { code: 4401, reason: 'account-removed' };
export const TOKEN_REVOKED: CloseReason = { code: 4401, reason: 'token-revoked' };
export const ROLE_CHANGED: CloseReason = { code: 4205, reason: 'role-changed' };
/** The article's source language changed under an open version: its access is decided again. */
export const ACCESS_CHANGED: CloseReason = { code: 4205, reason: 'access-changed' };
export const SERVER_STOPPING: CloseReason = { code: 1001, reason: 'server-stopping' };

export interface Identity {
  readonly name: string;
  readonly role: Role;
  readonly generation: number;
}

export interface Client {
  /** The address failures are counted against (the proxy's client address with --trust-proxy). */
  readonly remoteAddress: string;
  /** The accounts authenticated on this connection, as they were then (by name and generation). */
  readonly identities: Map<string, Identity>;
  close(why: CloseReason): void;
}

export class Clients {
  private readonly open = new Set<Client>();

  add(client: Client): void {
    this.open.add(client);
  }

  delete(client: Client): void {
    this.open.delete(client);
  }

  get size(): number {
    return this.open.size;
  }

  authenticated(client: Client, account: Account): void {
    client.identities.set(`${account.generation}:${account.name}`, { name: account.name, role: account.role, generation: account.generation });
  }

  /** Closes the connections authenticated under an account as it no longer is; returns how many. */
  enforce(accounts: ReadonlyMap<string, Account>, log: Logger): number {
    let closed = 0;
    for (const client of [...this.open]) {
      for (const identity of client.identities.values()) {
        const why = staleBecause(accounts.get(identity.name), identity);
        if (!why) continue;
        log.info(`closing a connection of "${identity.name}" from ${client.remoteAddress}: ${why.reason}`);
        this.open.delete(client);
        client.close(why);
        closed += 1;
        break;
      }
    }
    return closed;
  }

  closeAll(why: CloseReason): void {
    for (const client of [...this.open]) client.close(why);
  }
}

function staleBecause(account: Account | undefined, identity: Identity): CloseReason | null {
  if (!account) return ACCOUNT_REMOVED;
  if (account.role !== identity.role) return ROLE_CHANGED;
  if (account.generation !== identity.generation) return TOKEN_REVOKED;
  return null;
}
