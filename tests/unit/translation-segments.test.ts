// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { emptyBody, type Body, type SerializedNode, type VersionContent } from '../../shared/article';
import { ensureSegmentIds } from '../../shared/translation/ensure-ids';
import { hashSegmentText, normalizeSegmentText } from '../../shared/translation/hash';
import { BLOCK_SEGMENT_ID, SegmentLinkSchema, type SegmentLink } from '../../shared/translation/segment';
import { blockSegmentId, blockSegmentLink, segmentsOf } from '../../shared/translation/segments-of';
import { fixtureLines } from '../shared-fixtures';

const ZWNJ = '\u200c';

// The seed article: line 2 is the headline, its body starts at "SULAIMANI".
const seed = fixtureLines('seed-article-en.txt').map((line) => line.trim());
const headline = seed[1]!;
const paragraphs = seed.slice(seed.findIndex((line) => line.startsWith('SULAIMANI')));

const text = (t: string): SerializedNode => ({ type: 'text', version: 1, text: t, format: 0, detail: 0, mode: 'normal', style: '' });
const block = (type: string, children: SerializedNode[], state?: Record<string, unknown>, extra: Record<string, unknown> = {}): SerializedNode => ({
  type,
  version: 1,
  direction: null,
  format: '',
  indent: 0,
  children,
  ...extra,
  ...(state ? { $: state } : {}),
});
const paragraph = (t: string, state?: Record<string, unknown>) => block('paragraph', t === '' ? [] : [text(t)], state, { textFormat: 0, textStyle: '' });
const image = (caption: string, alt: string, state?: Record<string, unknown>): SerializedNode => ({
  type: 'image',
  version: 1,
  sha256: 'a'.repeat(64),
  width: 800,
  height: 600,
  caption,
  alt,
  credit: 'AP Photo/Khalid Mohammed',
  ...(state ? { $: state } : {}),
});
const bodyOf = (...children: SerializedNode[]): Body => ({ root: { type: 'root', version: 1, direction: 'ltr', format: '', indent: 0, children } });

const content = (body: Body, fields: Partial<VersionContent> = {}): VersionContent => ({
  headline: '',
  standfirst: '',
  dateline: '',
  byline: '',
  leadImageCaption: '',
  leadImageAlt: '',
  body,
  fieldLinks: {},
  ...fields,
});

const ID = ['a1b2c3d4e5f6', 'k3j9x0p2q7w1', 'zz00yy11xx22', '0123456789ab'] as const;
const doneLink: SegmentLink = { from: 'en', source: ID[0], status: 'done', sourceHash: hashSegmentText(paragraphs[0]!), sourceText: paragraphs[0]! };

describe('segmentsOf', () => {
  it('lists the six fields first, in FIELD_SEGMENTS order, then every top-level block', () => {
    const segments = segmentsOf(
      content(bodyOf(paragraph(paragraphs[0]!, { seg: ID[0] }), paragraph(paragraphs[1]!, { seg: ID[1] })), {
        headline,
        byline: 'Zhyan News Network',
        fieldLinks: { headline: { from: 'ckb', source: 'headline', status: 'draft', sourceHash: null, sourceText: null } },
      }),
    );
    expect(segments.map((s) => s.id)).toEqual(['headline', 'standfirst', 'dateline', 'byline', 'leadImageCaption', 'leadImageAlt', ID[0], ID[1]]);
    expect(segments[0]).toEqual({
      id: 'headline',
      kind: 'field',
      blockType: 'headline',
      text: "Iraq doesn't need U.S. combat troops on its soil: Iraqi PM al-Kadhimi",
      link: { from: 'ckb', source: 'headline', status: 'draft', sourceHash: null, sourceText: null },
      index: -1,
      counted: true,
    });
    // Empty fields are listed but not counted.
    expect(segments[1]).toMatchObject({ id: 'standfirst', text: '', link: null, counted: false });
    expect(segments[3]).toMatchObject({ id: 'byline', text: 'Zhyan News Network', counted: true });
    expect(segments[6]).toEqual({ id: ID[0], kind: 'block', blockType: 'paragraph', text: paragraphs[0], link: null, index: 0, counted: true });
    expect(segments[7]).toMatchObject({ id: ID[1], index: 1, text: paragraphs[1] });
  });

  it('reads the link from NodeState ($.link) and the block text with line breaks', () => {
    const heading = block('heading', [text('Kadhimi'), { type: 'linebreak', version: 1 }, text('in Washington')], { seg: ID[1], link: doneLink }, { tag: 'h2' });
    const [segment] = segmentsOf(content(bodyOf(heading))).slice(6);
    expect(segment).toEqual({ id: ID[1], kind: 'block', blockType: 'heading', text: 'Kadhimi\nin Washington', link: doneLink, index: 0, counted: true });
  });

  it('gives an image its caption and alt text, trimmed, one per line, and always counts it', () => {
    const segments = segmentsOf(content(bodyOf(image('  Iraqi Prime Minister Mustafa al-Kadhimi ', ' A man at a desk\n', { seg: ID[2] }), image('', ''))));
    expect(segments[6]).toEqual({
      id: ID[2],
      kind: 'image',
      blockType: 'image',
      text: 'Iraqi Prime Minister Mustafa al-Kadhimi\nA man at a desk',
      link: null,
      index: 0,
      counted: true,
    });
    expect(segments[7]).toMatchObject({ id: '#1', kind: 'image', text: '\n', counted: true });
  });

  it('does not count an empty or blank paragraph', () => {
    const segments = segmentsOf(content(bodyOf(paragraph('', { seg: ID[0] }), paragraph(' \t ', { seg: ID[1] }), paragraph('x', { seg: ID[2] }))));
    expect(segments.slice(6).map((s) => s.counted)).toEqual([false, false, true]);
  });

  it('gives blocks without a valid id, and repeats of an earlier id, positional ids', () => {
    const segments = segmentsOf(
      content(
        bodyOf(
          paragraph('one'), // an older save: no NodeState
          paragraph('two', { seg: ID[0] }),
          paragraph('three', { seg: 'NOT-VALID' }),
          paragraph('four', { seg: ID[0] }), // pasted copy of "two"
          paragraph('five', { seg: 'headline' }), // a field name is never a block id
          paragraph('six', { seg: ID[3] }),
        ),
      ),
    );
    expect(segments.slice(6).map((s) => s.id)).toEqual(['#0', ID[0], '#2', '#3', '#4', ID[3]]);
  });

  it('works on a body of the whole seed article', () => {
    const segments = segmentsOf(content(bodyOf(...paragraphs.map((p, i) => paragraph(p, { seg: `p${String(i).padStart(11, '0')}` })))));
    expect(segments).toHaveLength(6 + paragraphs.length);
    expect(segments.filter((s) => s.counted)).toHaveLength(paragraphs.length);
    expect(segments.at(-1)).toMatchObject({ id: 'p' + String(paragraphs.length - 1).padStart(11, '0'), text: '(Zhyan English)' });
  });
});

