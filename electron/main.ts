import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, protocol, session } from 'electron';
import type { LanguageKey } from '../shared/languages';
import { menuTemplate } from './menu';
import { registerIpc } from './ipc';
import { resolveLibraryDir } from './paths';
import { APP_ENTRY_URL, APP_HOST, APP_SCHEME, contentTypeFor, locateStaticFile, SECURITY_HEADERS } from './security';
import { mediaHeaders, readMediaFile } from './services/media-files';
import { createServiceTable } from './services/table';
import { openLibrary, type Library } from './store/library';

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

// One process per user: a second instance would open the same library and show a second window.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
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
  const table = createServiceTable(library, { onSettingsChanged: (settings) => showMenu(settings.uiLanguage) });
  registerIpc(table, (contents) => mainWindow !== null && contents === mainWindow.webContents);
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
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  mainWindow = window;
  void window.loadURL(APP_ENTRY_URL);
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
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
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
  library?.close();
  library = null;
});
