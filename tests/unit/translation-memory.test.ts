// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { API, type ApiInput, type ApiOutput } from '../../shared/api';
import type { LanguageKey } from '../../shared/languages';
import { foldForSearch } from '../../shared/text/search-fold';
import { maxDistance, scoreOfDistance, weightedWordDistance, wordDistance, wordsOfFolded } from '../../shared/translation/tm-score';
import type { TmPairInput } from '../../shared/translation/progress';
import { createTranslationMemory, type TranslationMemory } from '../../electron/store/translation-memory';
import type { Library } from '../../electron/store/library';
import { seededRandom } from '../seeded-random';
import { fixtureLines } from '../shared-fixtures';
import { steppingClock, tempLibrary, type TempLibrary } from './helpers/library';

let temp: TempLibrary;
let library: Library;
let memory: TranslationMemory;
let clock: () => Date;

beforeEach(() => {
  temp = tempLibrary('qelem-tm-');
  library = temp.library;
  memory = createTranslationMemory(library.db);
  clock = steppingClock('2025-03-01T08:00:00.000Z');
});

afterEach(() => temp.dispose());

const tick = () => clock().toISOString();
const pair = (sourceText: string, targetText: string, from: LanguageKey = 'ckb', to: LanguageKey = 'en'): TmPairInput => ({ from, to, sourceText, targetText });
const store = (...pairs: TmPairInput[]) => memory.store(pairs, tick());

function lookup(input: ApiInput<'lookupTranslationMemory'>): ApiOutput<'lookupTranslationMemory'>['matches'] {
  const output = memory.lookup(API.lookupTranslationMemory.input.parse(input));
  API.lookupTranslationMemory.output.parse(output);
  return output.matches;
}

/** Sentences of the Sorani fixture with 4–40 words: realistic segments. */
function soraniSentences(): string[] {
  const sentences = fixtureLines('sorani-news-sample.txt').flatMap((line) => line.split(/(?<=[.!؟])\s+/u));
  return [...new Set(sentences.map((s) => s.trim()))].filter((s) => {
    const words = s.split(/\s+/u).length;
    return words >= 4 && words <= 40;
  });
}

describe('store', () => {
  it('stores a pair once per folded source; a newer translation of it replaces the older', () => {
    expect(store(pair('سەرۆکی هەرێمی کوردستان', 'President of the Kurdistan Region'))).toBe(1);
    // The same source typed with Arabic kaf and yeh: the same pair.
    expect(store(pair('سەرۆكي هەرێمي كوردستان', 'Kurdistan Region President'))).toBe(1);
    expect(store(pair('سەرۆكي هەرێمي كوردستان', 'Kurdistan Region President'))).toBe(0);
    const rows = library.db.prepare('SELECT source_text, target_text, word_count FROM tm_pairs').all();
    expect(rows).toEqual([{ source_text: 'سەرۆكي هەرێمي كوردستان', target_text: 'Kurdistan Region President', word_count: 3 }]);
  });

  it('keeps language pairs apart', () => {
    store(pair('هەولێر', 'Erbil', 'ckb', 'en'), pair('هەولێر', 'هەولێر', 'ckb', 'kmr'));
    expect(lookup({ from: 'ckb', to: 'en', text: 'هەولێر' }).map((m) => m.targetText)).toEqual(['Erbil']);
    expect(lookup({ from: 'ckb', to: 'kmr', text: 'هەولێر' }).map((m) => m.targetText)).toEqual(['هەولێر']);
    expect(lookup({ from: 'kmr', to: 'en', text: 'هەولێر' })).toEqual([]);
  });

  it('skips a pair without words or without a target', () => {
    expect(store(pair('…', 'ellipsis'), pair('هەولێر', '  '), pair('', 'x'))).toBe(0);
    expect(library.db.prepare('SELECT count(*) AS n FROM tm_pairs').get()).toEqual({ n: 0 });
  });

  it('counts, per word key, how many pairs hold it (once per pair)', () => {
    store(pair('کوردستان و کوردستانی', 'a'), pair('کوردستانییەکان', 'b'), pair('هەولێر', 'c'));
    const keys = library.db.prepare("SELECT key, pairs FROM tm_keys WHERE from_lang = 'ckb' AND to_lang = 'en'").all();
    expect(keys).toHaveLength(3);
    expect(keys).toEqual(expect.arrayContaining([
      { key: 'کوردس', pairs: 2 },
      { key: 'و', pairs: 1 },
      { key: 'هەولێ', pairs: 1 },
    ]));
  });
});

