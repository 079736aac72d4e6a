import { createHash } from 'node:crypto';
import { unsafeNameReason } from './zip';

/**
 * BagIt 1.0 (RFC 8493) for export packages: the payload under `data/`, a
 * declaration, metadata, and SHA-256 manifests of the payload and of the tag
 * files. Building is deterministic (sorted manifests, no clock: the dates in
 * bag-info come from the article); verifying checks every line of every
 * manifest against the files, before an import reads anything.
 */

export const BAG_DECLARATION = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';
export const PAYLOAD_DIR = 'data/';

/** Manifests this module reads; it writes sha256 (RFC 8493 requires tools to support both). */
const ALGORITHMS = { sha256: 64, sha512: 128 } as const;
type Algorithm = keyof typeof ALGORITHMS;

export const BAG_ERROR_CODES = [
  'not_a_bag', // no bagit.txt
  'bad_declaration', // bagit.txt is not the two lines of BagIt 1.0 in UTF-8
  'missing_manifest', // no payload manifest
  'unsupported_algorithm', // a manifest for an algorithm other than sha256 or sha512
  'bad_manifest', // a line that is not "checksum path", a path outside its place, a path twice, undecodable text
  'bad_bag_info', // bag-info.txt is not label: value lines
  'missing_file', // a manifest lists a file the bag does not hold
  'extra_file', // a file no manifest lists
  'checksum_mismatch',
  'oxum_mismatch', // Payload-Oxum disagrees with the payload's size or file count
] as const;
export type BagErrorCode = (typeof BAG_ERROR_CODES)[number];

export class BagError extends Error {
  constructor(
    readonly code: BagErrorCode,
    message: string,
    /** The file at fault, when there is one. */
    readonly path?: string,
  ) {
    super(message);
    this.name = 'BagError';
  }
}

export interface BagFile {
  /** Path inside the bag, `/`-separated: `data/ckb/index.html` for the payload, `bagit.txt` for a tag file. */
  name: string;
  data: Uint8Array;
  /** Carried to the zip writer: false for files that do not deflate (images, fonts). */
  compress?: boolean;
}

/** What bag-info.txt says, in this order; reserved labels of RFC 8493 §2.2.2. */
export interface BagMetadata {
  sourceOrganization?: string;
  /** A sender-supplied identifier for the bag: the article's id. */
  externalIdentifier: string;
  /** A brief explanation of the contents: the headline. */
  externalDescription?: string;
  /** YYYY-MM-DD, from the article (its last update), never from the clock: the same article gives the same bag. */
  baggingDate: string;
  /** Labels of the application's own after the reserved ones ("Qelem-Slug: …"), in the order given. */
  extra?: readonly (readonly [string, string])[];
}

/**
 * The files of a bag: `payload` (paths relative to data/, as `ckb/index.html`)
 * under data/, then bagit.txt, bag-info.txt, manifest-sha256.txt and
 * tagmanifest-sha256.txt. Hand them to writeZip.
 */
export function buildBag(payload: readonly { path: string; data: Uint8Array; compress?: boolean }[], metadata: BagMetadata): BagFile[] {
  const files: BagFile[] = payload.map((file) => {
    const reason = unsafeNameReason(file.path);
    if (reason || file.path.endsWith('/')) throw new BagError('bad_manifest', `The payload path ${JSON.stringify(file.path)} is not allowed: ${reason ?? 'it names a folder'}.`, file.path);
    return { name: PAYLOAD_DIR + file.path, data: file.data, ...(file.compress === undefined ? {} : { compress: file.compress }) };
  });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(metadata.baggingDate)) throw new RangeError(`Bagging-Date must be YYYY-MM-DD, not ${JSON.stringify(metadata.baggingDate)}`);

  const octets = files.reduce((sum, f) => sum + f.data.byteLength, 0);
  const info: [string, string][] = [];
  if (metadata.sourceOrganization) info.push(['Source-Organization', metadata.sourceOrganization]);
  if (metadata.externalDescription) info.push(['External-Description', metadata.externalDescription]);
  info.push(['Bagging-Date', metadata.baggingDate]);
  info.push(['External-Identifier', metadata.externalIdentifier]);
  info.push(['Payload-Oxum', `${octets}.${files.length}`]);
  for (const [label, value] of metadata.extra ?? []) info.push([label, value]);

  const tags: BagFile[] = [
    { name: 'bagit.txt', data: utf8(BAG_DECLARATION) },
    { name: 'bag-info.txt', data: utf8(formatBagInfo(info)) },
    { name: 'manifest-sha256.txt', data: utf8(formatManifest(files, 'sha256')) },
  ];
  tags.push({ name: 'tagmanifest-sha256.txt', data: utf8(formatManifest(tags, 'sha256')) });
  return [...tags, ...files];
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');
// ignoreBOM keeps a byte-order mark in the text, so it can be refused (BagIt forbids it in UTF-8 tag files).
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function digest(algorithm: Algorithm, data: Uint8Array): string {
  return createHash(algorithm).update(data).digest('hex');
}

