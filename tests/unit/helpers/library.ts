import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { API, type ApiInput, type ApiMethod, type ApiOutput, type ServiceTable } from '../../../shared/api';
import type { ApiErrorCode } from '../../../shared/errors';
import { createRenditionScheduler, type RenditionScheduler } from '../../../electron/package/renditions';
import { backupsSettled } from '../../../electron/services/backups';
import { createLibraryContext, type LibraryContext, type LibraryContextOptions } from '../../../electron/services/context';
import { ServiceError } from '../../../electron/services/service-error';
import { createServices, type Services, type ServiceTableOptions } from '../../../electron/services/table';
import { openLibrary, type Library } from '../../../electron/store/library';

/**
 * The test setup of a library, written once: a library in a new temporary
 * folder, its service table or the context a single service takes, and the
 * cleanup after the test.
 */

/** A new empty folder under the system's temporary folder. */
export function tempDir(prefix = 'qelem-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface TempLibrary {
  /** The library folder (what openLibrary was given). */
  readonly dir: string;
  readonly library: Library;
  /** The library's rendition scheduler: every table and context made here shares it (as one open library in the app has one). */
  readonly renditions: RenditionScheduler;
  /** A service table on the library. */
  table(options?: ServiceTableOptions): ServiceTable;
  /** A service table and its document hub (what a transport opens sessions on). */
  services(options?: ServiceTableOptions): Services;
  /** The context the services take, for testing one service on its own. */
  context(options?: LibraryContextOptions): LibraryContext;
  /** Closes the library and opens its folder again (as the app does at its next start); `library` and `renditions` are then the new ones. */
  reopen(): Library;
  /**
   * After the test: waits for the background work on the library (web
   * renditions, backups: nothing writes into a folder being removed), closes
   * it and removes its folder.
   */
  dispose(): Promise<void>;
}

/** A library in a new temporary folder (or in `dir`, which dispose removes too). */
export function tempLibrary(prefix = 'qelem-test-', dir = tempDir(prefix)): TempLibrary {
  let library = openLibrary(dir);
  let renditions = createRenditionScheduler(library);
  // Every table made here is stopped (its newsroom sync, its timers) before the library closes.
  const made: Services[] = [];
  const services = (options: ServiceTableOptions = {}) => {
    const created = createServices(library, { renditions, ...options });
    made.push(created);
    return created;
  };
  return {
    dir,
    get library() {
      return library;
    },
    get renditions() {
      return renditions;
    },
    table: (options = {}) => services(options).table,
    services,
    context: (options = {}) => createLibraryContext(library, { renditions, ...options }),
    reopen() {
      for (const created of made.splice(0)) created.dispose();
      renditions.close();
      library.close();
      library = openLibrary(dir);
      renditions = createRenditionScheduler(library);
      return library;
    },
    async dispose() {
      for (const created of made.splice(0)) created.dispose();
      try {
        await renditions.settled();
        renditions.close();
        await backupsSettled(library);
      } finally {
        library.close();
        removeDir(dir);
      }
    },
  };
}

/** A clock that reads `step` milliseconds later every time it is read, so orderings in a test are deterministic. */
export function steppingClock(start: string, step = 1000): () => Date {
  let at = Date.parse(start);
  return () => new Date((at += step));
}

/**
 * Calls a service's method the way the service table does: input parsed
 * (defaults filled) by the contract, and the output checked against it.
 */
export function contractCall<S extends Partial<Record<ApiMethod, unknown>>>(service: () => S) {
  return function call<M extends keyof S & ApiMethod>(method: M, input: ApiInput<M>): ApiOutput<M> {
    const run = service()[method] as (input: unknown) => ApiOutput<M>;
    const output = run(API[method].input.parse(input));
    API[method].output.parse(output); // every output matches its schema
    return output;
  };
}

/** Runs `work`, which must throw a ServiceError with `code`; returns it. */
export function expectServiceError(work: () => unknown, code: ApiErrorCode): ServiceError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(ServiceError);
    expect((error as ServiceError).body.code).toBe(code);
    return error as ServiceError;
  }
  throw new Error(`expected a ${code} error`);
}
