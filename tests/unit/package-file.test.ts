// @vitest-environment node
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceTable } from '../../shared/api';
import { PACKAGE_LIMITS } from '../../shared/export/package-format';
import { importPackageFile, launchDataOf, packagePathsFromArgv } from '../../electron/package-file';
import { createServices, createServiceTable } from '../../electron/services/table';
import { openLibrary, type Library } from '../../electron/store/library';
import { createCleanArticle } from './export-package-fixtures';
import { largePackage } from '../large-package';
import { removeDir, tempDir } from './helpers/library';

describe('packagePathsFromArgv', () => {
  const cwd = path.resolve('/home/reporter/Downloads');

  it('finds the packages a file manager passes, resolved against the working directory', () => {
    const argv = ['/opt/Qelem/qelem', 'duhok-library.qelem.zip', path.resolve('/tmp/other.qelem.zip')];
    expect(packagePathsFromArgv(argv, cwd)).toEqual([path.join(cwd, 'duhok-library.qelem.zip'), path.resolve('/tmp/other.qelem.zip')]);
  });

  it('takes file: URLs (Linux desktop files pass %U) and any .zip, whatever its case', () => {
    const file = path.resolve('/tmp/Story Package.ZIP');
    expect(packagePathsFromArgv(['qelem', pathToFileURL(file).href], cwd)).toEqual([file]);
  });

  it('skips the executable, switches, the --library value, the app folder of a development run and other files', () => {
    const argv = ['/usr/bin/electron', '/opt/qelem', '--no-sandbox', '--library', 'archive.zip', '--library=x.zip', '-r', 'loader.js', 'notes.txt', 'https://example.org/a.zip'];
    expect(packagePathsFromArgv(argv, cwd)).toEqual([]);
  });

  it('names each package once', () => {
    expect(packagePathsFromArgv(['qelem', 'a.qelem.zip', './a.qelem.zip'], cwd)).toEqual([path.join(cwd, 'a.qelem.zip')]);
  });
});

describe('launchDataOf', () => {
  it('accepts the argv and cwd a second instance sends', () => {
    expect(launchDataOf({ argv: ['qelem', 'a.zip'], cwd: '/tmp' })).toEqual({ argv: ['qelem', 'a.zip'], cwd: '/tmp' });
  });

  it('refuses anything else', () => {
    for (const data of [null, undefined, 'x', {}, { argv: 'a.zip', cwd: '/tmp' }, { argv: [1], cwd: '/tmp' }, { argv: [], cwd: '' }]) {
      expect(launchDataOf(data)).toBeNull();
    }
  });
});

describe('importPackageFile', () => {
  let tmp: string;
  let packageFile: string;
  let articleId: string;
  const libraries: Library[] = [];

  function freshTable(name: string): ServiceTable {
    const library = openLibrary(path.join(tmp, name));
    libraries.push(library);
    return createServiceTable(library);
  }

  beforeAll(async () => {
    tmp = tempDir('qelem-package-file-');
    const source = freshTable('source');
    const { id } = await createCleanArticle(source);
    const exported = await source.exportArticle({ id, acceptWarnings: true, note: '' });
    if (!exported.ok) throw new Error(exported.error.message);
    articleId = id;
    packageFile = path.join(tmp, exported.value.fileName.replace(/\.zip$/, '.qelem.zip'));
    fs.writeFileSync(packageFile, Buffer.from(exported.value.dataBase64, 'base64'));
  }, 60_000);

  afterAll(() => {
    for (const library of libraries) library.close();
    removeDir(tmp);
  });

  it('imports an exported package into another library, as the import button does', async () => {
    const table = freshTable('target');
    const result = await importPackageFile(table, packageFile);
    expect(result.ok && result.value.id).toBe(articleId);
    const listed = await table.listArticles({});
    expect(listed.ok && listed.value.items.map((item) => item.id)).toEqual([articleId]);
    // Opened again: merged into the article, which already holds it all.
    const again = await importPackageFile(table, packageFile);
    expect(again.ok && again.value.merged).toEqual({ versionsAdded: [], blocksAdded: 0, blocksChanged: 0, fieldsChanged: 0 });
  });

  it('with the services at hand (the Electron main process), reads the file as the import takes it, never through importPackage', async () => {
    const library = openLibrary(path.join(tmp, 'streamed'));
    libraries.push(library);
    const services = createServices(library, { backups: false });
    try {
      const importer = { importPackage: () => Promise.reject(new Error('must not be called')), importPackageStream: services.importPackageStream };
      const result = await importPackageFile(importer, packageFile);
      expect(result.ok && result.value.id).toBe(articleId);
      const again = await importPackageFile(importer, packageFile);
      expect(again.ok && again.value.merged).toEqual({ versionsAdded: [], blocksAdded: 0, blocksChanged: 0, fieldsChanged: 0 });
      // A file of several runs (3 MiB each): joined into one text.
      const large = path.join(tmp, 'streamed-large.qelem.zip');
      fs.writeFileSync(large, largePackage(2, 4 * 1024 * 1024, { id: '5b0c3f5e-3d1c-4f6e-9a57-0c0ffee0000a' }).zip);
      const imported = await importPackageFile(importer, large);
      expect(imported.ok && imported.value.id).toBe('5b0c3f5e-3d1c-4f6e-9a57-0c0ffee0000a');
      // Not a package, and a file gone: the same answers as through the table.
      const notZip = path.join(tmp, 'streamed-notes.zip');
      fs.writeFileSync(notZip, 'not a zip at all');
      expect(await importPackageFile(importer, notZip)).toEqual(await services.table.importPackage({ dataBase64: fs.readFileSync(notZip).toString('base64') }));
      const gone = await importPackageFile(importer, path.join(tmp, 'streamed-gone.qelem.zip'));
      expect(gone.ok ? null : gone.error.code).toBe('not_found');
    } finally {
      services.dispose();
    }
  }, 120_000);

  it('passes the service refusal through for a file that is not a package', async () => {
    const file = path.join(tmp, 'holiday-photos.zip');
    fs.writeFileSync(file, 'not a zip at all');
    const table = freshTable('not-a-package');
    const result = await importPackageFile(table, file);
    expect(result.ok ? null : result.error.code).toBe('invalid_input');
    expect(result).toEqual(await table.importPackage({ dataBase64: fs.readFileSync(file).toString('base64') }));
  });

  it('refuses a file over the package limit without reading it', async () => {
    const file = path.join(tmp, 'huge.qelem.zip');
    fs.closeSync(fs.openSync(file, 'w'));
    fs.truncateSync(file, PACKAGE_LIMITS.bytes + 1); // sparse: nothing is written to disk
    const table = { importPackage: () => Promise.reject(new Error('must not be called')) };
    const result = await importPackageFile(table, file);
    expect(result.ok ? null : [result.error.code, result.error.refusal, result.error.message]).toEqual([
      'invalid_input',
      'too_large',
      'The package is 200 MiB; packages can be at most 200 MiB.',
    ]);
  });

  it('says why a file cannot be read', async () => {
    const missing = await importPackageFile(freshTable('missing'), path.join(tmp, 'gone.qelem.zip'));
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
    expect(missing.ok ? '' : missing.error.message).toMatch(/ENOENT/);
    const folder = await importPackageFile(freshTable('folder'), tmp);
    expect(folder.ok ? null : folder.error.code).toBe('not_found');
  });
});
