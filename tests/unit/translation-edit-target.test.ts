import { describe, expect, it } from 'vitest';
import { emptyBody, versionContent, type SerializedNode, type VersionContent } from '../../shared/article';
import { alignSegments } from '../../shared/translation/align';
import { blockLike, copyOfSource, removeBlocks, setStatus, setTranslation, translationBlocks } from '../../shared/translation/edit-target';
import { hashSegmentText } from '../../shared/translation/hash';
import { segmentsOf, type Segment } from '../../shared/translation/segments-of';
import { readFixture } from '../shared-fixtures';
import { paragraph } from './body-fixtures';

function content(dir: 'ltr' | 'rtl', blocks: SerializedNode[], headline = ''): VersionContent {
  const base = versionContent(undefined, dir);
  return { ...base, headline, body: { root: { ...emptyBody(dir).root, children: blocks } } };
}

const seedParagraphs = readFixture('seed-article-en.txt')
  .split('\n')
  .map((line) => line.replace(/\u00a0/g, ' ').trim())
  .filter((line) => line.length > 60)
  .slice(0, 3);

const IDS = ['aaaaaaaaaaa1', 'aaaaaaaaaaa2', 'aaaaaaaaaaa3'];
const source = content(
  'ltr',
  seedParagraphs.map((text, i) => paragraph(text, { seg: IDS[i]! })),
  'Iraq does not need U.S. combat troops',
);
const sourceSegments = segmentsOf(source);
const seg = (id: string): Segment => sourceSegments.find((s) => s.id === id)!;
const state = (target: VersionContent, id: string) => alignSegments('en', segmentsOf(source), segmentsOf(target)).rows.find((r) => r.source.id === id)?.state;

describe('setTranslation', () => {
  it('a first translation replaces the empty placeholder paragraph of a new version, as a linked draft', () => {
    const target = setTranslation(versionContent(undefined, 'rtl'), 'en', seg(IDS[1]!), sourceSegments, [paragraph('بڕگەی دووەم')]);
    const children = target.body.root.children;
    expect(children).toHaveLength(1);
    expect(children[0]!.$).toMatchObject({ link: { from: 'en', source: IDS[1], status: 'draft', sourceHash: null, sourceText: null } });
    expect(String((children[0]!.$ as { seg: string }).seg)).toMatch(/^[0-9a-z]{12}$/);
    expect(state(target, IDS[1]!)).toBe('draft');
    expect(state(target, IDS[0]!)).toBe('missing');
  });

  it('puts a new translation after the translations of the source segments before it, so rows keep the source order', () => {
    let target = versionContent(undefined, 'rtl');
    target = setTranslation(target, 'en', seg(IDS[2]!), sourceSegments, [paragraph('سێیەم')]);
    target = setTranslation(target, 'en', seg(IDS[0]!), sourceSegments, [paragraph('یەکەم')]);
    target = setTranslation(target, 'en', seg(IDS[1]!), sourceSegments, [paragraph('دووەم')]);
    expect(segmentsOf(target).filter((s) => s.kind === 'block').map((s) => s.text)).toEqual(['یەکەم', 'دووەم', 'سێیەم']);
  });

  it('replaces a row in place with any number of blocks, and leaves other rows and unlinked blocks alone', () => {
    let target = content('rtl', [paragraph('سەربەخۆ', { seg: 'zzzzzzzzzzz1' })]);
    target = setTranslation(target, 'en', seg(IDS[0]!), sourceSegments, [paragraph('یەک')]);
    target = setTranslation(target, 'en', seg(IDS[1]!), sourceSegments, [paragraph('دوو')]);
    target = setTranslation(target, 'en', seg(IDS[0]!), sourceSegments, [paragraph('یەک-ا'), paragraph('یەک-ب')]);
    expect(segmentsOf(target).filter((s) => s.kind === 'block').map((s) => s.text)).toEqual(['یەک-ا', 'یەک-ب', 'دوو', 'سەربەخۆ']);
    expect(translationBlocks(target, 'en', IDS[0]!)).toHaveLength(2);
  });

  it('editing a finished translation makes it a draft again', () => {
    let target = setTranslation(versionContent(undefined, 'rtl'), 'en', seg(IDS[0]!), sourceSegments, [paragraph('یەک')]);
    target = setStatus(target, 'en', seg(IDS[0]!), 'done');
    expect(state(target, IDS[0]!)).toBe('done');
    target = setTranslation(target, 'en', seg(IDS[0]!), sourceSegments, [paragraph('یەکەم')]);
    expect(state(target, IDS[0]!)).toBe('draft');
  });

  it('fields take text and keep their link in fieldLinks', () => {
    const headline = sourceSegments.find((s) => s.id === 'headline')!;
    let target = setTranslation(versionContent(undefined, 'rtl'), 'en', headline, sourceSegments, 'عێراق پێویستی بە هێزی ئەمریکا نییە');
    expect(target.headline).toBe('عێراق پێویستی بە هێزی ئەمریکا نییە');
    expect(target.fieldLinks.headline?.status).toBe('draft');
    target = setStatus(target, 'en', headline, 'approved');
    expect(target.fieldLinks.headline).toEqual({ from: 'en', source: 'headline', status: 'approved', sourceHash: hashSegmentText(headline.text), sourceText: headline.text });
    expect(state(target, 'headline')).toBe('approved');
    expect(() => setTranslation(target, 'en', headline, sourceSegments, [paragraph('x')])).toThrow(TypeError);
  });

  it('does not change its input', () => {
    const before = versionContent(undefined, 'rtl');
    const frozen = JSON.stringify(before);
    setTranslation(before, 'en', seg(IDS[0]!), sourceSegments, [paragraph('یەک')]);
    expect(JSON.stringify(before)).toBe(frozen);
  });
});

