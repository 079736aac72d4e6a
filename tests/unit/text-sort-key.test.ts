import { describe, expect, it } from 'vitest';
import { compareAlphabetical, sortKey } from '../../shared/text/sort-key';

const sorted = (list: string[]) => [...list].sort(compareAlphabetical);

describe('sortKey: alphabetical order for English, Sorani and Badini (issue 16)', () => {
  it('orders Kurdish letters by the Kurdish alphabet, not by code point', () => {
    const alphabet = 'ئ ا ب پ ت ج چ ح خ د ر ڕ ز ژ س ش ع غ ف ڤ ق ک گ ل ڵ م ن و ۆ ه ە ی ێ'.split(' ');
    expect(sorted([...alphabet].reverse())).toEqual(alphabet);
    // Code-point order put پ چ ڕ ژ ڤ ک گ after ه and و.
    expect(sorted(['هەولێر', 'وان', 'پارێزگا', 'چیا', 'ڕانیە', 'ژیان', 'ڤیان', 'کەرکووک', 'گوند'])).toEqual(['پارێزگا', 'چیا', 'ڕانیە', 'ژیان', 'ڤیان', 'کەرکووک', 'گوند', 'وان', 'هەولێر']);
  });

  it('sorts Arabic-keyboard letters as their Kurdish letters, and Arabic-only letters beside their neighbours', () => {
    expect(sortKey('كەركووك')).toBe(sortKey('کەرکووک'));
    expect(sortKey('ئەحمەدي')).toBe(sortKey('ئەحمەدی'));
    expect(sorted(['ج', 'ت', 'ث', 'ر', 'ذ', 'د'])).toEqual(['ت', 'ث', 'ج', 'د', 'ذ', 'ر']);
    expect(sorted(['ع', 'ط', 'ص', 'ش'])).toEqual(['ش', 'ص', 'ط', 'ع']);
  });

  it('sorts English as English: case and accents do not count; digits, then Latin, then Kurdish', () => {
    expect(sortKey('Erbil')).toBe(sortKey('erbil'));
    expect(sortKey('Émile')).toBe(sortKey('emile'));
    expect(sorted(['هەولێر', 'zebra', 'Apple', '2024', 'banana'])).toEqual(['2024', 'Apple', 'banana', 'zebra', 'هەولێر']);
  });

  it('ignores punctuation, counts a run of spaces as one, and sorts a shorter word first', () => {
    expect(sortKey('«داعش»')).toBe(sortKey('داعش'));
    expect(sortKey('U.S. troops')).toBe(sortKey('US  troops'));
    expect(sorted(['ab c', 'abc', 'ab'])).toEqual(['ab', 'ab c', 'abc']);
    expect(sortKey('…')).toBe('');
  });

  it('is one byte per Kurdish or Latin letter in UTF-8', () => {
    expect(Buffer.byteLength(sortKey('هەرێمی کوردستان'))).toBe('هەرێمی کوردستان'.length);
  });
});