/** Sorted by the UTF-8 bytes of the path, like the zip's entries; two spaces, as sha256sum writes (so `sha256sum -c` checks it too). */
function formatManifest(files: readonly BagFile[], algorithm: Algorithm): string {
  return [...files]
    .sort((a, b) => Buffer.compare(utf8(a.name), utf8(b.name)))
    .map((file) => `${digest(algorithm, file.data)}  ${encodePath(file.name)}\n`)
    .join('');
}

/** RFC 8493 §2.1.3: CR, LF and % in a manifest path are percent-encoded, nothing else. */
function encodePath(path: string): string {
  return path.replace(/[%\r\n]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function decodePath(path: string): string {
  return path.replace(/%(25|0d|0a)/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** `Label: value` lines. A value is kept on one line: line breaks and other control characters become spaces. */
export function formatBagInfo(info: readonly (readonly [string, string])[]): string {
  return info
    .map(([label, value]) => {
      if (!/^[^\s:][^:\r\n]*$/.test(label) || /\s$/.test(label)) throw new RangeError(`Not a bag-info label: ${JSON.stringify(label)}`);
      return `${label}: ${value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim()}\n`; // eslint-disable-line no-control-regex
    })
    .join('');
}

/** bag-info.txt as label/value pairs in order; a line starting with whitespace continues the value before it. */
export function parseBagInfo(text: string): [string, string][] {
  const info: [string, string][] = [];
  for (const line of splitLines(text)) {
    if (line === '') continue;
    const last = info.at(-1);
    if (/^[ \t]/.test(line)) {
      if (!last) throw new BagError('bad_bag_info', 'bag-info.txt starts with a continuation line.', 'bag-info.txt');
      last[1] = `${last[1]} ${line.trim()}`;
      continue;
    }
    const match = /^([^:]+?):[ \t](.*)$/.exec(line) ?? /^([^:]+?):()$/.exec(line);
    if (!match) throw new BagError('bad_bag_info', `bag-info.txt has a line that is not "label: value": ${JSON.stringify(line.slice(0, 80))}.`, 'bag-info.txt');
    info.push([match[1]!, match[2]!.trim()]);
  }
  return info;
}

/** Tag files end lines with LF, CR LF or CR (RFC 8493 §2.3). */
function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function readText(file: BagFile): string {
  try {
    const text = UTF8.decode(file.data);
    if (text.startsWith('\uFEFF')) throw new BagError('bad_manifest', `${file.name} starts with a byte-order mark, which BagIt forbids in UTF-8 tag files.`, file.name);
    return text;
  } catch (error) {
    if (error instanceof BagError) throw error;
    throw new BagError(file.name === 'bag-info.txt' ? 'bad_bag_info' : 'bad_manifest', `${file.name} is not valid UTF-8.`, file.name);
  }
}

interface ManifestLine {
  checksum: string;
  path: string;
}

function parseManifest(file: BagFile, algorithm: Algorithm, payload: boolean): ManifestLine[] {
  const lines: ManifestLine[] = [];
  const seen = new Set<string>();
  for (const line of splitLines(readText(file))) {
    if (line.trim() === '') continue;
    const match = /^([0-9A-Fa-f]+)[ \t]+(.+)$/.exec(line);
    if (!match || match[1]!.length !== ALGORITHMS[algorithm]) throw new BagError('bad_manifest', `${file.name} has a line that is not "${algorithm} checksum, path": ${JSON.stringify(line.slice(0, 120))}.`, file.name);
    const path = decodePath(match[2]!);
    const reason = unsafeNameReason(path);
    if (reason) throw new BagError('bad_manifest', `${file.name} lists ${JSON.stringify(path)}, which is not allowed: ${reason}.`, file.name);
    if (payload !== path.startsWith(PAYLOAD_DIR)) {
      throw new BagError('bad_manifest', payload ? `${file.name} lists ${JSON.stringify(path)}, which is outside data/.` : `${file.name} lists the payload file ${JSON.stringify(path)}.`, file.name);
    }
    if (seen.has(path)) throw new BagError('bad_manifest', `${file.name} lists ${JSON.stringify(path)} twice.`, file.name);
    seen.add(path);
    lines.push({ checksum: match[1]!.toLowerCase(), path });
  }
  return lines;
}

function manifestsOf(files: ReadonlyMap<string, BagFile>, prefix: 'manifest-' | 'tagmanifest-'): [Algorithm, BagFile][] {
  const found: [Algorithm, BagFile][] = [];
  for (const [name, file] of files) {
    const match = /^(manifest|tagmanifest)-([a-z0-9]+)\.txt$/.exec(name);
    if (!match || `${match[1]}-` !== prefix) continue;
    const algorithm = match[2]!;
    if (!(algorithm in ALGORITHMS)) throw new BagError('unsupported_algorithm', `${name} uses ${algorithm}; only sha256 and sha512 are read.`, name);
    found.push([algorithm as Algorithm, file]);
  }
  return found;
}

export interface VerifiedBag {
  /** bag-info.txt, label/value pairs in order (empty without one). */
  info: [string, string][];
  /** The payload, with paths relative to data/ (`ckb/index.html`), in the manifest's order. */
  payload: { path: string; data: Uint8Array }[];
}

/**
 * Checks a bag (the files of an unpacked package) as RFC 8493 §3 defines
 * "valid": the declaration, then Payload-Oxum (a cheap early refusal), then
 * every line of every payload and tag manifest against the files. Every
 * payload file must be listed in every payload manifest, and when there is
 * a tag manifest, every tag file in it. Throws a BagError at the first fault.
 */
export function verifyBag(files: readonly BagFile[]): VerifiedBag {
  const byName = new Map(files.map((file) => [file.name, file]));
  const declaration = byName.get('bagit.txt');
  if (!declaration) throw new BagError('not_a_bag', 'The package has no bagit.txt: it is not a BagIt bag.');
  let declared: string[];
  try {
    declared = splitLines(UTF8.decode(declaration.data));
  } catch {
    throw new BagError('bad_declaration', 'bagit.txt is not valid UTF-8.', 'bagit.txt');
  }
  if (declared.length !== 2 || declared[0] !== 'BagIt-Version: 1.0' || declared[1] !== 'Tag-File-Character-Encoding: UTF-8') {
    throw new BagError('bad_declaration', 'bagit.txt is not the declaration of a BagIt 1.0 bag with UTF-8 tag files.', 'bagit.txt');
  }

  const payloadFiles = files.filter((file) => file.name.startsWith(PAYLOAD_DIR));
  const infoFile = byName.get('bag-info.txt');
  const info = infoFile ? parseBagInfo(readText(infoFile)) : [];
  const oxums = info.filter(([label]) => label.toLowerCase() === 'payload-oxum');
  if (oxums.length > 1) throw new BagError('bad_bag_info', 'bag-info.txt has Payload-Oxum more than once.', 'bag-info.txt');
  if (oxums[0]) {
    const octets = payloadFiles.reduce((sum, f) => sum + f.data.byteLength, 0);
    if (oxums[0][1] !== `${octets}.${payloadFiles.length}`) {
      throw new BagError('oxum_mismatch', `bag-info.txt says the payload is ${oxums[0][1]} (bytes.files), but it is ${octets}.${payloadFiles.length}.`, 'bag-info.txt');
    }
  }

  const payloadManifests = manifestsOf(byName, 'manifest-');
  if (payloadManifests.length === 0) throw new BagError('missing_manifest', 'The bag has no payload manifest (manifest-sha256.txt).');
  let order: string[] = [];
  for (const [algorithm, manifest] of payloadManifests) {
    const lines = parseManifest(manifest, algorithm, true);
    checkLines(lines, manifest, algorithm, byName);
    const listed = new Set(lines.map((line) => line.path));
    for (const file of payloadFiles) {
      if (!listed.has(file.name)) throw new BagError('extra_file', `${file.name} is in the bag but not in ${manifest.name}.`, file.name);
    }
    order = lines.map((line) => line.path);
  }

  const tagManifests = manifestsOf(byName, 'tagmanifest-');
  for (const [algorithm, manifest] of tagManifests) {
    const lines = parseManifest(manifest, algorithm, false);
    checkLines(lines, manifest, algorithm, byName);
    const listed = new Set(lines.map((line) => line.path));
    for (const file of files) {
      if (file.name.startsWith(PAYLOAD_DIR) || /^tagmanifest-[a-z0-9]+\.txt$/.test(file.name)) continue;
      if (!listed.has(file.name)) throw new BagError('extra_file', `${file.name} is in the bag but not in ${manifest.name}.`, file.name);
    }
  }

  return { info, payload: order.map((name) => ({ path: name.slice(PAYLOAD_DIR.length), data: byName.get(name)!.data })) };
}

function checkLines(lines: readonly ManifestLine[], manifest: BagFile, algorithm: Algorithm, files: ReadonlyMap<string, BagFile>): void {
  for (const line of lines) {
    const file = files.get(line.path);
    if (!file) throw new BagError('missing_file', `${manifest.name} lists ${line.path}, which is not in the bag.`, line.path);
    if (digest(algorithm, file.data) !== line.checksum) throw new BagError('checksum_mismatch', `${line.path} does not match its ${algorithm} checksum in ${manifest.name}: it was changed or damaged.`, line.path);
  }
}
