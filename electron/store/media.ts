import type { DatabaseSync } from 'node:sqlite';
import type { MediaType } from '../../shared/media';

/**
 * The media table: one row per image of the library's media store (the files
 * are media/<sha256>.<ext>, media-files.ts). No CHECK on mime in the schema:
 * the services decide which types exist.
 */
export interface MediaStore {
  /** The image's record, or undefined when the library has none. */
  get(sha256: string): MediaRow | undefined;
  /** Records an image; an image recorded already keeps its first record (and original name). */
  insert(image: NewMedia): void;
}

export interface MediaRow {
  sha256: string;
  /** As stored: one of MEDIA_TYPES unless the library was written by something else. */
  mime: string;
  width: number;
  height: number;
  bytes: number;
}

export interface NewMedia {
  sha256: string;
  mime: MediaType;
  width: number;
  height: number;
  bytes: number;
  originalName: string;
  createdAt: string;
}

export function createMediaStore(db: DatabaseSync): MediaStore {
  const selectMedia = db.prepare('SELECT sha256, mime, width, height, bytes FROM media WHERE sha256 = ?');
  const insertMedia = db.prepare(
    'INSERT OR IGNORE INTO media (sha256, mime, width, height, bytes, original_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  return {
    get: (sha256) => selectMedia.get(sha256) as MediaRow | undefined,
    insert(image) {
      insertMedia.run(image.sha256, image.mime, image.width, image.height, image.bytes, image.originalName, image.createdAt);
    },
  };
}
