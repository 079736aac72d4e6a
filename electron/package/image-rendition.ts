import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { MediaType } from '../../shared/media';

/**
 * The web rendition of a package's image: at most WEB_RENDITION_WIDTH pixels
 * wide, decoded, area-averaged and encoded again in pure JavaScript (jpeg-js,
 * pngjs: nothing native, nothing downloaded at install time). Deterministic:
 * the same original always gives the same bytes, so a package stays
 * byte-identical across exports.
 *
 * No rendition (the original serves the page) when:
 * - the original is already narrow enough: re-encoding would only lose quality;
 * - it is WebP: there is no practical pure-JavaScript WebP decoder (the WASM
 *   ports load their module asynchronously and are built for browsers), and
 *   every browser that reads the page shows WebP anyway;
 * - it is larger than DECODE_PIXEL_LIMIT, or the decoder cannot read it
 *   (arithmetic-coded or 12-bit JPEG): the media store accepted it, so
 *   browsers can show it.
 */

export const WEB_RENDITION_WIDTH = 1600;
/** jpeg-js quality: the usual web trade-off; colour noise is invisible at this size. */
export const WEB_JPEG_QUALITY = 80;
/** Decoding more than this would take several seconds and a gigabyte of memory in pure JavaScript. */
export const DECODE_PIXEL_LIMIT = 64_000_000;

export interface Rendition {
  data: Buffer;
  mime: 'image/jpeg' | 'image/png';
  width: number;
  height: number;
}

interface Pixels {
  /** RGBA (or RGB where `channels` is 3), 8 bits per channel, rows top to bottom. */
  data: Uint8Array;
  width: number;
  height: number;
  opaque: boolean;
  /** 4 unless said otherwise; RGB input (3) is always opaque. */
  channels?: 3 | 4;
}

/**
 * Names the rendition parameters in the rendition cache's file names
 * (renditions.ts): a change of width, quality or scaling that
 * changes the bytes must change this too, or old renditions would be reused.
 */
export const WEB_RENDITION_KEY = `w${WEB_RENDITION_WIDTH}-q${WEB_JPEG_QUALITY}-area1`;

/** Whether an image of this type and displayed size gets a web rendition at all (false: the original serves, no decoding needed to know). */
export function needsWebRendition(mime: MediaType, width: number, height: number): boolean {
  return width > WEB_RENDITION_WIDTH && mime !== 'image/webp' && width * height <= DECODE_PIXEL_LIMIT;
}

/**
 * The web rendition of an image whose displayed size (EXIF orientation
 * applied, as the media store records it) is `width` × `height`, or null when
 * the original serves (see above).
 *
 * Decoding is most of the time (a 2,500 × 1,560 JPEG: about 1.1–1.5 s of
 * 1.8–2 s on a busy two-core machine). jpeg-js has no scaled (DCT-domain)
 * decoding and no option that makes decoding cheaper than RGB output without
 * alpha, which is used; so renditions are made in a worker thread when
 * images are imported (renditions.ts, rendition-worker.ts), and export only
 * reads them back.
 */
export function webRendition(bytes: Uint8Array, mime: MediaType, width: number, height: number): Rendition | null {
  if (!needsWebRendition(mime, width, height)) return null;
  const targetWidth = WEB_RENDITION_WIDTH;
  const targetHeight = Math.max(1, Math.round((height * targetWidth) / width));
  try {
    if (mime === 'image/jpeg') {
      const orientation = jpegOrientation(bytes);
      // RGB, not RGBA: a quarter less to write and read (a fifth of the decode time).
      const decoded = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: false, maxResolutionInMP: DECODE_PIXEL_LIMIT / 1_000_000, maxMemoryUsageInMB: 1_024 });
      const turned = orientation >= 5;
      // The stored pixels are scaled to the target's size in stored orientation, then turned: the cheap way round.
      const stored = resize({ data: decoded.data, width: decoded.width, height: decoded.height, opaque: true, channels: 3 }, turned ? targetHeight : targetWidth, turned ? targetWidth : targetHeight);
      const upright = orient(stored, orientation);
      const encoded = jpeg.encode({ data: upright.data, width: upright.width, height: upright.height }, WEB_JPEG_QUALITY);
      return { data: encoded.data, mime: 'image/jpeg', width: upright.width, height: upright.height };
    }
    const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const data = new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength);
    const small = resize({ data, width: png.width, height: png.height, opaque: isOpaque(data) }, targetWidth, targetHeight);
    const out = new PNG({ width: small.width, height: small.height });
    out.data = Buffer.from(small.data.buffer, small.data.byteOffset, small.data.byteLength);
    // RGB without alpha when every pixel is opaque: a quarter smaller.
    const encoded = PNG.sync.write(out, { colorType: small.opaque ? 2 : 6, inputColorType: 6, inputHasAlpha: true, deflateLevel: 6 });
    return { data: encoded, mime: 'image/png', width: small.width, height: small.height };
  } catch {
    return null;
  }
}

