// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { diffWords, type DiffPart } from '../../shared/text/word-diff';
import { fixtureLines } from '../shared-fixtures';

const ZWNJ = '\u200c';

const afterOf = (parts: DiffPart[]) => parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('');
const beforeOf = (parts: DiffPart[]) => parts.map((p) => (p.kind === 'removed' ? p.text : p.kind === 'same' ? (p.before ?? p.text) : '')).join('');

/** Both texts come back exactly, no part is empty, and no two neighbours are of one kind. */
function expectWellFormed(before: string, after: string): DiffPart[] {
  const parts = diffWords(before, after);
  expect(afterOf(parts)).toBe(after);
  expect(beforeOf(parts)).toBe(before);
  for (const [k, part] of parts.entries()) {
    expect(part.text).not.toBe('');
    if (k > 0) expect(part.kind).not.toBe(parts[k - 1]!.kind);
    if (part.kind !== 'same') expect(part.before).toBeUndefined();
    else if (part.before !== undefined) expect(part.before).not.toBe(part.text);
  }
  return parts;
}

// A small deterministic PRNG: the same "random" cases on every run.
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const seed = fixtureLines('seed-article-en.txt').map((line) => line.trim());
const sorani = fixtureLines('sorani-news-sample.txt');
const badini = fixtureLines('badini-news-sample.txt');

