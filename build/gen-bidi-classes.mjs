// node build/gen-bidi-classes.mjs [--ucd DIR] [--out FILE] [--source derived|unicode-data]
// Writes shared/text/bidi-classes.ts: the ranges of strong bidi classes (L, R, AL) and the
// isolate controls, from the Unicode Character Database (Debian's `unicode-data` package
// installs it under /usr/share/unicode). The output is committed: CI need not have the UCD.
//
// Source: extracted/DerivedBidiClass.txt when present (it also gives unassigned code points
// their default class: R or AL in right-to-left blocks, BN for noncharacters); otherwise
// UnicodeData.txt plus the same defaults, written out below.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const projectDir = fileURLToPath(new URL('..', import.meta.url));
const { values: args } = parseArgs({
  options: {
    ucd: { type: 'string', default: '/usr/share/unicode' },
    out: { type: 'string', default: path.join(projectDir, 'shared/text/bidi-classes.ts') },
    source: { type: 'string' },
  },
});

const MAX = 0x10ffff;
const CLASSES = ['L', 'R', 'AL', 'EN', 'ES', 'ET', 'AN', 'CS', 'NSM', 'BN', 'B', 'S', 'WS', 'ON', 'LRE', 'LRO', 'RLE', 'RLO', 'PDF', 'LRI', 'RLI', 'FSI', 'PDI'];
const LONG_NAMES = {
  Left_To_Right: 'L', Right_To_Left: 'R', Arabic_Letter: 'AL', European_Number: 'EN', European_Separator: 'ES',
  European_Terminator: 'ET', Arabic_Number: 'AN', Common_Separator: 'CS', Nonspacing_Mark: 'NSM',
  Boundary_Neutral: 'BN', Paragraph_Separator: 'B', Segment_Separator: 'S', White_Space: 'WS', Other_Neutral: 'ON',
  Left_To_Right_Embedding: 'LRE', Left_To_Right_Override: 'LRO', Right_To_Left_Embedding: 'RLE',
  Right_To_Left_Override: 'RLO', Pop_Directional_Format: 'PDF', Left_To_Right_Isolate: 'LRI',
  Right_To_Left_Isolate: 'RLI', First_Strong_Isolate: 'FSI', Pop_Directional_Isolate: 'PDI',
};
const classIndex = (name) => {
  const short = LONG_NAMES[name] ?? name;
  const i = CLASSES.indexOf(short);
  if (i < 0) throw new Error(`Unknown bidi class ${name}`);
  return i;
};

// Defaults for code points UnicodeData.txt does not list (the @missing lines of
// DerivedBidiClass-15.0.0.txt); used only when DerivedBidiClass.txt is absent.
const DEFAULTS_15_0 = [
  [0x0590, 0x05ff, 'R'], [0x0600, 0x07bf, 'AL'], [0x07c0, 0x085f, 'R'], [0x0860, 0x08ff, 'AL'],
  [0x20a0, 0x20cf, 'ET'], [0xfb1d, 0xfb4f, 'R'], [0xfb50, 0xfdcf, 'AL'], [0xfdf0, 0xfdff, 'AL'],
  [0xfe70, 0xfeff, 'AL'], [0x10800, 0x10cff, 'R'], [0x10d00, 0x10d3f, 'AL'], [0x10d40, 0x10ebf, 'R'],
  [0x10ec0, 0x10eff, 'AL'], [0x10f00, 0x10f2f, 'R'], [0x10f30, 0x10f6f, 'AL'], [0x10f70, 0x10fff, 'R'],
  [0x1e800, 0x1ec6f, 'R'], [0x1ec70, 0x1ecbf, 'AL'], [0x1ecc0, 0x1ecff, 'R'], [0x1ed00, 0x1ed4f, 'AL'],
  [0x1ed50, 0x1edff, 'R'], [0x1ee00, 0x1eeff, 'AL'], [0x1ef00, 0x1efff, 'R'],
];

const read = (name) => readFileSync(path.join(args.ucd, name), 'utf8');
const parseRange = (field) => {
  const [a, b] = field.trim().split('..');
  return [parseInt(a, 16), parseInt(b ?? a, 16)];
};
const headerVersion = (text) => /^#\s*\S+-(\d+\.\d+\.\d+)\.txt/.exec(text)?.[1];

