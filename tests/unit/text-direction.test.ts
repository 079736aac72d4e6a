import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STRONG_RANGES, UNICODE_VERSION } from '../../shared/text/bidi-classes';
import { bidiStrongClass, firstStrongDirection, paragraphDirection } from '../../shared/text/direction';
import { fixtureLines } from '../shared-fixtures';

// The Unicode conformance data, from Debian's unicode-data package.
const UCD = '/usr/share/unicode';
const BIDI_CHARACTER_TEST = `${UCD}/BidiCharacterTest.txt`;
const BIDI_TEST = `${UCD}/BidiTest.txt`;
const DERIVED_BIDI_CLASS = `${UCD}/extracted/DerivedBidiClass.txt`;

const fromHex = (codePoints: string) => String.fromCodePoint(...codePoints.trim().split(/\s+/).map((h) => parseInt(h, 16)));

interface AutoCase {
  line: number;
  text: string;
  expected: 'ltr' | 'rtl';
}

/** BidiCharacterTest.txt lines with paragraph direction 2 (auto, rules P2–P3); field 2, counting from 0 as the file does, is the resolved paragraph level. */
function bidiCharacterTestAutoCases(): AutoCase[] {
  const cases: AutoCase[] = [];
  readFileSync(BIDI_CHARACTER_TEST, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line === '' || line.startsWith('#')) return;
      const [codePoints, direction, level] = line.split(';');
      if (direction !== '2') return;
      cases.push({ line: i + 1, text: fromHex(codePoints!), expected: level === '1' ? 'rtl' : 'ltr' });
    });
  return cases;
}

// BidiTest.txt lists bidi classes, not characters: each class gets a few characters of
// that class (assigned in Unicode 15), used in turn, some outside the BMP.
const SAMPLES: Record<string, number[]> = {
  L: [0x61, 0x3a9, 0x10d0, 0x1d400, 0x200e],
  R: [0x5d0, 0x7c0, 0x10800, 0x1e900, 0x200f],
  AL: [0x627, 0x6a9, 0x6d5, 0x1ee00, 0x61c],
  EN: [0x31, 0x6f1, 0x1d7ce],
  ES: [0x2b, 0x2d],
  ET: [0x24, 0x25],
  AN: [0x660, 0x66b, 0x66c],
  CS: [0x2c, 0x3a],
  NSM: [0x300, 0x64e, 0x654],
  BN: [0xad, 0x200b],
  B: [0x2029, 0x0a],
  S: [0x09],
  WS: [0x20, 0x3000],
  ON: [0x21, 0xab, 0x2014],
  LRE: [0x202a],
  LRO: [0x202d],
  RLE: [0x202b],
  RLO: [0x202e],
  PDF: [0x202c],
  LRI: [0x2066],
  RLI: [0x2067],
  FSI: [0x2068],
  PDI: [0x2069],
};

/**
 * BidiTest.txt data lines "<classes>; <bitset>": bit 1 auto, 2 LTR, 4 RTL share the
 * levels listed above them. Auto shares LTR's levels and not RTL's only when it
 * resolved to level 0, and the reverse: those cases are kept; auto with both (7) is
 * undecidable (the levels do not depend on the paragraph level) and left out.
 */
function bidiTestAutoCases(): AutoCase[] {
  const cases: AutoCase[] = [];
  let turn = 0;
  readFileSync(BIDI_TEST, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line === '' || line.startsWith('#') || line.startsWith('@')) return;
      const [classes, bitsetField] = line.split(';');
      const bitset = Number(bitsetField);
      if (!(bitset & 1) || (bitset & 6) === 6) return;
      const text = classes!
        .trim()
        .split(/\s+/)
        .map((name) => {
          const samples = SAMPLES[name]!;
          return String.fromCodePoint(samples[turn++ % samples.length]!);
        })
        .join('');
      cases.push({ line: i + 1, text, expected: bitset & 2 ? 'ltr' : 'rtl' });
    });
  return cases;
}

/** What a paragraph with direction "auto" resolves to: level 0 when there is no strong character. */
const resolvedAuto = (text: string) => firstStrongDirection(text) ?? 'ltr';

const failures = (cases: AutoCase[]) => cases.filter((c) => resolvedAuto(c.text) !== c.expected).map((c) => `line ${c.line}`);

