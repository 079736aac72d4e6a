/**
 * Seeded pseudo-random generators for tests and the bench: the same seed
 * gives the same sequence on every machine and every run. Written once here.
 */

/** A generator of numbers in [0, 1). */
export type Random = () => number;

/** mulberry32: small, fast, and the same sequence on every machine. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The linear congruential generator of Numerical Recipes (× 1,664,525
 * + 1,013,904,223 mod 2³²): each call gives the next 32-bit state, of which
 * callers take the high bits (the low ones are not random). The fixtures'
 * image noise and text are made with it: changing it changes their bytes.
 */
export function lcg32(seed: number): () => number {
  let state = seed >>> 0;
  return () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0);
}
