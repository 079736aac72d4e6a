import fs from 'node:fs';
import type { SecretStore } from './services/newsroom/secrets';

/**
 * The newsroom token, encrypted with Electron's safeStorage (the system's
 * keychain, DPAPI or secret service) in a file of the library folder that
 * holds nothing readable. Where the system offers no real encryption (Linux
 * with no secret service: safeStorage's "basic_text"), the token is not
 * written at all: it is kept for this run only, and the newsroom dialog says so.
 */
export interface SafeStorageApi {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export const TOKEN_FILE = 'newsroom-token.bin';

export function safeStorageSecrets(file: string, safeStorage: SafeStorageApi): SecretStore {
  let thisRun: string | null = null;
  const usable = () => safeStorage.isEncryptionAvailable() && safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
  return {
    read() {
      if (thisRun !== null) return thisRun;
      if (!usable()) return null;
      let encrypted: Buffer;
      try {
        encrypted = fs.readFileSync(file);
      } catch {
        return null;
      }
      try {
        return safeStorage.decryptString(encrypted);
      } catch {
        // Encrypted under another account or key: asked for again.
        return null;
      }
    },
    write(token) {
      if (!usable()) {
        thisRun = token;
        fs.rmSync(file, { force: true });
        return false;
      }
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, safeStorage.encryptString(token), { mode: 0o600 });
      fs.renameSync(temp, file);
      thisRun = null;
      return true;
    },
    remembers: () => thisRun === null && fs.existsSync(file),
    clear() {
      thisRun = null;
      fs.rmSync(file, { force: true });
    },
  };
}
