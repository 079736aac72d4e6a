// @vitest-environment node
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DocumentEvent } from '../../shared/collab/events';
import { IMPORT_PHASES } from '../../shared/export/package-format';
import { largePackage } from '../large-package';
import { tempLibrary, type TempLibrary } from './helpers/library';

/**
 * A package import runs in a worker thread (issue 18 §4): the main thread
 * answers other calls while it runs, and every window hears how far it is.
 * Asserted by the order of answers and events, not by time (the bench,
 * case 9, times a 200 MiB import and the calls made meanwhile).
 */
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let big: { zip: Buffer; base64: string };
let temp: TempLibrary;

beforeAll(() => {
  // About 24 MiB: three pictures of 8 MiB, hashed twice (manifest, image name) and written.
  const { zip } = largePackage(3, 8 * 1024 * 1024);
  big = { zip, base64: zip.toString('base64') };
  temp = tempLibrary('qelem-import-worker-');
});

afterAll(() => temp.dispose());

describe('importPackage in a worker thread', () => {
  it('answers a call made while a large package is being checked before the import answers, and tells its phases in order', async () => {
    const services = temp.services({ backups: false });
    const order: string[] = [];
    const phases: string[] = [];
    let midway: (() => void) | null = null;
    const reachedHashing = new Promise<void>((resolve) => (midway = resolve));
    const session = services.documents.connect((event: DocumentEvent) => {
      if (event.type !== 'import') return;
      if (phases.at(-1) !== event.phase) phases.push(event.phase);
      if (event.phase === 'verifying') midway?.();
    });
    try {
      const importing = services.table.importPackage({ dataBase64: big.base64 }).then((result) => {
        order.push('import answered');
        return result;
      });
      // While the worker hashes the package's files: another call answers, and the import has not.
      await reachedHashing;
      order.push('import is verifying');
      const listed = await services.table.listArticles({});
      order.push('listArticles answered');
      expect(listed.ok).toBe(true);
      const imported = await importing;
      expect(imported).toMatchObject({ ok: true, value: { id: expect.any(String) } });
      expect(order).toEqual(['import is verifying', 'listArticles answered', 'import answered']);
      expect(phases).toEqual([...IMPORT_PHASES]);
      // Every picture is in the media folder, and no temporary file stayed.
      const files = fs.readdirSync(temp.library.mediaDir);
      expect(files.filter((name) => name.endsWith('.jpg'))).toHaveLength(4);
      expect(files.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      services.documents.disconnect(session);
      services.dispose();
    }
  });

  it('refuses text that is not strict base64 as invalid input (a short text at once, a long one in the worker), and writes nothing', async () => {
    const services = temp.services({ backups: false });
    try {
      const before = fs.readdirSync(temp.library.mediaDir).sort();
      for (const text of ['QUJD$', 'QQ==QUJD', 'QUJD-_8=', big.base64.slice(0, 4 * 1024 * 1024 + 3), `${big.base64.slice(0, 8 * 1024 * 1024)}*${big.base64.slice(8 * 1024 * 1024 + 1)}`]) {
        const refused = await services.table.importPackage({ dataBase64: text });
        expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', issues: [{ path: 'dataBase64', message: 'Expected the file as standard base64' }] } });
      }
      expect(fs.readdirSync(temp.library.mediaDir).sort()).toEqual(before);
    } finally {
      services.dispose();
    }
  });

  it('refuses large packages with their typed refusals, in the worker or after it, and leaves no file behind', async () => {
    const services = temp.services({ backups: false });
    const mediaFiles = () => fs.readdirSync(temp.library.mediaDir).sort();
    try {
      // A byte flipped in the middle (inside a picture): the worker refuses it (CRC or manifest hash).
      const damaged = Buffer.from(big.zip);
      const at = Math.floor(damaged.length / 2);
      damaged[at] = damaged[at]! ^ 0xff;
      const before = mediaFiles();
      expect(await services.table.importPackage({ dataBase64: damaged.toString('base64') })).toMatchObject({ ok: false, error: { code: 'invalid_input', refusal: 'damaged_package' } });
      expect(mediaFiles()).toEqual(before);
      // Another article with the imported one's slug: refused on the main thread after the worker wrote its two new pictures.
      const other = largePackage(2, 2 * 1024 * 1024, { id: '5b0c3f5e-3d1c-4f6e-9a57-0c0ffee00009' });
      expect(await services.table.importPackage({ dataBase64: other.zip.toString('base64') })).toMatchObject({ ok: false, error: { code: 'invalid_input', refusal: 'slug_taken' } });
      expect(mediaFiles()).toEqual(before);
    } finally {
      services.dispose();
    }
  });
});
