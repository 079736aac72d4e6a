// @vitest-environment node
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Body, SerializedNode, VersionContent } from '../../shared/article';
import type { LanguageKey } from '../../shared/languages';
import { hashSegmentText } from '../../shared/translation/hash';
import type { FieldLinks, LinkStatus, SegmentLink, TranslationProgress } from '../../shared/translation/segment';
import { segmentsOf } from '../../shared/translation/segments-of';
import { createLibraryService, type LibraryService } from '../../electron/services/library';
import {
  memoryPairs,
  parseSummary,
  progressOf,
  segmentsOfSummary,
  sourceSegmentsForTarget,
  summarize,
  type SegmentSummary,
} from '../../shared/translation/progress';
import type { Library } from '../../electron/store/library';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../electron/store/migrations';
import { createTranslationMemory } from '../../electron/store/translation-memory';
import { seededRandom } from '../seeded-random';
import { fixtureLines } from '../shared-fixtures';
import { paragraph } from './body-fixtures';
import { contractCall, steppingClock, tempDir, removeDir, tempLibrary, type TempLibrary } from './helpers/library';

const sorani = fixtureLines('sorani-news-sample.txt').slice(0, 12);
const english = fixtureLines('seed-article-en.txt').filter((l) => l.split(' ').length > 6);

const seg = (n: number) => `s${String(n).padStart(11, '0')}`;
const tseg = (n: number) => `t${String(n).padStart(11, '0')}`;

const bodyOf = (children: SerializedNode[]): Body => ({ root: { type: 'root', version: 1, direction: 'rtl', format: '', indent: 0, children } });
const content = (children: SerializedNode[], fields: Partial<VersionContent> = {}): VersionContent => ({
  headline: '',
  standfirst: '',
  dateline: '',
  byline: '',
  leadImageCaption: '',
  leadImageAlt: '',
  body: bodyOf(children),
  fieldLinks: {},
  ...fields,
});

/** A link as the translate screen writes it (shared/translation/edit-target.ts). */
function link(source: string, sourceText: string, status: LinkStatus = 'done', from: LanguageKey = 'ckb'): SegmentLink {
  return status === 'draft'
    ? { from, source: source as SegmentLink['source'], status, sourceHash: null, sourceText: null }
    : { from, source: source as SegmentLink['source'], status, sourceHash: hashSegmentText(sourceText), sourceText };
}

/** The Sorani source: headline and paragraphs 0..n-1 with ids seg(i). */
function source(texts: readonly string[] = sorani.slice(0, 4), headline = 'سەردێڕی هەواڵ'): VersionContent {
  return content(
    texts.map((t, i) => paragraph(t, { seg: seg(i) })),
    { headline },
  );
}

/** An English translation: paragraph i translates source paragraph i with statuses[i] (null: no link). */
function translation(sourceTexts: readonly string[], statuses: (LinkStatus | null)[], fieldLinks: FieldLinks = {}, texts = english): VersionContent {
  return content(
    statuses.map((status, i) => paragraph(texts[i] as string, status === null ? { seg: tseg(i) } : { seg: tseg(i), link: link(seg(i), sourceTexts[i] as string, status) })),
    { headline: 'News headline', fieldLinks },
  );
}

const progress = (from: LanguageKey, counts: Partial<Omit<TranslationProgress, 'from'>>): TranslationProgress => ({
  from,
  total: 0,
  missing: 0,
  draft: 0,
  done: 0,
  stale: 0,
  approved: 0,
  orphaned: 0,
  ...counts,
});

describe('segment summaries', () => {
  it('keep ids, counted flags, text hashes and links, and no text', () => {
    const segments = segmentsOf(translation(sorani, ['done', 'draft', null]));
    const summary = summarize(segments);
    expect(summary).toHaveLength(segments.length);
    expect(summary[6]).toEqual({ id: tseg(0), counted: true, hash: hashSegmentText(english[0]!), link: { from: 'ckb', source: seg(0), status: 'done', sourceHash: hashSegmentText(sorani[0]!) } });
    expect(summary[7]?.link).toEqual({ from: 'ckb', source: seg(1), status: 'draft', sourceHash: null });
    expect(summary[8]?.link).toBeNull();
    expect(summary[1]).toMatchObject({ id: 'standfirst', counted: false });
    expect(JSON.stringify(summary)).not.toContain(english[0]!.slice(0, 10));
    expect(parseSummary(JSON.stringify(summary))).toEqual(summary);
  });

  it('read as none when not worked out yet or malformed', () => {
    for (const json of ['[]', '{}', 'null', '[1]', '[{"id":"x"}]', '[{"id":"x","counted":true,"hash":"h","link":{"from":"fr"}}]', 'not json']) {
      expect(parseSummary(json)).toBeNull();
    }
  });
});

