// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BagError, buildBag, formatBagInfo, parseBagInfo, verifyBag, type BagErrorCode, type BagFile, type BagMetadata } from '../../electron/package/bagit';
import { readZip, writeZip } from '../../electron/package/zip';

const utf8 = (text: string) => Buffer.from(text, 'utf8');
const text = (file: BagFile | undefined) => Buffer.from(file!.data).toString('utf8');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

const PAYLOAD = [
  { path: 'en/index.html', data: utf8('<!doctype html><html lang="en" dir="ltr"></html>\n') },
  { path: 'ckb/index.html', data: utf8('<!doctype html><html lang="ckb" dir="rtl"></html>\n') },
  { path: 'ckb/article.ninjs.json', data: utf8('{"headlines":[{"value":"سڵاو"}]}') },
  { path: 'media/a3f1.jpg', data: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 1]), compress: false },
];

const METADATA: BagMetadata = {
  sourceOrganization: 'Zhyan News Network',
  externalIdentifier: '5b0c3f5e-3d1c-4f6e-9a57-0c0ffee00001',
  externalDescription: "Iraq doesn't need U.S. combat troops on its soil: Iraqi PM al-Kadhimi",
  baggingDate: '2021-07-25',
  extra: [['Qelem-Slug', 'iraq-us-troops']],
};

const bag = () => buildBag(PAYLOAD, METADATA);
const file = (files: BagFile[], name: string) => files.find((f) => f.name === name);

function replace(files: BagFile[], name: string, data: Uint8Array | string): BagFile[] {
  return files.map((f) => (f.name === name ? { ...f, data: typeof data === 'string' ? utf8(data) : data } : f));
}

function without(files: BagFile[], name: string): BagFile[] {
  return files.filter((f) => f.name !== name);
}

function refusal(files: BagFile[], code: BagErrorCode): BagError {
  try {
    verifyBag(files);
  } catch (error) {
    expect(error).toBeInstanceOf(BagError);
    expect((error as BagError).code, (error as Error).message).toBe(code);
    return error as BagError;
  }
  throw new Error(`expected a BagError ${code}, got none`);
}

