import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { Article } from '../../shared/article';
import type { ImportPhase, PackageRefusal } from '../../shared/export/package-format';
import type { LanguageKey } from '../../shared/languages';
import type { MediaType } from '../../shared/media';
import { mediaFilePath, writeTemp } from '../store/media-files';
import { checkPackage, PackageError } from './package-reader';

/**
 * The worker thread of a package import (issue 18 §4): one per import,
 * started by package-check.ts. The package's base64 text arrives in chunks
 * (each checked and decoded as it comes, into one buffer of the largest size
 * announced), then
 * the package is checked (checkPackage: unzip, manifest hashes, documents,
 * images) and its new image files are written beside the library's under
 * temporary names; the main thread gets the article, the documents and the
 * names of those files, and renames them inside its transaction. Neither
 * the decoding, the hashing nor the writing ever blocks the main process or
 * browser mode's server.
 */

export type PackageWorkerRequest =
  /** The first message: at most how many base64 characters will come, and the library's media folder. */
  | { type: 'start'; maxChars: number; mediaDir: string }
  /** A run of the text; every chunk but the last is a multiple of 4 characters long. */
  | { type: 'chunk'; text: string }
  | { type: 'end' };

/** An image of the package, its file written beside its final name (temp), or null when the library has that file already. */
export interface StagedImage {
  sha256: string;
  mime: MediaType;
  width: number;
  height: number;
  bytes: number;
  name: string;
  temp: string | null;
}

export type PackageWorkerAnswer =
  | { type: 'progress'; phase: ImportPhase; done: number; total: number }
  | { type: 'checked'; article: Article; documents: ['article' | LanguageKey, Uint8Array][] | null; media: StagedImage[] }
  | { type: 'refused'; refusal: PackageRefusal; message: string; where?: string }
  | { type: 'not_base64' }
  | { type: 'failed'; message: string };

const NOT_BASE64 = /[^A-Za-z0-9+/=]/;
/** A run that holds padding: padding only at its end, two characters at most. */
const PADDED_END = /^[A-Za-z0-9+/]*={1,2}$/;

function post(answer: PackageWorkerAnswer): void {
  parentPort?.postMessage(answer);
}

let maxChars = 0;
let mediaDir = '';
let received = 0;
let buffer: Buffer | null = null;
let written = 0;
let valid = true;
let padded = false;

/** One chunk: checked as strict base64 (padding only at the very end of the whole text) and decoded into the buffer. */
function take(text: string): void {
  received += text.length;
  if (!valid || buffer === null) return;
  // Nothing may follow padding; the text may not be longer than announced.
  if (padded || received > maxChars || NOT_BASE64.test(text)) {
    valid = false;
    return;
  }
  if (text.includes('=')) {
    if (!PADDED_END.test(text)) {
      valid = false;
      return;
    }
    padded = true;
  }
  written += buffer.write(text, written, 'base64');
}

function finish(): void {
  if (!valid || buffer === null || received % 4 !== 0) return post({ type: 'not_base64' });
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, written);
  const staged: string[] = [];
  try {
    const checked = checkPackage(bytes, (phase) => post({ type: 'progress', phase, done: 0, total: 0 }));
    const media: StagedImage[] = [];
    checked.media.forEach((image, index) => {
      post({ type: 'progress', phase: 'writing', done: index, total: checked.media.length });
      const final = mediaFilePath(mediaDir, image.sha256, image.mime);
      // Same name, same content: a file already there is this image.
      const temp = fs.existsSync(final) ? null : writeTemp(final, image.data);
      if (temp) staged.push(temp);
      media.push({ sha256: image.sha256, mime: image.mime, width: image.width, height: image.height, bytes: image.data.byteLength, name: image.name, temp });
    });
    // Copies: a view of the package's buffer would take all of it along.
    const documents = checked.documents ? [...checked.documents].map(([key, state]): ['article' | LanguageKey, Uint8Array] => [key, state.slice()]) : null;
    post({ type: 'checked', article: checked.article, documents, media });
  } catch (error) {
    for (const temp of staged) fs.rmSync(temp, { force: true });
    if (error instanceof PackageError) return post({ type: 'refused', refusal: error.refusal, message: error.message, ...(error.where === undefined ? {} : { where: error.where }) });
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  } finally {
    buffer = null;
  }
}

parentPort?.on('message', (request: PackageWorkerRequest) => {
  if (request.type === 'start') {
    maxChars = request.maxChars;
    mediaDir = request.mediaDir;
    buffer = Buffer.allocUnsafeSlow(Math.floor(maxChars / 4) * 3);
    post({ type: 'progress', phase: 'receiving', done: 0, total: maxChars });
  } else if (request.type === 'chunk') {
    take(request.text);
    // Also the main thread's go-ahead for the next chunk.
    post({ type: 'progress', phase: 'receiving', done: received, total: maxChars });
  } else {
    finish();
  }
});
