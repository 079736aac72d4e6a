import { emptyBody, type Article, type ArticleVersion, type SerializedNode } from '../../shared/article';
import type { LanguageKey } from '../../shared/languages';
import type { FieldSegment } from '../../shared/translation/segment';
import { hashSegmentText } from '../../shared/translation/hash';
import { fixtureLines } from '../shared-fixtures';

/**
 * Long articles for the checks (issue 18 §3): built directly as saved JSON,
 * no editor involved, so 20,000 paragraphs take milliseconds to make. Used by
 * tests/unit/qa-long-article.test.ts and the bench (tests/bench/qa-case.ts).
 */

export const LONG_ARTICLE_ID = '5b0c3f5e-3d1c-4f6e-9a57-0c0ffee00018';
const AT = '2021-07-25T09:41:12.000Z';
const FIELDS: Record<LanguageKey, Record<FieldSegment, string>> = {
  en: { headline: 'Iraq does not need US combat troops', standfirst: 'The prime minister says so.', dateline: 'SULAIMANI', byline: 'Zhyan News Network', leadImageCaption: '', leadImageAlt: '' },
  ckb: { headline: 'عێراق پێویستی بە هێزی جەنگیی ئەمریکا نییە', standfirst: 'سەرۆک وەزیران وا دەڵێت.', dateline: 'سلێمانی', byline: 'تۆڕی هەواڵی ژیان', leadImageCaption: '', leadImageAlt: '' },
  kmr: { headline: 'ئیراق پێدڤی ب هێزێن شەڕکەر یێن ئەمریکا نینە', standfirst: 'سەرۆکوەزیر وەسا دبێژیت.', dateline: 'سلێمانی', byline: 'تۆڕا نووچەیێن ژیان', leadImageCaption: '', leadImageAlt: '' },
};

const text = (value: string): SerializedNode => ({ type: 'text', version: 1, text: value, format: 0, detail: 0, mode: 'normal', style: '' });

function paragraph(value: string, state: Record<string, unknown>): SerializedNode {
  return { type: 'paragraph', version: 1, direction: null, format: '', indent: 0, textFormat: 0, textStyle: '', children: [text(value)], $: state };
}

const segmentId = (lang: LanguageKey, n: number) => `${lang[0]}${n.toString(36).padStart(11, '0')}`;

function version(lang: LanguageKey, children: SerializedNode[], fieldLinks: ArticleVersion['fieldLinks'] = {}): ArticleVersion {
  return { lang, ...FIELDS[lang], body: { root: { ...emptyBody(lang === 'en' ? 'ltr' : 'rtl').root, children } }, fieldLinks, revision: 1, updatedAt: AT };
}

function article(versions: Article['versions']): Article {
  return {
    id: LONG_ARTICLE_ID,
    slug: 'long-article',
    sourceLang: 'en',
    state: 'review',
    meta: { section: '', tags: [], place: '', publicationDate: '2021-07-25', leadImage: null },
    versions,
    createdAt: AT,
    updatedAt: AT,
    trashedAt: null,
  };
}

/**
 * An English article of `paragraphs` paragraphs of real news text (the
 * fixture lines in turn), translated into Sorani and Badini paragraph by
 * paragraph (real lines of the news samples), every translation marked done
 * against its source's text as it is: what a long, finished article looks
 * like to the checks. The fixture texts are not translations of each other,
 * so their numbers differ and the number checks find plenty (six findings a
 * paragraph); with `numbersAgree` each paragraph's only number is the same in
 * every language. `read` gives a fixture file's lines (tests/fixtures/text).
 */
export function longTranslatedArticle(paragraphs: number, read: (name: string) => string[] = fixtureLines, { numbersAgree = false } = {}): Article {
  // With numbersAgree, the fixture lines lose their own numbers: each paragraph has one, its own number, the same in every language.
  const clean = (lines: string[]) => (numbersAgree ? lines.map((line) => line.replace(/[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,\u066b\u066c][0-9\u0660-\u0669\u06f0-\u06f9]+)*/g, '').replace(/\s+/g, ' ')) : lines);
  const english = clean(read('seed-article-en.txt').filter((line) => line.split(' ').length >= 8));
  const lines: Record<'ckb' | 'kmr', string[]> = { ckb: clean(read('sorani-news-sample.txt')), kmr: clean(read('badini-news-sample.txt')) };
  // The paragraph's number goes after its first word: at the end it would leave the sentence unfinished.
  const numbered = (line: string, n: number) => line.replace(/^(\S+)/, `$1 ${n}`);
  const source = Array.from({ length: paragraphs }, (_, n) => paragraph(numbered(english[n % english.length]!, n), { seg: segmentId('en', n) }));
  const translation = (lang: 'ckb' | 'kmr') => {
    const fieldLinks: ArticleVersion['fieldLinks'] = {};
    for (const field of ['headline', 'standfirst', 'dateline', 'byline'] as const) {
      fieldLinks[field] = { from: 'en', source: field, status: 'done', sourceHash: hashSegmentText(FIELDS.en[field]), sourceText: FIELDS.en[field] };
    }
    const children = source.map((block, n) => {
      const sourceText = block.children![0]!.text as string;
      const link = { from: 'en', source: segmentId('en', n), status: 'done', sourceHash: hashSegmentText(sourceText), sourceText };
      return paragraph(numbered(lines[lang][n % lines[lang].length]!, n), { seg: segmentId(lang, n), link });
    });
    return version(lang, children, fieldLinks);
  };
  return article({ en: version('en', source), ckb: translation('ckb'), kmr: translation('kmr') });
}

/**
 * The article of the finding: short English paragraphs (`chars` characters
 * each) of one word written over and over, each repeat a finding of its own,
 * and no translations. 6,000 of 258 characters are 1.55 M characters.
 */
export function doubledWordsArticle(paragraphs: number, chars = 258): Article {
  const body = Array.from({ length: paragraphs }, (_, n) => paragraph('the '.repeat(Math.ceil(chars / 4)).slice(0, chars - 1) + '.', { seg: segmentId('en', n) }));
  return article({ en: version('en', body) });
}
