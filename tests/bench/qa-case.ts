import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Article } from '../../shared/article';
import { LANGUAGE_KEYS } from '../../shared/languages';
import { checkArticle } from '../../shared/qa';
import { segmentsOf } from '../../shared/translation/segments-of';
import { doubledWordsArticle, longTranslatedArticle } from '../unit/long-article';
import { alternate, summarize, type Summary } from './stats';

/**
 * Case 8 (issue 18 §3): the pre-publish checks (shared/qa checkArticle, what
 * checkArticle and exportArticle run first) on a 20,000-paragraph article in
 * three languages, every translation linked and marked done, its numbers
 * differing (findings to make and sort); target: under 2 s, median. Baseline,
 * in the same run and alternating with it: reading the same article's
 * segments (segmentsOf of each version: the plain text of every block, where
 * every check starts). For the record, the article of the finding: 6,000
 * short paragraphs of one word repeated, a finding every other word, which
 * overflowed the stack before.
 */
export interface QaResults {
  paragraphs: number;
  findings: number;
  checks: Summary;
  checksCpu: Summary;
  baseline: Summary;
  repeated: { paragraphs: number; characters: number; findings: number; checks: Summary };
}

const segmentsOfArticle = (article: Article) => {
  let n = 0;
  for (const lang of LANGUAGE_KEYS) {
    const version = article.versions[lang];
    if (version) n += segmentsOf(version).length;
  }
  return n;
};

export async function runQaCase(repoRoot: string, rounds: number, log: (line: string) => void): Promise<QaResults> {
  const paragraphs = 20_000;
  const read = (name: string) => readFileSync(path.join(repoRoot, 'tests/fixtures/text', name), 'utf8').split('\n').filter((line) => line.trim() !== '');
  const article = longTranslatedArticle(paragraphs, read);
  log(`bench: checks: a ${paragraphs.toLocaleString('en')}-paragraph article in three languages generated`);
  const findings = checkArticle(article).length;
  const timing = await alternate(
    rounds,
    2,
    () => checkArticle(article),
    () => segmentsOfArticle(article),
  );
  const repeatedArticle = doubledWordsArticle(6_000);
  const repeatedFindings = checkArticle(repeatedArticle).length;
  const repeated = await alternate(Math.max(3, Math.floor(rounds / 2)), 1, () => checkArticle(repeatedArticle), () => undefined);
  return {
    paragraphs,
    findings,
    checks: summarize(timing.a),
    checksCpu: summarize(timing.aCpu),
    baseline: summarize(timing.b),
    repeated: { paragraphs: 6_000, characters: JSON.stringify(repeatedArticle.versions.en!.body).length, findings: repeatedFindings, checks: summarize(repeated.a) },
  };
}

export function printQaResults(r: QaResults): void {
  const row = (name: string, s: Summary) => `  ${name.padEnd(66)} median ${s.median.toFixed(0).padStart(6)} ms   p95 ${s.p95.toFixed(0).padStart(6)} ms   n ${s.n}`;
  console.log(`\n8 checks: checkArticle on ${r.paragraphs.toLocaleString('en')} paragraphs × 3 languages, ${r.findings.toLocaleString('en')} findings (target: under 2 s)`);
  console.log(row('checkArticle', r.checks));
  console.log(row('  the same, process CPU time', r.checksCpu));
  console.log(row('baseline: segmentsOf of the three versions (their plain text)', r.baseline));
  console.log(`  ratio of medians ${(r.checks.median / r.baseline.median).toFixed(1)}`);
  console.log(row(`the finding's article: ${r.repeated.paragraphs.toLocaleString('en')} paragraphs, ${(r.repeated.characters / 1e6).toFixed(2)} M characters, ${r.repeated.findings.toLocaleString('en')} findings`, r.repeated.checks));
  console.log(`  target met: ${r.checks.median < 2000 ? 'yes' : 'NO'}\n`);
}

/** `node tests/bench/run.mjs --qa-only`: this case alone, printed and written to bench-results/checks-<timestamp>.json. */
export async function runQaBench({ repoRoot, argv }: { repoRoot: string; argv: string[] }): Promise<number> {
  const quick = argv.includes('--quick');
  const started = performance.now();
  const log = (line: string) => console.log(`${line} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  const result = await runQaCase(repoRoot, quick ? 5 : 15, log);
  printQaResults(result);
  const out = path.join(repoRoot, 'bench-results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, `checks-${new Date().toISOString().replaceAll(':', '-')}.json`), `${JSON.stringify({ case: 'checks on 20,000 paragraphs', ...result, met: result.checks.median < 2000 }, null, 2)}\n`);
  return 0;
}
