import { isSha256, MEDIA_LIMITS } from '../../media';

/**
 * What an image block stores: the picture (by the SHA-256 of its file in the
 * media store, never a URL) and its size, plus the words around it in this
 * version's language. The credit is usually Latin ("AP Photo/Khalid Mohammed").
 */
export interface ImageData {
  sha256: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
}

export const IMAGE_TEXT_FIELDS = ['caption', 'alt', 'credit'] as const;
export type ImageTextField = (typeof IMAGE_TEXT_FIELDS)[number];

export const IMAGE_TEXT_LIMITS: Readonly<Record<ImageTextField, number>> = {
  caption: MEDIA_LIMITS.caption,
  alt: MEDIA_LIMITS.alt,
  credit: MEDIA_LIMITS.credit,
};

/** A saved value as the node reads it: anything malformed becomes the empty default, never an error. */
export function parseSha256(value: unknown): string {
  return isSha256(value) ? value : '';
}

export function parseDimension(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MEDIA_LIMITS.dimension ? value : 0;
}

export function parseText(limit: number): (value: unknown) => string {
  return (value) => (typeof value === 'string' ? value.slice(0, limit) : '');
}

/** The media-store path of an image in exported HTML: relative, so a package's media/ folder serves it. */
export function exportedImagePath(sha256: string): string {
  return `media/${sha256}`;
}