describe('blockSegmentId and blockSegmentLink', () => {
  it('accept only a twelve-character [0-9a-z] id', () => {
    expect(blockSegmentId(paragraph('x', { seg: ID[1] }))).toBe(ID[1]);
    expect(blockSegmentId(paragraph('x', { seg: 'A1B2C3D4E5F6' }))).toBeNull();
    expect(blockSegmentId(paragraph('x', { seg: 'a1b2c3d4e5f' }))).toBeNull();
    expect(blockSegmentId(paragraph('x', { seg: 42 }))).toBeNull();
    expect(blockSegmentId(paragraph('x'))).toBeNull();
    expect(blockSegmentId({ ...paragraph('x'), $: 'k3j9x0p2q7w1' })).toBeNull();
    expect(blockSegmentId({ ...paragraph('x'), $: null })).toBeNull();
  });

  it('parse a valid link and read a malformed one as none', () => {
    expect(blockSegmentLink(paragraph('x', { link: doneLink }))).toEqual(doneLink);
    expect(blockSegmentLink(paragraph('x', { seg: ID[0] }))).toBeNull();
    expect(blockSegmentLink(paragraph('x', { link: { ...doneLink, status: 'stale' } }))).toBeNull();
    expect(blockSegmentLink(paragraph('x', { link: { ...doneLink, from: 'fr' } }))).toBeNull();
    expect(blockSegmentLink(paragraph('x', { link: { ...doneLink, source: '#3' } }))).toBeNull();
    expect(blockSegmentLink(paragraph('x', { link: { ...doneLink, extra: 1 } }))).toBeNull();
    expect(blockSegmentLink(paragraph('x', { link: 'en:a1b2c3d4e5f6' }))).toBeNull();
  });
});