describe('sourceSegmentsForTarget', () => {
  it('gives alignSegments the same progress as the real source text, on random links, edits and splits', () => {
    const random = seededRandom(5);
    const statuses: LinkStatus[] = ['draft', 'done', 'approved'];
    for (let round = 0; round < 300; round++) {
      const count = 1 + Math.floor(random() * 6);
      const original = sorani.slice(0, count);
      // The source as it is now: some paragraphs edited since they were translated, some emptied.
      const now = original.map((t) => (random() < 0.25 ? `${t} نوێ` : random() < 0.1 ? '' : t));
      const real = segmentsOf(source(now));
      const blocks: SerializedNode[] = [];
      for (let i = 0; i < count + 1; i++) {
        const pieces = random() < 0.2 ? 2 : 1; // a split paragraph: two target blocks link one source block
        for (let p = 0; p < pieces; p++) {
          if (random() < 0.2) continue;
          const status = statuses[Math.floor(random() * 3)] as LinkStatus;
          // Translated from the original text or, now and then, from the current one.
          const from = random() < 0.5 ? original[i] ?? 'gone' : now[i] ?? 'gone';
          blocks.push(paragraph(`target ${i}.${p}`, { seg: tseg(blocks.length), link: link(seg(i), from, status) }));
        }
      }
      const target = segmentsOf(content(blocks, { headline: 'h', fieldLinks: random() < 0.5 ? { headline: link('headline', 'سەردێڕی هەواڵ') } : {} }));
      const standIn = sourceSegmentsForTarget(summarize(real), 'ckb', target);
      expect(standIn).not.toBeNull();
      expect(progressOf('ckb', standIn!, target)).toEqual(progressOf('ckb', real, target));
      // The target known by its summary only gives the same too.
      expect(progressOf('ckb', real, segmentsOfSummary(summarize(target)))).toEqual(progressOf('ckb', real, target));
    }
  });

  it('asks for the real text when a link claims the current hash with a text that does not hash to it', () => {
    const real = segmentsOf(source(['یەکەم']));
    const forged = { ...link(seg(0), 'یەکەم'), sourceText: 'دووەم' };
    const target = segmentsOf(content([paragraph('first', { seg: tseg(0), link: forged })]));
    expect(sourceSegmentsForTarget(summarize(real), 'ckb', target)).toBeNull();
  });
});

describe('memoryPairs', () => {
  const sourceSummaries = (texts: readonly string[]) => new Map([['ckb' as LanguageKey, new Map(summarize(segmentsOf(source(texts))).map((s) => [s.id, s]))]]);

  it('takes done and approved segments whose source has not changed, with the recorded source text', () => {
    const segments = segmentsOf(translation(sorani, ['done', 'approved', 'draft', null], { headline: link('headline', 'سەردێڕی هەواڵ', 'done') }));
    const summary = summarize(segments);
    const pairs = memoryPairs('en', segments, summary, null, sourceSummaries(sorani.slice(0, 4)));
    expect(pairs).toEqual([
      { from: 'ckb', to: 'en', sourceText: 'سەردێڕی هەواڵ', targetText: 'News headline' },
      { from: 'ckb', to: 'en', sourceText: sorani[0], targetText: english[0] },
      { from: 'ckb', to: 'en', sourceText: sorani[1], targetText: english[1] },
    ]);
    expect(summary.filter((s) => s.tm).map((s) => s.id)).toEqual(['headline', tseg(0), tseg(1)]);
  });

  it('leaves out a stale segment (its source changed since it was done)', () => {
    const segments = segmentsOf(translation(sorani, ['done', 'done']));
    const changed = [sorani[0]!, `${sorani[1]} زیاتر`];
    expect(memoryPairs('en', segments, summarize(segments), null, sourceSummaries(changed)).map((p) => p.targetText)).toEqual([english[0]]);
  });

  it('skips a pair stored at the previous save when neither text nor link changed', () => {
    const first = segmentsOf(translation(sorani, ['done', 'done']));
    const firstSummary = summarize(first);
    expect(memoryPairs('en', first, firstSummary, null, sourceSummaries(sorani))).toHaveLength(2);
    // The next autosave: the same, then paragraph 1 re-translated.
    const again = summarize(first);
    expect(memoryPairs('en', first, again, firstSummary, sourceSummaries(sorani))).toEqual([]);
    expect(again.filter((s) => s.tm)).toHaveLength(2);
    const edited = segmentsOf(translation(sorani, ['done', 'done'], {}, [english[0]!, 'A better translation.']));
    expect(memoryPairs('en', edited, summarize(edited), again, sourceSummaries(sorani)).map((p) => p.targetText)).toEqual(['A better translation.']);
  });

  it('stores a pair that was stale at the previous save once its source is back', () => {
    const segments = segmentsOf(translation(sorani, ['done']));
    const previous: SegmentSummary[] = summarize(segments);
    expect(memoryPairs('en', segments, previous, null, sourceSummaries([`${sorani[0]} x`]))).toEqual([]);
    expect(memoryPairs('en', segments, summarize(segments), previous, sourceSummaries(sorani))).toHaveLength(1);
  });
});

