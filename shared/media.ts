import { z } from 'zod';

/**
 * Images in the library's media store: JPEG, PNG and WebP, stored once per
 * content (named by SHA-256) and served to the renderer at `/media/<sha256>`.
 */

export const MEDIA_LIMITS = {
  /** Largest image accepted, decoded. A news photo straight from a camera is under 15 MiB. */
  bytes: 15 * 1024 * 1024,
  /**
   * Longest base64 text taken in by importMedia: a little over the byte limit,
   * so a file slightly too big still reaches the service, which names its size.
   */
  base64Chars: 4 * Math.ceil((16 * 1024 * 1024) / 3),
  /** Largest width or height in pixels. */
  dimension: 20_000,
  /** Largest pixel count: a small file can declare a huge canvas that the renderer would have to decode. */
  pixels: 150_000_000,
  name: 255,
  caption: 1_000,
  alt: 500,
  credit: 200,
} as const;

/**
 * Standard base64 (RFC 4648 §4) with its padding; Node's decoder would
 * silently skip anything else. A loop, not a regular expression: a regex over
 * 20 million characters overflows V8's backtracking stack.
 */
export function isStrictBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const end = text.length - padding;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    if (!ok) return false;
  }
  return true;
}

export const MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** The file name extension a stored image gets, from its detected type (never from the uploaded name). */
export const MEDIA_EXTENSIONS: Readonly<Record<MediaType, string>> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

export const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'Expected a SHA-256 as 64 lower-case hex digits');

export function isSha256(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
}

const DimensionSchema = z.number().int().min(1).max(MEDIA_LIMITS.dimension);

export const MediaInfoSchema = z.object({
  sha256: Sha256Schema,
  mime: z.enum(MEDIA_TYPES),
  width: DimensionSchema,
  height: DimensionSchema,
  bytes: z.number().int().min(1),
});
export type MediaInfo = z.infer<typeof MediaInfoSchema>;

/** Why importMedia refused a file, so the interface can say it in its own language. */
export const MEDIA_REFUSALS = ['too_large', 'not_image', 'damaged', 'bad_dimensions'] as const;
export type MediaRefusal = (typeof MEDIA_REFUSALS)[number];

/** Where the renderer loads an image from: relative to its origin, so it works on app:// and on the loopback host. */
export function mediaUrl(sha256: string): string {
  return `/media/${sha256}`;
}

/** "15 MiB", "2.4 MiB", "830 KiB": sizes in messages. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Number((bytes / (1024 * 1024)).toFixed(1))} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}
