// @vitest-environment node
import { describe, expect, it } from 'vitest';
import type { Body, SerializedNode, VersionContent } from '../../shared/article';
import type { LanguageKey } from '../../shared/languages';
import { alignSegments, dominantSource } from '../../shared/translation/align';
import { hashSegmentText } from '../../shared/translation/hash';
import type { FieldLinks, LinkStatus, SegmentLink } from '../../shared/translation/segment';
import { segmentsOf, type Segment } from '../../shared/translation/segments-of';
import { fixtureLines } from '../shared-fixtures';
import { paragraph } from './body-fixtures';

// The English seed article is the source; Sorani news lines stand in for its translation's text.
const seed = fixtureLines('seed-article-en.txt').map((line) => line.trim());
const headline = seed[1]!;
const paragraphs = seed.slice(seed.findIndex((line) => line.startsWith('SULAIMANI')));
const sorani = fixtureLines('sorani-news-sample.txt');

const idOf = (n: number) => `s${String(n).padStart(11, '0')}`;
const targetIdOf = (n: number) => `t${String(n).padStart(11, '0')}`;

const bodyOf = (children: SerializedNode[]): Body => ({ root: { type: 'root', version: 1, direction: 'ltr', format: '', indent: 0, children } });
const version = (children: SerializedNode[], fields: Partial<VersionContent> = {}): VersionContent => ({
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

/** A link as the translate screen writes it: a draft records no hash, done and approved record the source text. */
function link(source: string, sourceText: string, status: LinkStatus = 'done', from: LanguageKey = 'en'): SegmentLink {
  return status === 'draft' ? { from, source, status, sourceHash: null, sourceText: null } : { from, source, status, sourceHash: hashSegmentText(sourceText), sourceText };
}

/** The source: the seed article's headline and paragraphs, paragraph n with id idOf(n). */
function sourceVersion(texts: readonly string[] = paragraphs, ids: readonly number[] = texts.map((_, n) => n)): Segment[] {
  return segmentsOf(version(texts.map((t, k) => paragraph(t, { seg: idOf(ids[k]!) })), { headline }));
}

/** A target with one translated paragraph per source paragraph, each with `status` unless overridden. */
function targetVersion(
  statuses: Partial<Record<number, LinkStatus | null>> = {},
  fieldLinks: FieldLinks = { headline: link('headline', headline) },
  extra: SerializedNode[] = [],
): Segment[] {
  const blocks = paragraphs.map((p, n) => {
    const status = n in statuses ? statuses[n] : 'done';
    return paragraph(sorani[n]!, status === null || status === undefined ? { seg: targetIdOf(n) } : { seg: targetIdOf(n), link: link(idOf(n), p, status) });
  });
  return segmentsOf(version([...blocks, ...extra], { headline: sorani[100]!, fieldLinks }));
}

describe('alignSegments', () => {
  it('has one row per counted source segment, in source order, each with its linked target', () => {
    const { rows, orphans, unlinked } = alignSegments('en', sourceVersion(), targetVersion());
    expect(rows.map((row) => row.source.id)).toEqual(['headline', ...paragraphs.map((_, n) => idOf(n))]);
    expect(rows[0]!.targets.map((t) => t.id)).toEqual(['headline']);
    expect(rows[1]!.targets.map((t) => t.id)).toEqual([targetIdOf(0)]);
    expect(rows[1]!.targets[0]!.text).toBe(sorani[0]);
    expect(rows.every((row) => row.state === 'done')).toBe(true);
    expect(orphans).toEqual([]);
    expect(unlinked).toEqual([]);
  });

  it('derives every state: missing, draft, done, stale, approved', () => {
    const source = sourceVersion();
    const target = targetVersion({ 0: null, 1: 'draft', 2: 'done', 3: 'approved' }, {});
    // Paragraph 4's translation was done against other text: stale.
    const stale = target.find((s) => s.id === targetIdOf(4))!;
    stale.link = link(idOf(4), 'Nearly four years after defeating ISIS territorially.');
    const { rows, unlinked } = alignSegments('en', source, target);
    expect(rows.slice(0, 6).map((row) => row.state)).toEqual(['missing', 'missing', 'draft', 'done', 'approved', 'stale']);
    // The headline and paragraph 0's block have no link: they translate nothing, so they are unlinked.
    expect(unlinked.map((s) => s.id)).toEqual(['headline', targetIdOf(0)]);
    expect(rows[0]!.state).toBe('missing');
    expect(rows[1]!.targets).toEqual([]);
  });

  it('goes stale when the source paragraph is edited, and done again when re-marked', () => {
    const target = targetVersion();
    const edited = [...paragraphs];
    edited[7] = edited[7]!.replace('about 2,500 U.S. troops', 'about 2,600 U.S. troops');
    const before = alignSegments('en', sourceVersion(edited), target);
    expect(before.rows[8]!.source.id).toBe(idOf(7));
    expect(before.rows[8]!.state).toBe('stale');
    expect(before.progress).toMatchObject({ done: paragraphs.length, stale: 1 });

    // The translator updates the translation and marks it done: the link records the new text.
    const redone = target.map((s) => (s.id === targetIdOf(7) ? { ...s, link: link(idOf(7), edited[7]!) } : s));
    const after = alignSegments('en', sourceVersion(edited), redone);
    expect(after.rows[8]!.state).toBe('done');
    expect(after.progress.stale).toBe(0);
  });

  it('does not go stale on a spacing-only or Kurdish spelling-only edit of the source', () => {
    const spaced = paragraphs.map((p, n) => (n === 2 ? `  ${p.replace(/ /g, '  ')}\n` : p));
    expect(alignSegments('en', sourceVersion(spaced), targetVersion()).progress.stale).toBe(0);

    // A Sorani source: an Arabic-keyboard yeh and kaf spell the same text.
    const source = segmentsOf(version([paragraph('ئەنجومەنی پارێزگاي دیالە كۆبووەوە', { seg: idOf(0) })]));
    const target = segmentsOf(version([paragraph('The Diyala council met', { seg: targetIdOf(0), link: link(idOf(0), 'ئەنجومەنی پارێزگای دیالە کۆبووەوە', 'done', 'ckb') })]));
    expect(alignSegments('ckb', source, target).rows[0]!.state).toBe('done');
  });

  it('keeps the translation of a removed source paragraph as an orphan', () => {
    const kept = paragraphs.map((_, n) => n).filter((n) => n !== 5);
    const source = sourceVersion(kept.map((n) => paragraphs[n]!), kept);
    const { rows, orphans, progress } = alignSegments('en', source, targetVersion());
    expect(rows.map((row) => row.source.id)).not.toContain(idOf(5));
    expect(orphans.map((s) => s.id)).toEqual([targetIdOf(5)]);
    expect(orphans[0]!.text).toBe(sorani[5]);
    expect(progress).toMatchObject({ total: paragraphs.length, done: paragraphs.length, orphaned: 1 });
  });

  it('treats an emptied source paragraph as removed: not a row, its translation an orphan', () => {
    const emptied = paragraphs.map((p, n) => (n === 3 ? '  ' : p));
    const { rows, orphans } = alignSegments('en', sourceVersion(emptied), targetVersion());
    expect(rows).toHaveLength(paragraphs.length); // headline + all paragraphs but one
    expect(orphans.map((s) => s.id)).toEqual([targetIdOf(3)]);
  });

  it('shows a paragraph added to the source as missing, at its place', () => {
    const texts = [...paragraphs.slice(0, 4), 'Kadhimi will meet Biden on Monday.', ...paragraphs.slice(4)];
    const ids = [0, 1, 2, 3, 999, ...paragraphs.slice(4).map((_, k) => k + 4)];
    const { rows, progress } = alignSegments('en', sourceVersion(texts, ids), targetVersion());
    expect(rows[5]!.source.id).toBe(idOf(999));
    expect(rows[5]!.state).toBe('missing');
    expect(rows[5]!.targets).toEqual([]);
    expect(rows[6]!.source.id).toBe(idOf(4));
    expect(rows[6]!.state).toBe('done');
    expect(progress).toMatchObject({ total: paragraphs.length + 2, missing: 1, done: paragraphs.length + 1 });
  });

  it('lists blocks with no link, or a link from another language, as unlinked', () => {
    const extra = [
      paragraph('بەهۆیەوە سێ پاسەوانی برینداربوون', { seg: 'x00000000001' }),
      paragraph('ژ لایێ نڤیسەری ڤە', { seg: 'x00000000002', link: link(idOf(0), paragraphs[0]!, 'done', 'kmr') }),
      paragraph('', { seg: 'x00000000003' }), // empty: not counted, not listed
    ];
    const { unlinked, orphans, progress } = alignSegments('en', sourceVersion(), targetVersion({}, undefined, extra));
    expect(unlinked.map((s) => s.id)).toEqual(['x00000000001', 'x00000000002']);
    expect(orphans).toEqual([]);
    expect(progress.done).toBe(paragraphs.length + 1);
  });

  it('joins a source paragraph split into two target paragraphs, and takes the least finished state', () => {
    const source = sourceVersion();
    const split = (a: LinkStatus, b: LinkStatus, textB = paragraphs[0]!) =>
      segmentsOf(
        version([
          paragraph(sorani[0]!, { seg: targetIdOf(0), link: link(idOf(0), paragraphs[0]!, a) }),
          paragraph(sorani[1]!, { seg: targetIdOf(1), link: link(idOf(0), textB, b) }),
        ]),
      );
    const row = (target: Segment[]) => alignSegments('en', source, target).rows[1]!;
    expect(row(split('approved', 'approved')).state).toBe('approved');
    expect(row(split('approved', 'approved')).targets.map((t) => t.id)).toEqual([targetIdOf(0), targetIdOf(1)]);
    expect(row(split('approved', 'done')).state).toBe('done');
    expect(row(split('done', 'draft')).state).toBe('draft');
    expect(row(split('approved', 'approved', 'older text')).state).toBe('stale');
    expect(row(split('draft', 'done', 'older text')).state).toBe('draft');
  });

  it('aligns fields through fieldLinks, and an empty source field is no row', () => {
    const source = segmentsOf(version([], { headline, byline: 'Zhyan News Network' }));
    const target = segmentsOf(
      version([], {
        headline: 'عێراق پێویستی بە هێزی جەنگی ئەمریکا نییە',
        byline: 'تۆڕی هەواڵی ژیان',
        fieldLinks: { headline: link('headline', headline, 'approved'), byline: link('byline', 'Zhyan News', 'done') },
      }),
    );
    const { rows, progress } = alignSegments('en', source, target);
    expect(rows.map((row) => [row.source.id, row.state])).toEqual([
      ['headline', 'approved'],
      ['byline', 'stale'],
    ]);
    expect(progress).toEqual({ from: 'en', total: 2, missing: 0, draft: 0, done: 0, stale: 1, approved: 1, orphaned: 0 });
  });

  it('counts progress per state', () => {
    const target = targetVersion({ 0: null, 1: 'draft', 2: 'draft', 3: 'approved', 4: 'approved', 5: 'approved' });
    const edited = paragraphs.map((p, n) => (n === 6 ? p + ' More.' : p));
    const { progress } = alignSegments('en', sourceVersion(edited), target);
    expect(progress).toEqual({
      from: 'en',
      total: paragraphs.length + 1,
      missing: 1,
      draft: 2,
      done: paragraphs.length + 1 - 1 - 2 - 3 - 1,
      stale: 1,
      approved: 3,
      orphaned: 0,
    });
  });

  it('gives an empty target all-missing rows', () => {
    const { rows, progress } = alignSegments('en', sourceVersion(), []);
    expect(rows.every((row) => row.state === 'missing')).toBe(true);
    expect(progress).toEqual({ from: 'en', total: paragraphs.length + 1, missing: paragraphs.length + 1, draft: 0, done: 0, stale: 0, approved: 0, orphaned: 0 });
  });

  it('aligns a 2,000-word article with three versions in well under 5 ms', () => {
    const copies = 4;
    const texts = Array.from({ length: copies }, () => paragraphs).flat();
    const source = sourceVersion(texts);
    const words = texts.join(' ').split(/\s+/).length;
    expect(words).toBeGreaterThan(2000);
    const targetOf = (lang: LanguageKey) =>
      segmentsOf(version(texts.map((t, n) => paragraph(sorani[n % sorani.length]!, { seg: targetIdOf(n), link: link(idOf(n), n % 7 === 0 ? 'old' : t, n % 5 === 0 ? 'approved' : 'done', lang === 'kmr' && n % 2 ? 'ckb' : 'en') }))));
    const ckb = targetOf('ckb');
    const kmr = targetOf('kmr');
    const median = (times: number[]) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
    const time = (from: Segment[]) => {
      const start = performance.now();
      alignSegments('en', from, ckb);
      alignSegments('en', from, kmr);
      return performance.now() - start;
    };
    // Source texts never seen before (every hash computed), then the same source again (the common case while typing).
    const fresh = Array.from({ length: 15 }, (_, run) => sourceVersion(texts.map((t) => `${t} (${run})`)));
    expect(median(fresh.map(time))).toBeLessThan(5);
    expect(median(Array.from({ length: 15 }, () => time(source)))).toBeLessThan(5);
    // Every seventh was done against 'old'; the headline has no translation.
    expect(alignSegments('en', source, ckb).progress).toMatchObject({ total: texts.length + 1, missing: 1, stale: Math.ceil(texts.length / 7) });
  });
});

describe('dominantSource', () => {
  const withLinks = (froms: (LanguageKey | null)[]) =>
    segmentsOf(version(froms.map((from, n) => paragraph(`text ${n}`, from === null ? { seg: targetIdOf(n) } : { seg: targetIdOf(n), link: link(idOf(n), 'x', 'done', from) }))));

  it('is the language most links point to', () => {
    expect(dominantSource(withLinks(['ckb', 'ckb', 'en', null, null, null]), 'en')).toBe('ckb');
    expect(dominantSource(withLinks(['en', 'kmr', 'kmr', 'kmr', 'ckb']), 'ckb')).toBe('kmr');
  });

  it('falls back on no links and on a tie', () => {
    expect(dominantSource(withLinks([null, null]), 'kmr')).toBe('kmr');
    expect(dominantSource([], 'en')).toBe('en');
    expect(dominantSource(withLinks(['ckb', 'en']), 'kmr')).toBe('kmr');
    expect(dominantSource(withLinks(['ckb', 'en', 'ckb', 'en']), 'en')).toBe('en');
  });

  it('counts field links too, and ignores empty blocks', () => {
    const segments = segmentsOf(
      version([paragraph('', { seg: targetIdOf(0), link: link(idOf(0), 'x', 'done', 'kmr') }), paragraph('', { seg: targetIdOf(1), link: link(idOf(1), 'x', 'done', 'kmr') })], {
        headline: 'سەردێڕ',
        fieldLinks: { headline: link('headline', headline, 'done', 'ckb') },
      }),
    );
    expect(dominantSource(segments, 'en')).toBe('ckb');
  });
});
