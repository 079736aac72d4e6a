/**
 * Where the newsroom token is kept. Never in a plain file, a URL or a log:
 * the desktop app keeps it encrypted with Electron's safeStorage
 * (electron/secrets.ts); browser mode and tests hold it in memory only.
 */
export interface SecretStore {
  read(): string | null;
  /** Throws when it cannot be kept safely (no encryption available): the caller says so. */
  write(token: string): void;
  clear(): void;
}

export function memorySecrets(initial: string | null = null): SecretStore {
  let token = initial;
  return {
    read: () => token,
    write(next) {
      token = next;
    },
    clear() {
      token = null;
    },
  };
}