describe('ensureSegmentIds', () => {
  it('returns the same body, unchanged, when every block has a unique valid id', () => {
    const body = bodyOf(paragraph('one', { seg: ID[0] }), image('c', 'a', { seg: ID[1] }));
    const result = ensureSegmentIds(body);
    expect(result.changed).toBe(false);
    expect(result.body).toBe(body);
  });

  it('gives missing, invalid and repeated ids new ones; the first holder keeps its id', () => {
    const body = bodyOf(
      paragraph('one'),
      paragraph('two', { seg: ID[0], link: doneLink }),
      paragraph('three', { seg: 'bad', note: 'kept' }),
      paragraph('four', { seg: ID[0], link: doneLink }),
      image('caption', 'alt'),
    );
    const before = structuredClone(body);
    const { body: out, changed } = ensureSegmentIds(body);
    expect(changed).toBe(true);
    expect(body).toEqual(before); // input not mutated

    const ids = out.root.children.map((node) => blockSegmentId(node));
    expect(ids[1]).toBe(ID[0]);
    for (const id of ids) expect(id).toMatch(BLOCK_SEGMENT_ID);
    expect(new Set(ids).size).toBe(5);

    // Other NodeState keys and node fields survive.
    const [, , three, four, img] = out.root.children;
    expect(three).toMatchObject({ type: 'paragraph', textFormat: 0, children: [{ text: 'three' }], $: { note: 'kept' } });
    expect(SegmentLinkSchema.parse((four!.$ as Record<string, unknown>).link)).toEqual(doneLink);
    expect(img).toMatchObject({ type: 'image', caption: 'caption', alt: 'alt', sha256: 'a'.repeat(64) });
    // Blocks that kept their id are the input's own objects.
    expect(out.root.children[1]).toBe(body.root.children[1]);
    expect(out.root).not.toBe(body.root);

    // A second pass has nothing to do.
    expect(ensureSegmentIds(out)).toEqual({ body: out, changed: false });
  });

  it('gives an empty body its id and keeps the root fields', () => {
    const body = emptyBody('rtl');
    const { body: out, changed } = ensureSegmentIds(body);
    expect(changed).toBe(true);
    expect(out.root).toMatchObject({ type: 'root', direction: 'rtl' });
    expect(blockSegmentId(out.root.children[0]!)).toMatch(BLOCK_SEGMENT_ID);
    expect(body.root.children[0]).not.toHaveProperty('$');
  });

  it('gives every block of a long article a distinct id', () => {
    const { body } = ensureSegmentIds(bodyOf(...Array.from({ length: 500 }, (_, i) => paragraph(`p${i}`))));
    const ids = segmentsOf(content(body)).slice(6).map((s) => s.id);
    expect(ids.every((id) => BLOCK_SEGMENT_ID.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(500);
  });
});

describe('hashSegmentText', () => {
  it('is 16 lowercase hex digits, fixed for a given text (stored hashes must stay valid)', () => {
    // Pinned values: a change here makes every done translation stale.
    expect(hashSegmentText('')).toBe('488bdcb81aee8d83');
    expect(hashSegmentText('a')).toBe('501c2ba782c97901');
    expect(hashSegmentText('کوردستان')).toBe('111eb1c3e444f34f');
    // The low 53 bits are the published cyrb53 (seed 0) of the same text.
    expect(BigInt('0x' + hashSegmentText('a')) & ((1n << 53n) - 1n)).toBe(7929297801672961n);
    expect(BigInt('0x' + hashSegmentText('')) & ((1n << 53n) - 1n)).toBe(3338908027751811n);
    expect(hashSegmentText(paragraphs[0]!)).toMatch(/^[0-9a-f]{16}$/);
    expect(hashSegmentText('Biden and al-Kadhimi is expected to specify a timeline, possibly by the end of this year.')).toBe(
      hashSegmentText('Biden and al-Kadhimi is expected to specify a timeline, possibly by the end of this year.'),
    );
  });

  it('ignores spacing, invisible controls and Kurdish spelling variants', () => {
    const h = hashSegmentText('ئەنجومەنی پارێزگای دیالە');
    expect(hashSegmentText('  ئەنجومەنی   پارێزگای\nدیالە ')).toBe(h);
    expect(hashSegmentText('ئەنجومەنی پارێزگاي دیالە')).toBe(h); // Arabic yeh
    expect(hashSegmentText('\u200fئەنجومەنی \u200bپارێزگای\u2067 دیالە\u2069')).toBe(h);
    expect(hashSegmentText(`ئەنجومەنی پارێزگای دیاله${ZWNJ}`)).toBe(h); // heh + ZWNJ, the old ae
    expect(hashSegmentText('ئەنجومەنی پارێزگـــای دیالە')).toBe(h); // tatweel
    expect(hashSegmentText(`ئەنجومەنی${ZWNJ} پارێزگای دیالە`)).toBe(h); // ZWNJ before a space joins nothing
    expect(hashSegmentText('Iraq\u00a0will still ask')).toBe(hashSegmentText('Iraq will still ask'));
  });

  it('changes with any real edit: a word, a letter, case, a digit, a mid-word ZWNJ', () => {
    const base = 'There are currently about 2,500 U.S. troops in Iraq';
    const h = hashSegmentText(base);
    expect(hashSegmentText('There are currently about 2,600 U.S. troops in Iraq')).not.toBe(h);
    expect(hashSegmentText('there are currently about 2,500 U.S. troops in Iraq')).not.toBe(h);
    expect(hashSegmentText('There are currently about 2,500 US troops in Iraq')).not.toBe(h);
    expect(hashSegmentText(`پارێزگای${ZWNJ}یەک`)).not.toBe(hashSegmentText('پارێزگاییەک'));
  });

  it('differs for every paragraph of the seed article and the Sorani and Badini samples', () => {
    const texts = [...paragraphs, ...fixtureLines('sorani-news-sample.txt'), ...fixtureLines('badini-news-sample.txt')];
    const distinct = new Set(texts.map(normalizeSegmentText));
    expect(new Set(texts.map(hashSegmentText)).size).toBe(distinct.size);
    expect(distinct.size).toBeGreaterThan(500);
  });

  it('normalises to single-spaced, trimmed, Kurdish-normalised text', () => {
    expect(normalizeSegmentText(' \u200eكوردستان \n\t ي ')).toBe('کوردستان ی');
    expect(normalizeSegmentText('Hello,   World')).toBe('Hello, World');
  });
});