describe('setStatus', () => {
  it('done records the source text and its hash; a later source edit makes the row stale, done again clears it', () => {
    let target = setTranslation(versionContent(undefined, 'rtl'), 'en', seg(IDS[0]!), sourceSegments, [paragraph('یەک')]);
    target = setStatus(target, 'en', seg(IDS[0]!), 'done');
    const link = segmentsOf(target).find((s) => s.kind === 'block')!.link!;
    expect(link.sourceText).toBe(seedParagraphs[0]);
    expect(link.sourceHash).toBe(hashSegmentText(seedParagraphs[0]!));

    const edited = content('ltr', [paragraph(`${seedParagraphs[0]} He spoke on Sunday.`, { seg: IDS[0]! }), paragraph(seedParagraphs[1]!, { seg: IDS[1]! })]);
    const editedSegments = segmentsOf(edited);
    expect(alignSegments('en', editedSegments, segmentsOf(target)).rows[0]!.state).toBe('stale');
    const redone = setStatus(target, 'en', editedSegments.find((s) => s.id === IDS[0])!, 'done');
    expect(alignSegments('en', editedSegments, segmentsOf(redone)).rows[0]!.state).toBe('done');
  });
});

describe('helpers', () => {
  it('copyOfSource drops segment ids and links, deep', () => {
    const list: SerializedNode = { type: 'list', listType: 'bullet', $: { seg: 'aaaaaaaaaaa9' }, children: [{ type: 'listitem', $: { x: 1 }, children: [] }] };
    expect(copyOfSource([list])).toEqual([{ type: 'list', listType: 'bullet', children: [{ type: 'listitem', children: [] }] }]);
  });

  it('blockLike keeps the kind of block and puts the text in it', () => {
    const heading: SerializedNode = { type: 'heading', tag: 'h2', version: 1, direction: 'ltr', children: [], $: { seg: 'aaaaaaaaaaa9' } };
    expect(blockLike(heading, 'سەردێڕ')).toMatchObject({ type: 'heading', tag: 'h2', direction: null, children: [{ type: 'text', text: 'سەردێڕ' }] });
    expect(blockLike(heading, '').$).toBeUndefined();
    const list: SerializedNode = { type: 'list', listType: 'number', children: [{ type: 'listitem', value: 1, children: [] }] };
    expect(blockLike(list, 'یەک')).toMatchObject({ type: 'list', listType: 'number', children: [{ type: 'listitem', children: [{ text: 'یەک' }] }] });
    expect(blockLike({ type: 'image', sha256: 'x' }, 'a')).toMatchObject({ type: 'paragraph' });
  });

  it('removeBlocks deletes an orphaned translation and never leaves a body without blocks', () => {
    const target = setTranslation(versionContent(undefined, 'rtl'), 'en', seg(IDS[0]!), sourceSegments, [paragraph('یەک')]);
    const [block] = segmentsOf(target).filter((s) => s.kind === 'block');
    const removed = removeBlocks(target, [block!.id], segmentsOf(target));
    expect(removed.body.root.children).toHaveLength(1);
    expect(segmentsOf(removed).filter((s) => s.counted && s.kind === 'block')).toEqual([]);
  });
});
