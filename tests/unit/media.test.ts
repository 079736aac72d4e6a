// @vitest-environment node
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { crc32, deflateSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServiceTable } from '../../shared/api';
import type { ApiErrorBody, ApiResult } from '../../shared/errors';
import { MEDIA_LIMITS, type MediaInfo } from '../../shared/media';
import { webRendition } from '../../electron/package/image-rendition';
import { readImageHeader } from '../../electron/package/image-header';
import { RENDITION_CACHE_DIR, renditionFile } from '../../electron/package/renditions';
import type { Library } from '../../electron/store/library';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate } from '../../electron/store/migrations';
import { testJpeg, testPng } from './export-package-fixtures';
import { tempLibrary, type TempLibrary } from './helpers/library';

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '../fixtures/images', name));
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

let temp: TempLibrary;
let library: Library;
let table: ServiceTable;

beforeEach(() => {
  temp = tempLibrary('qelem-media-');
  library = temp.library;
  table = temp.table();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await temp.dispose();
});

function importBytes(bytes: Uint8Array, name = 'photo.jpg'): Promise<ApiResult<MediaInfo>> {
  return table.importMedia({ name, dataBase64: Buffer.from(bytes).toString('base64') });
}

async function imported(bytes: Uint8Array, name?: string): Promise<MediaInfo> {
  const result = await importBytes(bytes, name);
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  return result.value;
}

async function refusal(bytes: Uint8Array, name?: string): Promise<ApiErrorBody> {
  const result = await importBytes(bytes, name);
  if (result.ok) throw new Error('accepted');
  return result.error;
}

const mediaFiles = () => fs.readdirSync(library.mediaDir).sort();
const mediaRows = () => library.db.prepare('SELECT sha256, mime, width, height, bytes, original_name FROM media ORDER BY sha256').all();

// --- Byte builders for the refusals: real headers with chosen values.

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG whose IHDR says width × height, with a token IDAT: the header is what is being tested. */
function png(width: number, height: number, extra: Buffer[] = []): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(16))), ...extra, chunk('IEND', Buffer.alloc(0))]);
}

/** A WebP with only a VP8X chunk (extended format), canvas width × height. */
function webpVp8x(width: number, height: number): Buffer {
  const data = Buffer.alloc(10);
  data.writeUIntLE(width - 1, 4, 3);
  data.writeUIntLE(height - 1, 7, 3);
  const body = Buffer.concat([Buffer.from('WEBPVP8X', 'latin1'), Buffer.from([10, 0, 0, 0]), data]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

/** The fixture JPEG with its frame header (SOF0) saying height × width instead. */
function jpegWithSize(width: number, height: number): Buffer {
  const bytes = Buffer.from(fixture('tiny-3x2.jpg'));
  for (let i = 2; i < bytes.length - 9; i++) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xc0) {
      bytes.writeUInt16BE(height, i + 5);
      bytes.writeUInt16BE(width, i + 7);
      return bytes;
    }
  }
  throw new Error('no SOF0 in the fixture');
}

/** The fixture JPEG with an EXIF APP1 segment saying Orientation = `orientation`, right after SOI. */
function jpegWithOrientation(orientation: number, order: 'II' | 'MM'): Buffer {
  const le = order === 'II';
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write(order, 0, 'latin1');
  const u16 = (v: number, at: number) => (le ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (le ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at));
  u16(42, 2);
  u32(8, 4);
  u16(1, 8); // one entry
  u16(0x0112, 10);
  u16(3, 12); // SHORT
  u32(1, 14);
  u16(orientation, 18);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.set([0xff, 0xe1], 0);
  app1.writeUInt16BE(payload.length + 2, 2);
  const jpeg = fixture('tiny-3x2.jpg');
  return Buffer.concat([jpeg.subarray(0, 2), app1, payload, jpeg.subarray(2)]);
}

