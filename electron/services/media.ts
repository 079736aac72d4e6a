import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { formatBytes, MEDIA_LIMITS, MEDIA_TYPES, type MediaInfo, type MediaRefusal, type MediaType } from '../../shared/media';
import { readImageHeader } from '../package/image-header';
import { transaction } from '../store/database';
import type { MediaRow } from '../store/media';
import { mediaFilePath, writeFileAtomically } from '../store/media-files';
import type { LibraryContext } from './context';
import { notFound, ServiceError } from './service-error';
import type { MediaMethod, ServiceMethods } from './service-methods';

/**
 * The media store: images kept once per content in `media/<sha256>.<ext>`,
 * with a row per image in the `media` table. A file is refused before
 * anything is written unless it is really a JPEG, PNG or WebP of sane size.
 * Once stored, its web rendition is made in the background (the library's
 * rendition scheduler, electron/package/renditions.ts).
 */
export type MediaService = ServiceMethods<MediaMethod>;

const LIMIT_MIB = MEDIA_LIMITS.bytes / (1024 * 1024);
const integer = new Intl.NumberFormat('en');

function refused(refusal: MediaRefusal, message: string): ServiceError {
  return new ServiceError({ code: 'invalid_input', message, refusal, issues: [{ path: 'dataBase64', message }] });
}

function toInfo(row: MediaRow): MediaInfo {
  if (!(MEDIA_TYPES as readonly string[]).includes(row.mime)) throw new Error(`Unknown media type in the library: ${row.mime}`);
  return { sha256: row.sha256, mime: row.mime as MediaType, width: row.width, height: row.height, bytes: row.bytes };
}

/** Refuses zero, absurd or decompression-bomb sizes: the renderer would have to decode the picture. */
function checkDimensions(width: number, height: number): void {
  const size = `${integer.format(width)} × ${integer.format(height)} pixels`;
  if (width === 0 || height === 0) throw refused('bad_dimensions', `The image header says it is ${size}; an image needs a width and a height.`);
  if (width > MEDIA_LIMITS.dimension || height > MEDIA_LIMITS.dimension) {
    throw refused('bad_dimensions', `The image is ${size}; at most ${integer.format(MEDIA_LIMITS.dimension)} pixels a side are accepted.`);
  }
  if (width * height > MEDIA_LIMITS.pixels) {
    throw refused('bad_dimensions', `The image is ${size}; at most ${integer.format(MEDIA_LIMITS.pixels / 1_000_000)} million pixels are accepted.`);
  }
}

export function createMediaService(context: LibraryContext): MediaService {
  const { db, media, renditions, timestamp } = context;
  const { mediaDir } = context.library;

  function recorded(sha256: string): boolean {
    try {
      return media.get(sha256) !== undefined;
    } catch {
      return false;
    }
  }

  return {
    importMedia({ name, dataBase64 }): MediaInfo {
      // The schema has checked the alphabet; the decoded size is what the limit is about.
      const bytes = Buffer.from(dataBase64, 'base64');
      if (bytes.length > MEDIA_LIMITS.bytes) {
        const size = `${formatBytes(bytes.length)} (${integer.format(bytes.length)} bytes)`;
        throw refused('too_large', `The image is ${size}; images can be at most ${LIMIT_MIB} MiB (${integer.format(MEDIA_LIMITS.bytes)} bytes).`);
      }
      if (bytes.length === 0) throw refused('not_image', 'The file is empty.');
      const header = readImageHeader(bytes);
      if (!header.ok) throw refused(header.refusal, header.message);
      checkDimensions(header.width, header.height);

      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const file = mediaFilePath(mediaDir, sha256, header.mime);
      // Same bytes, same name: an existing file is already this image (written atomically, never half).
      const wroteFile = !fs.existsSync(file);
      if (wroteFile) writeFileAtomically(file, bytes);
      let info: MediaInfo;
      try {
        info = transaction(db, () => {
          // OR IGNORE: importing the same bytes again keeps the first record (and its original name).
          media.insert({ sha256, mime: header.mime, width: header.width, height: header.height, bytes: bytes.length, originalName: name, createdAt: timestamp() });
          return toInfo(media.get(sha256) as MediaRow);
        });
      } catch (error) {
        // No record, no file: a file nobody knows about would only take up space.
        if (wroteFile && !recorded(sha256)) fs.rmSync(file, { force: true });
        throw error;
      }
      // Stored and recorded: the web rendition is made in the background, after this call has answered.
      renditions.schedule(info);
      return info;
    },

    getMediaInfo({ sha256 }): MediaInfo {
      const row = media.get(sha256);
      if (!row) throw notFound(`No image ${sha256} in the library.`);
      return toInfo(row);
    },
  };
}
