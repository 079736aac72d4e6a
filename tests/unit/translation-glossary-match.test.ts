// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { LanguageKey } from '../../shared/languages';
import { foldForSearch } from '../../shared/text/search-fold';
import type { GlossaryTerm } from '../../shared/translation/glossary';
import { findGlossaryTerms, foldWithOffsets, prepareGlossary, type GlossaryHit } from '../../shared/translation/glossary-match';
import { fixtureLines } from '../shared-fixtures';

const ZWNJ = '\u200c';
let nextId = 0;
function term(en: string, ckb = '', kmr = ''): GlossaryTerm {
  nextId++;
  return { id: `00000000-0000-4000-8000-${String(nextId).padStart(12, '0')}`, en, ckb, kmr, note: '', updatedAt: '2026-11-01T00:00:00.000Z' };
}

const seed = fixtureLines('seed-article-en.txt').map((line) => line.trim());
const sorani = fixtureLines('sorani-news-sample.txt');
const badini = fixtureLines('badini-news-sample.txt');

const kadhimi = term('Mustafa al-Kadhimi', 'مستەفا کازمی', 'مستەفا کازمی');
const kadhimiShort = term('Kadhimi', 'کازمی', 'کازمی');
const isis = term('ISIS', 'داعش', 'داعش');
const whiteHouse = term('White House', 'کۆشکی سپی', 'کۆشکا سپی');
const iraq = term('Iraq', 'عێراق', 'عیراق');
const us = term('US', 'ئەمریکا', '');
const glossary = [kadhimi, kadhimiShort, isis, whiteHouse, iraq, us];

/** Each hit as [the original text it covers, the term's English]: what the reader sees highlighted. */
function found(text: string, lang: LanguageKey, terms: readonly GlossaryTerm[] = glossary): [string, string][] {
  return findGlossaryTerms(text, lang, terms).map((hit) => [text.slice(hit.start, hit.end), hit.term.en]);
}

describe('findGlossaryTerms in English', () => {
  it('finds terms in the seed article with exact offsets', () => {
    const text = seed.find((line) => line.startsWith('SULAIMANI'))!;
    const hits = findGlossaryTerms(text, 'en', glossary);
    const start = text.indexOf('Mustafa al-Kadhimi');
    expect(hits[0]).toEqual({ term: kadhimi, start, end: start + 'Mustafa al-Kadhimi'.length });
    expect(found(text, 'en')).toEqual([
      ['Mustafa al-Kadhimi', 'Mustafa al-Kadhimi'],
      ['ISIS', 'ISIS'],
    ]);
  });

  it('ignores case and spacing, and allows a possessive after the term', () => {
    expect(found('MUSTAFA AL-KADHIMI met mustafa  al-kadhimi and Mustafa\nal-Kadhimi', 'en')).toEqual([
      ['MUSTAFA AL-KADHIMI', 'Mustafa al-Kadhimi'],
      ['mustafa  al-kadhimi', 'Mustafa al-Kadhimi'],
      ['Mustafa\nal-Kadhimi', 'Mustafa al-Kadhimi'],
    ]);
    expect(found("Kadhimi's office and Kadhimi’s aides, and the White House's view", 'en')).toEqual([
      ['Kadhimi', 'Kadhimi'],
      ['Kadhimi', 'Kadhimi'],
      ['White House', 'White House'],
    ]);
  });

  it('matches whole words only', () => {
    expect(found('Iraqi forces and the USA', 'en')).toEqual([]);
    expect(found('al-Kadhimis', 'en')).toEqual([]);
    expect(found('the US-led coalition in Iraq.', 'en')).toEqual([
      ['US', 'US'],
      ['Iraq', 'Iraq'],
    ]);
    expect(found('(ISIS)', 'en')).toEqual([['ISIS', 'ISIS']]);
  });

  it('takes the longest of overlapping matches, then the leftmost', () => {
    const pm = term('Prime Minister');
    const minister = term('Minister Mustafa');
    const text = 'Iraqi Prime Minister Mustafa al-Kadhimi said';
    expect(found(text, 'en', [pm, minister, kadhimiShort, kadhimi])).toEqual([
      ['Prime Minister', 'Prime Minister'],
      ['Mustafa al-Kadhimi', 'Mustafa al-Kadhimi'],
    ]);
    // Longest first, even when a shorter one starts earlier or at the same place.
    const ab = term('alpha beta');
    const bcd = term('beta gamma delta');
    const mustafa = term('Mustafa');
    expect(found('alpha beta gamma delta', 'en', [ab, bcd])).toEqual([['beta gamma delta', 'beta gamma delta']]);
    expect(found('Mustafa al-Kadhimi', 'en', [mustafa, kadhimi])).toEqual([['Mustafa al-Kadhimi', 'Mustafa al-Kadhimi']]);
    // Equal lengths: the leftmost.
    const bc = term('beta gamma');
    expect(found('alpha beta gamma', 'en', [bc, ab])).toEqual([['alpha beta', 'alpha beta']]);
  });

  it('reports the first of two entries with the same term', () => {
    const first = term('Peshmerga', 'پێشمەرگە');
    const second = term('PESHMERGA', 'هێزی پێشمەرگە');
    expect(findGlossaryTerms('the Peshmerga forces', 'en', [first, second]).map((hit) => hit.term)).toEqual([first]);
  });

  it('skips entries without a term in the language', () => {
    const onlyKurdish = term('', 'پێشمەرگە', '');
    expect(prepareGlossary([onlyKurdish, us], 'kmr').size).toBe(0);
    expect(prepareGlossary([onlyKurdish, us], 'ckb').size).toBe(2);
    expect(findGlossaryTerms('پێشمەرگە', 'kmr', [onlyKurdish])).toEqual([]);
  });
});

