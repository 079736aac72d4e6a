import { describe, expect, it } from 'vitest';
import { countCharacters, countWords } from '../../shared/text/counts';
import { fixtureLines, readFixture } from '../shared-fixtures';

const ZWNJ = '\u200c';
const LRI = '\u2066';
const PDI = '\u2069';
const RLM = '\u200f';

interface Counted {
  text: string;
  words: number;
  characters: number;
}

/** Fixture lines counted by hand; each must still be a line of its fixture. */
function expectFixtureCounts(fixture: string, locale: string, cases: Counted[]): void {
  const lines = fixtureLines(fixture);
  for (const { text, words, characters } of cases) {
    expect(lines).toContain(text);
    expect({ text, words: countWords(text, locale), characters: countCharacters(text) }).toEqual({ text, words, characters });
  }
}

describe('countWords and countCharacters on hand-counted fixture lines', () => {
  it('Sorani', () => {
    expectFixtureCounts('sorani-news-sample.txt', 'ckb', [
      // 23 code points; ِ (kasra) joins ر in one character.
      { text: 'ئەمرِۆ هونەری کوردی لەو', words: 4, characters: 22 },
      { text: 'ساڵی 2005 بەرهەم هاتووەو', words: 4, characters: 24 },
      // % and - alone are not words; کاوە2 is one.
      { text: '48 % 6 - ئەیوب عەلی کاوە2', words: 5, characters: 25 },
      { text: '457 کەسیش دەستگیرکراون.', words: 3, characters: 23 },
      // ( 7 )ی: the 7 and the suffix ی after the bracket are two words.
      { text: '( 7 )ی شەو بەرێوەدەچێت.', words: 4, characters: 23 },
    ]);
  });

  it('Badini', () => {
    expectFixtureCounts('badini-news-sample.txt', 'kmr-Arab', [
      { text: 'ئەمریکا پەسنا چاکسازیێن حکومەتا هەرێما کوردستانێ دکەت', words: 7, characters: 53 },
      // ئەعرەجی:هەولێر is one word (a colon with no space joins), as in Word.
      { text: 'سەرەکى کوردستان قاسم ئەعرەجی:هەولێر و بەغدا یێن گەهشتینە قۆناغەکا باش یا تێکگەهشتنێ', words: 12, characters: 83 },
      // The dash – and the spaced colons are not words.
      { text: 'کچەکا کورد بەشداری رکابەریا شاھ جوانیا نەتەوێن ئێکگرتی دبیت – دەزگەهێ میدیایێ بادینان', words: 12, characters: 85 },
      { text: 'بەرنامێ : گوند و ژیان نێرگزین : چەم سە یدا ئامادەکرن و پێشکێشکرن : مێڤان بەرواری', words: 13, characters: 80 },
      // A slash separates: سەرەکی/نوچە/کوردستان/زێدەتر (Home/News/Kurdistan/…) is four words.
      { text: 'سەرەکی/نوچە/کوردستان/زێدەتر ژ هزار مین و تەقەمەنى ل چەمچەمال هاتنە پەقاندن', words: 13, characters: 74 },
      // 42,49,51ێ is one word.
      { text: 'گولێن یانەێ ژی ل خولەکێن 42,49,51ێ ژلایێ یاریکەر محەمەد سەلاح و داروین نونێز و ئیلیۆتى هاتنە تومارکرن', words: 17, characters: 101 },
    ]);
    // 42 space-separated words, commas attached; 253 code points, the fathatan in ئاسیًکرن joins its letter.
    const line = fixtureLines('badini-news-sample.txt').find((l) => l.startsWith('عیسا هاتە خاچدان'))!;
    expect(countWords(line, 'kmr-Arab')).toBe(42);
    expect(countCharacters(line)).toBe(252);
  });

  it('English (the seed article)', () => {
    expectFixtureCounts('seed-article-en.txt', 'en', [
      // U.S. and al-Kadhimi are one word each; doesn't too.
      { text: "Iraq doesn't need U.S. combat troops on its soil: Iraqi PM al-Kadhimi", words: 12, characters: 69 },
      {
        text: '“There is no need for any foreign combat forces on Iraqi soil,” the Iraqi premier told the AP, falling short of declaring a deadline for a US troops rollout.',
        words: 29,
        characters: 157,
      },
      {
        text: 'There are currently about 2,500 U.S. troops in Iraq, who are in Iraq in the framework of the US-led global coalition against ISIS militants founded in 2014.',
        words: 27,
        characters: 156,
      },
      // The language switcher line: the no-break spaces count as characters, | is not a word.
      { text: 'English\u00a0\u00a0|\u00a0\u00a0سۆرانی\u00a0\u00a0|\u00a0\u00a0بادینی \u00a0\u00a0\u00a0\u00a0\u00a0 \u00a0\u00a0\u00a0\u00a0\u00a0', words: 3, characters: 41 },
    ]);
  });

  it('the whole seed article, and 17 copies of it (a 10,200-word article)', () => {
    const article = readFixture('seed-article-en.txt');
    // 599 space-separated tokens with a letter or digit, and "Photo/Khalid" is two words.
    expect(countWords(article, 'en')).toBe(600);
    expect(countCharacters(article)).toBe(article.length); // no marks, no invisible characters
    const long = Array.from({ length: 17 }, () => article).join('\n');
    expect(countWords(long, 'en')).toBe(17 * 600);
    expect(countCharacters(long)).toBe(17 * article.length + 16);
  });
});

