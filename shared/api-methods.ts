/**
 * The method names of the API contract, with no dependencies, so the sandboxed
 * preload can name its channels without bundling the schemas.
 * shared/api.ts checks that this list and the contract agree.
 */
export const API_METHOD_NAMES = [
  'createArticle',
  'listArticles',
  'getArticle',
  'saveVersion',
  'updateArticle',
  'trashArticle',
  'restoreArticle',
  'listRevisions',
  'restoreRevision',
  'searchArticles',
  'getSettings',
  'updateSettings',
  'importMedia',
  'getMediaInfo',
  'lookupTranslationMemory',
  'listGlossary',
  'saveGlossaryTerm',
  'deleteGlossaryTerm',
  'importGlossary',
  'exportGlossary',
  'checkArticle',
  'exportArticle',
  'listExports',
  'importPackage',
  'listBackups',
  'restoreBackup',
  'openDocument',
  'pushDocument',
  'pushAwareness',
  'closeDocument',
  'getNewsroom',
  'connectNewsroom',
  'disconnectNewsroom',
] as const;

export type ApiMethod = (typeof API_METHOD_NAMES)[number];

/** The methods that act in a window's document session (the transport names the session). */
export const DOCUMENT_METHOD_NAMES = ['openDocument', 'pushDocument', 'pushAwareness', 'closeDocument'] as const satisfies readonly ApiMethod[];

export function isDocumentMethod(method: ApiMethod): method is (typeof DOCUMENT_METHOD_NAMES)[number] {
  return (DOCUMENT_METHOD_NAMES as readonly string[]).includes(method);
}

/** Electron: the page asks for its events (and so its session) on this channel… */
export const DOCUMENT_EVENTS_SUBSCRIBE = 'qelem:events';
/** …and receives them on this one. */
export const DOCUMENT_EVENT_CHANNEL = 'qelem:event';

/** Electron: the preload reports a web link the user clicked (a trusted click), which opens in their browser. */
export const LINK_CLICKED_CHANNEL = 'qelem:link-clicked';

/** Browser mode: the server-sent event stream of a page's session. */
export const DOCUMENT_EVENTS_PATH = '/api/events';

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && (API_METHOD_NAMES as readonly string[]).includes(name);
}

/** The IPC channel of a method (Electron transport). */
export function ipcChannel(method: ApiMethod): string {
  return `qelem:${method}`;
}

/** The HTTP path of a method (loopback transport). */
export function httpPath(method: ApiMethod): string {
  return `/api/${method}`;
}