describe('lookupTranslationMemory', () => {
  it('finds the exact match at 100 with the texts as stored', () => {
    store(pair('سەرۆکی هەرێمی کوردستان', 'President of the Kurdistan Region'));
    expect(lookup({ from: 'ckb', to: 'en', text: 'سەرۆكي  هەرێمي كوردستان' })).toEqual([
      { sourceText: 'سەرۆکی هەرێمی کوردستان', targetText: 'President of the Kurdistan Region', score: 100, updatedAt: '2025-03-01T08:00:01.000Z' },
    ]);
  });

  it('finds fuzzy matches of 70 % or more, best first, and honours the limit', () => {
    store(
      pair('سەرۆکی هەرێمی کوردستان سەردانی بەغدای کرد', 'exact'),
      pair('سەرۆکی هەرێمی کوردستانی سەردانی بەغدای کرد', 'suffix'),
      pair('سەرۆکی هەرێمی کوردستان سەردانی کرد', 'one word fewer'),
      pair('سەرۆکی هەرێمی کوردستان دوێنێ سەردانی شاری بەغدای کرد', 'two more words'),
      pair('سەرۆکی حکومەت سەردانی تارانی کرد', 'too different'),
    );
    const matches = lookup({ from: 'ckb', to: 'en', text: 'سەرۆکی هەرێمی کوردستان سەردانی بەغدای کرد', limit: 10 });
    expect(matches.map((m) => [m.targetText, m.score])).toEqual([
      ['exact', 100],
      ['suffix', 98],
      ['one word fewer', 83],
      ['two more words', 75],
    ]);
    expect(lookup({ from: 'ckb', to: 'en', text: 'سەرۆکی هەرێمی کوردستان سەردانی بەغدای کرد', limit: 2 }).map((m) => m.targetText)).toEqual(['exact', 'suffix']);
    expect(lookup({ from: 'ckb', to: 'en', text: 'سەرۆکی هەرێمی کوردستان سەردانی بەغدای کرد' })).toHaveLength(4);
  });

  it('puts the newer translation first among equal scores', () => {
    store(pair('the leaders met in Erbil', 'older', 'en', 'ckb'));
    store(pair('the leader met in Erbil!', 'newer', 'en', 'ckb'));
    store(pair('the leader met in Erbil.', 'newest', 'en', 'ckb'));
    const matches = lookup({ from: 'en', to: 'ckb', text: 'the leader met in Erbil?' });
    expect(matches.map((m) => [m.targetText, m.score])).toEqual([
      ['newest', 99],
      ['newer', 99],
      ['older', 97],
    ]);
  });

  it('gives nothing for a text without words, unless it is stored as it is', () => {
    store(pair('هەولێر', 'Erbil'));
    expect(lookup({ from: 'ckb', to: 'en', text: '' })).toEqual([]);
    expect(lookup({ from: 'ckb', to: 'en', text: '   ' })).toEqual([]);
    expect(lookup({ from: 'ckb', to: 'en', text: '…' })).toEqual([]);
  });

  it('answers a query of the longest allowed text quickly, long stored pairs included', () => {
    const sentences = soraniSentences();
    const long = (offset: number) => {
      let text = '';
      for (let i = offset; text.length < 19_000; i++) text += `${sentences[i % sentences.length]} `;
      return text.slice(0, 20_000);
    };
    library.db.exec('BEGIN');
    memory.store(Array.from({ length: 30 }, (_, i) => pair(long(i), `long ${i}`)), tick());
    library.db.exec('COMMIT');
    const started = performance.now();
    const matches = lookup({ from: 'ckb', to: 'en', text: long(0) });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(matches[0]).toMatchObject({ targetText: 'long 0', score: 100 });
  });

  it('finds what a scan of every pair finds, on fixture sentences with suffixes, deletions, insertions and replaced words', () => {
    const sentences = soraniSentences();
    expect(sentences.length).toBeGreaterThan(300);
    library.db.exec('BEGIN');
    memory.store(
      sentences.map((s, i) => pair(s, `T${i}`)),
      tick(),
    );
    library.db.exec('COMMIT');
    const stored = (library.db.prepare("SELECT source_text, target_text FROM tm_pairs WHERE from_lang = 'ckb'").all() as { source_text: string; target_text: string }[]).map(
      (row) => ({ target: row.target_text, folded: foldForSearch(row.source_text), words: wordsOfFolded(foldForSearch(row.source_text)) }),
    );
    // The scan: every pair scored as tmScore does (banded, which tm-score.test.ts checks against the full distance).
    const costs = new Map<string, number>();
    const cost = (a: string, b: string) => {
      const key = `${a}\u0000${b}`;
      let value = costs.get(key);
      if (value === undefined) costs.set(key, (value = wordDistance(a, b)));
      return value;
    };
    const scan = (text: string) => {
      const folded = foldForSearch(text);
      const words = wordsOfFolded(folded);
      return stored
        .map((row) => {
          if (row.folded === folded) return { target: row.target, score: 100 };
          const limit = maxDistance(words.length, row.words.length);
          return { target: row.target, score: scoreOfDistance(weightedWordDistance(words, row.words, limit, cost), words.length, row.words.length) };
        })
        .filter((m) => m.score >= 70)
        .sort((a, b) => b.score - a.score);
    };

    const random = seededRandom(42);
    const suffixes = ['ی', 'ەکە', 'ەکان', 'یش', 'دا'];
    let checked = 0;
    let nonTrivial = 0;
    for (let q = 0; q < 120; q++) {
      const words = (sentences[Math.floor(random() * sentences.length)] as string).split(/\s+/u);
      // Up to three edits of kinds that keep (suffix) or lose (replace, delete, insert) a word's key.
      const edits = 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * words.length);
        const kind = random();
        const other = (sentences[Math.floor(random() * sentences.length)] as string).split(/\s+/u);
        const stranger = other[Math.floor(random() * other.length)] as string;
        if (kind < 0.4) words[at] = `${words[at]}${suffixes[Math.floor(random() * suffixes.length)]}`;
        else if (kind < 0.6 && words.length > 1) words.splice(at, 1);
        else if (kind < 0.8) words.splice(at, 0, stranger);
        else words[at] = stranger;
      }
      const text = words.join(' ');
      const expected = scan(text);
      const found = lookup({ from: 'ckb', to: 'en', text, limit: 20 });
      expect(found.map((m) => m.score), text).toEqual(expected.slice(0, 20).map((m) => m.score));
      // Every match above the last score returned is there (at that score, ties may be cut by the limit).
      const cutoff = found.at(-1)?.score ?? 101;
      const targets = found.map((m) => m.targetText);
      for (const match of expected.filter((m) => m.score > cutoff)) expect(targets, text).toContain(match.target);
      checked++;
      if (expected.some((m) => m.score < 100)) nonTrivial++;
    }
    expect(checked).toBe(120);
    expect(nonTrivial).toBeGreaterThan(60);
  });
});
