import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, safeStorage, session, shell } from 'electron';
import { LINK_CLICKED_CHANNEL } from '../shared/api-methods';
import type { LanguageKey } from '../shared/languages';
import { menuTemplate } from './menu';
import { registerIpc } from './ipc';
import { importPackageFile, launchDataOf, packagePathsFromArgv, type LaunchData, type PackageFileImporter } from './package-file';
import { resolveLibraryDir } from './paths';
import { APP_ENTRY_URL, APP_HOST, APP_SCHEME, contentTypeFor, externalWebUrl, isTrustedSender, locateStaticFile, SECURITY_HEADERS } from './security';
import { mediaHeaders, readMediaFile } from './store/media-files';
import type { DocumentHub } from './services/documents';
import { createServices } from './services/table';
import { openLibrary, type Library } from './store/library';
import { safeStorageSecrets, TOKEN_FILE } from './secrets';

// Built to out/main/index.js: the renderer and the preload are built beside it.
const rendererDir = fileURLToPath(new URL('../renderer/', import.meta.url));
const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));

// Must happen before 'ready'. A standard, secure scheme gives the renderer a
// real origin (app://qelem) for CSP 'self', fetch and storage, unlike file://.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;
let library: Library | null = null;
/** Imports the packages opened with the app: the file read as the import's worker takes it. */
let packageImporter: PackageFileImporter | null = null;
let documentHub: DocumentHub | null = null;
let disposeServices: (() => void) | null = null;
/** Export packages opened from the system (command line, second instance, macOS open-file), waiting for the library and the window. */
const pendingPackages: string[] = [];
let importingPackages = false;

// One process per user: a second instance would open the same library and show a second window.
// It hands its own argv and cwd over, so a package opened with it is imported here.
const launch: LaunchData = { argv: process.argv, cwd: process.cwd() };
if (!app.requestSingleInstanceLock(launch)) {
  app.quit();
} else {
  app.on('second-instance', (_event, commandLine, workingDirectory, additionalData) => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
    const other = launchDataOf(additionalData) ?? { argv: commandLine, cwd: workingDirectory };
    openPackages(packagePathsFromArgv(other.argv, other.cwd));
  });
  // macOS hands opened files over by event, also before 'ready' (the file that launched the app).
  app.on('open-file', (event, file) => {
    event.preventDefault();
    openPackages([file]);
  });
  openPackages(packagePathsFromArgv(launch.argv, launch.cwd));
  lockDownWebContents();
  app.whenReady().then(start, (error: unknown) => fatal(error));
}

async function start(): Promise<void> {
  const libraryDir = resolveLibraryDir(process.argv, process.env, join(app.getPath('userData'), 'library'));
  try {
    library = openLibrary(libraryDir);
  } catch (error) {
    fatal(error, libraryDir);
    return;
  }

  denyAllPermissions();
  protocol.handle(APP_SCHEME, serveRenderer);
  const showMenu = (lang: LanguageKey) => Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(lang, process.platform)));
  const services = createServices(library, {
    onSettingsChanged: (settings) => showMenu(settings.uiLanguage),
    newsroom: { secrets: safeStorageSecrets(join(library.dir, TOKEN_FILE), safeStorage) },
  });
  const { table, documents, dispose } = services;
  packageImporter = { importPackage: table.importPackage, importPackageStream: services.importPackageStream };
  documentHub = documents;
  disposeServices = dispose;
  registerIpc(table, documents, (contents) => mainWindow !== null && contents === mainWindow.webContents);
  const settings = await table.getSettings({});
  showMenu(settings.ok ? settings.value.uiLanguage : 'en');

  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
}

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: preloadPath,
    },
  });
  window.once('ready-to-show', () => window.show());
  // Packages opened at launch wait for the first page, so the article can be shown in it.
  window.webContents.once('did-finish-load', () => void importPendingPackages());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
  void window.loadURL(APP_ENTRY_URL);
}

function openPackages(files: readonly string[]): void {
  if (files.length === 0) return;
  pendingPackages.push(...files);
  void importPendingPackages();
}

/**
 * Imports the waiting packages one by one through the service table (the
 * checks of the import button), then shows the article; a refusal is shown
 * with the service's reason and the library is left as it was.
 */