describe('firstStrongDirection against the Unicode conformance tests', () => {
  const characterCases = existsSync(BIDI_CHARACTER_TEST) ? bidiCharacterTestAutoCases() : [];
  it.skipIf(!existsSync(BIDI_CHARACTER_TEST))(
    `resolves all ${characterCases.length} auto-direction lines of BidiCharacterTest.txt (skipped only when ${BIDI_CHARACTER_TEST} is missing; apt install unicode-data)`,
    () => {
      // Unicode 15's file has only 28 such lines (the rest force a direction); BidiTest.txt below adds thousands.
      expect(characterCases.length).toBeGreaterThanOrEqual(28);
      expect(failures(characterCases)).toEqual([]);
    },
  );

  const classCases = existsSync(BIDI_TEST) ? bidiTestAutoCases() : [];
  it.skipIf(!existsSync(BIDI_TEST))(
    `resolves all ${classCases.length} auto-direction cases of BidiTest.txt that tell the paragraph level (skipped only when ${BIDI_TEST} is missing)`,
    () => {
      expect(classCases.length).toBeGreaterThan(100_000);
      expect(classCases.filter((c) => c.expected === 'rtl').length).toBeGreaterThan(10_000);
      expect(failures(classCases)).toEqual([]);
    },
  );

  it('the characters standing for each class in BidiTest.txt have that class in UnicodeData.txt', () => {
    const wanted = new Map(Object.entries(SAMPLES).flatMap(([name, cps]) => cps.map((cp) => [cp, name] as const)));
    const found = new Map<number, string>();
    for (const line of readFileSync(`${UCD}/UnicodeData.txt`, 'utf8').split('\n')) {
      const fields = line.split(';');
      const cp = parseInt(fields[0]!, 16);
      if (wanted.has(cp)) found.set(cp, fields[4]!);
    }
    expect(found).toEqual(wanted);
  });
});