describe('countWords', () => {
  it('keeps a word with ZWNJ inside it whole', () => {
    expect(countWords(`دەچم${ZWNJ}ەوە`, 'ckb')).toBe(1);
    // Old keyboards wrote ە as ه + ZWNJ: three words, not six.
    expect(countWords(`ده${ZWNJ}چمه${ZWNJ}وه بۆ ماڵه${ZWNJ}وه`, 'ckb')).toBe(3);
    expect(countWords(`${ZWNJ}شار ${ZWNJ} نەهێشتووە${ZWNJ}`, 'ckb')).toBe(2);
  });

  it('counts a number with separators as one word, in every digit set', () => {
    expect(countWords('2,500 سەربازی ئەمریکی', 'ckb')).toBe(3);
    expect(countWords('١٬٢٠٠ و ٣٫٥ و ١٥٪ و ۲۰۲۲ و 2٠22', 'ckb')).toBe(9);
    expect(countWords('8ی ئادارا 1981ێ', 'kmr-Arab')).toBe(3);
    expect(countWords('2,500.75 12:30 2015.3.5', 'en')).toBe(3);
  });

  it('does not count punctuation alone', () => {
    expect(countWords('— … !! « » ، ؟ : - ٪ ( ) / . "', 'ckb')).toBe(0);
    expect(countWords('', 'en')).toBe(0);
  });

  it('ignores bidi controls around and inside words', () => {
    expect(countWords(`سەربازانی ${LRI}U.S.${PDI} لە عێراق`, 'ckb')).toBe(4);
    expect(countWords(`${RLM}2,500${RLM} سەرباز`, 'ckb')).toBe(2);
    expect(countWords(`${LRI}${PDI} \u200e`, 'ckb')).toBe(0);
  });

  it('joins words only across . : and hyphens with no space', () => {
    expect(countWords('U.S.-led al-Kadhimi 2021-07-25 e.g.', 'en')).toBe(4);
    expect(countWords('کورد.. ناکۆکی', 'ckb')).toBe(2);
    expect(countWords('کورد..ناکۆکی د.کامیران', 'ckb')).toBe(2);
    expect(countWords('well - known', 'en')).toBe(2);
    // Arabic comma, slash and backslash separate even without a space.
    expect(countWords('ریکئێخست،وب سەرەکی/نوچە 30\\9', 'kmr-Arab')).toBe(6);
  });

  it('gives the same counts for every language tag', () => {
    const sorani = readFixture('sorani-news-sample.txt');
    const expected = countWords(sorani, 'ckb');
    expect(expected).toBeGreaterThan(7000);
    expect(countWords(sorani, 'kmr-Arab')).toBe(expected);
    expect(countWords(sorani, 'en')).toBe(expected);
  });
});