async function importPendingPackages(): Promise<void> {
  if (importingPackages || packageImporter === null || !app.isReady()) return;
  // macOS keeps running with no window: a package opened then brings one back.
  if (mainWindow === null) createWindow();
  if (mainWindow === null || mainWindow.webContents.isLoading()) return; // did-finish-load calls again
  importingPackages = true;
  try {
    for (let file = pendingPackages.shift(); file !== undefined; file = pendingPackages.shift()) {
      const result = await importPackageFile(packageImporter, file);
      const window = mainWindow;
      if (window === null) continue;
      if (result.ok) {
        // The renderer's route for an article (renderer/routing.ts): a same-document navigation, no reload.
        await window.loadURL(`${APP_ENTRY_URL}#/article/${encodeURIComponent(result.value.id)}`);
      } else {
        console.error(`[qelem] ${file}: ${result.error.message}`);
        await dialog.showMessageBox(window, { type: 'error', title: app.getName(), message: basename(file), detail: result.error.message });
      }
    }
  } catch (error) {
    console.error('[qelem] opening a package failed:', error);
  } finally {
    importingPackages = false;
  }
}

/** Serves out/renderer on app://qelem with the same CSP and headers as the loopback host. */
async function serveRenderer(request: Request): Promise<Response> {
  try {
    const url = new URL(request.url);
    if (url.hostname !== APP_HOST) return new Response(null, { status: 404, headers: SECURITY_HEADERS });
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405, headers: SECURITY_HEADERS });
    if (url.pathname.startsWith('/media/')) return await serveMedia(request, url.pathname);
    const file = await locateStaticFile(rendererDir, url.pathname);
    if (file === null) return new Response(null, { status: 404, headers: SECURITY_HEADERS });
    const body = await readFile(file);
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: { ...SECURITY_HEADERS, 'Content-Type': contentTypeFor(file) },
    });
  } catch (error) {
    console.error('[qelem] app:// request failed:', error);
    return new Response(null, { status: 500, headers: SECURITY_HEADERS });
  }
}

/** An image of the library's media store at app://qelem/media/<sha256>, as the loopback host serves it. */
async function serveMedia(request: Request, pathname: string): Promise<Response> {
  const media = library === null ? null : await readMediaFile(library.mediaDir, pathname);
  if (media === null) return new Response(null, { status: 404, headers: SECURITY_HEADERS });
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(media.content), {
    status: 200,
    headers: { ...SECURITY_HEADERS, ...mediaHeaders(media.mime) },
  });
}

/**
 * Every webContents, present and future: no navigation away from the app, no
 * new windows, no <webview>. The renderer is untrusted; a link must not turn
 * the window into a browser with our preload in it.
 */
function lockDownWebContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // Nothing opens on a navigation or window.open: a page's script can start either without a click.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
  // A web link the user clicked opens in their browser, never here: reported by the preload's click listener
  // (a trusted click on a link, electron/preload.ts), from the app's own page in its top frame.
  ipcMain.on(LINK_CLICKED_CHANNEL, (event, url: unknown) => {
    const frame = event.senderFrame;
    if (frame === null || frame !== event.sender.mainFrame || !isTrustedSender(frame.url) || typeof url !== 'string') return;
    openInBrowser(url);
  });
}

function openInBrowser(url: string): void {
  const target = externalWebUrl(url);
  if (target) void shell.openExternal(target);
}

/** Camera, microphone, notifications, geolocation…: the editor needs none of them. */
function denyAllPermissions(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}

function fatal(error: unknown, libraryDir?: string): void {
  const message = error instanceof Error ? error.message : String(error);
  const detail = libraryDir === undefined ? message : `${libraryDir}: ${message}`;
  console.error(`[qelem] ${detail}`);
  // The product name as title; the detail is the technical cause, shown as is.
  dialog.showErrorBox(app.getName(), detail);
  app.exit(1);
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  try {
    // The rows of what was edited since the last pause: else worked out at the next start.
    documentHub?.flush();
  } catch (error) {
    console.error('[qelem] deriving the last edits at quit failed:', error);
  }
  // The newsroom's sync stops, then the documents are let go.
  disposeServices?.();
  library?.close();
  library = null;
});
