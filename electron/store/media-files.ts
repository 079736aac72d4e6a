import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isSha256, MEDIA_EXTENSIONS, MEDIA_TYPES, type MediaType } from '../../shared/media';

/**
 * The image files of a library's media/ folder: `<sha256>.<ext>`, written
 * once and never changed (the name is the content's hash), and the atomic
 * writing of such files. Used by the media, export and package import
 * services, the rendition cache, and both transports' `/media/<sha256>` route.
 */

export function mediaFilePath(mediaDir: string, sha256: string, mime: MediaType): string {
  if (!isSha256(sha256)) throw new RangeError('Not a SHA-256 name');
  return path.join(mediaDir, `${sha256}.${MEDIA_EXTENSIONS[mime]}`);
}

/** `/media/<64 lower-case hex>` and nothing else: no extension, no query tricks, no path segments. */
export const MEDIA_PATH = /^\/media\/([0-9a-f]{64})$/;

/** An image file and its type, ready to serve. */
export interface MediaFile {
  mime: MediaType;
  content: Buffer;
}

/** Reads the image named by a `/media/<sha256>` URL path; null when the path is not one or the file does not exist. */
export async function readMediaFile(mediaDir: string, urlPath: string): Promise<MediaFile | null> {
  const sha256 = MEDIA_PATH.exec(urlPath)?.[1];
  if (sha256 === undefined) return null;
  for (const mime of MEDIA_TYPES) {
    try {
      return { mime, content: await readFile(mediaFilePath(mediaDir, sha256, mime)) };
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    }
  }
  return null;
}

/** Response headers for an image: its type, and cacheable for good (a content-addressed name never changes). */
export function mediaHeaders(mime: MediaType): Record<string, string> {
  return { 'Content-Type': mime, 'Cache-Control': 'private, max-age=31536000, immutable' };
}

/**
 * Writes `bytes` to `file` so that the file either does not exist or is
 * complete: a temporary file in the same folder, flushed to disk (writeTemp),
 * then renamed over the final name (rename is atomic within one file system).
 * The temporary file is removed if anything fails.
 */
export function writeFileAtomically(file: string, bytes: Uint8Array): void {
  const temp = writeTemp(file, bytes);
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(path.dirname(file));
}

/**
 * Writes `bytes` beside `final` under a temporary name, flushed to disk and
 * closed; the caller renames it (package import: inside its transaction).
 * Nothing is left behind if writing fails.
 */
export function writeTemp(final: string, bytes: Uint8Array): string {
  const temp = path.join(path.dirname(final), `.${path.basename(final)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(temp, 'wx', 0o644);
    let written = 0;
    while (written < bytes.byteLength) written += fs.writeSync(fd, bytes, written, bytes.byteLength - written);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
  } catch (error) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw error;
  }
  return temp;
}

/** Makes the rename itself durable. Not possible on Windows, where the rename is already journaled. */
function syncDirectory(dir: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // EISDIR/EPERM on Windows: nothing more to do there.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}
