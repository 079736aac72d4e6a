import { describe, expect, it } from 'vitest';
import { makeSnippet, searchTerms } from '../../electron/store/search-query';
import { fixtureLines } from '../shared-fixtures';

const filler = fixtureLines('sorani-news-sample.txt').slice(0, 12);
/** The excerpt of the lines (joined as paragraphs are) for a query. */
const snippet = (lines: string[], query: string) => makeSnippet(lines.join('\n'), searchTerms(query));

describe('makeSnippet: the excerpt around the first match (issue 16 needles)', () => {
  const deep = [...filler.slice(0, 6), 'ڕاپۆرتێکی نوێ: هێزەکانی پێشمه\u200cرگه لە «شنگال» گەیشتنە بەڕێوەبەرایەتی ناحیەکە.', ...filler.slice(6)];

  it('finds a word typed on an Arabic keyboard, a phrase, and a word after punctuation', () => {
    for (const query of ['پێشمەرگە', 'پێشمه‌رگه', '"لە شنگال"', 'شنگال،', 'ڕێوەبەرایەتی']) {
      const found = snippet(deep, query);
      // The match is deep in the text: the excerpt starts shortly before it.
      expect(found, query).toMatch(/^… /);
      expect(found, query).toContain('شنگال');
      expect(found.length, query).toBeLessThanOrEqual(170);
    }
    expect(snippet(deep, 'پێشمەرگە')).toContain('پێشمه\u200cرگه');
    expect(snippet(deep, '"لە شنگال"')).toContain('«شنگال»');
    expect(snippet(deep, 'ڕێوەبەرایەتی')).toContain('بەڕێوەبەرایەتی');
  });

  it('finds a short word as a whole word only, and the second word of a glued sentence end', () => {
    const text = ['هەواڵەکە لەلایەن بیبیسییەوە بڵاوکرایەوە', ...filler, 'ئەو باران باری.لە هەولێر ساردە'];
    expect(snippet(text, 'لە')).toContain('باری.لە هەولێر');
    expect(snippet(text, 'لە').startsWith('… ')).toBe(true);
  });

  it('starts at the text when nothing is found', () => {
    expect(snippet(filler, 'zeppelin').startsWith(filler[0]!.split(' ')[0]!)).toBe(true);
  });
});