describe('importMedia: accepted images', () => {
  it.each([
    ['tiny-3x2.jpg', 'image/jpeg', 3, 2, 'jpg'],
    ['photo-640x400.jpg', 'image/jpeg', 640, 400, 'jpg'],
    ['tiny-5x4.png', 'image/png', 5, 4, 'png'],
    ['tiny-7x6-lossy.webp', 'image/webp', 7, 6, 'webp'], // VP8
    ['tiny-9x8-lossless.webp', 'image/webp', 9, 8, 'webp'], // VP8L
    ['tiny-11x10-alpha.webp', 'image/webp', 11, 10, 'webp'], // VP8X
    ['photo-480x320.webp', 'image/webp', 480, 320, 'webp'], // VP8X with an ICC profile
  ])('%s is %s, %i × %i, stored as <sha256>.%s', async (name, mime, width, height, ext) => {
    const bytes = fixture(name);
    const info = await imported(bytes, name);
    expect(info).toEqual({ sha256: sha256(bytes), mime, width, height, bytes: bytes.length });
    expect(mediaFiles()).toEqual([`${info.sha256}.${ext}`]);
    expect(fs.readFileSync(path.join(library.mediaDir, `${info.sha256}.${ext}`)).equals(bytes)).toBe(true);
    expect(await table.getMediaInfo({ sha256: info.sha256 })).toEqual({ ok: true, value: info });
  });

  it('takes the type from the bytes, not the name: a PNG named .jpg is stored as a PNG', async () => {
    const info = await imported(fixture('tiny-5x4.png'), 'holiday.jpg');
    expect(info.mime).toBe('image/png');
    expect(mediaFiles()).toEqual([`${info.sha256}.png`]);
  });

  it.each([
    [6, 'II'],
    [8, 'MM'],
  ] as const)('swaps width and height for EXIF orientation %i (%s byte order): the picture is shown turned', async (orientation, order) => {
    expect(await imported(jpegWithOrientation(orientation, order))).toMatchObject({ width: 2, height: 3 });
  });

  it('keeps width and height for EXIF orientation 3 (upside down)', async () => {
    expect(await imported(jpegWithOrientation(3, 'II'))).toMatchObject({ width: 3, height: 2 });
  });

  it('accepts an image of exactly the size limit', async () => {
    const base = png(4, 4);
    // A private ancillary chunk pads the file to the byte limit.
    const padding = chunk('qlMp', Buffer.alloc(MEDIA_LIMITS.bytes - base.length - 12));
    const bytes = png(4, 4, [padding]);
    expect(bytes.length).toBe(MEDIA_LIMITS.bytes);
    expect(await imported(bytes, 'big.png')).toMatchObject({ bytes: MEDIA_LIMITS.bytes, width: 4, height: 4 });
  });
});

describe('importMedia: web renditions', () => {
  const renditionFiles = () => (fs.existsSync(path.join(temp.dir, RENDITION_CACHE_DIR)) ? fs.readdirSync(path.join(temp.dir, RENDITION_CACHE_DIR)).sort() : []);

  it('makes the web rendition of a wide image in a worker after the call has answered: the bytes export would make', async () => {
    const jpeg = testJpeg(1700, 1000, 51);
    const png = testPng(1800, 200, 52);
    const [j, p] = [await imported(jpeg, 'wide.jpg'), await imported(png, 'wide.png')];
    // Answered, stored, and nothing decoded yet.
    expect(mediaFiles()).toEqual([`${j.sha256}.jpg`, `${p.sha256}.png`].sort());
    expect(renditionFiles()).toEqual([]);
    await temp.renditions.settled();
    expect(temp.renditions.counts()).toEqual({ madeByWorker: 2, madeAtExport: 0, workerFailures: 0 });
    expect(fs.readFileSync(renditionFile(library, j.sha256, 'image/jpeg')).equals(webRendition(jpeg, 'image/jpeg', 1700, 1000)!.data)).toBe(true);
    expect(fs.readFileSync(renditionFile(library, p.sha256, 'image/png')).equals(webRendition(png, 'image/png', 1800, 200)!.data)).toBe(true);
    // Written atomically: no temporary file left beside them.
    expect(renditionFiles()).toHaveLength(2);

    // Importing the same bytes again makes nothing again.
    await imported(jpeg, 'again.jpg');
    await temp.renditions.settled();
    expect(temp.renditions.counts().madeByWorker).toBe(2);
  });

  it('makes none for an image that needs none: narrow, or WebP', async () => {
    await imported(fixture('photo-640x400.jpg'));
    await imported(fixture('photo-480x320.webp'));
    await imported(webpVp8x(4000, 3000), 'wide.webp');
    await temp.renditions.settled();
    expect(renditionFiles()).toEqual([]);
    expect(temp.renditions.counts()).toEqual({ madeByWorker: 0, madeAtExport: 0, workerFailures: 0 });
  });

  it('keeps a wide image its decoder cannot read (it passed the header check), with no rendition and no failure', async () => {
    const corrupt = jpegWithSize(2000, 1000);
    const info = await imported(corrupt, 'corrupt.jpg');
    await temp.renditions.settled();
    expect(info).toMatchObject({ width: 2000, height: 1000 });
    expect(mediaFiles()).toEqual([`${info.sha256}.jpg`]);
    expect(renditionFiles()).toEqual([]);
    expect(temp.renditions.counts()).toEqual({ madeByWorker: 0, madeAtExport: 0, workerFailures: 0 });
  });
});