function isOpaque(rgba: Uint8Array): boolean {
  for (let i = 3; i < rgba.length; i += 4) if (rgba[i] !== 255) return false;
  return true;
}

/** For each target index along one axis: the source indices it covers and how much of each (area averaging). */
interface Spans {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array;
  offset: Int32Array;
}

function spans(source: number, target: number): Spans {
  const scale = source / target;
  const start = new Int32Array(target);
  const count = new Int32Array(target);
  const offset = new Int32Array(target);
  const list: number[] = [];
  for (let t = 0; t < target; t++) {
    const from = t * scale;
    const to = Math.min(source, (t + 1) * scale);
    const first = Math.floor(from);
    const last = Math.min(source - 1, Math.ceil(to) - 1);
    start[t] = first;
    count[t] = last - first + 1;
    offset[t] = list.length;
    for (let s = first; s <= last; s++) list.push((Math.min(to, s + 1) - Math.max(from, s)) / scale);
  }
  return { start, count, weights: Float32Array.from(list), offset };
}

/**
 * Area-averaging downscale (a box filter with fractional edges): every source
 * pixel counts for exactly the area it covers, which is what a photograph
 * shrunk several times needs (no aliasing, no ringing). Colours are averaged
 * premultiplied by alpha, so transparent pixels lend no colour to edges.
 */
export function resize(source: Pixels, width: number, height: number): Pixels {
  const channels = source.channels ?? 4;
  if (width === source.width && height === source.height && channels === 4) return source;
  return source.opaque || channels === 3 ? resizeOpaque(source, channels, width, height) : resizeWithAlpha(source, width, height);
}

/**
 * resize() for opaque pixels (every JPEG, most PNGs): no alpha to carry, so
 * three floats a pixel between the passes, and the vertical pass adds whole
 * rows (sequential memory) instead of walking down columns. Each sum is the
 * same products added in the same order as in the single loop this replaced,
 * so the bytes are the ones the cache key has always named (pinned by
 * tests/unit/image-rendition.test.ts).
 */
function resizeOpaque(source: Pixels, channels: 3 | 4, width: number, height: number): Pixels {
  const { data } = source;
  const sw = source.width;
  const sh = source.height;
  const h = spans(sw, width);
  const v = spans(sh, height);
  const { start: hStart, count: hCount, offset: hOffset, weights: hWeights } = h;
  // Horizontal pass: sh rows of `width` RGB floats.
  const rowLength = width * 3;
  const rows = new Float32Array(rowLength * sh);
  for (let y = 0; y < sh; y++) {
    const rowIn = y * sw * channels;
    let o = y * rowLength;
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let i = rowIn + hStart[x]! * channels;
      const w0 = hOffset[x]!;
      const end = w0 + hCount[x]!;
      for (let k = w0; k < end; k++) {
        const w = hWeights[k]!;
        r += data[i]! * w;
        g += data[i + 1]! * w;
        b += data[i + 2]! * w;
        i += channels;
      }
      rows[o++] = r;
      rows[o++] = g;
      rows[o++] = b;
    }
  }
  // Vertical pass: each output row is a weighted sum of a few whole rows.
  const out = new Uint8Array(width * height * 4);
  const sum = new Float64Array(rowLength);
  for (let y = 0; y < height; y++) {
    sum.fill(0);
    const first = v.start[y]!;
    const w0 = v.offset[y]!;
    const n = v.count[y]!;
    for (let k = 0; k < n; k++) {
      const w = v.weights[w0 + k]!;
      const row = (first + k) * rowLength;
      for (let j = 0; j < rowLength; j++) sum[j] = sum[j]! + rows[row + j]! * w;
    }
    let o = y * width * 4;
    for (let j = 0; j < rowLength; j += 3) {
      out[o] = clamp(sum[j]!);
      out[o + 1] = clamp(sum[j + 1]!);
      out[o + 2] = clamp(sum[j + 2]!);
      out[o + 3] = 255;
      o += 4;
    }
  }
  return { data: out, width, height, opaque: true };
}