describe('findGlossaryTerms in Sorani and Badini', () => {
  it('matches a Kurdish term typed with Arabic ي and ك, and the other way round', () => {
    expect(found('سەرۆک وەزیران مستەفا كازمي گوتی', 'ckb')).toEqual([['مستەفا كازمي', 'Mustafa al-Kadhimi']]);
    const arabicSpelling = term('Kadhimi', 'مستەفا كازمي');
    expect(found('سەرۆک وەزیران مستەفا کازمی گوتی', 'ckb', [arabicSpelling])).toEqual([['مستەفا کازمی', 'Kadhimi']]);
  });

  it('lets a term run on into suffixes, with the hit ending at the term', () => {
    const text = 'لە لایەن کازمییەوە ڕاگەیەندرا';
    const [hit] = findGlossaryTerms(text, 'ckb', glossary);
    const start = text.indexOf('کازمی');
    expect(hit).toEqual({ term: kadhimiShort, start, end: start + 'کازمی'.length });
    expect(found('هێزەکانی داعشیان تێکشکاند', 'ckb')).toEqual([['داعش', 'ISIS']]);
    expect(found('دژی داعش و بۆ عێراقەکان', 'kmr')).toEqual([['داعش', 'ISIS']]); // عێراق is Sorani's spelling: Badini's is عیراق
  });

  it('does not match inside a word', () => {
    expect(found('بەکازمی', 'ckb')).toEqual([]);
    expect(found('لەداعش', 'kmr')).toEqual([]);
  });

  it('ignores tatweel, harakat, ZWNJ and bidi controls, and maps offsets around them', () => {
    const text = `ئەوە کــازمی و ک\u064eازمی و کاز${ZWNJ}می و \u200fکازمی\u200f بوو`;
    const hits = findGlossaryTerms(text, 'ckb', glossary);
    expect(hits.map((hit) => text.slice(hit.start, hit.end))).toEqual(['کــازمی', 'ک\u064eازمی', `کاز${ZWNJ}می`, 'کازمی']);
  });

  it('matches ە written as heh + ZWNJ, the hit covering both', () => {
    const heh = term('Diyala', 'دیالە');
    const text = `پارێزگای دیاله${ZWNJ} و کەرکووک`;
    expect(found(text, 'ckb', [heh])).toEqual([[`دیاله${ZWNJ}`, 'Diyala']]);
  });

  it('folds digits: a term with ASCII digits matches Arabic-Indic and Persian ones', () => {
    const agreement = term('2008 agreement', 'ڕێککەوتنی 2008');
    expect(found('بەپێی ڕێککەوتنی ٢٠٠٨ی نێوان', 'ckb', [agreement])).toEqual([['ڕێککەوتنی ٢٠٠٨', '2008 agreement']]);
    expect(found('بەپێی ڕێککەوتنی ۲۰۰۸', 'ckb', [agreement])).toEqual([['ڕێککەوتنی ۲۰۰۸', '2008 agreement']]);
  });

  it('finds terms in real Badini text', () => {
    const duhok = term('Duhok', 'دهۆک', 'دهوک');
    const text = badini[0]!;
    const hits = findGlossaryTerms(text, 'kmr', [duhok]);
    expect(hits.length).toBeGreaterThanOrEqual(3);
    for (const hit of hits) expect(text.slice(hit.start, hit.end)).toBe('دهوک');
  });
});