describe('bidiStrongClass', () => {
  it('names L, R and AL and nothing else', () => {
    expect(bidiStrongClass(0x61)).toBe('L'); // a
    expect(bidiStrongClass(0x200e)).toBe('L'); // LRM
    expect(bidiStrongClass(0x5d0)).toBe('R'); // א
    expect(bidiStrongClass(0x200f)).toBe('R'); // RLM
    expect(bidiStrongClass(0x6a9)).toBe('AL'); // ک
    expect(bidiStrongClass(0x6d5)).toBe('AL'); // ە
    expect(bidiStrongClass(0x61c)).toBe('AL'); // ALM
    expect(bidiStrongClass(0x31)).toBeNull(); // EN
    expect(bidiStrongClass(0x6f1)).toBeNull(); // Persian digit: EN
    expect(bidiStrongClass(0x661)).toBeNull(); // Arabic-Indic digit: AN
    expect(bidiStrongClass(0x66c)).toBeNull(); // ٬ AN
    expect(bidiStrongClass(0x64e)).toBeNull(); // fatha: NSM
    expect(bidiStrongClass(0x200c)).toBeNull(); // ZWNJ: BN
    expect(bidiStrongClass(0x2067)).toBeNull(); // RLI
  });

  it('gives unassigned code points their default class', () => {
    expect(bidiStrongClass(0x5ff)).toBe('R'); // Hebrew block
    expect(bidiStrongClass(0x7bf)).toBe('AL'); // Thaana block, default AL
    expect(bidiStrongClass(0x50000)).toBe('L');
    expect(bidiStrongClass(0x10ffff)).toBeNull(); // noncharacter: BN
  });

  it('keeps its table sorted and disjoint', () => {
    // [start, end] pairs: an end is not before its start, a start comes after the previous end.
    const bad = STRONG_RANGES.filter((value, i) => i > 0 && value < STRONG_RANGES[i - 1]! + (i % 2 === 0 ? 1 : 0));
    expect(STRONG_RANGES.length % 2).toBe(0);
    expect([...bad]).toEqual([]);
  });

  const derived = existsSync(DERIVED_BIDI_CLASS) ? readFileSync(DERIVED_BIDI_CLASS, 'utf8') : '';
  const derivedVersion = /DerivedBidiClass-(\d+\.\d+\.\d+)/.exec(derived)?.[1];
  it.skipIf(derivedVersion !== UNICODE_VERSION)(
    `agrees with DerivedBidiClass.txt on every code point (only when it is Unicode ${UNICODE_VERSION}, the table's version)`,
    () => {
      const expected = new Array<string>(0x110000).fill('L');
      const fill = (range: string, value: string) => {
        const [a, b] = range.split('..').map((h) => parseInt(h, 16));
        expected.fill(value, a!, (b ?? a!) + 1);
      };
      const LONG: Record<string, string> = { Left_To_Right: 'L', Right_To_Left: 'R', Arabic_Letter: 'AL' };
      for (const m of derived.matchAll(/^# @missing: ([0-9A-F.]+); (\w+)/gm)) fill(m[1]!, LONG[m[2]!] ?? m[2]!);
      for (const m of derived.matchAll(/^([0-9A-F.]+)\s*; (\w+)/gm)) fill(m[1]!, m[2]!);
      const wrong: string[] = [];
      for (let cp = 0; cp < 0x110000; cp++) {
        const want = ['L', 'R', 'AL'].includes(expected[cp]!) ? expected[cp] : null;
        if (bidiStrongClass(cp) !== want) wrong.push(cp.toString(16));
      }
      expect(wrong).toEqual([]);
    },
  );
});

describe('firstStrongDirection', () => {
  it('takes the first strong character, even in a Sorani sentence', () => {
    // Only the first strong character counts, so this Sorani sentence comes out ltr. That is
    // why the editor does not use it (or dir="auto") for Sorani and Badini paragraphs: the
    // root takes the version's direction from the language table (shared/editor/direction.ts).
    expect(firstStrongDirection('ISIS هێشتا لە عێراق چالاکە')).toBe('ltr');
  });

  it('passes over digits and punctuation, which are weak or neutral', () => {
    expect(firstStrongDirection('2,500 سەربازی ئەمریکی')).toBe('rtl');
    expect(firstStrongDirection('١٬٢٠٠ و ۲۰۲۲')).toBe('rtl');
    expect(firstStrongDirection('«2021-07-25» – Iraq')).toBe('ltr');
  });

  it('ignores the text of an isolate, up to its matching PDI', () => {
    expect(firstStrongDirection('\u2066ISIS\u2069 هێشتا لە عێراق چالاکە')).toBe('rtl');
    expect(firstStrongDirection('\u2068ISIS\u2069 \u2067شار\u2069 news')).toBe('ltr');
    // Nested: the first PDI closes the inner isolate only.
    expect(firstStrongDirection('\u2067\u2066abc\u2069 شار\u2069 ISIS')).toBe('ltr');
    // No matching PDI: the isolate runs to the end.
    expect(firstStrongDirection('\u2068ISIS هێشتا')).toBeNull();
    // An unmatched PDI is a neutral; embeddings (LRE…PDF) are not isolates.
    expect(firstStrongDirection('\u2069 شار')).toBe('rtl');
    expect(firstStrongDirection('\u202aشار\u202c ISIS')).toBe('rtl');
  });

  it('treats marks as strong: RLM and ALM are right to left, LRM left to right', () => {
    expect(firstStrongDirection('\u200f2,500 troops')).toBe('rtl');
    expect(firstStrongDirection('\u061c2,500 troops')).toBe('rtl');
    expect(firstStrongDirection('\u200e2,500 سەرباز')).toBe('ltr');
  });

  it('reads characters outside the BMP', () => {
    expect(firstStrongDirection('1 \u{1e900}')).toBe('rtl'); // Adlam
    expect(firstStrongDirection('\u{1d7ce} \u{1d400}')).toBe('ltr'); // math digit (EN), then math bold A
  });

  it('returns null without a strong character', () => {
    expect(firstStrongDirection('')).toBeNull();
    expect(firstStrongDirection('2,500 ١٬٢٠٠ ۲۰۲۲ ٪ — … \u200c')).toBeNull();
  });

  it('finds rtl in every Sorani and Badini fixture line and ltr in the English seed article', () => {
    for (const name of ['sorani-news-sample.txt', 'badini-news-sample.txt']) {
      const lines = fixtureLines(name);
      expect(lines.length).toBe(300);
      expect(lines.filter((l) => firstStrongDirection(l) !== 'rtl')).toEqual([]);
    }
    const english = fixtureLines('seed-article-en.txt');
    const notLtr = english.filter((l) => firstStrongDirection(l) !== 'ltr');
    expect(notLtr.map((l) => firstStrongDirection(l))).toEqual([null]);
    expect(notLtr[0]).toMatch(/^\s*2021-07-25\s*\|\s*$/); // the dateline: digits and punctuation only
  });
});

describe('paragraphDirection', () => {
  it('falls back only when no character is strong', () => {
    expect(paragraphDirection('2,500', 'rtl')).toBe('rtl');
    expect(paragraphDirection('2,500', 'ltr')).toBe('ltr');
    expect(paragraphDirection('', 'rtl')).toBe('rtl');
    expect(paragraphDirection('2,500 سەرباز', 'ltr')).toBe('rtl');
    expect(paragraphDirection('ISIS هێشتا', 'rtl')).toBe('ltr');
  });
});
