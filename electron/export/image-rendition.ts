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
 * The web rendition of an image whose displayed size (EXIF orientation
 * applied, as the media store records it) is `width` × `height`, or null when
 * the original serves (see above).
 */
export function webRendition(bytes: Uint8Array, mime: MediaType, width: number, height: number): Rendition | null {
  if (width <= WEB_RENDITION_WIDTH || mime === 'image/webp' || width * height > DECODE_PIXEL_LIMIT) return null;
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
  const { data } = source;
  const opaque = source.opaque || channels === 3;
  const sw = source.width;
  const sh = source.height;
  const h = spans(sw, width);
  const v = spans(sh, height);
  // Horizontal pass: sh rows of `width` premultiplied RGBA floats.
  const rows = new Float32Array(width * sh * 4);
  for (let y = 0; y < sh; y++) {
    const rowIn = y * sw * channels;
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
        const i = rowIn + (first + k) * channels;
        const w = h.weights[w0 + k]!;
        if (opaque) {
          r += data[i]! * w;
          g += data[i + 1]! * w;
          b += data[i + 2]! * w;
        } else {
          const wa = (w * data[i + 3]!) / 255;
          r += data[i]! * wa;
          g += data[i + 1]! * wa;
          b += data[i + 2]! * wa;
          a += data[i + 3]! * w;
        }
      }
      const o = rowOut + x * 4;
      rows[o] = r;
      rows[o + 1] = g;
      rows[o + 2] = b;
      rows[o + 3] = opaque ? 255 : a;
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
      if (opaque) {
        out[o] = clamp(r);
        out[o + 1] = clamp(g);
        out[o + 2] = clamp(b);
        out[o + 3] = 255;
      } else {
        const unpremultiply = a > 0 ? 255 / a : 0;
        out[o] = clamp(r * unpremultiply);
        out[o + 1] = clamp(g * unpremultiply);
        out[o + 2] = clamp(b * unpremultiply);
        out[o + 3] = clamp(a);
      }
    }
  }
  return { data: out, width, height, opaque };
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