describe('findGlossaryTerms: the spellings search folds together (issue 16)', () => {
  const peshmerga = term('Peshmerga', 'پێشمەرگە', 'پێشمەرگە');
  const day = term('day', 'ڕۆژ', 'ڕۆژ');
  const july = term('July', 'تەمموز', 'تەمموز');
  const november = term('November', '', 'چریا دووێ');
  const terms = [peshmerga, day, july, november];

  it('finds a term written with a final ە in text typed with ه, and ڕ at a word start in text with ر', () => {
    expect(found(`هێزەکانی پێشمه${ZWNJ}رگه گەیشتن`, 'ckb', terms)).toEqual([[`پێشمه${ZWNJ}رگه`, 'Peshmerga']]);
    expect(found('رۆژا ئەینیێ', 'kmr', terms)).toEqual([['رۆژ', 'day']]);
  });

  it('finds a month name in another spelling, the hit covering the spelling as written', () => {
    expect(found('لە ١٤ی تەمووزی ٢٠٢٣', 'ckb', terms)).toEqual([['تەمووز', 'July']]);
    expect(found('ل ٢٠ێ چریا دوویێ', 'kmr', terms)).toEqual([['چریا دوویێ', 'November']]);
  });
});

describe('foldWithOffsets', () => {
  it('folds month spellings and word edges as foldForSearch does, mapping offsets around them', () => {
    for (const text of ['١٥ئەیلوول و تەمووز، ڕۆژ بووه', 'چریا دوویێ کانونا دوویێ ڕ ه']) {
      const folded = foldWithOffsets(text);
      expect(folded.text).toBe(foldForSearch(text));
      for (let k = 0; k < folded.text.length; k++) expect(folded.ends[k]!).toBeGreaterThan(folded.starts[k]!);
    }
  });

  it('folds exactly as foldForSearch, line by line, in all three fixtures', () => {
    for (const line of [...seed, ...sorani, ...badini]) expect(foldWithOffsets(line).text).toBe(foldForSearch(line));
  });

  it('folds like foldForSearch on legacy and PDF text (presentation forms, ¬, BOM, marks on tatweel)', () => {
    const samples = [`ﻛﻮﺭﺩﺳﺘﺎﻥ`, `ﻻ\u064e`, `لاَ`, `ده¬کات`, `ده\ufeffکات`, `یـً`, ` \u064e ب`, `ی\u0654`, `ﷺ  ب`, `İstanbul`, `  a\u200e  b  `];
    for (const sample of samples) expect(foldWithOffsets(sample).text).toBe(foldForSearch(sample));
  });

  it('maps every folded character back into the original text', () => {
    const text = `  ISIS   كوردستانى ده${ZWNJ}کات ٢٠٢٢ \u200fﻻ `;
    const { text: folded, starts, ends } = foldWithOffsets(text);
    expect(folded).toBe('isis کوردستانی دەکات 2022 لا');
    expect([...starts].slice(0, 5)).toEqual([2, 3, 4, 5, 6]);
    expect(ends[4]).toBe(9); // the collapsed space covers the whole run
    const ae = folded.indexOf('ە');
    expect(text.slice(starts[ae]!, ends[ae]!)).toBe(`ه${ZWNJ}`);
    const lam = folded.indexOf('ل');
    expect(text.slice(starts[lam]!, ends[lam]!)).toBe('ﻻ');
    for (let k = 0; k < folded.length; k++) expect(starts[k]!).toBeLessThan(ends[k]!);
  });
});