describe('buildBag', () => {
  it('puts the payload under data/ beside the four tag files', () => {
    expect(bag().map((f) => f.name)).toEqual([
      'bagit.txt',
      'bag-info.txt',
      'manifest-sha256.txt',
      'tagmanifest-sha256.txt',
      'data/en/index.html',
      'data/ckb/index.html',
      'data/ckb/article.ninjs.json',
      'data/media/a3f1.jpg',
    ]);
    expect(file(bag(), 'data/media/a3f1.jpg')?.compress).toBe(false);
  });

  it('declares BagIt 1.0 in UTF-8, two lines, no BOM', () => {
    expect(text(file(bag(), 'bagit.txt'))).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
  });

  it('writes bag-info from the article, with the payload size, and no clock', () => {
    const octets = PAYLOAD.reduce((sum, f) => sum + f.data.length, 0);
    expect(text(file(bag(), 'bag-info.txt'))).toBe(
      [
        'Source-Organization: Zhyan News Network',
        "External-Description: Iraq doesn't need U.S. combat troops on its soil: Iraqi PM al-Kadhimi",
        'Bagging-Date: 2021-07-25',
        'External-Identifier: 5b0c3f5e-3d1c-4f6e-9a57-0c0ffee00001',
        `Payload-Oxum: ${octets}.4`,
        'Qelem-Slug: iraq-us-troops',
        '',
      ].join('\n'),
    );
  });

  it('lists the payload sorted by path, with its SHA-256, as sha256sum writes it', () => {
    const manifest = text(file(bag(), 'manifest-sha256.txt'));
    const sorted = [...PAYLOAD].sort((a, b) => Buffer.compare(utf8(a.path), utf8(b.path)));
    expect(manifest).toBe(sorted.map((f) => `${sha256(f.data)}  data/${f.path}\n`).join(''));
  });

  it('lists the tag files in the tag manifest, not itself', () => {
    const files = bag();
    const lines = text(file(files, 'tagmanifest-sha256.txt')).trimEnd().split('\n');
    expect(lines).toEqual(['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt'].map((name) => `${sha256(file(files, name)!.data)}  ${name}`));
  });

  it('is deterministic: the same bytes whatever the order of the payload', () => {
    const again = buildBag([...PAYLOAD].reverse(), METADATA);
    for (const name of ['bag-info.txt', 'manifest-sha256.txt', 'tagmanifest-sha256.txt']) expect(text(file(again, name))).toBe(text(file(bag(), name)));
    expect(writeZip(again).equals(writeZip(bag()))).toBe(true);
  });

  it('keeps a bag-info value on one line', () => {
    const files = buildBag([], { ...METADATA, externalDescription: 'Line one\nLine two\r\n\tthree\u2028four' });
    expect(text(file(files, 'bag-info.txt'))).toContain('External-Description: Line one Line two three four\n');
    expect(parseBagInfo(text(file(files, 'bag-info.txt')))).toContainEqual(['External-Description', 'Line one Line two three four']);
  });

  it('percent-encodes % in manifest paths, and reads it back', () => {
    const files = buildBag([{ path: 'media/100%.txt', data: utf8('x') }], METADATA);
    expect(text(file(files, 'manifest-sha256.txt'))).toBe(`${sha256('x')}  data/media/100%25.txt\n`);
    expect(verifyBag(files).payload.map((f) => f.path)).toEqual(['media/100%.txt']);
  });

  it('refuses unsafe payload paths, a bad date and a bad label', () => {
    expect(() => buildBag([{ path: '../evil', data: utf8('') }], METADATA)).toThrow(BagError);
    expect(() => buildBag([{ path: 'media/', data: utf8('') }], METADATA)).toThrow(BagError);
    expect(() => buildBag([], { ...METADATA, baggingDate: '25/07/2021' })).toThrow(RangeError);
    expect(() => formatBagInfo([['Bad: label', 'x']])).toThrow(RangeError);
    expect(() => formatBagInfo([[' Leading', 'x']])).toThrow(RangeError);
  });

  it('is checked by sha256sum -c from the bag folder', { skip: !existsSync('/usr/bin/sha256sum') }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qelem-bag-'));
    try {
      for (const f of bag()) {
        mkdirSync(path.dirname(path.join(dir, f.name)), { recursive: true });
        writeFileSync(path.join(dir, f.name), f.data);
      }
      expect(execFileSync('/usr/bin/sha256sum', ['-c', 'manifest-sha256.txt'], { cwd: dir, encoding: 'utf8' })).toContain('data/ckb/index.html: OK');
      expect(execFileSync('/usr/bin/sha256sum', ['-c', 'tagmanifest-sha256.txt'], { cwd: dir, encoding: 'utf8' })).toContain('bagit.txt: OK');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('verifyBag accepts', () => {
  it('a bag it built, through a zip and back, with its payload and info', () => {
    const verified = verifyBag(readZip(writeZip(bag())));
    expect(verified.payload.map((f) => f.path)).toEqual(['ckb/article.ninjs.json', 'ckb/index.html', 'en/index.html', 'media/a3f1.jpg']);
    expect(Buffer.from(verified.payload[1]!.data).toString()).toBe(PAYLOAD[1]!.data.toString());
    expect(verified.info).toContainEqual(['External-Identifier', METADATA.externalIdentifier]);
  });

  it('CR LF and CR line ends, upper-case hex, tabs and continuation lines', () => {
    let files = bag();
    const manifest = text(file(files, 'manifest-sha256.txt')).replace(/^([0-9a-f]+) {2}/gm, (_, hex: string) => `${hex.toUpperCase()}\t`).replace(/\n/g, '\r\n');
    files = replace(files, 'manifest-sha256.txt', manifest);
    const info = text(file(files, 'bag-info.txt')).replace('Qelem-Slug: iraq-us-troops\n', 'Qelem-Slug: iraq-us\n  -troops\r');
    files = replace(files, 'bag-info.txt', info);
    // The tag manifest must follow the edited tag files.
    const tags = ['bag-info.txt', 'bagit.txt', 'manifest-sha256.txt'].map((name) => `${sha256(file(files, name)!.data)} ${name}`).join('\r');
    files = replace(files, 'tagmanifest-sha256.txt', tags);
    expect(verifyBag(files).info).toContainEqual(['Qelem-Slug', 'iraq-us -troops']);
  });

  it('a bag without bag-info and tag manifest (both optional)', () => {
    expect(verifyBag(without(without(bag(), 'bag-info.txt'), 'tagmanifest-sha256.txt')).payload).toHaveLength(4);
  });

  it('a second payload manifest in SHA-512, which it checks too', () => {
    const files = without(bag(), 'tagmanifest-sha256.txt');
    const sha512 = PAYLOAD.map((f) => `${createHash('sha512').update(f.data).digest('hex')}  data/${f.path}\n`).join('');
    expect(verifyBag([...files, { name: 'manifest-sha512.txt', data: utf8(sha512) }]).payload).toHaveLength(4);
    const wrong = sha512.replace(/^[0-9a-f]/, (c) => (c === '0' ? '1' : '0'));
    refusal([...files, { name: 'manifest-sha512.txt', data: utf8(wrong) }], 'checksum_mismatch');
  });
});

describe('verifyBag refuses', () => {
  const manifest = () => text(file(bag(), 'manifest-sha256.txt'));
  /** A bag with its payload manifest replaced, and no tag manifest (it would catch the change first). */
  const withManifest = (content: string) => replace(without(bag(), 'tagmanifest-sha256.txt'), 'manifest-sha256.txt', content);

  it.each<[string, () => BagFile[], BagErrorCode]>([
    ['a package without bagit.txt', () => without(bag(), 'bagit.txt'), 'not_a_bag'],
    ['another BagIt version', () => replace(bag(), 'bagit.txt', 'BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n'), 'bad_declaration'],
    ['another tag encoding', () => replace(bag(), 'bagit.txt', 'BagIt-Version: 1.0\nTag-File-Character-Encoding: ISO-8859-1\n'), 'bad_declaration'],
    ['a declaration with a BOM', () => replace(bag(), 'bagit.txt', '\uFEFFBagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n'), 'bad_declaration'],
    ['a declaration with a third line', () => replace(bag(), 'bagit.txt', 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\nX: y\n'), 'bad_declaration'],
    ['a declaration that is not UTF-8', () => replace(bag(), 'bagit.txt', Buffer.from([0xff, 0xfe])), 'bad_declaration'],
    ['no payload manifest', () => without(without(bag(), 'manifest-sha256.txt'), 'tagmanifest-sha256.txt'), 'missing_manifest'],
    ['an MD5 manifest', () => [...bag(), { name: 'manifest-md5.txt', data: utf8('') }], 'unsupported_algorithm'],
    ['a manifest line without a path', () => withManifest(`${manifest()}${'a'.repeat(64)}\n`), 'bad_manifest'],
    ['a checksum of the wrong length', () => withManifest(manifest().replace(/^([0-9a-f]{64})/, '$1ab')), 'bad_manifest'],
    ['a manifest path outside data/', () => withManifest(manifest().replace('data/en/index.html', 'en/index.html')), 'bad_manifest'],
    ['a manifest path climbing out with ..', () => withManifest(manifest().replace('data/en/index.html', 'data/../../etc/passwd')), 'bad_manifest'],
    ['an absolute manifest path', () => withManifest(manifest().replace('data/en/index.html', '/etc/passwd')), 'bad_manifest'],
    ['a percent-encoded newline in a path', () => withManifest(manifest().replace('data/en/index.html', 'data/en/a%0Ab')), 'bad_manifest'],
    ['a path listed twice', () => withManifest(manifest() + manifest().split('\n')[0] + '\n'), 'bad_manifest'],
    ['a manifest with a BOM', () => withManifest(`\uFEFF${manifest()}`), 'bad_manifest'],
    ['a payload file missing', () => without(bag(), 'data/en/index.html'), 'oxum_mismatch'],
    ['a payload file missing (no Payload-Oxum)', () => without(without(without(bag(), 'data/en/index.html'), 'bag-info.txt'), 'tagmanifest-sha256.txt'), 'missing_file'],
    ['a payload file no manifest lists', () => without(without([...bag(), { name: 'data/evil.html', data: utf8('<script>') }], 'bag-info.txt'), 'tagmanifest-sha256.txt'), 'extra_file'],
    ['a changed payload file', () => replace(bag(), 'data/ckb/index.html', '<!doctype html><html lang="ckb" dir="ltr"></html>\n'), 'checksum_mismatch'],
    ['a changed image', () => replace(bag(), 'data/media/a3f1.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 2])), 'checksum_mismatch'],
    ['a changed bag-info', () => replace(bag(), 'bag-info.txt', text(file(bag(), 'bag-info.txt')).replace('Zhyan', 'Evil')), 'checksum_mismatch'],
    ['a tag file no tag manifest lists', () => [...bag(), { name: 'fetch.txt', data: utf8('https://evil.example/x 1 data/x\n') }], 'extra_file'],
    ['a tag manifest listing a payload file', () => replace(bag(), 'tagmanifest-sha256.txt', `${sha256(PAYLOAD[0]!.data)}  data/en/index.html\n`), 'bad_manifest'],
    ['a tag manifest listing a missing file', () => replace(bag(), 'tagmanifest-sha256.txt', `${text(file(bag(), 'tagmanifest-sha256.txt'))}${sha256('')}  other.txt\n`), 'missing_file'],
    ['a Payload-Oxum that disagrees', () => replace(without(bag(), 'tagmanifest-sha256.txt'), 'bag-info.txt', 'Payload-Oxum: 1.1\n'), 'oxum_mismatch'],
    ['Payload-Oxum twice', () => replace(without(bag(), 'tagmanifest-sha256.txt'), 'bag-info.txt', 'Payload-Oxum: 1.1\nPayload-Oxum: 1.1\n'), 'bad_bag_info'],
    ['a bag-info line without a label', () => replace(without(bag(), 'tagmanifest-sha256.txt'), 'bag-info.txt', 'no colon here\n'), 'bad_bag_info'],
    ['a bag-info starting with a continuation', () => replace(without(bag(), 'tagmanifest-sha256.txt'), 'bag-info.txt', '  continued\n'), 'bad_bag_info'],
    ['a bag-info that is not UTF-8', () => replace(without(bag(), 'tagmanifest-sha256.txt'), 'bag-info.txt', Buffer.from([0x41, 0x3a, 0x20, 0xc0])), 'bad_bag_info'],
  ])('%s', (_what, files, code) => {
    const error = refusal(files(), code);
    expect(error.message).not.toContain('undefined');
  });

  it('names the file at fault', () => {
    expect(refusal(replace(bag(), 'data/ckb/index.html', text(file(bag(), 'data/ckb/index.html')).replace('rtl', 'ltr')), 'checksum_mismatch').path).toBe('data/ckb/index.html');
  });
});
