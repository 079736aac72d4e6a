import fs from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { Article } from '../../shared/article';
import { PACKAGE_LIMITS, type ImportPhase } from '../../shared/export/package-format';
import type { LanguageKey } from '../../shared/languages';
import { PackageError } from './package-reader';
import type { PackageWorkerAnswer, PackageWorkerRequest, StagedImage } from './package-worker';
import { defaultWorkerScript, startWorkerScript } from './worker-script';

export type { StagedImage } from './package-worker';

/**
 * A package checked in a worker thread (package-worker.ts), for import: the
 * main thread only hands over the base64 text, a chunk at a time, and
 * receives the result; between chunks it answers other calls.
 */

/** A package that passed every check, its new image files written under temporary names (the caller renames or removes them). */
export interface StagedPackage {
  article: Article;
  documents: ReadonlyMap<'article' | LanguageKey, Uint8Array> | null;
  media: StagedImage[];
}

/** The text is not standard base64 (padding only at the end, no other characters, a multiple of 4 long). */
export class NotBase64Error extends Error {
  constructor() {
    super('Expected the file as standard base64');
    this.name = 'NotBase64Error';
  }
}

/**
 * Thrown by a package's source (a request body being read) that cannot
 * go on: not the package's fault, so not a refusal of it. `status` is the
 * HTTP status the host answers with.
 */
export class PackageSourceError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'PackageSourceError';
  }
}

export interface PackageCheckOptions {
  /** The library's media folder: new image files are written there under temporary names. */
  mediaDir: string;
  /** Told as the import goes on (phases in order; done of total within a phase, 0 of 0 for a single step). */
  onProgress?: (phase: ImportPhase, done: number, total: number) => void;
  /** The worker's script (default: the built one beside the app, or the source). */
  workerScript?: URL;
}

/** Base64 characters per message to the worker: 4 MiB, a multiple of 4 (a few milliseconds of copying each). */
export const CHUNK_CHARS = 4 * 1024 * 1024;

/** Removes staged files (a refused or failed import); missing ones are fine. */
export function removeStaged(media: readonly StagedImage[]): void {
  for (const image of media) if (image.temp) fs.rmSync(image.temp, { force: true });
}

/**
 * The package's text as chunks for the worker: each a multiple of 4
 * characters (so each decodes on its own) and at most CHUNK_CHARS long,
 * whatever runs the source yields; the last takes what is left.
 */
async function* chunksOf(source: string | AsyncIterable<string>): AsyncGenerator<string> {
  if (typeof source === 'string') {
    for (let at = 0; at < source.length; at += CHUNK_CHARS) yield source.slice(at, at + CHUNK_CHARS);
    return;
  }
  let pending = '';
  for await (const piece of source) {
    pending += piece;
    while (pending.length >= CHUNK_CHARS) {
      yield pending.slice(0, CHUNK_CHARS);
      pending = pending.slice(CHUNK_CHARS);
    }
  }
  if (pending.length > 0) yield pending;
}

/**
 * Checks the package whose base64 text is `source` in a worker thread: the
 * whole text, or its runs as they arrive (an HTTP body, read no faster than
 * the worker takes it; `maxChars` then bounds it). Resolves with the checked
 * package; rejects with a PackageError (the package's refusal), a
 * NotBase64Error, whatever the source threw, or an Error when the worker
 * failed.
 */
export function checkPackageInWorker(source: string | AsyncIterable<string>, options: PackageCheckOptions & { maxChars?: number }): Promise<StagedPackage> {
  const script = options.workerScript ?? defaultWorkerScript('package-worker', import.meta.url);
  if (!script) return Promise.reject(new Error('The package worker script is not there.'));
  const maxChars = typeof source === 'string' ? source.length : (options.maxChars ?? PACKAGE_LIMITS.base64Chars);
  return new Promise<StagedPackage>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = startWorkerScript(script, { name: 'qelem-package-import' });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      // A source still being read (an HTTP body) is let go.
      void chunks.return(undefined).catch(() => undefined);
      outcome();
    };
    const send = (request: PackageWorkerRequest) => worker.postMessage(request);
    const chunks = chunksOf(source);
    /** The next chunk (or the end), each after the worker has taken the one before: at most one chunk is ever in transit. */
    const next = () => {
      if (settled) return;
      chunks.next().then(
        (step) => {
          if (settled) return;
          send(step.done ? { type: 'end' } : { type: 'chunk', text: step.value });
        },
        (error: unknown) => settle(() => reject(error)),
      );
    };
    worker.on('message', (answer: PackageWorkerAnswer) => {
      switch (answer.type) {
        case 'progress':
          options.onProgress?.(answer.phase, answer.done, answer.total);
          if (answer.phase === 'receiving') next();
          return;
        case 'checked':
          return settle(() => resolve({ article: answer.article, documents: answer.documents ? new Map(answer.documents) : null, media: answer.media }));
        case 'refused':
          return settle(() => reject(new PackageError(answer.refusal, answer.message, answer.where)));
        case 'not_base64':
          return settle(() => reject(new NotBase64Error()));
        case 'failed':
          return settle(() => reject(new Error(`The package could not be checked: ${answer.message}`)));
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`The package worker stopped (exit code ${code}).`))));
    send({ type: 'start', maxChars, mediaDir: options.mediaDir });
  });
}