describe('glossary matching at scale', () => {
  // 5,000 entries: real Sorani words and word pairs from the sample, and English ones.
  const words = [...new Set(sorani.join(' ').split(/[\s،.:"«»()-]+/).filter((w) => w.length >= 3))];
  const englishWords = [...new Set(seed.join(' ').split(/[^A-Za-z]+/).filter((w) => w.length >= 3))];
  const terms: GlossaryTerm[] = [];
  for (let k = 0; terms.length < 5_000; k++) {
    const ckb = k % 3 === 0 ? `${words[k % words.length]} ${words[(k * 7 + 1) % words.length]}` : words[k % words.length]!;
    const en = k % 2 === 0 ? englishWords[k % englishWords.length]! : `${englishWords[k % englishWords.length]} ${englishWords[(k * 3 + 1) % englishWords.length]}`;
    terms.push(term(`${en}${k >= englishWords.length * 2 ? k : ''}`, `${ckb}${k >= words.length ? k : ''}`));
  }
  const segment = sorani.join(' ').slice(0, 1_000);

  it('prepares 5,000 terms once and matches a 1,000-character segment in a few milliseconds', () => {
    const started = performance.now();
    const matcher = prepareGlossary(terms, 'ckb');
    const prepareMs = performance.now() - started;
    expect(matcher.size).toBe(5_000);
    expect(prepareMs).toBeLessThan(1_000);

    const times: number[] = [];
    let hits: GlossaryHit[] = [];
    for (let run = 0; run < 20; run++) {
      const t = performance.now();
      hits = matcher.find(segment);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    expect(times[10]!).toBeLessThan(5);
    expect(hits.length).toBeGreaterThan(20);
    // Sorted, non-overlapping, each one the term it claims (a Kurdish hit may be followed by suffixes).
    for (let k = 0; k < hits.length; k++) {
      const hit = hits[k]!;
      if (k > 0) expect(hit.start).toBeGreaterThanOrEqual(hits[k - 1]!.end);
      expect(foldForSearch(segment.slice(hit.start, hit.end))).toBe(foldForSearch(hit.term.ckb));
    }
  });

  it('reuses the prepared glossary in findGlossaryTerms for the same array', () => {
    expect(findGlossaryTerms(segment, 'ckb', terms)).toEqual(prepareGlossary(terms, 'ckb').find(segment));
    const t = performance.now();
    for (let run = 0; run < 10; run++) findGlossaryTerms(segment, 'ckb', terms);
    expect((performance.now() - t) / 10).toBeLessThan(5);
  });

  it('finds every English term of the glossary in the seed article at word boundaries', () => {
    const text = seed.join('\n');
    const hits = findGlossaryTerms(text, 'en', terms);
    expect(hits.length).toBeGreaterThan(100);
    for (const hit of hits) {
      expect(foldForSearch(text.slice(hit.start, hit.end))).toBe(foldForSearch(hit.term.en));
      expect(/[\p{L}\p{N}]/u.test(text[hit.start - 1] ?? ' ')).toBe(false);
      expect(/[\p{L}\p{N}]/u.test(text[hit.end] ?? ' ')).toBe(false);
    }
  });
});
