// @vitest-environment node
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The floors of the main process (eslint.config.js, build/eslint/layers.js),
 * checked through ESLint itself with the project's own configuration: code
 * is linted as if it stood at a path of the tree, the rest of the tree read
 * from disk.
 */

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'eslint.config.js') });

/** The messages of qelem/layers for `code` at `filePath`. */
async function layerMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'qelem/layers' || m.fatal).map((m) => m.message);
}

const upward = (from: string, to: string) => expect.stringMatching(new RegExp(`^${from}/ must not import ${to}/ `));

describe('qelem/layers: floors import downward only', () => {
  it('refuses an import of services/ in store/, type-only imports too', async () => {
    expect(await layerMessages('electron/store/example.ts', "import { createLibraryService } from '../services/library';\nexport const make = createLibraryService;\n")).toEqual([
      upward('electron/store', 'electron/services'),
    ]);
    expect(await layerMessages('electron/store/example.ts', "import type { LibraryContext } from '../services/context';\nexport type Context = LibraryContext;\n")).toEqual([
      upward('electron/store', 'electron/services'),
    ]);
  });

  it('refuses an import of package/ in store/', async () => {
    expect(await layerMessages('electron/store/example.ts', "export { writeZip } from '../package/zip';\n")).toEqual([upward('electron/store', 'electron/package')]);
  });

  it('refuses an import of services/ in package/', async () => {
    expect(await layerMessages('electron/package/example.ts', "import { ServiceError } from '../services/service-error';\nexport const error = new ServiceError({ code: 'internal', message: '' });\n")).toEqual([
      upward('electron/package', 'electron/services'),
    ]);
  });

  it('refuses an import of the host, ipc.ts or main.ts in services/, a dynamic one too', async () => {
    expect(await layerMessages('electron/services/example.ts', "import { startHost } from '../host/server';\nexport const start = startHost;\n")).toEqual([upward('electron/services', 'electron')]);
    expect(await layerMessages('electron/services/example.ts', "export const load = () => import('../ipc');\n")).toEqual([upward('electron/services', 'electron')]);
  });

  it('refuses an import of electron/ in shared/', async () => {
    const messages = await layerMessages('shared/example.ts', "import { openLibrary } from '../electron/store/library';\nexport const open = openLibrary;\n");
    expect(messages).toEqual([upward('shared', 'electron/store')]);
  });

  it('lets every floor import its own and the floors below', async () => {
    const cases: [string, string][] = [
      ['electron/store/example.ts', "import { transaction } from './database';\nimport { LANGUAGE_KEYS } from '../../shared/languages';\nexport const x = [transaction, LANGUAGE_KEYS];\n"],
      ['electron/package/example.ts', "import { writeFileAtomically } from '../store/media-files';\nimport { writeZip } from './zip';\nexport const x = [writeFileAtomically, writeZip];\n"],
      [
        'electron/services/example.ts',
        "import { createArticleStore } from '../store/articles';\nimport { buildPackage } from '../package/package';\nimport { notFound } from './service-error';\nimport { API } from '../../shared/api';\nexport const x = [createArticleStore, buildPackage, notFound, API];\n",
      ],
      ['electron/host/example.ts', "import { createServiceTable } from '../services/table';\nimport { openLibrary } from '../store/library';\nexport const x = [createServiceTable, openLibrary];\n"],
      ['electron/example.ts', "import { registerIpc } from './ipc';\nimport { dispatch } from './services/table';\nexport const x = [registerIpc, dispatch];\n"],
    ];
    for (const [filePath, code] of cases) expect(await layerMessages(filePath, code), filePath).toEqual([]);
  });
});

describe('qelem/layers: no import loops', () => {
  it('refuses a loop inside a floor, naming its files', async () => {
    // services/table.ts imports services/context.ts: context.ts importing table.ts closes a loop.
    const code = "import { createServiceTable } from './table';\nexport const make = createServiceTable;\n";
    expect(await layerMessages('electron/services/context.ts', code)).toEqual([
      'Import loop: electron/services/context.ts → electron/services/table.ts → electron/services/context.ts. Move what both need to a lower floor or a module of its own.',
    ]);
  });

  it('refuses a loop between floors (the import up is refused as well)', async () => {
    // services/context.ts imports store/versions.ts.
    const messages = await layerMessages('electron/store/versions.ts', "import { createLibraryContext } from '../services/context';\nexport const make = createLibraryContext;\n");
    expect(messages).toEqual([upward('electron/store', 'electron/services'), expect.stringMatching(/^Import loop: electron\/store\/versions\.ts → electron\/services\/context\.ts → .*electron\/store\/versions\.ts\. /)]);
  });

  it('refuses a loop through several files of shared/', async () => {
    // shared/translation/progress.ts imports shared/translation/align.ts.
    const messages = await layerMessages('shared/translation/align.ts', "import { summarize } from './progress';\nexport const s = summarize;\n");
    expect(messages).toEqual([expect.stringMatching(/^Import loop: shared\/translation\/align\.ts → shared\/translation\/progress\.ts → shared\/translation\/align\.ts\. /)]);
  });

  it('finds neither a floor broken nor a loop in the tree as it is', async () => {
    const results = await eslint.lintFiles(['electron/store', 'electron/package', 'electron/services']);
    expect(results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'qelem/layers').map((m) => `${path.relative(root, r.filePath)}: ${m.message}`))).toEqual([]);
    expect(results.length).toBeGreaterThan(20);
  });
});
