import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Zip archives for export packages: a writer whose output depends only on
 * the entries (so the same article exported twice gives the same bytes), and
 * a reader for import that treats every archive as hostile. Both cover the
 * plain subset of the format (APPNOTE 6.3.10): stored or deflated entries,
 * UTF-8 names, no ZIP64, no encryption, one disk.
 */

/** Why an archive was refused (or could not be written). */
export const ZIP_ERROR_CODES = [
  'truncated', // shorter than its own structures say
  'not_zip', // no end-of-central-directory record
  'bad_central_directory', // garbled directory: bad signature, counts or offsets
  'zip64', // ZIP64 records or fields (never needed by a package)
  'multi_disk', // split over several disks
  'too_many_entries',
  'encrypted',
  'unsupported_method', // neither stored nor deflated
  'unsafe_name', // absolute, "..", backslash, drive letter, control characters, not UTF-8
  'symlink', // a link or other special file (external attributes)
  'duplicate_name', // the same name twice, also differing only in case, or a file where a folder is
  'entry_too_large', // declared or actual size over the entry limit
  'archive_too_large', // the archive itself, or its entries together, over the limit
  'compression_ratio', // a zip bomb: far more out than in
  'size_mismatch', // the data is not the size the directory declares
  'bad_crc',
  'bad_local_header', // the entry's own header disagrees with the directory
  'overlapping_entries', // entries sharing bytes (the overlapping-file zip bomb)
  'bad_data', // the compressed data is damaged
] as const;
export type ZipErrorCode = (typeof ZIP_ERROR_CODES)[number];

export class ZipError extends Error {
  constructor(
    readonly code: ZipErrorCode,
    message: string,
    /** The entry at fault, when there is one. */
    readonly entry?: string,
  ) {
    super(message);
    this.name = 'ZipError';
  }
}

export interface ZipLimits {
  /** Largest archive accepted, in bytes. */
  archiveBytes: number;
  entries: number;
  /** Largest entry, uncompressed. */
  entryBytes: number;
  /** All entries together, uncompressed. */
  totalBytes: number;
  /** Largest uncompressed:compressed ratio of an entry bigger than RATIO_FLOOR. */
  ratio: number;
}

/**
 * Room for a package of three languages with two renditions of a few 15 MiB
 * photos and its fonts; far below what would exhaust memory in the main process.
 */
export const DEFAULT_ZIP_LIMITS: Readonly<ZipLimits> = {
  archiveBytes: 512 * 1024 * 1024,
  entries: 1_000,
  entryBytes: 64 * 1024 * 1024,
  totalBytes: 512 * 1024 * 1024,
  // Text in a package deflates about 4:1 and images not at all; deflate's own ceiling is about 1032:1.
  ratio: 100,
};

/** Entries smaller than this are never bombs, whatever their ratio (a run of spaces deflates 100:1 too). */
export const RATIO_FLOOR = 64 * 1024;

export interface ZipInput {
  name: string;
  data: Uint8Array;
  /** false: store as is (JPEG, PNG, WebP, WOFF2 do not shrink). Default true: deflate, unless that does not make it smaller. */
  compress?: boolean;
}

export interface ZipEntry {
  name: string;
  data: Buffer;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const LOCAL_HEADER = 30;
const CENTRAL_HEADER = 46;
const END_RECORD = 22;
const STORED = 0;
const DEFLATED = 8;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DATA_DESCRIPTOR = 0x0008;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const FLAG_UTF8 = 0x0800;
const FLAG_ENCRYPTED_DIRECTORY = 0x2000;
/** 2.0: deflate and folders. */
const VERSION_NEEDED = 20;
/** Made by UNIX (3), so unzip gives the files the mode in the external attributes. */
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
const UNIX_REGULAR_FILE_0644 = (0o100644 << 16) >>> 0;
/** 1980-01-01 00:00:00, the earliest DOS date: no wall-clock time in a package. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const MAX_16 = 0xffff;
const MAX_32 = 0xffffffff;
const EXTRA_ZIP64 = 0x0001;
const EXTRA_UNICODE_PATH = 0x7075;
const UNIX_TYPE_MASK = 0o170000;
const UNIX_REGULAR = 0o100000;
const UNIX_DIRECTORY = 0o040000;
const DOS_DIRECTORY = 0x10;
const MAX_NAME_BYTES = 1024;

const quote = (name: string) => JSON.stringify(name);

/**
 * Why `name` may not be an entry name, or null when it may: a relative path
 * of `/`-separated segments, none empty, `.` or `..`, without backslashes,
 * colons (drive letters, NTFS streams) or control characters.
 */
export function unsafeNameReason(name: string): string | null {
  if (name === '') return 'it is empty';
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) return `it is longer than ${MAX_NAME_BYTES} bytes`;
  if (name.startsWith('/')) return 'it is an absolute path';
  if (name.includes('\\')) return 'it contains a backslash';
  if (/^[A-Za-z]:/.test(name)) return 'it starts with a drive letter';
  if (name.includes(':')) return 'it contains a colon';
  // C0, DEL, C1 and lone surrogates (a name that is not text).
  for (const ch of name) {
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return 'it contains a control character';
  }
  if (!name.isWellFormed()) return 'it is not valid Unicode';
  const segments = (name.endsWith('/') ? name.slice(0, -1) : name).split('/');
  if (segments.includes('..')) return 'it climbs out of the package with ".."';
  if (segments.includes('.')) return 'it contains a "." segment';
  if (segments.includes('')) return 'it contains an empty segment ("//")';
  return null;
}

