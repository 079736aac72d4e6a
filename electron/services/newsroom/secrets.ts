/**
 * Where the newsroom token is kept. Never in a plain file, a URL or a log:
 * the desktop app keeps it encrypted with Electron's safeStorage
 * (electron/secrets.ts); browser mode and tests hold it in memory only.
 */
export interface SecretStore {
  read(): string | null;
  /** Keeps the token; false when it is kept for this run only (no safe place for it across restarts). */
  write(token: string): boolean;
  /** Whether the token kept is there again at the next start. */
  remembers(): boolean;
  clear(): void;
}

export function memorySecrets(initial: string | null = null): SecretStore {
  let token = initial;
  return {
    read: () => token,
    write(next) {
      token = next;
      return false;
    },
    remembers: () => false,
    clear() {
      token = null;
    },
  };
}
