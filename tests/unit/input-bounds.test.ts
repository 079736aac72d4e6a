// @vitest-environment node
/**
 * Every number that comes in (through the API, or inside an imported
 * package's article) is bounded in its schema (issue 18 §2): the bound itself
 * is accepted and one past it refused, here for each of them.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { API } from '../../shared/api';
import { ArticleSchema, emptyBody, LIMITS, MAX_LIST_OFFSET, MAX_REVISION } from '../../shared/article';
import { MAX_BODY_DEPTH, MAX_VALUE_DEPTH, type SerializedNode } from '../../shared/editor/body-schema';
import { MEDIA_LIMITS } from '../../shared/media';
import { seedArticle } from './seed-article';

const ID = '5b0c3f5e-3d1c-4f6e-9a57-0c0ffee00001';
const SHA = 'a3f1'.repeat(16);
const content = () => ({ headline: 'h', standfirst: '', dateline: '', byline: '', leadImageCaption: '', leadImageAlt: '', body: emptyBody('ltr') });

type Path = (string | number)[];

function withValue(base: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

/** A paragraph nested in quotes so that the deepest node sits at `depth` (the root is 1). */
function bodyOfDepth(depth: number): unknown {
  let node: SerializedNode = { type: 'text', version: 1, text: 'deep' };
  for (let d = depth; d > 3; d--) node = { type: 'quote', version: 1, children: [node] };
  return { root: { ...emptyBody('ltr').root, children: [{ type: 'paragraph', version: 1, children: [node] }] } };
}

function bodyWithStateDepth(levels: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < levels; i++) value = { v: value };
  return { root: { ...emptyBody('ltr').root, children: [{ type: 'paragraph', version: 1, children: [], $: value }] } };
}

interface Bound {
  what: string;
  schema: z.ZodType;
  /** A valid value with the number at `path`, given the number. */
  make: (n: number) => unknown;
  max: number;
  /** The bound's smallest accepted value too, when it matters. */
  min?: number;
}

const article = seedArticle();
const bounds: Bound[] = [
  { what: 'listArticles offset', schema: API.listArticles.input, make: (n) => ({ offset: n }), max: MAX_LIST_OFFSET, min: 0 },
  { what: 'listArticles limit', schema: API.listArticles.input, make: (n) => ({ limit: n }), max: LIMITS.pageSize, min: 1 },
  { what: 'searchArticles limit', schema: API.searchArticles.input, make: (n) => ({ query: 'x', limit: n }), max: LIMITS.pageSize, min: 1 },
  { what: 'lookupTranslationMemory limit', schema: API.lookupTranslationMemory.input, make: (n) => ({ from: 'en', to: 'ckb', text: 'x', limit: n }), max: 20, min: 1 },
  { what: 'saveVersion baseRevision', schema: API.saveVersion.input, make: (n) => ({ id: ID, lang: 'en', baseRevision: n, content: content() }), max: MAX_REVISION, min: 0 },
  { what: 'restoreRevision revision', schema: API.restoreRevision.input, make: (n) => ({ id: ID, lang: 'en', revision: n, baseRevision: 1 }), max: MAX_REVISION, min: 1 },
  { what: 'restoreRevision baseRevision', schema: API.restoreRevision.input, make: (n) => ({ id: ID, lang: 'en', revision: 1, baseRevision: n }), max: MAX_REVISION, min: 1 },
  { what: 'updateArticle lead image width', schema: API.updateArticle.input, make: (n) => ({ id: ID, meta: { leadImage: { sha256: SHA, width: n, height: 1, credit: '' } } }), max: MEDIA_LIMITS.dimension, min: 1 },
  { what: 'updateArticle lead image height', schema: API.updateArticle.input, make: (n) => ({ id: ID, meta: { leadImage: { sha256: SHA, width: 1, height: n, credit: '' } } }), max: MEDIA_LIMITS.dimension, min: 1 },
  { what: 'a package version revision', schema: ArticleSchema, make: (n) => withValue(article, ['versions', 'en', 'revision'], n), max: MAX_REVISION, min: 1 },
  { what: 'a package lead image width', schema: ArticleSchema, make: (n) => withValue(article, ['meta', 'leadImage', 'width'], n), max: MEDIA_LIMITS.dimension, min: 1 },
  { what: 'a body node version', schema: API.saveVersion.input, make: (n) => ({ id: ID, lang: 'en', baseRevision: 0, content: { ...content(), body: withValue(emptyBody('ltr'), ['root', 'children', 0, 'version'], n) } }), max: 1_000, min: 0 },
  { what: 'body nesting (nodes from the root)', schema: API.saveVersion.input, make: (n) => ({ id: ID, lang: 'en', baseRevision: 0, content: { ...content(), body: bodyOfDepth(n) } }), max: MAX_BODY_DEPTH },
  { what: 'nesting inside a node value', schema: API.saveVersion.input, make: (n) => ({ id: ID, lang: 'en', baseRevision: 0, content: { ...content(), body: bodyWithStateDepth(n) } }), max: MAX_VALUE_DEPTH },
];

describe('every incoming number has a bound, tested at the bound', () => {
  for (const { what, schema, make, max, min } of bounds) {
    it(`${what}: ${max} accepted, ${max + 1} refused${min === undefined ? '' : `; ${min} accepted, ${min - 1} refused`}`, () => {
      expect(schema.safeParse(make(max)).success).toBe(true);
      expect(schema.safeParse(make(max + 1)).success).toBe(false);
      if (min !== undefined) {
        expect(schema.safeParse(make(min)).success).toBe(true);
        expect(schema.safeParse(make(min - 1)).success).toBe(false);
      }
    });
  }

  it('revisions are bounded at 2^31 − 1, well inside what every reader holds exactly', () => {
    expect(MAX_REVISION).toBe(2 ** 31 - 1);
    expect(Number.isSafeInteger(MAX_REVISION + 1)).toBe(true);
  });
});
