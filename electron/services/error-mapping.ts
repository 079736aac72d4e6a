import type { ApiErrorBody } from '../../shared/errors';
import { LibraryNotWritableError } from '../store/library';
import { SchemaTooNewError } from '../store/migrations';
import { RevisionLimitError } from '../store/versions';
import { ServiceError } from './service-error';

// SQLite primary result codes (https://sqlite.org/rescode.html). node:sqlite
// may report extended codes, whose low byte is the primary code.
const SQLITE_PERM = 3;
const SQLITE_READONLY = 8;
const SQLITE_FULL = 13;

const READONLY_ERRNO = new Set(['EACCES', 'EPERM', 'EROFS']);

function sqliteCode(error: unknown): number | undefined {
  const e = error as { code?: unknown; errcode?: unknown } | null;
  if (e?.code === 'ERR_SQLITE_ERROR' && typeof e.errcode === 'number') return e.errcode & 0xff;
  return undefined;
}

function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('E') ? code : undefined;
}

/**
 * Turns anything a service threw into the error body sent to the caller.
 * Only a code and a fixed message cross the boundary, never a stack or a
 * path: the renderer is untrusted. Unexpected failures are logged here.
 */
export function toApiError(error: unknown, context: string): ApiErrorBody {
  if (error instanceof ServiceError) return error.body;
  // A version at the last revision number: nothing was written (the services refuse it first where they can).
  if (error instanceof RevisionLimitError) return { code: 'invalid_input', message: error.message };

  const sqlite = sqliteCode(error);
  const errno = errnoCode(error);
  if (sqlite === SQLITE_FULL || errno === 'ENOSPC') {
    return { code: 'storage_full', message: 'The disk holding the library is full. Free some space and save again.' };
  }
  if (sqlite === SQLITE_READONLY || sqlite === SQLITE_PERM || error instanceof LibraryNotWritableError || (errno !== undefined && READONLY_ERRNO.has(errno))) {
    return { code: 'storage_readonly', message: 'The library folder cannot be written. Check its permissions or the disk.' };
  }
  if (error instanceof SchemaTooNewError) {
    return { code: 'storage', message: error.message };
  }
  if (sqlite !== undefined) {
    console.error(`[qelem] storage error in ${context}:`, error);
    // errstr is SQLite's fixed description of the code ("database is locked"), safe to show.
    const detail = (error as { errstr?: unknown }).errstr;
    return { code: 'storage', message: `The library could not be read or written${typeof detail === 'string' ? ` (${detail})` : ''}.` };
  }
  console.error(`[qelem] internal error in ${context}:`, error);
  return { code: 'internal', message: 'Something went wrong inside Qelem. The details are in the log.' };
}
