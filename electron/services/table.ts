import { API, API_METHOD_NAMES, isApiMethod, type ApiMethod, type ApiOutput, type ApiParsedInput, type ServiceTable } from '../../shared/api';
import { fail, invalidInput, ok, type ApiResult } from '../../shared/errors';
import type { Library } from '../store/library';
import { createBackupService, type BackupServiceOptions } from './backups';
import { createLibraryContext, type LibraryContextOptions } from './context';
import type { DocumentHub } from './documents';
import { createDocumentService } from './documents-api';
import { toApiError } from './error-mapping';
import { createExportService, type ExportServiceOptions } from './export';
import { createLibraryService } from './library';
import { createGlossaryService } from './glossary';
import { createMediaService } from './media';
import { createPackageImportService } from './package-import';
import { PackageSourceError } from '../package/package-check';
import { createSettingsService } from './settings';
import { createTranslationMemoryService } from './translation-memory';
import type { Settings } from '../../shared/settings';
import { createNewsroomService } from './newsroom-api';
import { createNewsroom, type Newsroom, type NewsroomOptions } from './newsroom/newsroom';
import { memorySecrets } from './newsroom/secrets';

/**
 * The service table both transports (IPC and the loopback host) call: each
 * entry validates its raw input against the contract, runs the service, and
 * always resolves with a result envelope, never a throw. Every service of the
 * table works on one context of the library (services/context.ts).
 */
export interface ServiceTableOptions extends LibraryContextOptions, ExportServiceOptions, BackupServiceOptions {
  /** Told after every settings change (Electron rebuilds its menu in the new interface language). */
  onSettingsChanged?: (settings: Settings) => void;
  /** The newsroom's token store and connection details (default: the token in memory only). */
  newsroom?: Partial<NewsroomOptions>;
}

export function createServiceTable(library: Library, options: ServiceTableOptions = {}): ServiceTable {
  return createServices(library, options).table;
}

/** The service table, and the document hub the transports open sessions on (a window's event channel). */
export interface Services {
  table: ServiceTable;
  documents: DocumentHub;
  newsroom: Newsroom;
  /**
   * importPackage of a base64 text read as it arrives (browser mode's
   * request body: never held whole, never parsed as one JSON string), with
   * the table's result envelope; what the source throws (PackageSourceError)
   * is thrown as it is.
   */
  importPackageStream(source: AsyncIterable<string>, maxChars: number): Promise<ApiResult<ApiOutput<'importPackage'>>>;
  /** Stops the newsroom's sync and every timer (before the library is closed). */
  dispose(): void;
}

export function createServices(library: Library, options: ServiceTableOptions = {}): Services {
  const context = createLibraryContext(library, options);
  const packageImport = createPackageImportService(context);
  const newsroom = createNewsroom(context, { ...options.newsroom, secrets: options.newsroom?.secrets ?? memorySecrets() });
  const service: Service = {
    ...createLibraryService(context),
    ...createSettingsService(library, options.onSettingsChanged),
    ...createMediaService(context),
    ...createTranslationMemoryService(context),
    ...createGlossaryService(context),
    ...createExportService(context, options),
    importPackage: packageImport.importPackage,
    ...createBackupService(library, {
      ...options,
      afterRestore: () => {
        context.documents.reset();
        newsroom.restart();
      },
    }),
    ...createDocumentService(context),
    ...createNewsroomService(newsroom),
  };
  const table: Partial<Record<ApiMethod, (input: unknown) => Promise<ApiResult<unknown>>>> = {};
  for (const method of API_METHOD_NAMES) table[method] = (input) => callService(service, method, input);
  return {
    table: Object.freeze(table) as ServiceTable,
    documents: context.documents,
    newsroom,
    async importPackageStream(source, maxChars) {
      try {
        return ok(await packageImport.importPackageStream(source, maxChars));
      } catch (error) {
        if (error instanceof PackageSourceError) throw error;
        return { ok: false, error: toApiError(error, 'importPackage') };
      }
    },
    dispose() {
      newsroom.dispose();
      context.documents.dispose();
    },
  };
}

/** Every method of the contract, implemented by one of the services (the backup service's restore is asynchronous). */
type Service = { [M in ApiMethod]: (input: ApiParsedInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>> };

async function callService<M extends ApiMethod>(service: Service, method: M, input: unknown): Promise<ApiResult<ApiOutput<M>>> {
  const schema = API[method].input;
  let parsed: ReturnType<typeof schema.safeParse>;
  try {
    parsed = schema.safeParse(input);
  } catch {
    // A payload hostile enough to break the validator itself (stack overflow on
    // absurd nesting) is still just invalid input.
    return fail('invalid_input', 'Invalid input: the payload could not be validated');
  }
  if (!parsed.success) return invalidInput(parsed.error);
  try {
    const run = service[method] as (input: ApiParsedInput<M>) => ApiOutput<M> | Promise<ApiOutput<M>>;
    const value = run(parsed.data as ApiParsedInput<M>);
    return ok(value instanceof Promise ? await value : value);
  } catch (error) {
    return { ok: false, error: toApiError(error, method) };
  }
}

/**
 * Calls `method` on the table by a name that came from outside. Only names in
 * the contract are looked up, so `__proto__`, `constructor` or `toString`
 * never reach an inherited property.
 */
export async function dispatch(table: ServiceTable, method: unknown, payload: unknown): Promise<ApiResult<unknown>> {
  if (!isApiMethod(method)) {
    const name = typeof method === 'string' ? method.slice(0, 100) : typeof method;
    return fail('unknown_method', `Unknown method: ${name}`);
  }
  try {
    return await table[method](payload);
  } catch (error) {
    return { ok: false, error: toApiError(error, method) };
  }
}