describe('importMedia: deduplication', () => {
  it('returns the same record for the same bytes and keeps one file and one row (the first name)', async () => {
    const bytes = fixture('photo-640x400.jpg');
    const first = await imported(bytes, 'first.jpg');
    const second = await imported(bytes, 'second-copy.jpg');
    expect(second).toEqual(first);
    expect(mediaFiles()).toEqual([`${first.sha256}.jpg`]);
    expect(mediaRows()).toEqual([expect.objectContaining({ sha256: first.sha256, original_name: 'first.jpg' })]);
  });

  it('writes the file again when the record exists but the file was lost', async () => {
    const bytes = fixture('tiny-5x4.png');
    const info = await imported(bytes);
    fs.rmSync(path.join(library.mediaDir, `${info.sha256}.png`));
    expect(await imported(bytes)).toEqual(info);
    expect(fs.readFileSync(path.join(library.mediaDir, `${info.sha256}.png`)).equals(bytes)).toBe(true);
  });

  it('stores different images side by side', async () => {
    await imported(fixture('tiny-3x2.jpg'));
    await imported(fixture('tiny-5x4.png'));
    await imported(fixture('tiny-7x6-lossy.webp'));
    expect(mediaFiles()).toHaveLength(3);
    expect(mediaRows()).toHaveLength(3);
  });
});

describe('importMedia: atomic writes', () => {
  it('leaves no temporary file after an import', async () => {
    await imported(fixture('photo-480x320.webp'));
    expect(mediaFiles().filter((f) => f.startsWith('.') || f.endsWith('.tmp'))).toEqual([]);
  });

  it('removes the temporary file and writes no record when the write fails half-way', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(fs, 'renameSync').mockImplementation(() => {
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    const result = await importBytes(fixture('photo-640x400.jpg'));
    expect(result).toMatchObject({ ok: false, error: { code: 'storage_full' } });
    expect(mediaFiles()).toEqual([]);
    expect(mediaRows()).toEqual([]);
  });

  it('removes the new file when the record cannot be written', async () => {
    const before = mediaFiles();
    library.db.exec('PRAGMA query_only = ON');
    const result = await importBytes(fixture('tiny-3x2.jpg'));
    library.db.exec('PRAGMA query_only = OFF');
    expect(result).toMatchObject({ ok: false, error: { code: 'storage_readonly' } });
    expect(mediaFiles()).toEqual(before);
    expect(mediaRows()).toEqual([]);
  });
});

describe('importMedia: refused files write nothing', () => {
  const cases: [string, () => Uint8Array, string, RegExp][] = [
    ['a text file named .jpg', () => Buffer.from('Sulaimani, 25 July 2021: not a photograph at all.\n'), 'not_image', /not a JPEG, PNG or WebP/],
    ['a PDF', () => Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'not_image', /not a JPEG, PNG or WebP/],
    ['an SVG', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'not_image', /not a JPEG, PNG or WebP/],
    ['a GIF', () => Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'not_image', /not a JPEG, PNG or WebP/],
    ['an empty file', () => Buffer.alloc(0), 'not_image', /empty/],
    ['a JPEG cut inside its header', () => fixture('tiny-3x2.jpg').subarray(0, 100), 'damaged', /cut off/],
    ['a JPEG cut inside its image data', () => fixture('photo-640x400.jpg').subarray(0, 6000), 'damaged', /end marker is missing/],
    ['the first 3 bytes of a JPEG', () => fixture('tiny-3x2.jpg').subarray(0, 3), 'damaged', /cut off/],
    ['a PNG cut inside its header', () => fixture('tiny-5x4.png').subarray(0, 20), 'damaged', /cut off/],
    ['a PNG without its end chunk', () => fixture('tiny-5x4.png').subarray(0, fixture('tiny-5x4.png').length - 12), 'damaged', /IEND/],
    ['a PNG with a damaged header checksum', () => Buffer.from(fixture('tiny-5x4.png')).fill(0, 29, 33), 'damaged', /checksum/],
    ['a WebP cut short of its RIFF size', () => fixture('photo-480x320.webp').subarray(0, 1000), 'damaged', /cut off/],
    ['a WebP with an unknown first chunk', () => Buffer.concat([Buffer.from('RIFF\x0c\x00\x00\x00WEBPXXXX\x00\x00\x00\x00', 'latin1')]), 'damaged', /unknown chunk/],
    ['a JPEG that says it is 0 pixels high', () => jpegWithSize(3, 0), 'bad_dimensions', /needs a width and a height/],
    ['a PNG that says it is 0 pixels wide', () => png(0, 10), 'bad_dimensions', /needs a width and a height/],
    ['a PNG 20,001 pixels wide', () => png(20_001, 10), 'bad_dimensions', /20,000 pixels a side/],
    ['a PNG of 4 billion pixels a side', () => png(0xffffffff, 0xffffffff), 'bad_dimensions', /20,000 pixels a side/],
    ['a WebP canvas of 16,777,216 pixels a side', () => webpVp8x(16_777_216, 16_777_216), 'bad_dimensions', /20,000 pixels a side/],
    ['a JPEG of 20,000 × 20,000 pixels (a decompression bomb)', () => jpegWithSize(20_000, 20_000), 'bad_dimensions', /million pixels/],
    ['an image one byte over the limit', () => Buffer.concat([fixture('tiny-3x2.jpg'), Buffer.alloc(MEDIA_LIMITS.bytes + 1 - fixture('tiny-3x2.jpg').length)]), 'too_large', /15 MiB \(15,728,641 bytes\).*at most 15 MiB \(15,728,640 bytes\)/],
  ];

  it.each(cases)('%s', async (_label, make, expected, message) => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const error = await refusal(make());
    expect(error).toMatchObject({ code: 'invalid_input', refusal: expected });
    expect(error.message).toMatch(message);
    expect(mediaFiles()).toEqual([]);
    expect(mediaRows()).toEqual([]);
  });

  it('says how big a file over the limit is, even far over it (16 MiB)', async () => {
    const error = await refusal(Buffer.alloc(16 * 1024 * 1024, 0xff));
    expect(error).toMatchObject({ code: 'invalid_input', refusal: 'too_large' });
    expect(error.message).toMatch(/16 MiB/);
  });

  it('refuses base64 text longer than the transport allows before decoding it', async () => {
    const result = await table.importMedia({ name: 'x.jpg', dataBase64: 'A'.repeat(MEDIA_LIMITS.base64Chars + 4) });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringMatching(/larger than the 15 MiB limit/) } });
    expect(mediaFiles()).toEqual([]);
  });
});