describe('countCharacters', () => {
  it('does not count ZWNJ, ZWJ or bidi controls', () => {
    expect(countCharacters(`دەچم${ZWNJ}ەوە`)).toBe(7);
    expect(countCharacters(`ده${ZWNJ}چمه${ZWNJ}وه بۆ ماڵه${ZWNJ}وه`)).toBe(17);
    expect(countCharacters(`سەربازانی ${LRI}U.S.${PDI} لە عێراق`)).toBe(23);
    expect(countCharacters(`${RLM}2,500${RLM} سەرباز`)).toBe(12);
    expect(countCharacters(`${ZWNJ}شار`)).toBe(3);
    expect(countCharacters(`${ZWNJ}\u200d${LRI}${PDI}\u200e\u061c\ufeff\u00ad`)).toBe(0);
    expect(countCharacters('')).toBe(0);
  });

  it('counts a base and its combining marks as one character', () => {
    expect(countCharacters('e\u0301te\u0301')).toBe(3); // été, decomposed
    expect(countCharacters('ی\u0654')).toBe(1); // ی + hamza above, which NFC does not compose
    expect(countCharacters('عەقڵَ')).toBe(4); // ڵ with fatha, from the Sorani fixture
  });

  it('counts spaces, and CR LF and emoji sequences as one character each', () => {
    expect(countCharacters('2,500 سەرباز')).toBe(12);
    expect(countCharacters('a\r\nb')).toBe(3);
    expect(countCharacters('🇮🇶 👨‍👩‍👧')).toBe(3);
  });

  it('agrees with Intl.Segmenter for every character of its fast table, in and around clusters', () => {
    // What countCharacters means, straight from the segmenter: clusters with a visible character.
    const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
    const invisibleOnly = /^[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]+$/;
    const reference = (text: string) => [...graphemes.segment(text)].filter((s) => !invisibleOnly.test(s.segment)).length;
    const wrong: string[] = [];
    for (let cp = 0; cp <= 0xfeff; cp = cp === 0x20cf ? 0xfeff : cp + 1) {
      const c = String.fromCharCode(cp);
      // c at the start, after a letter, before a mark, after and before a control, twice, before ZWNJ, around CR LF.
      const text = `${c}a${c}\u0301${c}\u200e${c}${c}\u200c\r${c}\n\u0301${c}\r\n${c}ش`;
      if (countCharacters(text) !== reference(text)) wrong.push(cp.toString(16));
    }
    expect(wrong).toEqual([]);
  });

  it('falls back to Intl.Segmenter for emoji, Hangul and the Arabic number signs', () => {
    expect(countCharacters('شار 👍🏽 ©\u200d🔥')).toBe(7);
    expect(countCharacters('한국어')).toBe(3);
    expect(countCharacters('\u0600١٢٣ ب')).toBe(5); // ARABIC NUMBER SIGN is Prepend: it joins ١
    expect(countCharacters(`${ZWNJ}👍`)).toBe(1);
  });
});

describe('countWords: a sentence end with no space after it (issue 16)', () => {
  it('counts two Kurdish words glued by a sentence end as two, in Sorani and Badini', () => {
    expect(countWords('ئەمڕۆ.دوێنێ', 'ckb')).toBe(2);
    expect(countWords('باران باری.ئەمڕۆ هەوا ساردە', 'ckb')).toBe(5);
    expect(countWords('ئەو ژنا هاتییە سوتن.بەشێ جێندەر', 'kmr-Arab')).toBe(6);
    expect(countWords('هاتن.بەشێ.ئەو', 'kmr-Arab')).toBe(3);
  });

  it('keeps abbreviations, acronyms and Latin joined as before', () => {
    expect(countWords('د.ئەحمەد هات', 'ckb')).toBe(2);
    expect(countWords('سایتی تی.ئار.تی', 'ckb')).toBe(2);
    expect(countWords('U.S. troops', 'en')).toBe(2);
  });
});
