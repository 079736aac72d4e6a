import { $createHeadingNode, $createQuoteNode } from '@lexical/rich-text';
import { $createLinkNode } from '@lexical/link';
import { $createParagraphNode, $createTextNode, $getRoot, type LexicalNode } from 'lexical';
import { ArticleSchema, type Article, type ArticleVersion, type Body } from '../../shared/article';
import { $createImageNode } from '../../shared/editor/image/image-node';
import type { LanguageKey } from '../../shared/languages';
import { fixtureLines } from '../shared-fixtures';
import { buildBody, json } from './editor-harness';

/**
 * The seed article (tests/fixtures/text/seed-article-en.txt, a real published
 * English article) in all three languages, for export tests. English is the
 * fixture's own text; the Sorani and Badini versions are short translations
 * of its headline, standfirst and first paragraphs written for these tests,
 * followed by real lines of the Sorani and Badini news samples. Bodies are
 * serialized by the app's own editor, so they have exactly the saved shape
 * (opposite-direction runs, Kurdish normalisation, image blocks).
 */

export const SEED_ARTICLE_ID = '5b0c3f5e-3d1c-4f6e-9a57-0c0ffee00001';
export const SEED_IMAGE_SHA = 'a3f1'.repeat(16);
export const SEED_BODY_IMAGE_SHA = '0bad'.repeat(16);

type Block = ['p' | 'h2' | 'quote', string] | ['link', string, string, string] | ['image', string, string];

function body(lang: LanguageKey, blocks: Block[]): Body {
  const editor = buildBody(lang);
  editor.update(
    () => {
      const root = $getRoot().clear();
      for (const block of blocks) {
        let node: LexicalNode;
        if (block[0] === 'p') node = $createParagraphNode().append($createTextNode(block[1]));
        else if (block[0] === 'h2') node = $createHeadingNode('h2').append($createTextNode(block[1]));
        else if (block[0] === 'quote') node = $createQuoteNode().append($createTextNode(block[1]));
        else if (block[0] === 'link') node = $createParagraphNode().append($createTextNode(block[1]), $createLinkNode(block[2]).append($createTextNode(block[3])), $createTextNode('.'));
        else node = $createImageNode({ sha256: SEED_BODY_IMAGE_SHA, width: 1024, height: 683, caption: block[1], alt: block[2], credit: 'Zhyan/Rudaw' });
        root.append(node);
      }
    },
    { discrete: true },
  );
  const state = json(editor);
  editor.setRootElement(null);
  return state as unknown as Body;
}

/** The English fixture: title, dateline and paragraphs (the page's navigation and footer left out). */
function englishFixture() {
  const lines = fixtureLines('seed-article-en.txt').map((line) => line.trim());
  const headline = lines.find((line) => line.startsWith('Iraq doesn'))!;
  const caption = lines.find((line) => line.startsWith('Iraqi Prime Minister Mustafa al-Kadhimi sits'))!.replace(/ AP Photo\/Khalid Mohammed$/, '');
  const first = lines.findIndex((line) => line.startsWith('SULAIMANI'));
  const paragraphs = lines.slice(first, lines.indexOf('(Zhyan English)'));
  const [dateline, lead] = paragraphs[0]!.split(' – ') as [string, string];
  return { headline, caption, dateline, paragraphs: [lead, ...paragraphs.slice(1)] };
}

function version(lang: LanguageKey, content: Omit<ArticleVersion, 'lang' | 'revision' | 'updatedAt' | 'fieldLinks'>, revision: number, updatedAt: string): ArticleVersion {
  return { ...content, lang, revision, updatedAt, fieldLinks: {} };
}