describe('diffWords', () => {
  it('shows the seed article’s unfinished paragraph, once completed, as added words only', () => {
    const unfinished = seed.find((line) => line.startsWith('In Monday’s meeting'))!;
    expect(unfinished).toBe('In Monday’s meeting at the White House, the two leaders are expected to');
    const completed = `${unfinished} discuss the withdrawal of US combat troops by the end of the year.`;
    expect(expectWellFormed(unfinished, completed)).toEqual([
      { kind: 'same', text: unfinished },
      { kind: 'added', text: ' discuss the withdrawal of US combat troops by the end of the year.' },
    ]);
  });

  it('marks removed, added and replaced words between unchanged ones', () => {
    expect(expectWellFormed('a b c d', 'a c d e')).toEqual([
      { kind: 'same', text: 'a ' },
      { kind: 'removed', text: 'b ' },
      { kind: 'same', text: 'c d' },
      { kind: 'added', text: ' e' },
    ]);
    expect(expectWellFormed('There are currently about 2,500 U.S. troops in Iraq', 'There are currently about 2,600 U.S. troops in Iraq')).toEqual([
      { kind: 'same', text: 'There are currently about 2,' },
      { kind: 'removed', text: '500' },
      { kind: 'added', text: '600' },
      { kind: 'same', text: ' U.S. troops in Iraq' },
    ]);
    expect(expectWellFormed('Iraq will still ask for U.S. trains', 'Iraq will ask for U.S. training and advice')).toEqual([
      { kind: 'same', text: 'Iraq will ' },
      { kind: 'removed', text: 'still ' },
      { kind: 'same', text: 'ask for U.S. ' },
      { kind: 'removed', text: 'trains' },
      { kind: 'added', text: 'training and advice' },
    ]);
  });

  it('shows a run of replaced words as one phrase, not word by word', () => {
    expect(expectWellFormed('the cat sat.', 'a dog ran.')).toEqual([
      { kind: 'removed', text: 'the cat sat' },
      { kind: 'added', text: 'a dog ran' },
      { kind: 'same', text: '.' },
    ]);
  });

  it('treats Kurdish spelling variants as the same word, keeping each side’s spelling', () => {
    // Arabic kaf and yeh, ae as heh + ZWNJ, a tatweel: the same words.
    const before = `ئەنجومەنی پارێزگاي دیالە كۆبووه${ZWNJ}وە و بڕیاری ســـەرەکی دا`;
    const after = 'ئەنجومەنی پارێزگای دیالە کۆبووەوە و بڕیاری سەرەکی دا';
    expect(expectWellFormed(before, after)).toEqual([{ kind: 'same', text: after, before }]);
  });

  it('shows a real Kurdish edit among variant spellings', () => {
    const before = 'سەرۆکی ئەنجومەنی پارێزگاي دیالە گوتی';
    const after = 'سەرۆکی ئەنجومەنی پارێزگای کەرکووک گوتی';
    expect(expectWellFormed(before, after)).toEqual([
      { kind: 'same', text: 'سەرۆکی ئەنجومەنی پارێزگای ', before: 'سەرۆکی ئەنجومەنی پارێزگاي ' },
      { kind: 'removed', text: 'دیالە' },
      { kind: 'added', text: 'کەرکووک' },
      { kind: 'same', text: ' گوتی' },
    ]);
  });

  it('keeps a word with a ZWNJ inside it one word', () => {
    expect(expectWellFormed(`پارێزگای${ZWNJ}یەک دیالە`, `پارێزگای${ZWNJ}دوو دیالە`)).toEqual([
      { kind: 'removed', text: `پارێزگای${ZWNJ}یەک` },
      { kind: 'added', text: `پارێزگای${ZWNJ}دوو` },
      { kind: 'same', text: ' دیالە' },
    ]);
  });

  it('treats changed spacing as no change, and a changed digit set as a change', () => {
    expect(expectWellFormed('Iraq  will\nstill ask', 'Iraq will still ask')).toEqual([{ kind: 'same', text: 'Iraq will still ask', before: 'Iraq  will\nstill ask' }]);
    expect(expectWellFormed('بەرهەمهێنانی 630 مێگاوات', 'بەرهەمهێنانی ٦٣٠ مێگاوات')).toEqual([
      { kind: 'same', text: 'بەرهەمهێنانی ' },
      { kind: 'removed', text: '630' },
      { kind: 'added', text: '٦٣٠' },
      { kind: 'same', text: ' مێگاوات' },
    ]);
  });

  it('handles empty texts', () => {
    expect(diffWords('', '')).toEqual([]);
    expect(diffWords('', 'Zhyan News')).toEqual([{ kind: 'added', text: 'Zhyan News' }]);
    expect(diffWords('Zhyan News', '')).toEqual([{ kind: 'removed', text: 'Zhyan News' }]);
    expect(diffWords('same', 'same')).toEqual([{ kind: 'same', text: 'same' }]);
  });

  it('gives back both texts exactly for random edits of real English, Sorani and Badini text', () => {
    const rnd = random(7);
    const lines = [...seed, ...sorani.slice(0, 120), ...badini.slice(0, 120)];
    const vocabulary = ['ISIS', 'Kadhimi', 'كرد', 'کرد', 'پارێزگاي', ZWNJ, ' ', '  ', ', ', '«', '»', '\n', '2021', '٢٠٢١', 'ـ', 'ە', 'ه'];
    let changed = 0;
    for (const line of lines) {
      const words = line.split(' ');
      const edited = words
        .flatMap((word) => {
          const r = rnd();
          if (r < 0.08) return [];
          if (r < 0.16) return [vocabulary[Math.floor(rnd() * vocabulary.length)]!];
          if (r < 0.22) return [word, vocabulary[Math.floor(rnd() * vocabulary.length)]!];
          return [word];
        })
        .join(' ');
      const parts = expectWellFormed(line, edited);
      if (parts.some((p) => p.kind !== 'same')) changed++;
    }
    expect(changed).toBeGreaterThan(lines.length / 2);
  });

  it('gives back both texts exactly for random strings over mixed scripts, marks and invisibles', () => {
    const rnd = random(42);
    const alphabet = ['a', 'B', 'ک', 'ك', 'ی', 'ي', 'ه', 'ە', ZWNJ, '\u064e', '\u0640', '\u200f', ' ', '\n', '.', '-', '2', '٢', '😀', 'é', 'e\u0301'];
    const make = () => Array.from({ length: Math.floor(rnd() * 30) }, () => alphabet[Math.floor(rnd() * alphabet.length)]!).join('');
    for (let k = 0; k < 2_000; k++) expectWellFormed(make(), make());
  });

  it('diffs pairs of different real lines (long, unrelated texts)', () => {
    for (let k = 0; k + 1 < 60; k += 2) {
      expectWellFormed(sorani[k]!, sorani[k + 1]!);
      expectWellFormed(badini[k]!, sorani[k]!);
    }
  });

  it('falls back to one removed and one added part between the common ends when both sides are huge', () => {
    const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`).join(' ');
    const before = `Start here. ${many('a', 1_600)} End here.`;
    const after = `Start here. ${many('b', 1_600)} End here.`;
    const started = performance.now();
    const parts = expectWellFormed(before, after);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(parts.map((p) => p.kind)).toEqual(['same', 'removed', 'added', 'same']);
    expect(parts[0]!.text).toBe('Start here. ');
    expect(parts[3]!.text).toBe(' End here.');
  });

  it('diffs a long text with scattered edits word by word', () => {
    // 2,000 tokens a side; 1,800 between the first and last edit: 3,240,000 cells, under the limit.
    const words = Array.from({ length: 1_000 }, (_, i) => `w${i}`);
    const before = words.join(' ');
    const after = words.map((w, i) => (i % 100 === 50 ? 'X' : w)).join(' ');
    const parts = expectWellFormed(before, after);
    expect(parts.filter((p) => p.kind === 'removed').map((p) => p.text)).toEqual(words.filter((_, i) => i % 100 === 50));
    expect(parts.filter((p) => p.kind === 'added').map((p) => p.text)).toEqual(Array.from({ length: 10 }, () => 'X'));
  });
});