describe('getMediaInfo', () => {
  it('answers not_found for an image the library does not have', async () => {
    expect(await table.getMediaInfo({ sha256: 'a'.repeat(64) })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('readImageHeader', () => {
  it('skips fill bytes before a JPEG marker', () => {
    const jpeg = fixture('tiny-3x2.jpg');
    const padded = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xff, 0xff]), jpeg.subarray(2)]);
    expect(readImageHeader(padded)).toEqual({ ok: true, mime: 'image/jpeg', width: 3, height: 2 });
  });

  it('ignores an EXIF block it cannot read instead of refusing the photo', () => {
    const broken = jpegWithOrientation(6, 'II');
    broken.write('XX', 4 + 6 + 2, 'latin1'); // the TIFF byte order mark
    expect(readImageHeader(broken)).toMatchObject({ ok: true, width: 3, height: 2 });
  });

  it('refuses a JPEG whose segment length runs past the end', () => {
    expect(readImageHeader(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0xff, 0xff, 0x00]))).toMatchObject({ ok: false, refusal: 'damaged' });
  });
});

describe('migration 3', () => {
  it('adds the media table and empty lead image captions to versions saved at schema 2', () => {
    const db = new DatabaseSync(':memory:');
    migrate(db, MIGRATIONS.filter((m) => m.version <= 2));
    db.exec("INSERT INTO articles VALUES ('a', 's', 'ckb', 'draft', '{}', 't', 't', NULL)");
    db.exec("INSERT INTO versions (article_id, lang, headline, standfirst, dateline, body, body_text, revision, updated_at, search_rowid, byline) VALUES ('a', 'ckb', 'h', '', '', '{}', '', 1, 't', 1, 'b')");
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(db.prepare('SELECT lead_image_caption, lead_image_alt, byline FROM versions').get()).toEqual({ lead_image_caption: '', lead_image_alt: '', byline: 'b' });
    expect(db.prepare('SELECT count(*) AS n FROM media').get()).toEqual({ n: 0 });
    expect(() => db.exec("INSERT INTO media VALUES ('short', 'image/png', 1, 1, 1, 'x', 't')")).toThrow(/CHECK/);
    db.close();
  });
});
