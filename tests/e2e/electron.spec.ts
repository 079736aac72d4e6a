/**
 * The real Electron path: the built app (out/main/index.js) in Electron,
 * driven by Playwright's `_electron`. The other specs run the same renderer in
 * browser mode; these check what only Electron has: the app:// origin, the
 * preload bridge, the hardened window, the library kept across launches, and
 * a package opened with the app. They run wherever an Electron binary is
 * installed and skip, with the reason, where none is (its download is not
 * possible here).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import type { ServiceTable } from '../../shared/api';
import type { ApiMethod } from '../../shared/api-methods';
import { cleanEnglish, createCleanArticle } from '../unit/export-package-fixtures';
import { createArticle, SAMPLES, writeVersion } from './fixtures';

const require = createRequire(import.meta.url);
const mainJs = resolve('out/main/index.js');

/**
 * The Electron executable, found as the `electron` package finds it
 * (node_modules/electron/path.txt and dist/, or ELECTRON_OVERRIDE_DIST_PATH)
 * but without `require('electron')`, which would try to download it.
 */
function findElectron(): { executable: string } | { missing: string } {
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return { executable: join(override, relative || 'electron') };
  if (relative === '') return { missing: 'no Electron binary (node_modules/electron/path.txt is absent: Electron downloads it on first use, impossible offline)' };
  const executable = join(packageDir, 'dist', relative);
  return existsSync(executable) ? { executable } : { missing: `no Electron binary at ${executable}` };
}

const electron = findElectron();
const skipReason = 'missing' in electron ? `Electron end-to-end tests skipped: ${electron.missing}` : '';
let reasonShown = false;

/** A fresh user-data folder and library per test, removed after it. */
let tmp = '';
test.beforeEach(() => {
  if (skipReason !== '') {
    // The list reporter shows a skip but not its reason: say it once.
    if (!reasonShown) console.log(skipReason);
    reasonShown = true;
    test.skip(true, skipReason);
  }
  tmp = mkdtempSync(join(tmpdir(), 'qelem-electron-'));
});
test.afterEach(() => {
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
  tmp = '';
});

/** Launches the built app on a library and user-data folder under tmp; extra arguments follow (files to open). */
async function launch(name: string, ...extra: string[]): Promise<{ app: ElectronApplication; page: Page }> {
  if (!('executable' in electron)) throw new Error('unreachable: skipped above');
  const userData = join(tmp, name, 'user-data');
  const args = [mainJs, `--user-data-dir=${userData}`, '--library', join(tmp, name, 'library'), ...extra];
  // Chromium refuses to run as root with its setuid sandbox (containers, CI); the renderer stays sandboxed by webPreferences.
  if (process.platform === 'linux' && process.getuid?.() === 0) args.unshift('--no-sandbox');
  const env = { ...process.env, XDG_CONFIG_HOME: join(tmp, name, 'config') } as Record<string, string>;
  delete env.ELECTRON_RUN_AS_NODE;
  const app = await _electron.launch({ executablePath: electron.executable, args, env });
  const page = await app.firstWindow();
  return { app, page };
}

/** The API through the preload bridge of a running app, as a service table (envelopes in, envelopes out). */
function bridgeTable(page: Page): ServiceTable {
  return new Proxy({} as ServiceTable, {
    get: (_target, method: string) => (input: unknown) =>
      page.evaluate<unknown, readonly [string, unknown]>(([m, payload]) => (window.qelem![m as ApiMethod] as (input: unknown) => Promise<unknown>)(payload), [method, input]),
  });
}

test('an article written in Electron is there after quitting and launching again, in a hardened window', async () => {
  const first = await launch('library');
  await expect(first.page.getByRole('button', { name: 'New article' })).toBeVisible();
  expect(first.page.url()).toMatch(/^app:\/\/qelem\//);

  const preferences = await first.app.evaluate(({ BrowserWindow }) => {
    const windows = BrowserWindow.getAllWindows();
    // The preferences the window was made with: a method Electron's own web-contents.ts calls, missing from its typings.
    type WithPreferences = { getLastWebPreferences(): Electron.WebPreferences | null };
    const prefs = (windows[0]?.webContents as unknown as WithPreferences | undefined)?.getLastWebPreferences();
    return {
      windows: windows.length,
      contextIsolation: prefs?.contextIsolation,
      sandbox: prefs?.sandbox,
      nodeIntegration: prefs?.nodeIntegration,
      webSecurity: prefs?.webSecurity,
    };
  });
  expect(preferences).toEqual({ windows: 1, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
  // What the renderer sees: the named API methods, no Node.
  const renderer = await first.page.evaluate(() => ({
    require: typeof (window as unknown as { require?: unknown }).require,
    process: typeof (window as unknown as { process?: unknown }).process,
    bridge: typeof window.qelem?.listArticles,
  }));
  expect(renderer).toEqual({ require: 'undefined', process: 'undefined', bridge: 'function' });

  await createArticle(first.page, 'en');
  await writeVersion(first.page, SAMPLES.en);
  await first.app.close();

  const second = await launch('library');
  const link = second.page.getByRole('link', { name: SAMPLES.en.headline });
  await expect(link).toBeVisible();
  await link.click();
  await expect(second.page.getByRole('textbox', { name: 'Headline' })).toHaveValue(SAMPLES.en.headline);
  await expect(second.page.getByRole('textbox', { name: 'Body' })).toHaveText(SAMPLES.en.body);
  await second.app.close();
});

test('a package opened with the app is imported and its article shown', async () => {
  const source = await launch('source');
  await expect(source.page.getByRole('button', { name: 'New article' })).toBeVisible();
  const table = bridgeTable(source.page);
  const { id } = await createCleanArticle(table);
  const exported = await table.exportArticle({ id, acceptWarnings: true, note: '' });
  if (!exported.ok) throw new Error(`export failed: ${exported.error.message}`);
  await source.app.close();
  const file = join(tmp, exported.value.fileName.replace(/\.zip$/, '.qelem.zip'));
  writeFileSync(file, Buffer.from(exported.value.dataBase64, 'base64'));

  // As a file manager launches it: the path on the command line, a library that does not have the article.
  const target = await launch('target', file);
  await expect(target.page).toHaveURL(new RegExp(`#/article/${id}$`));
  await expect(target.page.getByRole('textbox', { name: 'Headline' })).toHaveValue(cleanEnglish().headline);
  await target.app.close();
});