/** resize() for RGBA with transparency: colours premultiplied by alpha while averaged. */
function resizeWithAlpha(source: Pixels, width: number, height: number): Pixels {
  const { data } = source;
  const sw = source.width;
  const sh = source.height;
  const h = spans(sw, width);
  const v = spans(sh, height);
  // Horizontal pass: sh rows of `width` premultiplied RGBA floats.
  const rows = new Float32Array(width * sh * 4);
  for (let y = 0; y < sh; y++) {
    const rowIn = y * sw * 4;
    const rowOut = y * width * 4;
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      const first = h.start[x]!;
      const n = h.count[x]!;
      const w0 = h.offset[x]!;
      for (let k = 0; k < n; k++) {
        const i = rowIn + (first + k) * 4;
        const w = h.weights[w0 + k]!;
        const wa = (w * data[i + 3]!) / 255;
        r += data[i]! * wa;
        g += data[i + 1]! * wa;
        b += data[i + 2]! * wa;
        a += data[i + 3]! * w;
      }
      const o = rowOut + x * 4;
      rows[o] = r;
      rows[o + 1] = g;
      rows[o + 2] = b;
      rows[o + 3] = a;
    }
  }
  // Vertical pass, back to bytes (unpremultiplied).
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const first = v.start[y]!;
    const n = v.count[y]!;
    const w0 = v.offset[y]!;
    for (let x = 0; x < width; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let k = 0; k < n; k++) {
        const i = ((first + k) * width + x) * 4;
        const w = v.weights[w0 + k]!;
        r += rows[i]! * w;
        g += rows[i + 1]! * w;
        b += rows[i + 2]! * w;
        a += rows[i + 3]! * w;
      }
      const o = (y * width + x) * 4;
      const unpremultiply = a > 0 ? 255 / a : 0;
      out[o] = clamp(r * unpremultiply);
      out[o + 1] = clamp(g * unpremultiply);
      out[o + 2] = clamp(b * unpremultiply);
      out[o + 3] = clamp(a);
    }
  }
  return { data: out, width, height, opaque: false };
}

function clamp(value: number): number {
  return value <= 0 ? 0 : value >= 255 ? 255 : Math.round(value);
}

/**
 * Pixels stored with EXIF orientation `orientation` (1–8), turned upright:
 * the rendition carries no EXIF, so the turn the original asks of the viewer
 * is done here (TIFF 6.0 Orientation: 2 mirrors, 3 turns 180°, 6 turns 90°
 * clockwise, 8 counter-clockwise, 5 and 7 mirror and turn).
 */
type Axis = (x: number, y: number, size: number) => number;
// Indexed by orientation (2–8): where the upright pixel (x, y) is stored, as a column and a row.
const STORED_X: readonly (Axis | undefined)[] = [undefined, undefined, (x, _y, w) => w - 1 - x, (x, _y, w) => w - 1 - x, (x) => x, (_x, y) => y, (_x, y) => y, (_x, y, w) => w - 1 - y, (_x, y, w) => w - 1 - y];
const STORED_Y: readonly (Axis | undefined)[] = [undefined, undefined, (_x, y) => y, (_x, y, h) => h - 1 - y, (_x, y, h) => h - 1 - y, (x) => x, (x, _y, h) => h - 1 - x, (x, _y, h) => h - 1 - x, (x) => x];

export function orient(source: Pixels, orientation: number): Pixels {
  if (orientation < 2 || orientation > 8) return source;
  const { width: sw, height: sh, data } = source;
  const turned = orientation >= 5;
  const width = turned ? sh : sw;
  const height = turned ? sw : sh;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // (sx, sy): the stored pixel that shows at (x, y) once upright.
      const sx = STORED_X[orientation]!(x, y, sw);
      const sy = STORED_Y[orientation]!(x, y, sh);
      const i = (sy * sw + sx) * 4;
      const o = (y * width + x) * 4;
      out[o] = data[i]!;
      out[o + 1] = data[i + 1]!;
      out[o + 2] = data[i + 2]!;
      out[o + 3] = data[i + 3]!;
    }
  }
  return { data: out, width, height, opaque: source.opaque };
}

/** The EXIF Orientation (1–8) of a JPEG's APP1 segment; 1 when there is none or it cannot be read. */
export function jpegOrientation(bytes: Uint8Array): number {
  const u16 = (at: number, le = false) => (le ? bytes[at]! | (bytes[at + 1]! << 8) : (bytes[at]! << 8) | bytes[at + 1]!);
  let pos = 2;
  while (pos + 4 <= bytes.length && bytes[pos] === 0xff) {
    const marker = bytes[pos + 1]!;
    if (marker === 0xda || marker === 0xd9) break;
    const length = u16(pos + 2);
    if (length < 2) break;
    const body = pos + 4;
    if (marker === 0xe1 && body + 14 <= bytes.length && String.fromCharCode(...bytes.subarray(body, body + 6)) === 'Exif\0\0') {
      const tiff = body + 6;
      const le = bytes[tiff] === 0x49;
      const ifd = tiff + (le ? u16(tiff + 4, true) + u16(tiff + 6, true) * 65536 : u16(tiff + 6) + u16(tiff + 4) * 65536);
      const end = Math.min(bytes.length, body + length - 2);
      if (ifd + 2 > end) return 1;
      const count = u16(ifd, le);
      for (let i = 0; i < count; i++) {
        const entry = ifd + 2 + i * 12;
        if (entry + 12 > end) return 1;
        if (u16(entry, le) === 0x0112) {
          const value = u16(entry + 8, le);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    }
    pos = body + length - 2;
  }
  return 1;
}