function checkName(name: string): void {
  const reason = unsafeNameReason(name);
  if (reason) throw new ZipError('unsafe_name', `The entry name ${quote(name)} is not allowed: ${reason}.`, name);
}

/** What file systems that ignore case and Unicode form would take for the same name. */
function foldName(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase();
}

/**
 * Names that would land on the same file, or a file where another entry
 * needs a folder ("a" and "a/b"), on some file system.
 */
function checkDistinct(names: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const name of names) {
    const folded = foldName(name.endsWith('/') ? name.slice(0, -1) : name);
    const other = seen.get(folded);
    if (other !== undefined) {
      throw new ZipError('duplicate_name', other === name ? `The entry ${quote(name)} appears twice.` : `The entries ${quote(other)} and ${quote(name)} differ only in case or Unicode form.`, name);
    }
    seen.set(folded, name);
  }
  for (const name of names) {
    if (name.endsWith('/')) continue;
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = seen.get(foldName(parts.slice(0, i).join('/')));
      if (folder !== undefined && !folder.endsWith('/')) throw new ZipError('duplicate_name', `The entry ${quote(name)} needs ${quote(folder)} to be a folder, but it is a file.`, name);
    }
  }
}

/**
 * A zip of `entries`, byte for byte the same for the same input: entries in
 * the order of their UTF-8 names, every timestamp 1980-01-01 00:00, no extra
 * fields, no comment, UTF-8 flag on every name, mode 0644.
 */
