import { describe, expect, it } from 'vitest';
import { percentile, ratio, summarize, textTable } from '../bench/stats';

/** The bench's pure helpers: percentiles as the benches report them, and their plain-text tables. */
describe('bench stats', () => {
  it('takes nearest-rank percentiles of unsorted samples', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 95)).toBe(10);
    expect(percentile([], 50)).toBeNaN();
    expect(summarize(samples)).toEqual({ n: 10, median: 5, p95: 10, min: 1, max: 10 });
    expect(ratio(3, 0)).toBeNaN();
  });

  it('summarises the million samples of a load case without overflowing the stack', () => {
    const samples = Array.from({ length: 1_500_000 }, (_, i) => (i * 7919) % 1_000);
    expect(summarize(samples)).toEqual({ n: 1_500_000, median: 499, p95: 949, min: 0, max: 999 });
    expect(summarize([])).toMatchObject({ n: 0, median: NaN, min: NaN });
  });

  it('lays out a table with each column as wide as its widest cell', () => {
    expect(textTable(['case', 'p95 ms'], [['desk to desk', '12'], ['bare', '3.5']])).toEqual(['case          p95 ms', '------------  ------', 'desk to desk  12', 'bare          3.5']);
    // A short row leaves its missing cells empty.
    expect(textTable(['a', 'b'], [['x']])).toEqual(['a  b', '-  -', 'x']);
  });
});