describe('progress and memory through the library service', () => {
  let temp: TempLibrary;
  let library: Library;
  let service: LibraryService;

  beforeEach(() => {
    temp = tempLibrary('qelem-progress-');
    library = temp.library;
    service = createLibraryService(temp.context({ now: steppingClock('2025-03-01T08:00:00.000Z') }));
  });

  afterEach(() => temp.dispose());

  const call = contractCall(() => service);

  const summaryOf = (id: string) => call('listArticles', {}).items.find((i) => i.id === id)!;
  const lookup = (text: string, from: LanguageKey = 'ckb', to: LanguageKey = 'en') =>
    createTranslationMemory(library.db).lookup({ from, to, text, limit: 5 }).matches;

  /** A Sorani article with four paragraphs; returns its id. */
  function sourceArticle(texts = sorani.slice(0, 4)): string {
    const created = call('createArticle', { sourceLang: 'ckb' });
    call('saveVersion', { id: created.id, lang: 'ckb', baseRevision: 1, content: source(texts) });
    return created.id;
  }

  it('stores each translation’s progress against its source; the source has none', () => {
    const id = sourceArticle();
    expect(summaryOf(id).progress).toEqual({});
    call('saveVersion', {
      id,
      lang: 'en',
      baseRevision: 0,
      content: translation(sorani, ['done', 'approved', 'draft'], { headline: link('headline', 'سەردێڕی هەواڵ') }),
    });
    // Source: headline + 4 paragraphs.
    const expected = progress('ckb', { total: 5, done: 2, approved: 1, draft: 1, missing: 1 });
    expect(summaryOf(id).progress).toEqual({ en: expected });
    expect(call('searchArticles', { query: 'News headline' }).items[0]?.progress).toEqual({ en: expected });
    expect(call('trashArticle', { id }).progress).toEqual({ en: expected });
    expect(call('restoreArticle', { id }).progress).toEqual({ en: expected });
  });

  it('turns a done translation stale when its source changes, without the translation being saved', () => {
    const id = sourceArticle();
    call('saveVersion', { id, lang: 'en', baseRevision: 0, content: translation(sorani, ['done', 'done', 'done', 'done']) });
    expect(summaryOf(id).progress.en).toEqual(progress('ckb', { total: 5, done: 4, missing: 1 }));
    const edited = [sorani[0]!, `${sorani[1]} (نوێکراوە)`, sorani[2]!, sorani[3]!];
    call('saveVersion', { id, lang: 'ckb', baseRevision: 2, content: source(edited) });
    expect(summaryOf(id).progress.en).toEqual(progress('ckb', { total: 5, done: 3, stale: 1, missing: 1 }));
    // Re-typing the same words with Arabic letters and extra spaces is no change.
    call('saveVersion', { id, lang: 'ckb', baseRevision: 3, content: source([sorani[0]!.replaceAll('ک', 'ك').replaceAll(' ', '  '), ...edited.slice(1)]) });
    expect(summaryOf(id).progress.en).toEqual(progress('ckb', { total: 5, done: 3, stale: 1, missing: 1 }));
    // A removed source paragraph leaves its translation orphaned.
    call('saveVersion', { id, lang: 'ckb', baseRevision: 4, content: source(edited.slice(0, 3)) });
    expect(summaryOf(id).progress.en).toEqual(progress('ckb', { total: 4, done: 2, stale: 1, missing: 1, orphaned: 1 }));
  });

  it('counts a translation of a translation against the version most of its links point to', () => {
    const id = sourceArticle(sorani.slice(0, 2));
    call('saveVersion', { id, lang: 'en', baseRevision: 0, content: translation(sorani, ['done', 'done']) });
    // Badini translated from the English version.
    const fromEnglish = content(
      [paragraph('وەرگێڕان', { seg: tseg(9), link: link(tseg(0), english[0]!, 'done', 'en') })],
      { headline: 'سەرناڤ' },
    );
    call('saveVersion', { id, lang: 'kmr', baseRevision: 0, content: fromEnglish });
    expect(summaryOf(id).progress.kmr).toEqual(progress('en', { total: 3, done: 1, missing: 2 }));
    // A save of the Sorani source leaves it alone; a save of the English version recounts it.
    call('saveVersion', { id, lang: 'ckb', baseRevision: 2, content: source([sorani[0]!, 'گۆڕا']) });
    expect(summaryOf(id).progress).toMatchObject({ en: progress('ckb', { total: 3, done: 1, stale: 1, missing: 1 }), kmr: progress('en', { total: 3, done: 1, missing: 2 }) });
    call('saveVersion', { id, lang: 'en', baseRevision: 1, content: translation(sorani, ['done', 'done'], {}, ['Changed.', english[1]!]) });
    expect(summaryOf(id).progress.kmr).toEqual(progress('en', { total: 3, stale: 1, missing: 2 }));
  });

  it('recounts after restoreRevision', () => {
    const id = sourceArticle();
    call('saveVersion', { id, lang: 'en', baseRevision: 0, content: translation(sorani, ['done']) });
    call('saveVersion', { id, lang: 'en', baseRevision: 1, content: translation(sorani, ['done', 'done', 'done', 'done']) });
    expect(summaryOf(id).progress.en?.done).toBe(4);
    call('restoreRevision', { id, lang: 'en', revision: 1, baseRevision: 2 });
    expect(summaryOf(id).progress.en?.done).toBe(1);
    call('restoreRevision', { id, lang: 'ckb', revision: 1, baseRevision: 2 });
    // The source's first revision was empty: every translated paragraph is orphaned.
    expect(summaryOf(id).progress.en).toEqual(progress('ckb', { total: 0, orphaned: 1 }));
  });

  it('reads the other versions from their summaries: a save never parses their bodies', () => {
    const id = sourceArticle();
    // Break the source's stored body: a save of the translation must not need it.
    library.db.prepare(`UPDATE versions SET body = '{"root":{"children":7}}' WHERE article_id = ? AND lang = 'ckb'`).run(id);
    call('saveVersion', { id, lang: 'en', baseRevision: 0, content: translation(sorani, ['done', 'draft']) });
    expect(summaryOf(id).progress.en).toEqual(progress('ckb', { total: 5, done: 1, draft: 1, missing: 3 }));
  });

  it('works out a missing summary from the body once, and survives a body it cannot read', () => {
    const id = sourceArticle();
    library.db.prepare("UPDATE versions SET segments = '[]' WHERE article_id = ?").run(id);
    call('saveVersion', { id, lang: 'en', baseRevision: 0, content: translation(sorani, ['done']) });
    expect(summaryOf(id).progress.en).toEqual(progress('ckb', { total: 5, done: 1, missing: 4 }));
    expect(parseSummary((library.db.prepare("SELECT segments FROM versions WHERE article_id = ? AND lang = 'ckb'").get(id) as { segments: string }).segments)).toHaveLength(10);

    library.db.prepare(`UPDATE versions SET segments = '[]', body = '{"root":{}}' WHERE article_id = ? AND lang = 'ckb'`).run(id);
    call('saveVersion', { id, lang: 'en', baseRevision: 1, content: translation(sorani, ['done', 'done']) });
    expect(summaryOf(id).progress.en).toEqual(progress('ckb', { total: 0, orphaned: 2 }));
  });

  it('stores finished segments in the translation memory, once, and a new translation of the same source replaces it', () => {
    const id = sourceArticle();
    call('saveVersion', { id, lang: 'en', baseRevision: 0, content: translation(sorani, ['done', 'draft']) });
    expect(lookup(sorani[0]!)).toEqual([expect.objectContaining({ sourceText: sorani[0], targetText: english[0], score: 100 })]);
    expect(lookup(sorani[1]!).filter((m) => m.score === 100)).toEqual([]);
    const stamp = () => library.db.prepare('SELECT updated_at FROM tm_pairs WHERE target_text = ?').get(english[0]!);
    const before = stamp();
    // An autosave that changes another paragraph does not rewrite the stored pair.
    call('saveVersion', { id, lang: 'en', baseRevision: 1, content: translation(sorani, ['done', 'draft'], {}, [english[0]!, 'still typing']) });
    expect(stamp()).toEqual(before);
    call('saveVersion', { id, lang: 'en', baseRevision: 2, content: translation(sorani, ['done', 'done'], {}, ['Better.', english[1]!]) });
    expect(lookup(sorani[0]!)).toEqual([expect.objectContaining({ targetText: 'Better.', score: 100 })]);
    expect(lookup(sorani[1]!)).toEqual([expect.objectContaining({ targetText: english[1], score: 100 })]);
    expect(library.db.prepare('SELECT count(*) AS n FROM tm_pairs').get()).toEqual({ n: 2 });
  });

  it('does not store a stale translation', () => {
    const id = sourceArticle();
    call('saveVersion', { id, lang: 'ckb', baseRevision: 2, content: source([`${sorani[0]} گۆڕا`, ...sorani.slice(1, 4)]) });
    // Done against the text the source had before.
    call('saveVersion', { id, lang: 'en', baseRevision: 0, content: translation(sorani, ['done']) });
    expect(library.db.prepare('SELECT count(*) AS n FROM tm_pairs').get()).toEqual({ n: 0 });
  });
});

