// @vitest-environment node
/**
 * The pre-publish checks and the other passes over a whole article on very
 * long articles (issue 18 §3): they finish, whatever the number of findings,
 * and never overflow the stack. Times are the bench's business
 * (tests/bench/qa-case.ts), not asserted here.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ArticleSchema, type Body, type SerializedNode } from '../../shared/article';
import { checkArticle, hasErrors } from '../../shared/qa';
import { MAX_FINDINGS_PER_SEGMENT_CODE } from '../../shared/qa';
import { bodyToPlainText } from '../../shared/render/plain-text';
import { bodyToHtml } from '../../shared/render/body-html';
import { segmentsOf } from '../../shared/translation/segments-of';
import type { ServiceTable } from '../../shared/api';
import { doubledWordsArticle, longTranslatedArticle } from './long-article';
import { tempLibrary, type TempLibrary } from './helpers/library';

vi.setConfig({ testTimeout: 120_000 });

describe('checks on long articles', () => {
  // 20,000 translated paragraphs are more than a body may hold (5 M characters of JSON): checkArticle is handed them directly.
  it('checks 20,000 translated paragraphs in three languages', () => {
    const article = longTranslatedArticle(20_000);
    const findings = checkArticle(article);
    // The numbers of each paragraph were changed in translation ("(n)" is kept, the rest differs): findings, not a crash.
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.filter((f) => f.code === 'translation.missing')).toEqual([]);
  });

  it('checks the 6,000 short paragraphs of the finding (1.55 M characters, a finding every other word): no stack overflow', () => {
    const article = ArticleSchema.parse(doubledWordsArticle(6_000));
    expect(JSON.stringify(article.versions.en!.body).length).toBeGreaterThan(1_550_000);
    // Before: "Maximum call stack size exceeded", from a spread of every finding as arguments.
    const findings = checkArticle(article);
    expect(hasErrors(findings)).toBe(true);
    const doubled = findings.filter((f) => f.code === 'words.doubled');
    // 63 repeats a paragraph; the first MAX_FINDINGS_PER_SEGMENT_CODE of each are reported.
    expect(doubled).toHaveLength(6_000 * MAX_FINDINGS_PER_SEGMENT_CODE);
    expect(doubled.slice(0, 2).map((f) => f.range)).toEqual([
      { start: 4, end: 7 },
      { start: 8, end: 11 },
    ]);
  });

  it('20,000 paragraphs of repeated words: still a bounded, sorted list', () => {
    const findings = checkArticle(doubledWordsArticle(20_000, 120));
    expect(findings.filter((f) => f.code === 'words.doubled').length).toBeLessThanOrEqual(20_000 * MAX_FINDINGS_PER_SEGMENT_CODE);
    // English first, in reading order; the missing versions after it.
    expect(findings[0]).toMatchObject({ code: 'words.doubled', lang: 'en', range: { start: 4, end: 7 } });
    expect(findings.slice(-2).map((f) => [f.code, f.lang])).toEqual([
      ['version.missing', 'ckb'],
      ['version.missing', 'kmr'],
    ]);
  });
});

describe('other passes over a whole body never recurse without bound', () => {
  /** A body handed in directly (no schema on the way): 100,000 quotes nested in each other. */
  function nestedBody(depth: number): Body {
    let node: SerializedNode = { type: 'text', version: 1, text: 'deep' };
    for (let i = 0; i < depth; i++) node = { type: 'quote', version: 1, children: [node] };
    return { root: { type: 'root', version: 1, children: [node] } };
  }

  it('plain text, segments and HTML of a body nested 100,000 deep', () => {
    const body = nestedBody(100_000);
    expect(bodyToPlainText(body)).toBe('deep');
    expect(segmentsOf({ headline: '', standfirst: '', dateline: '', byline: '', leadImageCaption: '', leadImageAlt: '', body, fieldLinks: {} }).at(-1)?.text).toBe('deep');
    // HTML stops at the schema's depth instead.
    expect(() => bodyToHtml(body, { dir: 'ltr', imageSrc: (sha) => `media/${sha}` })).not.toThrow();
  });
});

describe('through the services: checkArticle and exportArticle answer on the article of the finding', () => {
  let temp: TempLibrary;
  let table: ServiceTable;
  beforeEach(() => {
    temp = tempLibrary('qelem-qa-long-');
    table = temp.table();
  });
  afterEach(() => temp.dispose());

  it('answers with the findings, not internal', async () => {
    const created = await table.createArticle({ sourceLang: 'en' });
    if (!created.ok) throw new Error(created.error.message);
    const { versions } = doubledWordsArticle(6_000);
    const saved = await table.saveVersion({ id: created.value.id, lang: 'en', baseRevision: 1, content: versions.en! });
    expect(saved.ok, JSON.stringify(!saved.ok && saved.error)).toBe(true);
    const check = await table.checkArticle({ id: created.value.id });
    expect(check.ok && check.value.findings.length).toBeGreaterThan(6_000);
    const exported = await table.exportArticle({ id: created.value.id, acceptWarnings: true, note: '' });
    expect(exported).toMatchObject({ ok: false, error: { code: 'invalid_input', refusal: 'qa_errors' } });
  });
});
