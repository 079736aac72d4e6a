import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root: above tests/, or above out/bench/node/ when the bench bundles this file. */
export const REPO_ROOT = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const up = path.dirname(dir);
    if (existsSync(path.join(up, 'tests/fixtures/text'))) return up;
    dir = up;
  }
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
})();
/** Real English, Sorani and Badini text (tests/fixtures/text/README.md). */
export const FIXTURES_DIR = path.join(REPO_ROOT, 'tests/fixtures/text');

export function readFixture(name: string): string {
  return readFileSync(path.join(FIXTURES_DIR, name), 'utf8');
}

/** Non-empty lines of a fixture text file. */
export function fixtureLines(name: string): string[] {
  return readFixture(name)
    .split('\n')
    .filter((line) => line.trim() !== '');
}