export function seedArticle(): Article {
  const en = englishFixture();
  const sorani = fixtureLines('sorani-news-sample.txt').slice(2, 5);
  const badini = fixtureLines('badini-news-sample.txt').slice(2, 5);
  const article: Article = {
    id: SEED_ARTICLE_ID,
    slug: 'iraq-does-not-need-us-combat-troops',
    sourceLang: 'en',
    state: 'ready',
    meta: {
      section: 'Politics',
      tags: ['Iraq', 'United States', 'ISIS', 'Mustafa al-Kadhimi'],
      place: 'Sulaimani',
      publicationDate: '2021-07-25',
      leadImage: { sha256: SEED_IMAGE_SHA, width: 4724, height: 3149, credit: 'AP Photo/Khalid Mohammed' },
    },
    versions: {
      en: version(
        'en',
        {
          headline: en.headline,
          standfirst: 'Iraq no longer needs American combat forces on its soil, Prime Minister Mustafa al-Kadhimi said ahead of strategic talks in Washington.',
          dateline: en.dateline,
          byline: 'Zhyan News Network',
          leadImageCaption: en.caption,
          leadImageAlt: 'Mustafa al-Kadhimi seated during an interview',
          body: body('en', [
            ...en.paragraphs.slice(0, 4).map((p): Block => ['p', p]),
            ['h2', 'Training and intelligence'],
            ...en.paragraphs.slice(4).map((p): Block => (p.startsWith('“') ? ['quote', p] : ['p', p])),
            ['link', 'Read the interview at ', 'https://apnews.com/article/iraq-kadhimi-interview', 'AP News'],
          ]),
        },
        7,
        '2021-07-25T09:41:12.000Z',
      ),
      ckb: version(
        'ckb',
        {
          headline: 'عێراق پێویستی بە هێزی جەنگیی ئەمریکا نییە لەسەر خاکەکەی: کازمی',
          standfirst: 'سەرۆک وەزیرانی عێراق دەڵێت وڵاتەکەی چیتر پێویستی بە هێزی جەنگیی بیانی نییە، پێش گفتوگۆ ستراتیژییەکان لە واشنتن.',
          dateline: 'سلێمانی [هەرێمی کوردستان]',
          byline: 'تۆڕی هەواڵی ژیان',
          leadImageCaption: 'سەرۆک وەزیرانی عێراق مستەفا کازمی لە کاتی چاوپێکەوتنێک لە بەغدا، 23ی تەمووزی 2021.',
          leadImageAlt: 'مستەفا کازمی لە کاتی چاوپێکەوتندا دانیشتووە',
          body: body('ckb', [
            ['p', 'سەرۆک وەزیرانی عێراق مستەفا کازمی لە چاوپێکەوتنێکدا لەگەڵ The Associated Press وتی وڵاتەکەی چیتر پێویستی بە هێزی جەنگیی ئەمریکا نییە.'],
            ['h2', 'ڕاهێنان و هەواڵگری'],
            ['p', 'ئێستا نزیکەی 2,500 سەربازی U.S. لە عێراقن.'],
            ['quote', '«هیچ پێویستییەک بە هێزی جەنگیی بیانی نییە لەسەر خاکی عێراق»'],
            ['image', 'هێزەکانی پێشمەرگە لە نزیک کەرکووک', 'سەربازان لە بەردەم ئۆتۆمبێلێکی سەربازیدا'],
            ...sorani.map((p): Block => ['p', p]),
          ]),
        },
        4,
        '2021-07-25T11:02:40.000Z',
      ),
      kmr: version(
        'kmr',
        {
          headline: 'ئیراق پێدڤی ب هێزێن شەڕکەر یێن ئەمریکا نینە ل سەر ئاخا خۆ: کازمی',
          standfirst: 'سەرۆکوەزیرێ ئیراقێ دبێژیت وەلاتێ وی چیدی پێدڤی ب هێزێن شەڕکەر یێن بیانی نینە.',
          dateline: 'سلێمانی [هەرێما کوردستانێ]',
          byline: 'تۆڕا نووچەیێن ژیان',
          leadImageCaption: 'سەرۆکوەزیرێ ئیراقێ مستەفا کازمی د هەڤپەیڤینەکێ دا ل بەغدا، 23ی تیرمەها 2021ێ.',
          leadImageAlt: 'مستەفا کازمی د دەمێ هەڤپەیڤینێ دا روونشتییە',
          body: body('kmr', [
            ['p', 'سەرۆکوەزیرێ ئیراقێ مستەفا کازمی د هەڤپەیڤینەکێ دا دگەل The Associated Press گۆت وەلاتێ وی چیدی پێدڤی ب هێزێن شەڕکەر یێن ئەمریکا نینە.'],
            ['h2', 'راهێنان و هەوالگری'],
            ...badini.map((p): Block => ['p', p]),
          ]),
        },
        3,
        '2021-07-25T12:15:05.000Z',
      ),
    },
    createdAt: '2021-07-24T18:20:00.000Z',
    updatedAt: '2021-07-25T12:15:05.000Z',
    trashedAt: null,
  };
  // The same checks a saved article passes.
  return ArticleSchema.parse(article);
}
