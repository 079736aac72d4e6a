import { describe, it } from 'vitest';

/**
 * describe(title, body) when what the tests need started; otherwise one
 * skipped test whose title says why (one line in the report).
 */
export function describeWhenStarted(unavailable: string | null, title: string, body: () => void): void {
  if (unavailable) it.skip(`${title}: skipped, ${unavailable}`, () => {});
  else describe(title, body);
}
