import type { ApiErrorBody } from '../../shared/errors';

/**
 * An expected failure a service reports on purpose (not found, conflict).
 * The service table passes its body to the caller unchanged; anything else
 * thrown is mapped by `toApiError`.
 */
export class ServiceError extends Error {
  constructor(readonly body: ApiErrorBody) {
    super(body.message);
    this.name = 'ServiceError';
  }
}

export function notFound(message: string): ServiceError {
  return new ServiceError({ code: 'not_found', message });
}

/** The edit was based on `baseRevision`, but the version is now at `currentRevision` (0: it does not exist). */
export function conflict(baseRevision: number, currentRevision: number): ServiceError {
  return new ServiceError({
    code: 'conflict',
    message: `The version changed since it was opened (based on revision ${baseRevision}, current is ${currentRevision}).`,
    currentRevision,
  });
}