describe('migration 5: translation state of versions saved before', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = tempDir('qelem-migrate5-');
  });
  afterEach(() => removeDir(tmp));

  it('works out summaries, progress and memory pairs for a library at schema 4', async () => {
    const file = path.join(tmp, 'qelem.db');
    const raw = new DatabaseSync(file);
    migrate(raw, MIGRATIONS.filter((m) => m.version <= 4));
    const id = '3c1f0f5e-2b4a-4c8e-9d7a-1e2f3a4b5c6d';
    const at = '2025-02-01T10:00:00.000Z';
    raw.prepare("INSERT INTO articles (id, slug, source_lang, state, meta, created_at, updated_at) VALUES (?, 'a', 'ckb', 'translating', '{}', ?, ?)").run(id, at, at);
    const insert = raw.prepare(
      'INSERT INTO versions (article_id, lang, headline, standfirst, dateline, body, field_links, body_text, revision, updated_at, search_rowid) VALUES (?, ?, ?, \'\', \'\', ?, ?, \'\', 1, ?, ?)',
    );
    const ckb = source(sorani.slice(0, 2));
    const en = translation(sorani, ['done', 'draft'], { headline: link('headline', 'سەردێڕی هەواڵ') });
    insert.run(id, 'ckb', ckb.headline, JSON.stringify(ckb.body), '{}', at, 1);
    insert.run(id, 'en', en.headline, JSON.stringify(en.body), JSON.stringify(en.fieldLinks), at, 2);
    raw.close();

    const temp = tempLibrary('', tmp);
    const { library } = temp;
    try {
      expect(schemaVersion(library.db)).toBe(LATEST_SCHEMA_VERSION);
      const rows = library.db.prepare('SELECT lang, segments, progress FROM versions ORDER BY lang').all() as { lang: string; segments: string; progress: string | null }[];
      expect(rows.map((r) => [r.lang, parseSummary(r.segments)?.length, r.progress === null ? null : JSON.parse(r.progress)])).toEqual([
        ['ckb', 8, null],
        ['en', 8, progress('ckb', { total: 3, done: 2, draft: 1 })],
      ]);
      const matches = createTranslationMemory(library.db).lookup({ from: 'ckb', to: 'en', text: sorani[0]!, limit: 5 }).matches;
      expect(matches.map((m) => m.targetText)).toEqual([english[0]]);
    } finally {
      await temp.dispose();
    }
  });
});
