// @vitest-environment node
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { describe, expect, it, vi } from 'vitest';
import { needsWebRendition, webRendition, WEB_RENDITION_KEY } from '../../electron/package/image-rendition';
import { noisyPixels, testJpeg, testPng } from './export-package-fixtures';

// Pure-JavaScript decoding and encoding: seconds on a busy machine.
vi.setConfig({ testTimeout: 60_000 });

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** `jpeg` with an EXIF APP1 segment saying Orientation = `orientation` (little-endian TIFF), right after SOI. */
function withOrientation(jpeg: Buffer, orientation: number): Buffer {
  const tiff = Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, orientation, 0, 0, 0, 0, 0, 0, 0]);
  const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, 0]), exif]);
  app1.writeUInt16BE(exif.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)]);
}

function translucentPng(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  png.data = noisyPixels(width, height, 9);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = (i >> 2) % 256;
  return PNG.sync.write(png);
}

describe('web rendition bytes', () => {
  // The rendition cache is named by WEB_RENDITION_KEY: renditions made by
  // earlier versions are reused, so the bytes must stay those versions'
  // bytes (a package stays byte-identical across exports and upgrades).
  // These digests were taken from the implementation that wrote the first
  // `area1` caches; a change to them needs a new key.
  it('are the bytes the cache key names (JPEG: the file; PNG: the pixels, zlib may vary with Node)', () => {
    expect(WEB_RENDITION_KEY).toBe('w1600-q80-area1');
    const jpeg = webRendition(testJpeg(2000, 1000, 5), 'image/jpeg', 2000, 1000)!;
    expect([jpeg.width, jpeg.height, sha256(jpeg.data)]).toEqual([1600, 800, 'f0ebaaf11ccbc04c544aa4caca2e4f96abb6bc78b5b4372f1066d33038a26faa']);
    const turned = webRendition(withOrientation(testJpeg(1000, 1700, 6), 6), 'image/jpeg', 1700, 1000)!;
    expect([turned.width, turned.height, sha256(turned.data)]).toEqual([1600, 941, 'eaddca41ac265de84ccffa461d5e82446775ca83b9910a951c4630fc38339613']);
    const opaque = webRendition(testPng(1700, 300, 7), 'image/png', 1700, 300)!;
    expect([opaque.width, opaque.height, sha256(PNG.sync.read(Buffer.from(opaque.data)).data)]).toEqual([
      1600,
      282,
      '4b05e666fe057825bc030ea1c72eda5d8cc4ab4bcbfd84d65fc12386bd736159',
    ]);
    const translucent = webRendition(translucentPng(1700, 60), 'image/png', 1700, 60)!;
    expect([translucent.width, translucent.height, sha256(PNG.sync.read(Buffer.from(translucent.data)).data)]).toEqual([
      1600,
      56,
      '834848cdfb9aa9bc3a636adb1fd00552161ff7cda49aa7b922aa14d5563a8e8a',
    ]);
  });

  it('are the same every time', () => {
    const bytes = testJpeg(1700, 900, 12);
    expect(sha256(webRendition(bytes, 'image/jpeg', 1700, 900)!.data)).toBe(sha256(webRendition(bytes, 'image/jpeg', 1700, 900)!.data));
  });
});

describe('needsWebRendition', () => {
  it('says beforehand, without decoding, when the original serves', () => {
    expect(needsWebRendition('image/jpeg', 1601, 1000)).toBe(true);
    expect(needsWebRendition('image/png', 1601, 1000)).toBe(true);
    expect(needsWebRendition('image/jpeg', 1600, 1000)).toBe(false);
    expect(needsWebRendition('image/webp', 4000, 3000)).toBe(false);
    expect(needsWebRendition('image/jpeg', 10_000, 6_401)).toBe(false);
    expect(webRendition(testJpeg(1600, 900, 3), 'image/jpeg', 1600, 900)).toBeNull();
  });
});
