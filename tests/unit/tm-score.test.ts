// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  maxDistance,
  wordsOfFolded,
  maxLostWords,
  scoreOfDistance,
  tmScore,
  tmWords,
  weightedWordDistance,
  wordCountRange,
  wordDistance,
  wordKey,
} from '../../shared/translation/tm-score';
import { seededRandom } from '../seeded-random';

describe('tmWords and wordKey', () => {
  it('takes the words of the folded text: Kurdish spelling variants, case and digits agree, punctuation goes', () => {
    expect(tmWords('سەرۆكي  هەرێمی كوردستان، (KRG) 2٠22!')).toEqual(['سەرۆکی', 'هەرێمی', 'کوردستان', 'krg', '2022']);
    expect(tmWords('لە‌گەڵ')).toEqual(['لەگەڵ']); // ZWNJ is invisible to matching
    expect(tmWords(' … ')).toEqual([]);
  });

  it('keys a word by its first five characters, so suffixed forms share a key', () => {
    expect(wordKey('کوردستان')).toBe('کوردس');
    expect(wordKey('کوردستانی')).toBe(wordKey('کوردستان'));
    expect(wordKey('leaders')).toBe(wordKey('leader'));
    expect(wordKey('کورد')).toBe('کورد');
    expect(wordKey('𝐀𝐁𝐂𝐃𝐄𝐅')).toBe('𝐀𝐁𝐂𝐃𝐄'); // code points, not UTF-16 units
  });
});

describe('wordDistance', () => {
  it('is the character edit distance over the longer length', () => {
    expect(wordDistance('leader', 'leader')).toBe(0);
    expect(wordDistance('leader', 'leaders')).toBeCloseTo(1 / 7);
    expect(wordDistance('کوردستان', 'کوردستانی')).toBeCloseTo(1 / 9);
    expect(wordDistance('abc', 'xyz')).toBe(1);
    expect(wordDistance('', 'abc')).toBe(1);
    expect(wordDistance('𝐀𝐁', '𝐀𝐂')).toBe(0.5);
  });
});

describe('tmScore', () => {
  it('is 100 only for texts equal after folding', () => {
    expect(tmScore('سەرۆکی هەرێمی کوردستان', 'سەرۆكي هەرێمي كوردستان')).toBe(100);
    expect(tmScore('The Leader spoke', 'the leader  spoke')).toBe(100);
    // Same words, different punctuation: not equal, so not 100.
    expect(tmScore('The leader spoke.', 'The leader spoke!')).toBe(99);
  });

  it('charges a suffixed form little', () => {
    // 1 − (1/7)/3
    expect(tmScore('the leader spoke', 'the leaders spoke')).toBe(95);
    expect(tmScore('کوردستان', 'کوردستانی')).toBe(88);
    expect(tmScore('سەرۆکی هەرێمی کوردستان گوتی', 'سەرۆکی هەرێمی کوردستانی گوتی')).toBe(97);
  });

  it('charges a deleted, inserted or wholly different word 1', () => {
    const ten = 'one two three four five six seven eight nine ten';
    expect(tmScore(ten, 'one two three four five six seven eight nine')).toBe(90);
    expect(tmScore(ten, 'one two three four five six seven eight nine ten eleven')).toBe(90); // 1 − 1/11 = 0.909
    expect(tmScore(ten, 'one two three four five six seven eight nine xyz')).toBe(90);
    // Exactly 70 %: three of ten words gone (0.7 must not floor to 69).
    expect(tmScore(ten, 'one two three four five six seven')).toBe(70);
    expect(tmScore(ten, 'one two three four five six')).toBe(60);
  });

  it('is symmetric and between 0 and 100', () => {
    const random = seededRandom(7);
    const vocabulary = ['کورد', 'کوردی', 'هەولێر', 'the', 'they', 'leader', 'leaders', 'سلێمانی', 'a'];
    for (let i = 0; i < 200; i++) {
      const text = () => Array.from({ length: 1 + Math.floor(random() * 8) }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' ');
      const [a, b] = [text(), text()];
      const score = tmScore(a, b);
      expect(score).toBe(tmScore(b, a));
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
    }
  });

  it('gives 0 to texts without words unless they are equal', () => {
    expect(tmScore('…', '!!')).toBe(0);
    expect(tmScore('…', '…')).toBe(100);
  });
});

describe('weightedWordDistance with a limit', () => {
  it('equals the full distance when it is within the limit, and reports more than the limit otherwise', () => {
    const random = seededRandom(11);
    const vocabulary = ['a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef', 'b', 'bc', 'xyz', 'کورد', 'کوردی'];
    for (let i = 0; i < 500; i++) {
      const words = () => Array.from({ length: Math.floor(random() * 12) }, () => vocabulary[Math.floor(random() * vocabulary.length)] as string);
      const [a, b] = [words(), words()];
      const full = weightedWordDistance(a, b);
      const limit = random() * 6;
      const banded = weightedWordDistance(a, b, limit);
      if (full <= limit) expect(banded).toBeCloseTo(full, 9);
      else expect(banded).toBeGreaterThan(limit);
    }
  });
});

describe('candidate bounds', () => {
  it('gives the word counts a match can have: 0.7·n … n/0.7', () => {
    expect(wordCountRange(10)).toEqual({ min: 7, max: 14 });
    expect(wordCountRange(1)).toEqual({ min: 1, max: 1 });
    expect(wordCountRange(3)).toEqual({ min: 3, max: 4 });
    expect(wordCountRange(7)).toEqual({ min: 5, max: 10 });
  });

  it('allows ⌊0.3·n⌋ lost words and 0.3·max(n, m) distance', () => {
    expect([1, 3, 4, 10, 20, 33].map((n) => maxLostWords(n))).toEqual([0, 0, 1, 3, 6, 9]);
    expect(maxDistance(10, 14)).toBeCloseTo(4.2);
    expect(scoreOfDistance(maxDistance(10, 14), 10, 14)).toBe(70);
    expect(scoreOfDistance(Infinity, 10, 14)).toBe(0);
  });

  it('never lets a pair outside the word-count range score 70', () => {
    for (let n = 1; n <= 40; n++) {
      const { min, max } = wordCountRange(n);
      // The best a pair of m words can do is a distance of |n − m|.
      expect(scoreOfDistance(n - (min - 1), n, min - 1)).toBeLessThan(70);
      expect(scoreOfDistance(max + 1 - n, n, max + 1)).toBeLessThan(70);
      expect(scoreOfDistance(n - min, n, min)).toBeGreaterThanOrEqual(70);
      expect(scoreOfDistance(max - n, n, max)).toBeGreaterThanOrEqual(70);
    }
  });
});

describe('wordsOfFolded', () => {
  it('splits like a Unicode letter/mark/digit regex, astral characters included', () => {
    const reference = (text: string) => text.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
    for (const text of [
      'سەرۆکی هەرێمی کوردستان، (krg) 2022!',
      'al-kadhimi’s 15% «quote» — end',
      '𝐀𝐁c 😀 x😀y 𝟙𝟚',
      '', ' ', 'ا', 'a', '\ud800 lone a\udc00b',
      'ï e\u0301 ٢٠٢٢ ۱۲',
    ]) {
      expect(wordsOfFolded(text), text).toEqual(reference(text));
    }
  });
});
