// node build/make-icons.mjs
// Draws Qelem's icon (a pen nib, "qelem" being the pen) and writes the files
// electron-builder takes from build/: icons/256x256.png and icons/512x512.png
// (Linux), icon.ico (Windows) and icon.icns (macOS). No network, no image
// tool: the shapes are drawn here with 4×4 supersampling, and the PNG, ICO and
// ICNS containers written by hand, so the same script always gives the same
// pixels. Run it again after changing the drawing and commit what it writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';

const buildDir = dirname(fileURLToPath(import.meta.url));

const INK = [29, 79, 122]; // the background: newsroom ink blue
const PAPER = [255, 255, 255];
const SAMPLES = 4; // per axis, per pixel

/** A point in the unit square: 0..1 on both axes, y down. */
const inRoundedSquare = (x, y) => {
  const inset = 0.03;
  const radius = 0.2;
  const lo = inset + radius;
  const hi = 1 - inset - radius;
  const dx = Math.max(lo - x, 0, x - hi);
  const dy = Math.max(lo - y, 0, y - hi);
  return x >= inset && x <= 1 - inset && y >= inset && y <= 1 - inset && dx * dx + dy * dy <= radius * radius;
};

/** Even-odd point-in-polygon test. */
const inPolygon = (x, y, points) => {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};

const NIB = [
  [0.5, 0.84], // the tip
  [0.31, 0.5],
  [0.35, 0.33],
  [0.65, 0.33],
  [0.69, 0.5],
];
const COLLAR = [
  [0.35, 0.2],
  [0.65, 0.2],
  [0.65, 0.29],
  [0.35, 0.29],
];

/** Paper where the nib and its collar are, except the slit and the breather hole cut through it. */
const isPaper = (x, y) => {
  if (inPolygon(x, y, COLLAR)) return true;
  if (!inPolygon(x, y, NIB)) return false;
  const hole = (x - 0.5) ** 2 + (y - 0.5) ** 2 <= 0.04 ** 2;
  const slit = Math.abs(x - 0.5) <= 0.012 && y >= 0.5;
  return !hole && !slit;
};

/** RGBA pixels of the icon at size × size. */
function render(size) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      let paper = 0;
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          if (!inRoundedSquare(x, y)) continue;
          covered++;
          if (isPaper(x, y)) paper++;
        }
      }
      const o = (py * size + px) * 4;
      if (covered === 0) continue; // transparent outside the rounded square
      for (let c = 0; c < 3; c++) pixels[o + c] = Math.round((INK[c] * (covered - paper) + PAPER[c] * paper) / covered);
      pixels[o + 3] = Math.round((255 * covered) / (SAMPLES * SAMPLES));
    }
  }
  return pixels;
}

function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A PNG of RGBA pixels: no ancillary chunks (no time, no gamma), so the bytes depend on the pixels only. */
function png(size) {
  const pixels = render(size);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4); // filter 0 per row
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An ICO holding PNG images (Windows Vista and later read them at every size). */
function ico(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const entry = Buffer.alloc(16);
    entry[0] = size >= 256 ? 0 : size; // 0 means 256
    entry[1] = size >= 256 ? 0 : size;
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.data)]);
}

/** An ICNS of PNG elements; each OSType names a size (ic08 is 256 px, ic14 is 256 pt at 2×, …). */
function icns(elements) {
  const parts = elements.map(({ type, data }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'latin1');
  head.writeUInt32BE(8 + parts.reduce((sum, part) => sum + part.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

const sizes = [16, 32, 48, 64, 128, 256, 512];
const pngs = new Map(sizes.map((size) => [size, png(size)]));
const at = (size) => pngs.get(size);

const written = {
  'icons/256x256.png': at(256),
  'icons/512x512.png': at(512),
  'icon.ico': ico([16, 32, 48, 64, 128, 256].map((size) => ({ size, data: at(size) }))),
  'icon.icns': icns([
    { type: 'icp4', data: at(16) },
    { type: 'icp5', data: at(32) },
    { type: 'ic11', data: at(32) },
    { type: 'ic12', data: at(64) },
    { type: 'ic07', data: at(128) },
    { type: 'ic13', data: at(256) },
    { type: 'ic08', data: at(256) },
    { type: 'ic14', data: at(512) },
    { type: 'ic09', data: at(512) },
  ]),
};
for (const [name, data] of Object.entries(written)) {
  const file = join(buildDir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, data);
  console.log(`${name}  ${data.length} bytes`);
}