/** One class index per code point, from DerivedBidiClass.txt: @missing defaults first, then the listed values. */
function fromDerived(text) {
  const classes = new Uint8Array(MAX + 1).fill(classIndex('L'));
  for (const m of text.matchAll(/^#\s*@missing:\s*([0-9A-F.]+)\s*;\s*(\w+)/gim)) {
    const [a, b] = parseRange(m[1]);
    classes.fill(classIndex(m[2]), a, b + 1);
  }
  for (const line of text.split('\n')) {
    const data = line.split('#')[0].trim();
    if (!data) continue;
    const [range, value] = data.split(';');
    const [a, b] = parseRange(range);
    classes.fill(classIndex(value.trim()), a, b + 1);
  }
  return classes;
}

/** The same from UnicodeData.txt (field 4), with First/Last ranges and the defaults above. */
function fromUnicodeData(text) {
  const classes = new Uint8Array(MAX + 1).fill(classIndex('L'));
  for (const [a, b, name] of DEFAULTS_15_0) classes.fill(classIndex(name), a, b + 1);
  // Unassigned default-ignorable code points and noncharacters default to BN.
  if (existsSync(path.join(args.ucd, 'DerivedCoreProperties.txt'))) {
    for (const m of read('DerivedCoreProperties.txt').matchAll(/^([0-9A-F.]+)\s*;\s*Default_Ignorable_Code_Point\b/gm)) {
      const [a, b] = parseRange(m[1]);
      classes.fill(classIndex('BN'), a, b + 1);
    }
  }
  classes.fill(classIndex('BN'), 0xfdd0, 0xfdef + 1);
  for (let plane = 0; plane <= 0x10; plane++) classes.fill(classIndex('BN'), plane * 0x10000 + 0xfffe, plane * 0x10000 + 0x10000);
  let first = -1;
  for (const line of text.split('\n')) {
    if (!line) continue;
    const fields = line.split(';');
    const cp = parseInt(fields[0], 16);
    const cls = classIndex(fields[4]);
    if (fields[1].endsWith(', First>')) {
      first = cp;
      continue;
    }
    classes.fill(cls, first >= 0 ? first : cp, cp + 1);
    first = -1;
  }
  return classes;
}

const derivedPath = path.join(args.ucd, 'extracted/DerivedBidiClass.txt');
const source = args.source ?? (existsSync(derivedPath) ? 'derived' : 'unicode-data');
let classes;
let sourceName;
let version;
if (source === 'derived') {
  const text = readFileSync(derivedPath, 'utf8');
  classes = fromDerived(text);
  version = headerVersion(text);
  sourceName = `extracted/DerivedBidiClass-${version}.txt`;
} else if (source === 'unicode-data') {
  classes = fromUnicodeData(read('UnicodeData.txt'));
  for (const name of ['DerivedAge.txt', 'extracted/DerivedBidiClass.txt', 'ReadMe.txt']) {
    if (version || !existsSync(path.join(args.ucd, name))) continue;
    const text = read(name);
    version = headerVersion(text) ?? /Version (\d+\.\d+\.\d+) of the Unicode Standard/.exec(text)?.[1];
  }
  sourceName = 'UnicodeData.txt (unassigned code points: the defaults of Unicode 15.0)';
} else {
  throw new Error(`--source must be derived or unicode-data, not ${source}`);
}
if (!version) throw new Error(`Could not tell the Unicode version of the files in ${args.ucd}`);

// Ranges of L, R and AL, merged where the same class continues, as [start, end, class] rows.
const STRONG = ['L', 'R', 'AL'].map(classIndex);
const ranges = [];
for (let cp = 0; cp <= MAX; cp++) {
  const strong = STRONG.indexOf(classes[cp]);
  if (strong < 0) continue;
  const last = ranges.at(-1);
  if (last && last[1] === cp - 1 && last[2] === strong) last[1] = cp;
  else ranges.push([cp, cp, strong]);
}

const codePointsOf = (name) => {
  const found = [];
  for (let cp = 0; cp <= MAX; cp++) if (classes[cp] === classIndex(name)) found.push(cp);
  return found;
};
const initiators = ['LRI', 'RLI', 'FSI'].flatMap(codePointsOf);
const pdi = codePointsOf('PDI');
if (initiators.length !== 3 || pdi.length !== 1) throw new Error('Expected three isolate initiators and one PDI');

const hex = (n) => `0x${n.toString(16)}`;
const rows = [];
for (let i = 0; i < ranges.length; i += 6) {
  rows.push(`  ${ranges.slice(i, i + 6).map(([a, b]) => `${hex(a)}, ${hex(b)},`).join(' ')}`);
}
const digits = ranges.map(([, , c]) => c).join('');
const classRows = [];
for (let i = 0; i < digits.length; i += 90) classRows.push(`  '${digits.slice(i, i + 90)}'`);

const output = `// Generated by \`node build/gen-bidi-classes.mjs\` from the Unicode ${version}
// Character Database, ${sourceName}.
// Do not edit: rerun the script (the UCD comes with Debian's unicode-data package).

/** Version of the Unicode data below. */
export const UNICODE_VERSION = '${version}';

/** Index into \`STRONG_RANGE_CLASS\` values. */
export const STRONG_CLASS_NAMES = ['L', 'R', 'AL'] as const;

/**
 * Every code point of bidi class L, R or AL, as sorted, disjoint, inclusive [start, end]
 * pairs (${ranges.length} ranges); unassigned code points carry their default class.
 */
export const STRONG_RANGES = new Uint32Array([
${rows.join('\n')}
]);

/** Class of each range in \`STRONG_RANGES\`, one digit each: 0 = L, 1 = R, 2 = AL. */
export const STRONG_RANGE_CLASS = Uint8Array.from(
${classRows.join(' +\n')},
  Number,
);

/** LRI, RLI and FSI: an isolate runs from one of these to its matching PDI. */
export const ISOLATE_INITIATORS: readonly number[] = [${initiators.map(hex).join(', ')}];

/** POP DIRECTIONAL ISOLATE. */
export const PDI = ${hex(pdi[0])};
`;
writeFileSync(args.out, output);
console.error(`Wrote ${path.relative(process.cwd(), args.out)}: ${ranges.length} strong ranges, Unicode ${version}, from ${sourceName}.`);
