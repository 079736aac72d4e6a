import type { ApiMethod, ApiOutput, ApiParsedInput } from '../../shared/api';

/**
 * A service implements some methods of the contract, each taking input
 * already parsed by the method's schema. The service table joins the
 * services; together they must cover every method exactly once.
 */
export type ServiceMethods<M extends ApiMethod> = { [K in M]: (input: ApiParsedInput<K>) => ApiOutput<K> };

export type MediaMethod = 'importMedia' | 'getMediaInfo';

export type TranslationMemoryMethod = 'lookupTranslationMemory';

export type GlossaryMethod = 'listGlossary' | 'saveGlossaryTerm' | 'deleteGlossaryTerm' | 'importGlossary' | 'exportGlossary';

export type ExportMethod = 'checkArticle' | 'exportArticle' | 'listExports';

export type PackageImportMethod = 'importPackage';

export type BackupMethod = 'listBackups' | 'restoreBackup';

export type DocumentMethod = 'openDocument' | 'pushDocument' | 'pushAwareness' | 'closeDocument';

export type NewsroomMethod = 'getNewsroom' | 'connectNewsroom' | 'disconnectNewsroom';
