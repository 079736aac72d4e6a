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
] as const;

export type ApiMethod = (typeof API_METHOD_NAMES)[number];

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
