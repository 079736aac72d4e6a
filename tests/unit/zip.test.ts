// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ZIP_LIMITS, readZip, unsafeNameReason, writeZip, ZipError, type ZipErrorCode, type ZipInput, type ZipLimits } from '../../electron/package/zip';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

const SAMPLE: ZipInput[] = [
  { name: 'data/ckb/index.html', data: utf8('<!doctype html><html lang="ckb" dir="rtl"><p>سڵاو</p></html>\n'.repeat(20)) },
  { name: 'bagit.txt', data: utf8('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n') },
  { name: 'data/media/a3f1.jpg', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]), compress: false },
  { name: 'data/empty.txt', data: new Uint8Array(0) },
];

/** Expects `fn` to throw a ZipError with `code`, and returns it. */
function refusal(fn: () => unknown, code: ZipErrorCode): ZipError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ZipError);
    expect((error as ZipError).code, (error as Error).message).toBe(code);
    expect((error as Error).message.length).toBeGreaterThan(10);
    return error as ZipError;
  }
  throw new Error(`expected a ZipError ${code}, got none`);
}

describe('writeZip', () => {
  it('reads back what it wrote', () => {
    const files = readZip(writeZip(SAMPLE));
    expect(files.map((f) => f.name)).toEqual(['bagit.txt', 'data/ckb/index.html', 'data/empty.txt', 'data/media/a3f1.jpg']);
    for (const input of SAMPLE) expect(Buffer.compare(files.find((f) => f.name === input.name)!.data, Buffer.from(input.data))).toBe(0);
  });

  it('gives the same bytes for the same entries, in any order', () => {
    const first = writeZip(SAMPLE);
    expect(writeZip(SAMPLE).equals(first)).toBe(true);
    expect(writeZip([...SAMPLE].reverse()).equals(first)).toBe(true);
  });

  it('sorts by UTF-8 bytes, so the order does not depend on a locale', () => {
    const names = ['b', 'C', 'a/z', 'a-z', 'ä', 'z'];
    const files = readZip(writeZip(names.map((name) => ({ name, data: utf8(name) }))));
    expect(files.map((f) => f.name)).toEqual(['C', 'a-z', 'a/z', 'b', 'z', 'ä']);
  });

  it('writes fixed headers: 1980-01-01 00:00, UTF-8 names, no extra fields, no comment, mode 0644', () => {
    const zip = writeZip([{ name: 'data/ئەمە.txt', data: utf8('x'.repeat(100)) }]);
    expect(zip.readUInt32LE(0)).toBe(0x04034b50);
    expect(zip.readUInt16LE(6)).toBe(0x0800); // flags: UTF-8 only
    expect(zip.readUInt16LE(8)).toBe(8); // deflated
    expect(zip.readUInt16LE(10)).toBe(0); // time 00:00:00
    expect(zip.readUInt16LE(12)).toBe(0x21); // date 1980-01-01
    expect(zip.readUInt16LE(28)).toBe(0); // no extra field
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(zip.readUInt16LE(central + 30)).toBe(0); // no extra field
    expect(zip.readUInt16LE(central + 32)).toBe(0); // no comment
    expect(zip.readUInt32LE(central + 38) >>> 16).toBe(0o100644);
    expect(zip.readUInt16LE(zip.length - 2)).toBe(0); // no archive comment
  });

  it('stores what deflate does not shrink, and what it is told to store', () => {
    const random = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 73 + 41) % 256));
    const zip = writeZip([{ name: 'noise', data: random }, { name: 'text', data: utf8('a'.repeat(1000)), compress: false }]);
    expect(zip.readUInt16LE(8)).toBe(0);
    expect(readZip(zip).map((f) => f.data.length)).toEqual([256, 1000]);
    expect(zip.length).toBeGreaterThan(1256);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    const zip = writeZip([{ name: 'check', data: utf8('123456789') }]);
    expect(zip.readUInt32LE(14)).toBe(0xcbf43926);
  });

  it('refuses names an unzip would put outside its folder, duplicates and folders', () => {
    refusal(() => writeZip([{ name: '../x', data: utf8('') }]), 'unsafe_name');
    refusal(() => writeZip([{ name: 'a', data: utf8('') }, { name: 'A', data: utf8('') }]), 'duplicate_name');
    refusal(() => writeZip([{ name: 'data/', data: utf8('') }]), 'unsafe_name');
  });

  it('is read by Info-ZIP unzip without a warning', { skip: !existsSync('/usr/bin/unzip') }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qelem-zip-'));
    try {
      const file = path.join(dir, 'package.zip');
      writeFileSync(file, writeZip(SAMPLE));
      expect(execFileSync('/usr/bin/unzip', ['-tq', file], { encoding: 'utf8' })).toContain('No errors detected');
      const listing = execFileSync('/usr/bin/unzip', ['-Z', '-l', file], { encoding: 'utf8' });
      expect(listing).toContain('-rw-r--r--');
      expect(listing).toContain('80-Jan-01 00:00');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('unsafeNameReason', () => {
  it.each(['bagit.txt', 'data/ckb/index.html', 'data/media/a3f1.jpg', 'data/سڵاو.txt', 'data/', 'a..b', '..a', '.hidden'])('accepts %j', (name) => {
    expect(unsafeNameReason(name)).toBeNull();
  });
});

/** Every field of a raw entry, for building archives byte by byte; anything left out is consistent. */
interface RawEntry {
  name: string | Buffer;
  localName?: string | Buffer;
  data?: Buffer;
  /** The bytes stored as the entry's data; default `data` (stored) or deflated `data` (method 8). */
  payload?: Buffer;
  method?: number;
  localMethod?: number;
  flags?: number;
  localFlags?: number;
  crc?: number;
  size?: number;
  compressedSize?: number;
  localSize?: number;
  madeBy?: number;
  external?: number;
  extra?: Buffer;
  localExtra?: Buffer;
  /** Where the directory says the local header is; default where it was written. */
  localOffset?: number;
  disk?: number;
  /** Write no local header and data for this entry (the directory still lists it). */
  noLocal?: boolean;
}

interface RawArchive {
  count?: number;
  entriesOnDisk?: number;
  centralOffset?: number;
  centralSize?: number;
  disk?: number;
  centralDisk?: number;
  comment?: Buffer;
  /** Bytes between the central directory and the end record (a ZIP64 locator, or junk). */
  beforeEnd?: Buffer;
  /** Bytes after the end record. */
  after?: Buffer;
}

const asBytes = (name: string | Buffer) => (typeof name === 'string' ? utf8(name) : name);

function resolved(entry: RawEntry) {
  const data = entry.data ?? utf8('hello');
  const method = entry.method ?? 0;
  const payload = entry.payload ?? (method === 8 ? deflateRawSync(data) : data);
  return {
    ...entry,
    nameBytes: asBytes(entry.name),
    localNameBytes: asBytes(entry.localName ?? entry.name),
    data,
    method,
    payload,
    flags: entry.flags ?? 0x0800,
    crc: entry.crc ?? crc32(data),
    size: entry.size ?? data.length,
    compressedSize: entry.compressedSize ?? payload.length,
    extra: entry.extra ?? Buffer.alloc(0),
  };
}

function localHeader(entry: RawEntry): Buffer {
  const e = resolved(entry);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(20, 4);
  header.writeUInt16LE(e.localFlags ?? e.flags, 6);
  header.writeUInt16LE(e.localMethod ?? e.method, 8);
  header.writeUInt16LE(0x21, 12);
  header.writeUInt32LE(e.crc, 14);
  header.writeUInt32LE(e.compressedSize, 18);
  header.writeUInt32LE(e.localSize ?? e.size, 22);
  header.writeUInt16LE(e.localNameBytes.length, 26);
  const extra = e.localExtra ?? e.extra;
  header.writeUInt16LE(extra.length, 28);
  return Buffer.concat([header, e.localNameBytes, extra, e.payload]);
}

function rawZip(entries: RawEntry[], archive: RawArchive = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const e = resolved(entry);
    const at = offset;
    if (!entry.noLocal) {
      const local = localHeader(entry);
      locals.push(local);
      offset += local.length;
    }
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(e.madeBy ?? (3 << 8) | 20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(e.flags, 8);
    header.writeUInt16LE(e.method, 10);
    header.writeUInt16LE(0x21, 14);
    header.writeUInt32LE(e.crc, 16);
    header.writeUInt32LE(e.compressedSize, 20);
    header.writeUInt32LE(e.size, 24);
    header.writeUInt16LE(e.nameBytes.length, 28);
    header.writeUInt16LE(e.extra.length, 30);
    header.writeUInt16LE(e.disk ?? 0, 34);
    header.writeUInt32LE(e.external ?? (0o100644 << 16) >>> 0, 38);
    header.writeUInt32LE(e.localOffset ?? at, 42);
    central.push(header, e.nameBytes, e.extra);
  }
  const centralBytes = Buffer.concat(central);
  const comment = archive.comment ?? Buffer.alloc(0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(archive.disk ?? 0, 4);
  end.writeUInt16LE(archive.centralDisk ?? 0, 6);
  end.writeUInt16LE(archive.entriesOnDisk ?? archive.count ?? entries.length, 8);
  end.writeUInt16LE(archive.count ?? entries.length, 10);
  end.writeUInt32LE(archive.centralSize ?? centralBytes.length + (archive.beforeEnd?.length ?? 0), 12);
  end.writeUInt32LE(archive.centralOffset ?? offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([...locals, centralBytes, archive.beforeEnd ?? Buffer.alloc(0), end, comment, archive.after ?? Buffer.alloc(0)]);
}

describe('the raw archive builder', () => {
  it('builds archives the reader accepts when nothing is tampered with', () => {
    const zip = rawZip([{ name: 'a.txt' }, { name: 'b.txt', method: 8, data: utf8('b'.repeat(500)) }]);
    expect(readZip(zip).map((f) => [f.name, f.data.toString()])).toEqual([
      ['a.txt', 'hello'],
      ['b.txt', 'b'.repeat(500)],
    ]);
  });
});

describe('readZip accepts ordinary archives', () => {
  it('reads an Info-ZIP archive with folders, timestamps and UNIX extra fields (zip -r, 3.0)', () => {
    const infozip = Buffer.from(
      'UEsDBAoAAAAAAABQ+VJzqP+FNgAAADYAAAAJABwAYmFnaXQudHh0VVQJAAMgNv1g0FQKa3V4CwABBAAAAAAEAAAAAEJhZ0l0LVZlcnNpb246IDEuMApUYWctRmlsZS1DaGFyYWN0ZXItRW5jb2Rpbmc6IFVURi04ClBLAwQKAAAAAAAAUPlSAAAAAAAAAAAAAAAABQAcAGRhdGEvVVQJAAMgNv1g0FQKa3V4CwABBAAAAAAEAAAAAFBLAwQKAAAAAAAAUPlSAAAAAAAAAAAAAAAACwAcAGRhdGEvbWVkaWEvVVQJAAMgNv1g0FQKa3V4CwABBAAAAAAEAAAAAFBLAwQUAAAACAAAUPlSEy1DGwcAAAAsAQAAEAAcAGRhdGEvbWVkaWEvYS50eHRVVAkAAyA2/WDQVAprdXgLAAEEAAAAAAQAAAAAq6gYBcQCAFBLAwQKAAAAAAAAUPlS8AGiAxAAAAAQAAAADwAcAGRhdGEvaW5kZXguaHRtbFVUCQADIDb9YNBUCmt1eAsAAQQAAAAABAAAAAA8cD7Ys9q12KfZiDwvcD4KUEsBAh4DCgAAAAAAAFD5UnOo/4U2AAAANgAAAAkAGAAAAAAAAQAAAKSBAAAAAGJhZ2l0LnR4dFVUBQADIDb9YHV4CwABBAAAAAAEAAAAAFBLAQIeAwoAAAAAAABQ+VIAAAAAAAAAAAAAAAAFABgAAAAAAAAAEADtQXkAAABkYXRhL1VUBQADIDb9YHV4CwABBAAAAAAEAAAAAFBLAQIeAwoAAAAAAABQ+VIAAAAAAAAAAAAAAAALABgAAAAAAAAAEADtQbgAAABkYXRhL21lZGlhL1VUBQADIDb9YHV4CwABBAAAAAAEAAAAAFBLAQIeAxQAAAAIAABQ+VITLUMbBwAAACwBAAAQABgAAAAAAAEAAACkgf0AAABkYXRhL21lZGlhL2EudHh0VVQFAAMgNv1gdXgLAAEEAAAAAAQAAAAAUEsBAh4DCgAAAAAAAFD5UvABogMQAAAAEAAAAA8AGAAAAAAAAQAAAKSBTgEAAGRhdGEvaW5kZXguaHRtbFVUBQADIDb9YHV4CwABBAAAAAAEAAAAAFBLBQYAAAAABQAFAJYBAACnAQAAAAA=',
      'base64',
    );
    const files = readZip(infozip);
    expect(files.map((f) => f.name)).toEqual(['bagit.txt', 'data/media/a.txt', 'data/index.html']);
    expect(files[1]!.data.toString()).toBe('x'.repeat(300));
    expect(files[2]!.data.toString()).toBe('<p>سڵاو</p>\n');
  });

  it('reads entries with a data descriptor (sizes after the data) and an archive comment', () => {
    const zip = rawZip([{ name: 'a.txt', flags: 0x0808, localSize: 0 }], { comment: utf8('made by a test') });
    // With the descriptor flag the local header may carry zeros; the directory is authoritative.
    const tampered = Buffer.from(zip);
    tampered.writeUInt32LE(0, 14);
    tampered.writeUInt32LE(0, 18);
    expect(readZip(tampered).map((f) => f.data.toString())).toEqual(['hello']);
  });

  it('reads an empty archive', () => {
    expect(readZip(writeZip([]))).toEqual([]);
  });

  it('reads names made on MS-DOS hosts (no UNIX mode) and plain ASCII without the UTF-8 flag', () => {
    expect(readZip(rawZip([{ name: 'a.txt', madeBy: 20, external: 0x20, flags: 0 }])).map((f) => f.name)).toEqual(['a.txt']);
  });
});

const zeros = (bytes: number) => Buffer.alloc(bytes);
// 128 MiB of zeros deflate to about 127 KiB: a modest bomb, built once.
const BOMB_SIZE = 128 * 1024 * 1024;
const bombPayload = deflateRawSync(zeros(BOMB_SIZE), { level: 9 });

/** Overlapping files (Fifield's zip bomb): the second entry's header sits inside the first entry's data. */
function overlapping(): Buffer {
  const inner: RawEntry = { name: 'b.txt', data: utf8('inner') };
  const innerLocal = localHeader(inner);
  return rawZip([
    { name: 'a.txt', data: innerLocal },
    { ...inner, noLocal: true, localOffset: 30 + 'a.txt'.length },
  ]);
}

const HOSTILE: [string, () => Buffer, ZipErrorCode, Partial<ZipLimits>?][] = [
  // Names
  ['a path climbing out with ..', () => rawZip([{ name: '../evil.sh' }]), 'unsafe_name'],
  ['.. in the middle of a path', () => rawZip([{ name: 'data/../../etc/cron.d/x' }]), 'unsafe_name'],
  ['an absolute path', () => rawZip([{ name: '/etc/passwd' }]), 'unsafe_name'],
  ['a backslash path', () => rawZip([{ name: 'data\\..\\..\\evil.exe' }]), 'unsafe_name'],
  ['a drive letter', () => rawZip([{ name: 'C:/Windows/System32/evil.dll' }]), 'unsafe_name'],
  ['a drive-relative name', () => rawZip([{ name: 'C:evil' }]), 'unsafe_name'],
  ['an NTFS stream', () => rawZip([{ name: 'data/index.html:Zone.Identifier' }]), 'unsafe_name'],
  ['a NUL in the name', () => rawZip([{ name: 'data/index.html\u0000.exe' }]), 'unsafe_name'],
  ['a newline in the name', () => rawZip([{ name: 'data/a\nb' }]), 'unsafe_name'],
  ['an empty segment', () => rawZip([{ name: 'data//index.html' }]), 'unsafe_name'],
  ['a . segment', () => rawZip([{ name: './data/index.html' }]), 'unsafe_name'],
  ['an empty name', () => rawZip([{ name: '' }]), 'unsafe_name'],
  ['a name that is not UTF-8', () => rawZip([{ name: Buffer.from([0x64, 0xff, 0xfe, 0x2e]) }]), 'unsafe_name'],
  ['an overlong UTF-8 "/" (0xC0 0xAF)', () => rawZip([{ name: Buffer.from([0x2e, 0x2e, 0xc0, 0xaf, 0x78]) }]), 'unsafe_name'],
  ['a non-ASCII name without the UTF-8 flag (CP437)', () => rawZip([{ name: Buffer.from([0x61, 0x8e]), flags: 0 }]), 'unsafe_name'],
  ['a second name in an Info-ZIP Unicode path field', () => rawZip([{ name: 'a.txt', extra: Buffer.from([0x75, 0x70, 5, 0, 1, 0, 0, 0, 0]) }]), 'unsafe_name'],
  ['a local header naming another file than the directory', () => rawZip([{ name: 'data/index.html', localName: '../../evil.sh' }]), 'bad_local_header'],
  // File types and duplicates
  ['a symbolic link', () => rawZip([{ name: 'data/link', data: utf8('/etc/passwd'), external: (0o120777 << 16) >>> 0 }]), 'symlink'],
  ['a named pipe', () => rawZip([{ name: 'data/fifo', external: (0o010644 << 16) >>> 0 }]), 'symlink'],
  ['a device', () => rawZip([{ name: 'data/dev', external: (0o020644 << 16) >>> 0 }]), 'symlink'],
  ['the same name twice', () => rawZip([{ name: 'data/index.html' }, { name: 'data/index.html', data: utf8('second') }]), 'duplicate_name'],
  ['names differing only in case', () => rawZip([{ name: 'data/index.html' }, { name: 'DATA/Index.HTML' }]), 'duplicate_name'],
  ['names differing only in Unicode form (NFC/NFD)', () => rawZip([{ name: 'data/caf\u00e9' }, { name: 'data/cafe\u0301' }]), 'duplicate_name'],
  ['a file where a folder is needed', () => rawZip([{ name: 'data' }, { name: 'data/index.html' }]), 'duplicate_name'],
  ['a file marked as a folder', () => rawZip([{ name: 'data', external: (0o040755 << 16) >>> 0 }]), 'bad_central_directory'],
  ['a folder with content', () => rawZip([{ name: 'data/', external: (0o040755 << 16) >>> 0 }]), 'bad_central_directory'],
  // Encryption and methods
  ['an encrypted entry', () => rawZip([{ name: 'a.txt', flags: 0x0801 }]), 'encrypted'],
  ['strong encryption', () => rawZip([{ name: 'a.txt', flags: 0x0841 }]), 'encrypted'],
  ['an encrypted central directory', () => rawZip([{ name: 'a.txt', flags: 0x2800 }]), 'encrypted'],
  ['AES (method 99)', () => rawZip([{ name: 'a.txt', method: 99, payload: utf8('xxxxx') }]), 'unsupported_method'],
  ['bzip2 (method 12)', () => rawZip([{ name: 'a.txt', method: 12, payload: utf8('xxxxx') }]), 'unsupported_method'],
  ['a local header naming another method', () => rawZip([{ name: 'a.txt', localMethod: 8 }]), 'bad_local_header'],
  // Counts and sizes
  ['more entries than the limit', () => writeZip(Array.from({ length: 1_001 }, (_, i) => ({ name: `f${i}`, data: utf8('') }))), 'too_many_entries'],
  ['a declared size over the entry limit', () => rawZip([{ name: 'big', size: DEFAULT_ZIP_LIMITS.entryBytes + 1, compressedSize: DEFAULT_ZIP_LIMITS.entryBytes + 1 }]), 'entry_too_large'],
  ['declared sizes over the total limit', () => rawZip([{ name: 'a', method: 8, data: zeros(600) }, { name: 'b', method: 8, data: zeros(600) }]), 'archive_too_large', { totalBytes: 1_000, ratio: 1e9 }],
  ['an archive over the size limit', () => writeZip(SAMPLE), 'archive_too_large', { archiveBytes: 100 }],
  ['a zip bomb by ratio (128 MiB of zeros declared)', () => rawZip([{ name: 'bomb', method: 8, payload: bombPayload, data: zeros(0), size: BOMB_SIZE, crc: 0 }]), 'compression_ratio', { entryBytes: 256 * 1024 * 1024, totalBytes: 1024 * 1024 * 1024 }],
  ['a zip bomb lying about its size (declares 1 MiB, inflates to 128 MiB)', () => rawZip([{ name: 'bomb', method: 8, payload: bombPayload, data: zeros(0), size: 1024 * 1024, crc: 0 }]), 'size_mismatch'],
  ['a zip bomb declaring less than it holds (declares 10 bytes)', () => rawZip([{ name: 'bomb', method: 8, payload: deflateRawSync(zeros(100_000)), data: zeros(10) }]), 'size_mismatch'],
  ['overlapping entries', overlapping, 'overlapping_entries'],
  ['a stored entry whose sizes disagree', () => rawZip([{ name: 'a.txt', compressedSize: 3 }]), 'size_mismatch'],
  ['a stored entry declaring more than it holds', () => rawZip([{ name: 'a.txt', data: utf8('hello'), payload: utf8('hello'), size: 9, compressedSize: 9 }]), 'truncated'],
  ['a local header declaring other sizes', () => rawZip([{ name: 'a.txt', localSize: 4 }]), 'bad_local_header'],
  ['a bad CRC', () => rawZip([{ name: 'a.txt', crc: 0xdeadbeef }]), 'bad_crc'],
  ['a bad CRC in a deflated entry', () => rawZip([{ name: 'a.txt', method: 8, data: utf8('a'.repeat(100)), crc: 1 }]), 'bad_crc'],
  ['damaged deflate data', () => rawZip([{ name: 'a.txt', method: 8, payload: Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]), data: utf8('hello') }]), 'bad_data'],
  ['deflate data cut short', () => rawZip([{ name: 'a.txt', method: 8, payload: deflateRawSync(utf8('a'.repeat(5000) + 'b'.repeat(5000))).subarray(0, 10), data: utf8('a'.repeat(5000) + 'b'.repeat(5000)) }]), 'bad_data'],
  // Structure
  ['an empty file', () => Buffer.alloc(0), 'truncated'],
  ['a text file', () => utf8('This is not a zip archive, just some text that is long enough.'), 'not_zip'],
  ['an archive cut in half', () => writeZip(SAMPLE).subarray(0, 200), 'truncated'],
  ['an archive with data appended after the end record', () => rawZip([{ name: 'a.txt' }], { after: utf8('junk') }), 'truncated'],
  ['a directory offset pointing elsewhere', () => rawZip([{ name: 'a.txt' }], { centralOffset: 3 }), 'bad_central_directory'],
  ['a directory size that is wrong', () => rawZip([{ name: 'a.txt' }], { centralSize: 10 }), 'bad_central_directory'],
  ['a garbled directory signature', () => garble(rawZip([{ name: 'a.txt' }]), 'PK\x01\x02', 'PK\x09\x09'), 'bad_central_directory'],
  ['a count larger than the directory', () => rawZip([{ name: 'a.txt' }], { count: 2 }), 'bad_central_directory'],
  ['a count smaller than the directory', () => rawZip([{ name: 'a.txt' }, { name: 'b.txt' }], { count: 1 }), 'bad_central_directory'],
  ['a name running past the directory', () => garbleAt(rawZip([{ name: 'a.txt' }]), (zip) => zip.indexOf('PK\x01\x02') + 28, 0x4000), 'bad_central_directory'],
  ['a damaged extra field', () => rawZip([{ name: 'a.txt', extra: Buffer.from([0x55, 0x54, 0x40, 0x00, 1]) }]), 'bad_central_directory'],
  ['a local header offset past the data', () => rawZip([{ name: 'a.txt', localOffset: 1_000 }]), 'bad_local_header'],
  ['a local header offset pointing at no header', () => rawZip([{ name: 'a.txt', localOffset: 4 }]), 'bad_local_header'],
  ['a ZIP64 locator', () => rawZip([{ name: 'a.txt' }], { beforeEnd: Buffer.concat([Buffer.from([0x50, 0x4b, 0x06, 0x07]), Buffer.alloc(16)]) }), 'zip64'],
  ['a ZIP64 entry count (0xFFFF)', () => rawZip([{ name: 'a.txt' }], { count: 0xffff }), 'zip64'],
  ['ZIP64 sizes in an entry (0xFFFFFFFF)', () => rawZip([{ name: 'a.txt', size: 0xffffffff, compressedSize: 0xffffffff }]), 'zip64'],
  ['a ZIP64 extra field', () => rawZip([{ name: 'a.txt', extra: Buffer.concat([Buffer.from([1, 0, 8, 0]), Buffer.alloc(8)]) }]), 'zip64'],
  ['a multi-disk archive', () => rawZip([{ name: 'a.txt' }], { disk: 1, centralDisk: 1 }), 'multi_disk'],
  ['an entry on another disk', () => rawZip([{ name: 'a.txt', disk: 2 }]), 'multi_disk'],
];

function garble(zip: Buffer, find: string, replace: string): Buffer {
  const copy = Buffer.from(zip);
  const at = copy.indexOf(find, 0, 'latin1');
  copy.write(replace, at, 'latin1');
  return copy;
}

function garbleAt(zip: Buffer, where: (zip: Buffer) => number, value: number): Buffer {
  const copy = Buffer.from(zip);
  copy.writeUInt16LE(value, where(copy));
  return copy;
}

describe(`readZip refuses ${HOSTILE.length} hostile or broken archives, each with its reason`, () => {
  it('has at least 20 of them', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(20);
  });

  it.each(HOSTILE)('%s', (_what, build, code, limits) => {
    const error = refusal(() => readZip(build(), limits), code);
    expect(error.message).not.toContain('undefined');
  });

  it('stops inflating a bomb at its declared size: 128 MiB are never produced', () => {
    const started = performance.now();
    refusal(() => readZip(rawZip([{ name: 'bomb', method: 8, payload: bombPayload, data: zeros(0), size: 64 * 1024, crc: 0 }]), { ratio: 1e9 }), 'size_mismatch');
    // Inflating all 128 MiB takes several times longer than stopping after 64 KiB.
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('names the entry at fault', () => {
    expect(refusal(() => readZip(rawZip([{ name: 'ok.txt' }, { name: 'bad.txt', crc: 1 }])), 'bad_crc').entry).toBe('bad.txt');
    expect(refusal(() => readZip(rawZip([{ name: '../x' }])), 'unsafe_name').message).toContain('"../x"');
  });

  it('checks every name before inflating anything', () => {
    // The bomb comes first, the bad name second: the name is what is reported.
    const zip = rawZip([{ name: 'bomb', method: 8, payload: bombPayload, data: zeros(0), size: 1024, crc: 0 }, { name: '/abs' }]);
    refusal(() => readZip(zip), 'unsafe_name');
  });
});
