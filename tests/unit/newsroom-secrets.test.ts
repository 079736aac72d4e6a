// @vitest-environment node
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { safeStorageSecrets, type SafeStorageApi } from '../../electron/secrets';
import { removeDir, tempDir } from './helpers/library';

/** A stand-in for Electron's safeStorage: a reversible scramble, so a test can tell it was used (the token never lies in the file as is). */
function fakeSafeStorage(backend = 'gnome_libsecret', available = true): SafeStorageApi {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text) => Buffer.from(`enc:${Buffer.from(text).toString('base64').split('').reverse().join('')}`),
    decryptString: (data) => {
      const text = data.toString();
      if (!text.startsWith('enc:')) throw new Error('not ours');
      return Buffer.from(text.slice(4).split('').reverse().join(''), 'base64').toString();
    },
  };
}

const TOKEN = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5';
let dir = '';
afterEach(() => removeDir(dir));

describe('the newsroom token kept with safeStorage', () => {
  it('is written encrypted, read back, and cleared', () => {
    dir = tempDir();
    const file = path.join(dir, 'newsroom-token.bin');
    const secrets = safeStorageSecrets(file, fakeSafeStorage());
    expect(secrets.read()).toBeNull();
    expect(secrets.write(TOKEN)).toBe(true);
    expect(fs.readFileSync(file).includes(TOKEN)).toBe(false);
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');
    expect(safeStorageSecrets(file, fakeSafeStorage()).read()).toBe(TOKEN);
    expect(secrets.remembers()).toBe(true);
    secrets.clear();
    expect(fs.existsSync(file)).toBe(false);
    expect(secrets.read()).toBeNull();
  });

  it('keeps the token for this run only where the system has no real encryption', () => {
    dir = tempDir();
    const file = path.join(dir, 'newsroom-token.bin');
    for (const storage of [fakeSafeStorage('basic_text'), fakeSafeStorage('gnome_libsecret', false)]) {
      const secrets = safeStorageSecrets(file, storage);
      expect(secrets.write(TOKEN)).toBe(false);
      expect(fs.existsSync(file)).toBe(false);
      expect(secrets.read()).toBe(TOKEN);
      expect(secrets.remembers()).toBe(false);
    }
  });

  it('asks again for a token it cannot decrypt (another account, a changed key)', () => {
    dir = tempDir();
    const file = path.join(dir, 'newsroom-token.bin');
    fs.writeFileSync(file, 'garbage');
    expect(safeStorageSecrets(file, fakeSafeStorage()).read()).toBeNull();
  });
});