export function writeZip(entries: readonly ZipInput[], level = 6): Buffer {
  const sorted = entries.map((entry) => ({ ...entry, nameBytes: Buffer.from(entry.name, 'utf8') })).sort((a, b) => Buffer.compare(a.nameBytes, b.nameBytes));
  for (const entry of sorted) {
    checkName(entry.name);
    if (entry.name.endsWith('/')) throw new ZipError('unsafe_name', `The entry name ${quote(entry.name)} is a folder; folders are implied by file names.`, entry.name);
  }
  checkDistinct(sorted.map((e) => e.name));
  if (sorted.length > MAX_16) throw new ZipError('zip64', `${sorted.length} entries need ZIP64, which packages do not use.`);

  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of sorted) {
    const data = Buffer.from(entry.data.buffer, entry.data.byteOffset, entry.data.byteLength);
    if (data.length >= MAX_32) throw new ZipError('zip64', `The entry ${quote(entry.name)} is too large for a zip without ZIP64.`, entry.name);
    const deflated = entry.compress === false ? null : deflateRawSync(data, { level });
    const useDeflate = deflated !== null && deflated.length < data.length;
    const body = useDeflate ? deflated : data;
    const method = useDeflate ? DEFLATED : STORED;
    const crc = crc32(data);
    const name = entry.nameBytes;

    const local = Buffer.alloc(LOCAL_HEADER);
    local.writeUInt32LE(SIG_LOCAL, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(FLAG_UTF8, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);

    const header = Buffer.alloc(CENTRAL_HEADER);
    header.writeUInt32LE(SIG_CENTRAL, 0);
    header.writeUInt16LE(VERSION_MADE_BY, 4);
    header.writeUInt16LE(VERSION_NEEDED, 6);
    header.writeUInt16LE(FLAG_UTF8, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(DOS_TIME, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(name.length, 28);
    // Extra field, comment, disk number and internal attributes: all 0 (Buffer.alloc).
    header.writeUInt32LE(UNIX_REGULAR_FILE_0644, 38);
    header.writeUInt32LE(offset, 42);

    chunks.push(local, name, body);
    central.push(header, name);
    offset += LOCAL_HEADER + name.length + body.length;
    if (offset >= MAX_32) throw new ZipError('zip64', 'The package is too large for a zip without ZIP64.');
  }
  const centralSize = central.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(END_RECORD);
  end.writeUInt32LE(SIG_END, 0);
  end.writeUInt16LE(sorted.length, 8);
  end.writeUInt16LE(sorted.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

interface CentralEntry {
  name: string;
  nameBytes: Buffer;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  isFolder: boolean;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The files of a zip, all in memory, or a ZipError saying why the archive is
 * refused. Nothing is trusted: every offset is bounds-checked, every name
 * checked before anything is inflated, inflation stops at the declared size
 * (and the limits), and every CRC is verified. Folder entries are checked
 * and left out. Entries come in the directory's order. A stored entry's
 * data is a view of `bytes` (not a copy): change neither while the entries
 * are in use.
 */
export function readZip(bytes: Uint8Array, limits: Partial<ZipLimits> = {}): ZipEntry[] {
  const limit: ZipLimits = { ...DEFAULT_ZIP_LIMITS, ...limits };
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (zip.length > limit.archiveBytes) throw new ZipError('archive_too_large', `The archive is ${zip.length} bytes; the limit is ${limit.archiveBytes}.`);

  const end = findEndRecord(zip);
  const diskNumber = zip.readUInt16LE(end + 4);
  const centralDisk = zip.readUInt16LE(end + 6);
  const entriesOnDisk = zip.readUInt16LE(end + 8);
  const entryCount = zip.readUInt16LE(end + 10);
  const centralSize = zip.readUInt32LE(end + 12);
  const centralOffset = zip.readUInt32LE(end + 16);
  if (end >= 20 && zip.readUInt32LE(end - 20) === SIG_ZIP64_LOCATOR) throw new ZipError('zip64', 'The archive uses ZIP64, which packages never need.');
  if (entryCount === MAX_16 || centralSize === MAX_32 || centralOffset === MAX_32) throw new ZipError('zip64', 'The archive uses ZIP64 (its directory fields are at their maximum).');
  if (diskNumber !== 0 || centralDisk !== 0 || entriesOnDisk !== entryCount) throw new ZipError('multi_disk', 'The archive is split over several disks.');
  if (entryCount > limit.entries) throw new ZipError('too_many_entries', `The archive has ${entryCount} entries; the limit is ${limit.entries}.`);
  // The directory ends exactly where the end record starts: nothing hidden between, nothing prepended.
  if (centralOffset + centralSize !== end) throw new ZipError('bad_central_directory', 'The central directory is not where the end record says it is.');

  const entries = readCentralDirectory(zip, centralOffset, end, entryCount, limit);
  checkDistinct(entries.map((e) => e.name));

  // Each entry's bytes, from its local header to the end of its data, may not overlap another's or the directory.
  const spans = entries.map((entry) => ({ entry, ...localSpan(zip, entry, centralOffset) })).sort((a, b) => a.start - b.start);
  for (let i = 1; i < spans.length; i++) {
    const previous = spans[i - 1]!;
    const current = spans[i]!;
    if (current.start < previous.end) throw new ZipError('overlapping_entries', `The entries ${quote(previous.entry.name)} and ${quote(current.entry.name)} share bytes.`, current.entry.name);
  }

  const dataStart = new Map(spans.map((s) => [s.entry, s.dataStart]));
  const files: ZipEntry[] = [];
  let total = 0;
  for (const entry of entries) {
    if (entry.isFolder) continue;
    const start = dataStart.get(entry)!;
    const data = extract(entry, zip.subarray(start, start + entry.compressedSize));
    total += data.length;
    if (total > limit.totalBytes) throw new ZipError('archive_too_large', `The entries together are larger than ${limit.totalBytes} bytes.`, entry.name);
    files.push({ name: entry.name, data });
  }
  return files;
}

function findEndRecord(zip: Buffer): number {
  if (zip.length < END_RECORD) throw new ZipError('truncated', 'The file is too short to be a zip archive.');
  // The end record is the last 22 bytes plus a comment of up to 65,535 bytes whose length it states exactly.
  const lowest = Math.max(0, zip.length - END_RECORD - MAX_16);
  for (let at = zip.length - END_RECORD; at >= lowest; at--) {
    if (zip.readUInt32LE(at) === SIG_END && at + END_RECORD + zip.readUInt16LE(at + 20) === zip.length) return at;
  }
  if (zip.length >= 4 && zip.readUInt32LE(0) === SIG_LOCAL) throw new ZipError('truncated', 'The archive has no end record where it should be: it is cut short, or something was appended to it.');
  throw new ZipError('not_zip', 'This is not a zip archive.');
}

function readCentralDirectory(zip: Buffer, start: number, end: number, count: number, limit: ZipLimits): CentralEntry[] {
  const entries: CentralEntry[] = [];
  let declaredTotal = 0;
  let at = start;
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_HEADER > end || zip.readUInt32LE(at) !== SIG_CENTRAL) throw new ZipError('bad_central_directory', `The central directory is damaged at entry ${i + 1}.`);
    const madeBy = zip.readUInt16LE(at + 4);
    const flags = zip.readUInt16LE(at + 8);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const disk = zip.readUInt16LE(at + 34);
    const externalAttributes = zip.readUInt32LE(at + 38);
    const localOffset = zip.readUInt32LE(at + 42);
    const next = at + CENTRAL_HEADER + nameLength + extraLength + commentLength;
    if (next > end) throw new ZipError('bad_central_directory', `The central directory is damaged at entry ${i + 1}: it runs past its end.`);

    const nameBytes = zip.subarray(at + CENTRAL_HEADER, at + CENTRAL_HEADER + nameLength);
    const name = decodeName(nameBytes, flags);
    checkName(name);
    checkExtraField(zip.subarray(at + CENTRAL_HEADER + nameLength, at + CENTRAL_HEADER + nameLength + extraLength), name);

    if (compressedSize === MAX_32 || size === MAX_32 || localOffset === MAX_32) throw new ZipError('zip64', `The entry ${quote(name)} uses ZIP64 sizes.`, name);
    if (disk !== 0) throw new ZipError('multi_disk', `The entry ${quote(name)} is on another disk.`, name);
    if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_ENCRYPTED_DIRECTORY)) throw new ZipError('encrypted', `The entry ${quote(name)} is encrypted.`, name);
    if (method !== STORED && method !== DEFLATED) throw new ZipError('unsupported_method', `The entry ${quote(name)} uses compression method ${method}; only stored and deflated are read.`, name);

    const isFolder = checkFileType(name, madeBy >> 8, externalAttributes, size);
    if (size > limit.entryBytes) throw new ZipError('entry_too_large', `The entry ${quote(name)} declares ${size} bytes; the limit is ${limit.entryBytes}.`, name);
    declaredTotal += size;
    if (declaredTotal > limit.totalBytes) throw new ZipError('archive_too_large', `The entries together declare more than ${limit.totalBytes} bytes.`, name);
    if (method === STORED && compressedSize !== size) throw new ZipError('size_mismatch', `The stored entry ${quote(name)} declares ${compressedSize} bytes stored but ${size} bytes of content.`, name);
    if (size > RATIO_FLOOR && size > compressedSize * limit.ratio) throw new ZipError('compression_ratio', `The entry ${quote(name)} would inflate ${compressedSize} bytes to ${size}: a zip bomb.`, name);

    entries.push({ name, nameBytes, flags, method, crc, compressedSize, size, localOffset, isFolder });
    at = next;
  }
  if (at !== end) throw new ZipError('bad_central_directory', 'The central directory holds more than its entry count says.');
  return entries;
}

/** UTF-8 when flagged; without the flag the name is CP437, which is only read when it is plain ASCII. */
function decodeName(bytes: Buffer, flags: number): string {
  if (!(flags & FLAG_UTF8) && bytes.some((b) => b >= 0x80)) throw new ZipError('unsafe_name', 'An entry name is neither marked UTF-8 nor plain ASCII.');
  try {
    return UTF8.decode(bytes);
  } catch {
    throw new ZipError('unsafe_name', 'An entry name is not valid UTF-8.');
  }
}

/** Extra fields must be well formed; a second name (Info-ZIP Unicode path) or ZIP64 sizes are refused. */
function checkExtraField(extra: Buffer, name: string): void {
  let at = 0;
  while (at < extra.length) {
    if (at + 4 > extra.length) throw new ZipError('bad_central_directory', `The extra field of ${quote(name)} is damaged.`, name);
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (at + 4 + length > extra.length) throw new ZipError('bad_central_directory', `The extra field of ${quote(name)} is damaged.`, name);
    if (id === EXTRA_ZIP64) throw new ZipError('zip64', `The entry ${quote(name)} has ZIP64 fields.`, name);
    if (id === EXTRA_UNICODE_PATH) throw new ZipError('unsafe_name', `The entry ${quote(name)} carries a second name in an extra field.`, name);
    at += 4 + length;
  }
}

/** Regular files and empty folders only; true for a folder. */
function checkFileType(name: string, host: number, attributes: number, size: number): boolean {
  // The upper half holds a UNIX mode when the archive was made on UNIX; the low byte holds DOS attributes on any host.
  const unixType = host === 3 ? (attributes >>> 16) & UNIX_TYPE_MASK : 0;
  if (unixType === 0o120000) throw new ZipError('symlink', `The entry ${quote(name)} is a symbolic link.`, name);
  if (unixType !== 0 && unixType !== UNIX_REGULAR && unixType !== UNIX_DIRECTORY) throw new ZipError('symlink', `The entry ${quote(name)} is a special file (device, pipe or socket), not a regular file.`, name);
  const isFolder = name.endsWith('/');
  if (!isFolder && (unixType === UNIX_DIRECTORY || (attributes & DOS_DIRECTORY) !== 0)) throw new ZipError('bad_central_directory', `The entry ${quote(name)} is marked as a folder but named as a file.`, name);
  if (isFolder && size !== 0) throw new ZipError('bad_central_directory', `The folder entry ${quote(name)} has content.`, name);
  return isFolder;
}

/** Where the entry's bytes are: its local header must agree with the directory, and its data end before the directory. */
function localSpan(zip: Buffer, entry: CentralEntry, centralOffset: number): { start: number; dataStart: number; end: number } {
  const at = entry.localOffset;
  const bad = (why: string) => new ZipError('bad_local_header', `The local header of ${quote(entry.name)} ${why}.`, entry.name);
  if (at + LOCAL_HEADER > centralOffset) throw bad('lies outside the archive');
  if (zip.readUInt32LE(at) !== SIG_LOCAL) throw bad('is missing');
  const flags = zip.readUInt16LE(at + 6);
  const method = zip.readUInt16LE(at + 8);
  const nameLength = zip.readUInt16LE(at + 26);
  const extraLength = zip.readUInt16LE(at + 28);
  if (flags !== entry.flags) throw bad('has other flags than the directory');
  if (method !== entry.method) throw bad('names another compression method than the directory');
  if (!(flags & FLAG_DATA_DESCRIPTOR)) {
    // Without a data descriptor the local header carries the real values; with one they follow the data.
    if (zip.readUInt32LE(at + 14) !== entry.crc || zip.readUInt32LE(at + 18) !== entry.compressedSize || zip.readUInt32LE(at + 22) !== entry.size) throw bad('declares other sizes or CRC than the directory');
  }
  const nameStart = at + LOCAL_HEADER;
  if (nameStart + nameLength + extraLength > centralOffset) throw bad('runs past the end of the data');
  if (!zip.subarray(nameStart, nameStart + nameLength).equals(entry.nameBytes)) throw bad('names another file than the directory');
  checkExtraField(zip.subarray(nameStart + nameLength, nameStart + nameLength + extraLength), entry.name);
  const dataStart = nameStart + nameLength + extraLength;
  const dataEnd = dataStart + entry.compressedSize;
  if (dataEnd > centralOffset) throw new ZipError('truncated', `The data of ${quote(entry.name)} runs past the end of the archive's data.`, entry.name);
  return { start: at, dataStart, end: dataEnd };
}

function extract(entry: CentralEntry, compressed: Buffer): Buffer {
  let data: Buffer;
  if (entry.method === STORED) {
    // A view of the archive, not a copy: a 200 MiB package of stored pictures is not held twice (issue 18 §4).
    data = compressed;
  } else {
    try {
      // One byte over the declared size is enough to know it lied: inflation stops there, whatever the stream holds.
      data = inflateRawSync(compressed, { maxOutputLength: entry.size + 1 });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw new ZipError('size_mismatch', `The entry ${quote(entry.name)} inflates past its declared ${entry.size} bytes.`, entry.name);
      throw new ZipError('bad_data', `The compressed data of ${quote(entry.name)} is damaged.`, entry.name);
    }
  }
  if (data.length !== entry.size) throw new ZipError('size_mismatch', `The entry ${quote(entry.name)} holds ${data.length} bytes, not the declared ${entry.size}.`, entry.name);
  if (crc32(data) !== entry.crc) throw new ZipError('bad_crc', `The entry ${quote(entry.name)} fails its CRC check: it is damaged.`, entry.name);
  return data;
}
