import type { MediaRefusal, MediaType } from '../../shared/media';

/**
 * What kind of image a file really is and how big, read from its first bytes
 * (the magic number and the header), never from its name. Pure: bytes in,
 * verdict out, so it is tested without a disk.
 */
export type ImageHeader = { ok: true; mime: MediaType; width: number; height: number } | { ok: false; refusal: MediaRefusal; message: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function readImageHeader(bytes: Uint8Array): ImageHeader {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return readJpeg(bytes);
  if (startsWith(bytes, PNG_SIGNATURE)) return readPng(bytes);
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return readWebp(bytes);
  return notImage('The file is not a JPEG, PNG or WebP image.');
}

function notImage(message: string): ImageHeader {
  return { ok: false, refusal: 'not_image', message };
}

function damaged(message: string): ImageHeader {
  return { ok: false, refusal: 'damaged', message };
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

function ascii(bytes: Uint8Array, at: number, length: number): string {
  if (at + length > bytes.length) return '';
  return String.fromCharCode(...bytes.subarray(at, at + length));
}

// Bounds are checked by the callers; `?? 0` only satisfies noUncheckedIndexedAccess.
const u8 = (b: Uint8Array, at: number) => b[at] ?? 0;
const u16be = (b: Uint8Array, at: number) => (u8(b, at) << 8) | u8(b, at + 1);
const u16le = (b: Uint8Array, at: number) => u8(b, at) | (u8(b, at + 1) << 8);
const u24le = (b: Uint8Array, at: number) => u16le(b, at) | (u8(b, at + 2) << 16);
const u32be = (b: Uint8Array, at: number) => u16be(b, at) * 0x10000 + u16be(b, at + 2);
const u32le = (b: Uint8Array, at: number) => u16le(b, at) + u16le(b, at + 2) * 0x10000;

// --- JPEG (ITU T.81): segments after SOI until the frame header (SOFn) and the first scan (SOS).

/** SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function readJpeg(bytes: Uint8Array): ImageHeader {
  let pos = 2;
  let frame: { width: number; height: number } | null = null;
  let orientation = 1;
  for (;;) {
    if (pos >= bytes.length) return damaged('The JPEG file is cut off inside its header.');
    if (u8(bytes, pos) !== 0xff) return damaged('The JPEG header is damaged (a segment does not start with a marker).');
    // Any number of 0xFF fill bytes may precede a marker.
    while (pos < bytes.length && u8(bytes, pos) === 0xff) pos++;
    if (pos >= bytes.length) return damaged('The JPEG file is cut off inside its header.');
    const marker = u8(bytes, pos++);
    // Markers without a length: TEM and RST0–7.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0xd8 || marker === 0xd9) return damaged('The JPEG file ends or restarts before its image data.');
    if (pos + 2 > bytes.length) return damaged('The JPEG file is cut off inside its header.');
    const length = u16be(bytes, pos);
    if (length < 2 || pos + length > bytes.length) return damaged('The JPEG file is cut off inside its header.');
    if (marker === 0xe1) orientation = exifOrientation(bytes.subarray(pos + 2, pos + length)) ?? orientation;
    if (isStartOfFrame(marker)) {
      if (length < 8) return damaged('The JPEG frame header is too short.');
      frame = { height: u16be(bytes, pos + 3), width: u16be(bytes, pos + 5) };
    }
    if (marker === 0xda) {
      if (frame === null) return damaged('The JPEG file has image data but no frame header.');
      // Entropy-coded data escapes 0xFF as FF 00, so FF D9 after the scan header is the real end marker.
      if (lastIndexOfPair(bytes, 0xff, 0xd9) < pos + length) return damaged('The JPEG file is cut off: its end marker is missing.');
      // EXIF orientations 5–8 turn the picture a quarter: the displayed width is the stored height.
      const turned = orientation >= 5 && orientation <= 8;
      return { ok: true, mime: 'image/jpeg', width: turned ? frame.height : frame.width, height: turned ? frame.width : frame.height };
    }
    pos += length;
  }
}

function lastIndexOfPair(bytes: Uint8Array, first: number, second: number): number {
  for (let i = bytes.length - 2; i >= 0; i--) if (bytes[i] === first && bytes[i + 1] === second) return i;
  return -1;
}

/** The Orientation tag (0x0112) of IFD0 in an APP1 "Exif" segment; null when absent or unreadable (never a refusal). */
function exifOrientation(segment: Uint8Array): number | null {
  if (ascii(segment, 0, 6) !== 'Exif\0\0') return null;
  const tiff = segment.subarray(6);
  const order = ascii(tiff, 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const le = order === 'II';
  const r16 = (at: number) => (at + 2 <= tiff.length ? (le ? u16le(tiff, at) : u16be(tiff, at)) : -1);
  const r32 = (at: number) => (at + 4 <= tiff.length ? (le ? u32le(tiff, at) : u32be(tiff, at)) : -1);
  if (r16(2) !== 42) return null;
  const ifd = r32(4);
  const count = r16(ifd);
  if (ifd < 8 || count < 0) return null;
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return null;
    if (r16(entry) === 0x0112 && r16(entry + 2) === 3) {
      const value = r16(entry + 8);
      return value >= 1 && value <= 8 ? value : null;
    }
  }
  return null;
}

// --- PNG: the IHDR chunk comes first and carries width and height; IEND closes a complete file.

function readPng(bytes: Uint8Array): ImageHeader {
  if (bytes.length < 33) return damaged('The PNG file is cut off inside its header.');
  if (u32be(bytes, 8) !== 13 || ascii(bytes, 12, 4) !== 'IHDR') return damaged('The PNG file does not start with its header chunk (IHDR).');
  if (crc32(bytes.subarray(12, 29)) !== u32be(bytes, 29)) return damaged('The PNG header is damaged (checksum mismatch).');
  const width = u32be(bytes, 16);
  const height = u32be(bytes, 20);
  let pos = 33;
  while (pos + 12 <= bytes.length) {
    const length = u32be(bytes, pos);
    const type = ascii(bytes, pos + 4, 4);
    if (pos + 12 + length > bytes.length) break;
    if (type === 'IEND') return { ok: true, mime: 'image/png', width, height };
    pos += 12 + length;
  }
  return damaged('The PNG file is cut off: its end chunk (IEND) is missing.');
}

let crcTable: Uint32Array | null = null;

/** CRC-32 (ISO 3309), as PNG chunks use it. */
function crc32(data: Uint8Array): number {
  if (crcTable === null) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const byte of data) crc = (crcTable[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// --- WebP (RIFF container): the first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended).

function readWebp(bytes: Uint8Array): ImageHeader {
  const riffSize = u32le(bytes, 4);
  if (bytes.length < 20 || 8 + riffSize > bytes.length) return damaged('The WebP file is cut off (shorter than its RIFF header says).');
  const chunk = ascii(bytes, 12, 4);
  const size = u32le(bytes, 16);
  const data = 20;
  if (data + size > bytes.length) return damaged('The WebP file is cut off inside its first chunk.');
  if (chunk === 'VP8 ') {
    // Frame tag (3 bytes, bit 0 clear on a key frame), start code 9D 01 2A, then 14-bit width and height.
    if (size < 10) return damaged('The WebP (VP8) header is too short.');
    if ((u8(bytes, data) & 1) !== 0 || !startsWith(bytes.subarray(data + 3), [0x9d, 0x01, 0x2a])) {
      return damaged('The WebP (VP8) header is damaged (no key frame start code).');
    }
    return { ok: true, mime: 'image/webp', width: u16le(bytes, data + 6) & 0x3fff, height: u16le(bytes, data + 8) & 0x3fff };
  }
  if (chunk === 'VP8L') {
    // Signature 0x2F, then width-1 and height-1 in 14 bits each, and a 3-bit version that must be 0.
    if (size < 5 || u8(bytes, data) !== 0x2f) return damaged('The WebP (VP8L) header is damaged.');
    const bits = u32le(bytes, data + 1);
    if (bits >>> 29 !== 0) return damaged('The WebP (VP8L) header has an unknown version.');
    return { ok: true, mime: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    // Flags (4 bytes), then canvas width-1 and height-1 in 24 bits each.
    if (size < 10) return damaged('The WebP (VP8X) header is too short.');
    return { ok: true, mime: 'image/webp', width: u24le(bytes, data + 4) + 1, height: u24le(bytes, data + 7) + 1 };
  }
  return damaged('The WebP file starts with an unknown chunk.');
}
