// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { ArticleSchema, versionContent, type Article, type ArticleVersion, type SerializedNode } from '../../shared/article';
import type { LanguageKey } from '../../shared/languages';
import { checkArticle, FINDING_CODES, FINDING_CODE_LIST, hasErrors, LEAD_IMAGE_CREDIT, type Finding } from '../../shared/qa';
import { normalizeKurdish } from '../../shared/text/normalize';
import { blockLike, copyOfSource, setStatus, setTranslation } from '../../shared/translation/edit-target';
import type { FieldSegment, LinkStatus } from '../../shared/translation/segment';
import { blockSegmentId, segmentsOf, type Segment } from '../../shared/translation/segments-of';
import { fixtureLines } from '../shared-fixtures';
import { seedArticle, SEED_BODY_IMAGE_SHA } from './seed-article';

/**
 * A clean article: the seed article with its cut-off paragraph completed, a
 * picture in the English body, and Sorani and Badini translations of every
 * segment written for these tests, made with the translation workspace's own
 * edit functions (setTranslation, then setStatus done).
 */

const COMPLETED = 'In Monday’s meeting at the White House, the two leaders are expected to agree on a timetable for the withdrawal.';
const ENGLISH_IMAGE = { caption: 'Peshmerga forces near Kirkuk', alt: 'Soldiers in front of a military vehicle' };

interface Translation {
  fields: Record<FieldSegment, string>;
  /** One per body block of the English version, in order; an image takes caption and alt. */
  blocks: (string | { caption: string; alt: string })[];
}

const SORANI: Translation = {
  fields: {
    headline: 'عێراق پێویستی بە هێزی جەنگیی ئەمریکا نییە لەسەر خاکەکەی: کازمی',
    standfirst: 'سەرۆک وەزیرانی عێراق دەڵێت وڵاتەکەی چیتر پێویستی بە هێزی جەنگیی بیانی نییە، پێش گفتوگۆ ستراتیژییەکان لە واشنتن.',
    dateline: 'سلێمانی [هەرێمی کوردستان]',
    byline: 'تۆڕی هەواڵی ژیان',
    leadImageCaption: 'سەرۆک وەزیرانی عێراق مستەفا کازمی لە کاتی چاوپێکەوتنێک لە بەغدا، 23ی تەمووزی 2021.',
    leadImageAlt: 'مستەفا کازمی لە کاتی چاوپێکەوتندا دانیشتووە',
  },
  blocks: [
    'سەرۆک وەزیرانی عێراق مستەفا کازمی ڕایگەیاند کە وڵاتەکەی چیتر پێویستی بە هێزی جەنگیی ئەمریکا نییە بۆ شەڕی گرووپی چەکداری دەوڵەتی ئیسلامی (داعش)، پێش گەڕی چوارەمی گفتوگۆی ستراتیژی لەگەڵ جۆ بایدن سەرۆکی ئەمریکا لە واشنتن کە دووشەممەی ئەم هەفتەیە دەست پێدەکات.',
    'کازمی لە چاوپێکەوتنێکدا لەگەڵ The Associated Press وتی عێراق هێشتا داوای ڕاهێنان و کۆکردنەوەی هەواڵگریی سەربازی لە ئەمریکا دەکات.',
    '«هیچ پێویستییەک بە هێزی جەنگیی بیانی نییە لەسەر خاکی عێراق»، سەرۆک وەزیرانی عێراق وای بە AP ڕاگەیاند، بەبێ ئەوەی وادەیەک بۆ کشانەوەی سەربازانی ئەمریکا دیاری بکات.',
    'هێزە ئەمنییەکان و سوپای عێراق توانای بەرگریکردنیان لە وڵات هەیە بەبێ سەربازانی هاوپەیمانی بە سەرکردایەتی ئەمریکا، ئەو وتی.',
    'ڕاهێنان و هەواڵگری',
    { caption: 'هێزەکانی پێشمەرگە لە نزیک کەرکووک', alt: 'سەربازان لە بەردەم ئۆتۆمبێلێکی سەربازیدا' },
    'نزیکەی چوار ساڵ دوای تێکشکاندنی داعش لە ڕووی خاکەوە، گرووپە چەکدارەکە هێشتا لە ڕێگەی شانە نووستووەکانیەوە لە وڵاتدا چالاکە و هێرش و ڕفاندن ئەنجام دەدات، بەتایبەتی لە ناوچە جێناکۆکەکانی نێوان هەولێر و بەغدا و سنووری سووریا.',
    'ناوچە جێناکۆکەکان پشتێنەیەکن لە نەینەواوە تا سەلاحەدین و کەرکووک و پارێزگای دیالە. بۆشاییەکی ئەمنی لە نێوان هێڵەکانی بەرگریی پێشمەرگە و هێزەکانی عێراقدا هەیە.',
    '«جەنگ دژی داعش و ئامادەیی هێزەکانمان خشتەیەکی کاتیی تایبەتی دەوێت، ئەمەش پەیوەستە بەو دانوستانانەی لە واشنتن ئەنجامیان دەدەین»، ئەو وتی.',
    'ئێستا نزیکەی ٢٬٥٠٠ سەربازی ئەمریکا لە عێراقن، لە چوارچێوەی هاوپەیمانیی نێودەوڵەتیی دژی داعش کە لە ساڵی ٢٠١٤ دامەزراوە.',
    'لە کانوونی دووەمی 2020دا، پەرلەمانی عێراق بڕیارێکی نابەندی دەرکرد بۆ دەرکردنی هێزە سەربازییە بیانییەکان لە عێراق، دوای کوشتنی فەرماندەیەکی ئێرانی و سەرکردەیەکی باڵای شیعە.',
    'لە گەڕی سێیەمی گفتوگۆکاندا لە نیسان، عێراق و ئەمریکا ڕێککەوتن کە ئەرکی هێزەکانی ئەمریکا بگۆڕدرێت بۆ ڕاهێنان و ڕاوێژکاری، بەڵام خشتەیەکی کاتییان بۆ تەواوکردنی ئەو گواستنەوەیە دیاری نەکرد.',
    'چاوەڕێ دەکرێت بایدن و کازمی وادەیەک دیاری بکەن، لەوانەیە تا کۆتایی ئەمساڵ.',
    'لە کۆبوونەوەی دووشەممە لە کۆشکی سپی، چاوەڕێ دەکرێت هەردوو سەرکردە لەسەر خشتەیەکی کاتی بۆ کشانەوە ڕێکبکەون.',
    '«ئەوەی ئێمە لە بوونی ئەمریکا لە عێراق دەمانەوێت پشتگیریی هێزەکانمانە لە ڕاهێنان و پەرەپێدانی لێهاتوویی و تواناکانیان، و لە هاوکاریی ئەمنیدا»، کازمی وتی.',
    'کشانەوەی هێزە بیانییەکان، لەوانە هێزەکانی ئەمریکا، گرژییەکانی نێوان ئەمریکا و گرووپە چەکدارەکانی نزیک لە ئێران کەم دەکاتەوە.',
    'عێراق بووەتە گۆڕەپانێک بۆ ئەمریکا و ئێران بۆ یەکلاکردنەوەی ناکۆکییەکانیان. ئێران لە ڕێگەی گرووپە چەکدارە نزیکەکانیەوە دەسەڵاتی لە عێراقدا هەیە.',
    'گرووپە چەکدارەکانی سەر بە ئێران جاروبار هێرشی ڕۆکێت و درۆن دەکەنە سەر بنکە و سەربازانی ئەمریکا. ئەمریکا لە سەردەمی ئیدارەی بایدندا، لە کۆتایی کانوونی دووەمەوە، لانیکەم دوو هێرشی ئاسمانیی کردووەتە سەر ئەو گرووپانە لە عێراق و سووریا.',
    '«عێراق کۆمەڵێک چەکی ئەمریکیی هەیە کە پێویستیان بە چاککردنەوە و ڕاهێنانە. داوا لە لایەنی ئەمریکی دەکەین پشتگیریی هێزەکانمان بەردەوام بێت و تواناکانمان پەرە پێبدات»، کازمی بە AP-ی ڕاگەیاند.',
    'سەرۆک وەزیرانی ئێستا لە ئایاری 2020 دەستبەکار بوو، دوای عادل عەبدولمەهدی کە لە ژێر فشاری خۆپیشاندەرانی دژی حکومەت دەستی لەکار کێشایەوە. کازمی چەند بەڵێنێکی دا، لەوانە هەڵبژاردنی پێشوەختە لە 6ی حوزەیران، بەڵام هەڵبژاردن دواخرا بۆ 10ی تشرینی یەکەم.',
    'هاوپەیمانیی مەلا موقتەدا سەدر و کۆنترین پارتی سیاسیی عێراق، پارتی شیوعیی عێراق، لە بەشداریکردن لە هەڵبژاردندا کشانەوە.',
    'چاوپێکەوتنەکە لە AP News بخوێنەرەوە.',
  ],
};

const BADINI: Translation = {
  fields: {
    headline: 'ئیراق پێدڤی ب هێزێن شەڕکەر یێن ئەمریکا نینە ل سەر ئاخا خۆ: کازمی',
    standfirst: 'سەرۆکوەزیرێ ئیراقێ دبێژیت وەلاتێ وی چیدی پێدڤی ب هێزێن شەڕکەر یێن بیانی نینە.',
    dateline: 'سلێمانی [هەرێما کوردستانێ]',
    byline: 'تۆڕا نووچەیێن ژیان',
    leadImageCaption: 'سەرۆکوەزیرێ ئیراقێ مستەفا کازمی د هەڤپەیڤینەکێ دا ل بەغدا، 23ی تیرمەها 2021ێ.',
    leadImageAlt: 'مستەفا کازمی د دەمێ هەڤپەیڤینێ دا روونشتییە',
  },
  blocks: [
    'سەرۆکوەزیرێ ئیراقێ مستەفا کازمی گۆت کو وەلاتێ وی چیدی پێدڤی ب هێزێن شەڕکەر یێن ئەمریکا نینە بۆ شەڕێ گرووپا چەکدار یا دەولەتا ئیسلامی (داعش)، بەری گەڕا چارێ یا دیالۆگا ستراتیژی دگەل جۆ بایدن سەرۆکێ ئەمریکا ل واشنتن کو دوشەمبیا ڤێ هەفتیێ دەست پێدکەت.',
    'کازمی د هەڤپەیڤینەکێ دا دگەل The Associated Press گۆت ئیراق هێشتا دێ داخوازا راهێنان و کۆمکرنا پێزانینێن سەربازی ژ ئەمریکا کەت.',
    '«چو پێدڤی ب هێزێن شەڕکەر یێن بیانی ل سەر ئاخا ئیراقێ نینە»، سەرۆکوەزیرێ ئیراقێ بۆ AP گۆت، بێی کو ژڤانەکێ بۆ دەرکەفتنا لەشکەرێن ئەمریکا دیار بکەت.',
    'هێزێن ئەمنی و لەشکەرێ ئیراقێ دشێن بەرەڤانیێ ژ وەلاتی بکەن بێی لەشکەرێن هاوپەیمانیێ ب سەرکردایەتیا ئەمریکا، وی گۆت.',
    'راهێنان و هەوالگری',
    { caption: 'هێزێن پێشمەرگەی ل نێزیک کەرکووکێ', alt: 'سەرباز ل بەر ترومبێلەکا سەربازی' },
    'نێزیکی چار سالان پشتی شکاندنا داعش ل سەر ئەردی، گرووپا چەکدار هێشتا ب رێکا شانێن خۆ یێن نڤستی د وەلاتی دا چالاکە و هێرش و رەڤاندنان دکەت، ب تایبەتی ل دەڤەرێن جهێ ناکۆکیێ د ناڤبەرا هەولێر و بەغدا و سنوورێ سووریێ دا.',
    'دەڤەرێن جهێ ناکۆکیێ پشتوێنەکا ئاخێ نە ژ نەینەوا هەتا سەلاحەدین و کەرکووک و پارێزگەها دیالە. ڤالاهیەکا ئەمنی د ناڤبەرا هێلێن بەرەڤانیێ یێن پێشمەرگەی و هێزێن ئیراقێ دا هەیە.',
    '«شەڕێ دژی داعش و بەرهەڤیا هێزێن مە پێدڤی ب خشتەیەکا دەمی یا تایبەت هەیە، و ئەڤە گرێدایی وان دانوستاندنانە یێن ئەم ل واشنتن دێ کەین»، وی گۆت.',
    'نوکە نێزیکی 2,500 لەشکەرێن ئەمریکا ل ئیراقێ نە، د چوارچۆڤێ هاوپەیمانیا جیهانی یا دژی داعش دا کو ل سالا 2014ێ هاتیە دامەزراندن.',
    'د کانوونا دووێ یا 2020ێ دا، پەرلەمانێ ئیراقێ بریارەکا نە پابەند دەرئێخست بۆ دەرئێخستنا هێزێن سەربازی یێن بیانی ژ ئیراقێ، پشتی کوشتنا فەرماندەیەکێ ئیرانی و سەرکردەیەکێ بلند یێ شیعە.',
    'د گەڕا سیێ یا گفتوگۆیان دا ل نیسانێ، ئیراق و ئەمریکا رێککەفتن کو ئەرکێ هێزێن ئەمریکا ببیتە راهێنان و شیرەتکرن، لێ وان چو خشتەیێن دەمی بۆ ب دوماهیک ئینانا ڤێ ڤەگوهاستنێ دیار نەکرن.',
    'هیڤی دهێتە کرن بایدن و کازمی ژڤانەکێ دیار بکەن، بەلکی هەتا دوماهیا ڤێ سالێ.',
    'د کۆمبوونا دوشەمبیێ دا ل کۆشکا سپی، هیڤی دهێتە کرن هەردوو سەرکردە ل سەر خشتەیەکا دەمی بۆ دەرکەفتنێ رێک بکەڤن.',
    '«یا ئەم ژ هەبوونا ئەمریکا ل ئیراقێ دڤێین پشتەڤانیا هێزێن مەیە د راهێنان و پێشئێخستنا شیان و کارینێن وان دا، و د هاریکاریا ئەمنی دا»، کازمی گۆت.',
    'دەرکەفتنا هێزێن بیانی، ب هێزێن ئەمریکا ژی ڤە، دێ گرژیێن د ناڤبەرا ئەمریکا و گرووپێن چەکدار یێن نێزیکی ئیرانێ دا کێم کەت.',
    'ئیراق بوویە گۆرەپانەک بۆ ئەمریکا و ئیرانێ بۆ چارەسەرکرنا ناکۆکیێن خۆ. ئیران ب رێکا گرووپێن چەکدار یێن نێزیکی خۆ دەستهەلاتێ ل ئیراقێ دکەت.',
    'گرووپێن چەکدار یێن ب پشتەڤانیا ئیرانێ جار و بار هێرشێن مووشەک و درۆنان دکەنە سەر بنکە و لەشکەرێن ئەمریکا. ئەمریکا د دەمێ بایدن دا، ژ دوماهیا کانوونا دووێ ڤە، بەلانی کێم دوو هێرشێن ئاسمانی کرینە سەر وان گرووپان ل ئیراق و سووریێ.',
    '«ئیراق کۆمەکا چەکێن ئەمریکی هەنە کو پێدڤی ب چاککرن و راهێنانێ نە. ئەم دێ داخوازێ ژ لایەنێ ئەمریکی کەین پشتەڤانیا هێزێن مە بەردەوام بکەت و کارینێن مە پێش بێخیت»، کازمی بۆ AP گۆت.',
    'سەرۆکوەزیرێ نوکە ل گولانا 2020ێ دەست ب کار بوو پشتی عادل عەبدولمەهدی کو ل بن فشارا خۆپیشاندەرێن دژی حکومەتێ دەست ژ کار کێشای. کازمی چەند سۆز دان، ژ وان هەلبژارتنێن پێشوەخت ل 6ی خزیرانێ، لێ هەلبژارتن هاتنە پاشێخستن بۆ 10ی چریا ئێکێ.',
    'هاوپەیمانیا مەلا موقتەدا سەدر و کەڤنترین پارتیا سیاسی یا ئیراقێ، پارتیا شیوعی یا ئیراقێ، ژ پشکداریکرنا هەلبژارتنان کشیانە.',
    'هەڤپەیڤینێ ل AP News بخوینە.',
  ],
};

function textBlock(node: SerializedNode, text: string): SerializedNode {
  return { ...node, children: [{ type: 'text', version: 1, text, format: 0, style: '', mode: 'normal', detail: 0 }] };
}

/** A translation of the English version made row by row as the workspace makes it, every row marked `status`. */
function translate(source: ArticleVersion, lang: LanguageKey, translation: Translation, status: LinkStatus = 'done'): ArticleVersion {
  const order = segmentsOf(source).filter((s) => s.counted);
  let content = versionContent(undefined, 'rtl');
  let block = 0;
  for (const segment of order) {
    if (segment.kind === 'field') {
      content = setTranslation(content, 'en', segment, order, translation.fields[segment.id as FieldSegment]);
    } else {
      const node = source.body.root.children[segment.index] as SerializedNode;
      const value = translation.blocks[block++]!;
      const target = typeof value === 'string' ? blockLike(node, value) : { ...copyOfSource([node])[0]!, ...value };
      content = setTranslation(content, 'en', segment, order, [target]);
    }
    content = setStatus(content, 'en', segment, status);
  }
  expect(block, `${lang}: one translation per block`).toBe(translation.blocks.length);
  return { ...content, lang, revision: 2, updatedAt: '2021-07-25T13:00:00.000Z' };
}

function cleanArticle(): Article {
  const article = seedArticle();
  const en = article.versions.en!;
  const children = en.body.root.children.map((node) => (blockText(node).endsWith('expected to') ? textBlock(node, COMPLETED) : node));
  const picture: SerializedNode = {
    type: 'image',
    version: 1,
    sha256: SEED_BODY_IMAGE_SHA,
    width: 1024,
    height: 683,
    ...ENGLISH_IMAGE,
    credit: 'Zhyan/Rudaw',
    $: { seg: 'img000000001' },
  };
  const heading = children.findIndex((node) => node.type === 'heading');
  children.splice(heading + 1, 0, picture);
  const source: ArticleVersion = { ...en, body: { ...en.body, root: { ...en.body.root, children } } };
  return ArticleSchema.parse({
    ...article,
    versions: { en: source, ckb: translate(source, 'ckb', SORANI), kmr: translate(source, 'kmr', BADINI) },
  });
}

function blockText(node: SerializedNode): string {
  return (node.children ?? []).map((child) => (typeof child.text === 'string' ? child.text : blockText(child))).join('');
}

const idOf = (node: SerializedNode): string => blockSegmentId(node)!;
const segmentsIn = (article: Article, lang: LanguageKey): Segment[] => segmentsOf(article.versions[lang]!);
const codes = (findings: readonly Finding[]) => findings.map((f) => `${f.lang ?? '-'} ${f.code}`);

/** The text a finding's range covers. */
function highlighted(article: Article, f: Finding): string {
  const segment = segmentsIn(article, f.lang!).find((s) => s.id === f.segment)!;
  return segment.text.slice(f.range!.start, f.range!.end);
}

/** A copy of `article` with the body block at `index` of `lang` holding `text` (its segment id and link kept). */
function withBlockText(article: Article, lang: LanguageKey, index: number, text: string): Article {
  const copy = structuredClone(article);
  const children = copy.versions[lang]!.body.root.children;
  children[index] = textBlock(children[index]!, text);
  return copy;
}

/** Index of the body block of `lang` whose text includes `part`. */
function blockIndex(article: Article, lang: LanguageKey, part: string): number {
  const index = article.versions[lang]!.body.root.children.findIndex((node) => blockText(node).includes(part));
  expect(index, part).toBeGreaterThanOrEqual(0);
  return index;
}

describe('checkArticle on the seed article', () => {
  const seed = seedArticle();
  const findings = checkArticle(seed);

  it('finds the English paragraph that stops at “the two leaders are expected to”', () => {
    const unfinished = findings.filter((f) => f.code === 'paragraph.unfinished' && f.lang === 'en');
    expect(unfinished).toHaveLength(1);
    const [f] = unfinished as [Finding];
    expect(f).toMatchObject({ severity: 'warning', params: { ending: 'to' } });
    const segment = segmentsIn(seed, 'en').find((s) => s.id === f.segment)!;
    expect(segment.text.endsWith('the two leaders are expected to')).toBe(true);
    expect(highlighted(seed, f)).toBe('to');
  });

  it('finds the Sorani and Badini news lines that stop mid-sentence, and the Badini closing quote never opened', () => {
    expect(findings.filter((f) => f.code === 'paragraph.unfinished').map((f) => [f.lang, f.params.ending])).toEqual([
      ['en', 'to'],
      ['ckb', 'نەبووەو'],
      ['ckb', 'داوەو'],
      ['ckb', 'کردووەو'],
      ['kmr', 'کۆم'],
      ['kmr', 'کر'],
    ]);
    const quote = findings.find((f) => f.code === 'marks.unopened')!;
    expect(quote).toMatchObject({ lang: 'kmr', params: { mark: '”', opener: '“' } });
    expect(highlighted(seed, quote)).toBe('”');
  });

  it('reports every English segment as untranslated in both translations (the seed has no links yet), fields by name', () => {
    const english = segmentsIn(seed, 'en').filter((s) => s.counted);
    for (const lang of ['ckb', 'kmr'] as const) {
      const missing = findings.filter((f) => f.lang === lang && f.code === 'translation.missing');
      expect(missing.map((f) => f.source!.segment)).toEqual(english.map((s) => s.id));
      expect(missing.every((f) => f.severity === 'error' && f.params.from === 'en' && f.source!.lang === 'en')).toBe(true);
      expect(missing.slice(0, 6).map((f) => f.segment)).toEqual(['headline', 'standfirst', 'dateline', 'byline', 'leadImageCaption', 'leadImageAlt']);
      expect(missing.slice(6).every((f) => f.segment === null)).toBe(true);
    }
    expect(hasErrors(findings)).toBe(true);
  });

  it('finds nothing else', () => {
    const expected = new Set(['translation.missing', 'paragraph.unfinished', 'marks.unopened']);
    expect(findings.filter((f) => !expected.has(f.code))).toEqual([]);
  });
});

describe('checkArticle on a clean article', () => {
  const clean = cleanArticle();

  it('finds nothing at all', () => {
    expect(checkArticle(clean)).toEqual([]);
  });

  it('is a real three-language article: every row done, Kurdish text already normalised', () => {
    for (const lang of ['ckb', 'kmr'] as const) {
      const segments = segmentsIn(clean, lang);
      expect(segments.filter((s) => s.counted).every((s) => s.link?.status === 'done' && s.link.from === 'en')).toBe(true);
      for (const s of segments) expect(normalizeKurdish(s.text), s.text).toBe(s.text);
    }
    expect(segmentsIn(clean, 'ckb').filter((s) => s.counted)).toHaveLength(segmentsIn(clean, 'en').filter((s) => s.counted).length);
  });
});

describe('translation states', () => {
  const clean = cleanArticle();

  it('reports a draft row as a warning on the target segment, with the source row', () => {
    const ckb = clean.versions.ckb!;
    const source = segmentsIn(clean, 'en').find((s) => s.text.startsWith('There are currently'))!;
    const article = structuredClone(clean);
    article.versions.ckb = { ...ckb, ...setStatus(ckb, 'en', source, 'draft') };
    const findings = checkArticle(article);
    expect(codes(findings)).toEqual(['ckb translation.draft']);
    const target = segmentsIn(article, 'ckb').find((s) => s.link?.source === source.id)!;
    expect(findings[0]).toEqual({ code: 'translation.draft', severity: 'warning', lang: 'ckb', segment: target.id, params: { from: 'en' }, source: { lang: 'en', segment: source.id } });
  });

  it('reports rows whose source changed after they were done as stale errors, in both translations', () => {
    const index = blockIndex(clean, 'en', 'Biden and al-Kadhimi is expected');
    const article = withBlockText(clean, 'en', index, 'Biden and al-Kadhimi are expected to specify a timeline, possibly by the end of this year.');
    const findings = checkArticle(article);
    expect(codes(findings)).toEqual(['ckb translation.stale', 'kmr translation.stale']);
    expect(findings.every((f) => f.severity === 'error' && f.source?.segment === idOf(article.versions.en!.body.root.children[index]!))).toBe(true);
  });

  it('reports a missing body row with no target segment, sorted where its translation would go', () => {
    const article = structuredClone(clean);
    const children = article.versions.kmr!.body.root.children;
    const dropped = children.findIndex((node) => blockText(node).startsWith('نوکە نێزیکی 2,500'));
    const before = idOf(children[dropped - 1]!);
    const after = idOf(children[dropped + 1]!);
    children.splice(dropped, 1);
    // Markers around the gap: a doubled word just before it and just after it.
    article.versions.kmr!.body.root.children[dropped - 1] = textBlock(children[dropped - 1]!, `${blockText(children[dropped - 1]!)} ئەو ئەو.`);
    article.versions.kmr!.body.root.children[dropped] = textBlock(children[dropped]!, `ئەو ئەو ${blockText(children[dropped]!)}`);
    const findings = checkArticle(article);
    expect(findings.map((f) => [f.code, f.segment])).toEqual([
      ['words.doubled', before],
      ['translation.missing', null],
      ['words.doubled', after],
    ]);
    expect(findings[1]!.source!.segment).toBe(segmentsIn(clean, 'en').find((s) => s.text.startsWith('There are currently'))!.id);
  });

  it('reports translations of a deleted source paragraph as orphans (warnings)', () => {
    const article = structuredClone(clean);
    const index = blockIndex(article, 'en', 'Biden and al-Kadhimi is expected');
    article.versions.en!.body.root.children.splice(index, 1);
    const findings = checkArticle(article);
    expect(codes(findings)).toEqual(['ckb translation.orphan', 'kmr translation.orphan']);
    expect(findings.every((f) => f.severity === 'warning' && f.params.from === 'en' && f.segment !== null)).toBe(true);
  });

  it('checks a translation against the language most of its links point to', () => {
    // Badini translated from Sorani: same ids, links to ckb. A Sorani row missing shows in Badini, not English.
    const article = structuredClone(clean);
    const ckbSegments = segmentsIn(article, 'ckb');
    const ckbBySource = new Map(ckbSegments.filter((s) => s.link).map((s) => [s.link!.source, s]));
    let kmr = article.versions.kmr!;
    for (const s of segmentsIn(article, 'kmr').filter((s) => s.counted)) {
      const ckbSource = ckbBySource.get(s.link!.source)!;
      const link = { from: 'ckb' as const, source: ckbSource.id as never, status: 'done' as const, sourceHash: null, sourceText: null };
      if (s.kind === 'field') kmr = { ...kmr, fieldLinks: { ...kmr.fieldLinks, [s.id]: link } };
      else kmr.body.root.children[s.index] = { ...kmr.body.root.children[s.index]!, $: { seg: s.id, link } };
    }
    article.versions.kmr = kmr;
    for (const s of segmentsIn(article, 'kmr').filter((s) => s.counted)) kmr = { ...kmr, ...setStatus(kmr, 'ckb', ckbSegments.find((c) => c.id === s.link!.source)!, 'done') };
    article.versions.kmr = kmr;
    expect(checkArticle(article)).toEqual([]);
    const stale = withBlockText(article, 'ckb', blockIndex(article, 'ckb', 'چاوەڕێ دەکرێت بایدن'), 'چاوەڕێ دەکرێت بایدن و کازمی وادەیەک دیاری بکەن.');
    expect(checkArticle(stale).map((f) => [f.lang, f.code, f.params.from])).toEqual([['kmr', 'translation.stale', 'ckb']]);
  });
});

describe('numbers across languages', () => {
  const clean = cleanArticle();
  const troops = (article: Article, lang: LanguageKey) => blockIndex(article, lang, lang === 'ckb' ? 'ئێستا نزیکەی' : 'نوکە نێزیکی');

  it('finds a planted number mismatch: 2,500 in English, ٢٬٤٠٠ in Sorani', () => {
    const index = troops(clean, 'ckb');
    const article = withBlockText(clean, 'ckb', index, 'ئێستا نزیکەی ٢٬٤٠٠ سەربازی ئەمریکا لە عێراقن، لە چوارچێوەی هاوپەیمانیی نێودەوڵەتیی دژی داعش کە لە ساڵی ٢٠١٤ دامەزراوە.');
    const findings = checkArticle(article);
    expect(codes(findings)).toEqual(['ckb numbers.differ']);
    const [f] = findings as [Finding];
    expect(f).toMatchObject({ severity: 'warning', lang: 'ckb', params: { from: 'en', sourceNumber: '2,500', number: '٢٬٤٠٠' } });
    expect(highlighted(article, f)).toBe('٢٬٤٠٠');
    const source = segmentsIn(article, 'en').find((s) => s.id === f.source!.segment)!;
    expect(source.text.slice(f.source!.range!.start, f.source!.range!.end)).toBe('2,500');
  });

  it('finds a year the translation lacks and a number it adds (Badini), and compares captions (field rows)', () => {
    const index = troops(clean, 'kmr');
    let article = withBlockText(clean, 'kmr', index, 'نوکە نێزیکی 2,500 لەشکەرێن ئەمریکا ل ئیراقێ نە، د چوارچۆڤێ هاوپەیمانیا جیهانی یا دژی داعش دا.');
    article = withBlockText(article, 'kmr', blockIndex(article, 'kmr', 'هیڤی دهێتە کرن بایدن'), 'هیڤی دهێتە کرن بایدن و کازمی ژڤانەکێ دیار بکەن، بەلکی هەتا دوماهیا 2021ێ.');
    article.versions.kmr!.leadImageCaption = 'سەرۆکوەزیرێ ئیراقێ مستەفا کازمی د هەڤپەیڤینەکێ دا ل بەغدا، 24ی تیرمەها 2021ێ.';
    const findings = checkArticle(article);
    expect(findings.map((f) => [f.code, f.segment === 'leadImageCaption' ? 'caption' : 'block', f.params.sourceNumber ?? '', f.params.number ?? ''])).toEqual([
      ['numbers.differ', 'caption', '23', '24'],
      ['numbers.missing', 'block', '2014', ''],
      ['numbers.extra', 'block', '', '2021ێ'.slice(0, 4)],
    ]);
    const missing = findings[1]!;
    expect(missing.range).toBeUndefined();
    expect(missing.source!.range).toBeDefined();
  });

  it('treats numbers in any digit set as equal (Persian digits in Badini, Arabic-Indic in Sorani)', () => {
    const index = troops(clean, 'kmr');
    const article = withBlockText(clean, 'kmr', index, 'نوکە نێزیکی ۲٬۵۰۰ لەشکەرێن ئەمریکا ل ئیراقێ نە، د چوارچۆڤێ هاوپەیمانیا جیهانی یا دژی داعش دا کو ل سالا ۲۰۱۴ێ هاتیە دامەزراندن.');
    expect(checkArticle(article)).toEqual([]);
  });

  it('does not compare stale rows (the source moved on) or missing ones', () => {
    const index = blockIndex(clean, 'en', 'There are currently');
    const article = withBlockText(clean, 'en', index, 'There are currently about 3,000 U.S. troops in Iraq.');
    expect(codes(checkArticle(article))).toEqual(['ckb translation.stale', 'kmr translation.stale']);
  });
});

describe('text checks in the article', () => {
  const clean = cleanArticle();

  it('finds a number mixing digit sets in any language, as an error with its range', () => {
    let article = withBlockText(clean, 'kmr', blockIndex(clean, 'kmr', 'نوکە نێزیکی'), 'نوکە نێزیکی 2,5٠٠ لەشکەرێن ئەمریکا ل ئیراقێ نە، د چوارچۆڤێ هاوپەیمانیا جیهانی یا دژی داعش دا کو ل سالا 2014ێ هاتیە دامەزراندن.');
    article = withBlockText(article, 'en', blockIndex(article, 'en', 'There are currently'), 'There are currently about 2,5٠٠ U.S. troops in Iraq, who are in Iraq in the framework of the US-led global coalition against ISIS militants founded in 2014.');
    const findings = checkArticle(article).filter((f) => f.code === 'digits.mixed');
    expect(findings.map((f) => [f.lang, f.severity, f.params.number, f.params.sets])).toEqual([
      ['en', 'error', '2,5٠٠', 'ascii,arabic-indic'],
      ['kmr', 'error', '2,5٠٠', 'ascii,arabic-indic'],
    ]);
    expect(highlighted(article, findings[1]!)).toBe('2,5٠٠');
  });

  it('finds Arabic letters left in Sorani and Badini text, never in English', () => {
    let article = withBlockText(clean, 'ckb', blockIndex(clean, 'ckb', 'چاوەڕێ دەکرێت بایدن'), 'چاوەڕێ دەكرێت بایدن و کازمي وادەیەک دیاری بکەن، لەوانەیە تا کۆتایی ئەمساڵ.');
    article = withBlockText(article, 'kmr', blockIndex(article, 'kmr', 'هیڤی دهێتە کرن بایدن'), 'هیڤى دهێتە کرن بایدن و کازمی ژڤانەکێ دیار بکەن، بەلکی هەتا دوماهیا ڤێ سالێ.');
    article.versions.en!.byline = 'Zhyan News Network ك';
    const findings = checkArticle(article).filter((f) => f.code === 'letters.arabic-only');
    expect(findings.map((f) => [f.lang, f.params.word, f.params.letters, f.params.suggestion])).toEqual([
      ['ckb', 'دەكرێت', 'ك', 'دەکرێت'],
      ['ckb', 'کازمي', 'ي', 'کازمی'],
      ['kmr', 'هیڤى', 'ى', 'هیڤی'],
    ]);
    for (const f of findings) expect(highlighted(article, f)).toBe(f.params.word);
  });

  it('finds doubled words in all three languages', () => {
    let article = withBlockText(clean, 'en', blockIndex(clean, 'en', 'Biden and al-Kadhimi'), 'Biden and and al-Kadhimi is expected to specify a timeline, possibly by the end of this year.');
    article = withBlockText(article, 'ckb', blockIndex(article, 'ckb', 'چاوەڕێ دەکرێت بایدن'), 'چاوەڕێ دەکرێت بایدن و کازمی وادەیەک دیاری بکەن، لەوانەیە تا تا کۆتایی ئەمساڵ.');
    article.versions.kmr!.headline = 'ئیراق پێدڤی ب ب هێزێن شەڕکەر یێن ئەمریکا نینە ل سەر ئاخا خۆ: کازمی';
    // Editing the English text makes its translations stale too: only the doubled words matter here.
    const findings = checkArticle(article).filter((f) => f.code === 'words.doubled');
    expect(findings.map((f) => [f.lang, f.code, f.segment === 'headline' ? 'headline' : 'block', f.params.word])).toEqual([
      ['en', 'words.doubled', 'block', 'and'],
      ['ckb', 'words.doubled', 'block', 'تا'],
      ['kmr', 'words.doubled', 'headline', 'ب'],
    ]);
    expect(highlighted(article, findings[0]!)).toBe('and');
  });

  it('finds unbalanced quotation marks and brackets in fields, blocks and image captions', () => {
    const article = structuredClone(clean);
    article.versions.en!.dateline = 'SULAIMANI [Kurdistan Region';
    article.versions.ckb!.standfirst = article.versions.ckb!.standfirst.replace('واشنتن.', '«واشنتن.');
    const image = article.versions.kmr!.body.root.children.find((node) => node.type === 'image')!;
    image.alt = `${String(image.alt)})`;
    const findings = checkArticle(article).filter((f) => f.code.startsWith('marks.'));
    expect(findings.map((f) => [f.lang, f.code, f.segment, f.params.mark])).toEqual([
      ['en', 'marks.unclosed', 'dateline', '['],
      ['ckb', 'marks.unclosed', 'standfirst', '«'],
      ['kmr', 'marks.unopened', idOf(image), ')'],
    ]);
    expect(highlighted(article, findings[2]!)).toBe(')');
  });

  it('lets a quotation run on across paragraphs when the next one opens it again', () => {
    const index = blockIndex(clean, 'en', 'Iraq’s security forces');
    let article = withBlockText(clean, 'en', index - 1, '“There is no need for any foreign combat forces on Iraqi soil.');
    article = withBlockText(article, 'en', index, '“Iraq’s security forces and army are capable of defending the country,” he said.');
    const english = (a: Article) => checkArticle(a).filter((f) => f.lang === 'en');
    expect(english(article)).toEqual([]);
    const broken = withBlockText(clean, 'en', index - 1, '“There is no need for any foreign combat forces on Iraqi soil.');
    expect(codes(english(broken))).toEqual(['en marks.unclosed']);
  });

  it('finds an empty paragraph between paragraphs, not one at the end', () => {
    const article = structuredClone(clean);
    for (const lang of ['en', 'ckb', 'kmr'] as const) {
      const children = article.versions[lang]!.body.root.children;
      children.splice(3, 0, { ...textBlock(children[0]!, ' '), $: { seg: `empty${lang.padEnd(3, 'x')}0001` } });
      children.push({ ...textBlock(children[0]!, ''), children: [], $: { seg: `trail${lang.padEnd(3, 'x')}0001` } });
    }
    expect(checkArticle(article).map((f) => [f.lang, f.code, f.segment])).toEqual([
      ['en', 'paragraph.empty', 'emptyenx0001'],
      ['ckb', 'paragraph.empty', 'emptyckb0001'],
      ['kmr', 'paragraph.empty', 'emptykmr0001'],
    ]);
  });

  it('exempts headings, pull quotes and lists from closing punctuation, and lets a Kurdish block quote end with »', () => {
    const article = structuredClone(clean);
    const ckb = article.versions.ckb!.body.root.children;
    const quote = ckb.findIndex((node) => node.type === 'quote');
    ckb[quote] = textBlock(ckb[quote]!, '«جەنگ دژی داعش خشتەیەکی کاتیی تایبەتی دەوێت»');
    ckb.push(
      { ...textBlock(ckb[0]!, 'هێزە بیانییەکان'), type: 'pull-quote', $: { seg: 'pullquote001' } },
      { type: 'list', version: 1, listType: 'bullet', start: 1, tag: 'ul', direction: null, format: '', indent: 0, children: [{ type: 'listitem', version: 1, value: 1, direction: null, format: '', indent: 0, children: [{ type: 'text', version: 1, text: 'هەولێر', format: 0, style: '', mode: 'normal', detail: 0 }] }], $: { seg: 'listblock001' } },
    );
    expect(checkArticle(article)).toEqual([]);
  });

  it('suggests ڕ for a word-initial ر in Sorani only, with a one-letter fix, never blocking', () => {
    let article = withBlockText(clean, 'ckb', blockIndex(clean, 'ckb', 'چاوەڕێ دەکرێت بایدن'), 'چاوەڕێ دەکرێت بایدن و کازمی رۆژی هەینی وادەیەک دیاری بکەن، لەوانەیە تا کۆتایی ئەمساڵ.');
    // Badini writes a word-initial r ر: nothing to suggest there.
    article = withBlockText(article, 'kmr', blockIndex(article, 'kmr', 'هیڤی دهێتە کرن بایدن'), 'هیڤی دهێتە کرن بایدن و کازمی رۆژا ئەینیێ ژڤانەکێ دیار بکەن، بەلکی هەتا دوماهیا ڤێ سالێ.');
    const findings = checkArticle(article).filter((f) => f.code === 'letters.initial-reh');
    expect(findings.map((f) => [f.lang, f.severity, f.params.word, f.params.suggestion])).toEqual([['ckb', 'suggestion', 'رۆژی', 'ڕۆژی']]);
    const [found] = findings;
    expect(highlighted(article, found!)).toBe('رۆژی');
    const text = segmentsIn(article, 'ckb').find((s) => s.id === found!.segment)!.text;
    const { range, from, to } = found!.fix!;
    expect(text.slice(range.start, range.end)).toBe(from);
    expect(text.slice(0, range.start) + to + text.slice(range.end)).toContain('کازمی ڕۆژی هەینی');
    expect(hasErrors(findings)).toBe(false);
  });

  it('warns of a sentence end with no space after it in Kurdish text, with a fix that adds the space', () => {
    let article = withBlockText(clean, 'ckb', blockIndex(clean, 'ckb', 'چاوەڕێ دەکرێت بایدن'), 'چاوەڕێ دەکرێت بایدن و کازمی وادەیەک دیاری بکەن.لەوانەیە تا کۆتایی ئەمساڵ.');
    article = withBlockText(article, 'kmr', blockIndex(article, 'kmr', 'هیڤی دهێتە کرن بایدن'), 'هیڤی دهێتە کرن بایدن و کازمی ژڤانەکێ دیار بکەن؟بەلکی هەتا دوماهیا ڤێ سالێ.');
    const findings = checkArticle(article).filter((f) => f.code === 'sentence.glued');
    expect(findings.map((f) => [f.lang, f.severity, f.params.text])).toEqual([
      ['ckb', 'warning', 'بکەن.لەوانەیە'],
      ['kmr', 'warning', 'بکەن؟بەلکی'],
    ]);
    for (const f of findings) {
      expect(highlighted(article, f)).toBe(f.params.text);
      const text = segmentsIn(article, f.lang!).find((s) => s.id === f.segment)!.text;
      const { range, from, to } = f.fix!;
      expect(text.slice(range.start, range.end)).toBe(from);
      expect(to).toBe(`${from} `);
    }
  });

});

describe('versions, fields and images', () => {
  const clean = cleanArticle();

  it('reports a missing version as an error, unless the article is not published in that language', () => {
    const article = structuredClone(clean);
    delete article.versions.kmr;
    expect(checkArticle(article)).toEqual([{ code: 'version.missing', severity: 'error', lang: 'kmr', segment: null, params: {} }]);
    expect(checkArticle(article, { languages: ['en', 'ckb'] })).toEqual([]);
  });

  it('reports a missing headline (error) and dateline (warning) in the source and in a translation that has no row for them', () => {
    const article = structuredClone(clean);
    for (const lang of ['en', 'ckb'] as const) {
      article.versions[lang]!.headline = '';
      article.versions[lang]!.dateline = ' ';
      delete article.versions[lang]!.fieldLinks.headline;
      delete article.versions[lang]!.fieldLinks.dateline;
    }
    article.versions.kmr!.headline = '';
    article.versions.kmr!.dateline = '';
    expect(checkArticle(article).map((f) => [f.lang, f.code, f.severity, f.segment])).toEqual([
      ['en', 'headline.missing', 'error', 'headline'],
      ['en', 'dateline.missing', 'warning', 'dateline'],
      ['ckb', 'headline.missing', 'error', 'headline'],
      ['ckb', 'dateline.missing', 'warning', 'dateline'],
      ['kmr', 'headline.missing', 'error', 'headline'],
      ['kmr', 'dateline.missing', 'warning', 'dateline'],
    ]);
  });

  it('reports an untranslated headline once, as a missing translation', () => {
    const article = structuredClone(clean);
    article.versions.ckb!.headline = '';
    expect(checkArticle(article).map((f) => [f.lang, f.code, f.segment])).toEqual([['ckb', 'translation.missing', 'headline']]);
  });

  it('reports the lead image’s alt text (error), caption and credit (warnings), only when there is a lead image', () => {
    const article = structuredClone(clean);
    article.meta.leadImage!.credit = '';
    for (const lang of ['en', 'ckb', 'kmr'] as const) {
      article.versions[lang]!.leadImageAlt = '';
      article.versions[lang]!.leadImageCaption = '';
      delete article.versions[lang]!.fieldLinks.leadImageAlt;
      delete article.versions[lang]!.fieldLinks.leadImageCaption;
    }
    const findings = checkArticle(article);
    expect(findings.map((f) => [f.lang, f.code, f.severity, f.segment, f.params.image])).toEqual([
      [null, 'image.credit-missing', 'warning', LEAD_IMAGE_CREDIT, 'lead'],
      ['en', 'image.caption-missing', 'warning', 'leadImageCaption', 'lead'],
      ['en', 'image.alt-missing', 'error', 'leadImageAlt', 'lead'],
      ['ckb', 'image.caption-missing', 'warning', 'leadImageCaption', 'lead'],
      ['ckb', 'image.alt-missing', 'error', 'leadImageAlt', 'lead'],
      ['kmr', 'image.caption-missing', 'warning', 'leadImageCaption', 'lead'],
      ['kmr', 'image.alt-missing', 'error', 'leadImageAlt', 'lead'],
    ]);
    article.meta.leadImage = null;
    expect(checkArticle(article)).toEqual([]);
  });

  it('reports body images with empty alt text, caption or credit', () => {
    const article = structuredClone(clean);
    const image = article.versions.ckb!.body.root.children.find((node) => node.type === 'image')!;
    image.alt = '';
    image.caption = '  ';
    image.credit = '';
    const seg = idOf(image);
    expect(checkArticle(article).map((f) => [f.lang, f.code, f.severity, f.segment, f.params.image])).toEqual([
      ['ckb', 'image.alt-missing', 'error', seg, 'body'],
      ['ckb', 'image.caption-missing', 'warning', seg, 'body'],
      ['ckb', 'image.credit-missing', 'warning', seg, 'body'],
    ]);
  });
});

describe('findings', () => {
  it('come in a fixed order: article-wide, then language table order, then reading order, then code order', () => {
    const seed = seedArticle();
    seed.meta.leadImage!.credit = '';
    seed.versions.en!.headline = 'Iraq Iraq';
    const findings = checkArticle(seed);
    expect(checkArticle(seed)).toEqual(findings);
    const lang = (f: Finding) => (f.lang === null ? -1 : ['en', 'ckb', 'kmr'].indexOf(f.lang));
    for (let i = 1; i < findings.length; i++) expect(lang(findings[i]!)).toBeGreaterThanOrEqual(lang(findings[i - 1]!));
    expect(findings[0]!.code).toBe('image.credit-missing');
    // English: the headline's finding, then the unfinished paragraph, in reading order.
    expect(codes(findings.filter((f) => f.lang === 'en'))).toEqual(['en words.doubled', 'en paragraph.unfinished']);
    // Sorani: untranslated rows (fields, then body rows before the first block), then the Sorani blocks' own findings.
    const ckb = findings.filter((f) => f.lang === 'ckb');
    const firstOwn = ckb.findIndex((f) => f.code !== 'translation.missing');
    expect(ckb.slice(firstOwn).every((f) => f.code !== 'translation.missing')).toBe(true);
  });

  it('have a known code, its severity, and params of strings and numbers only', () => {
    const findings = checkArticle(seedArticle());
    for (const f of findings) {
      expect(FINDING_CODES[f.code]).toBe(f.severity);
      for (const value of Object.values(f.params)) expect(['string', 'number']).toContain(typeof value);
    }
    // Codes nest as locale keys (qa.<code>): none may be a prefix of another.
    for (const a of FINDING_CODE_LIST) for (const b of FINDING_CODE_LIST) if (a !== b) expect(b.startsWith(`${a}.`)).toBe(false);
  });
});

describe('performance', () => {
  it('checks a 2,000-word three-language article quickly (measured, printed; no timing assertion)', () => {
    // The English seed body repeated to 2,000+ words, translated block by block with real Sorani and Badini news lines.
    const seed = seedArticle();
    const en = seed.versions.en!;
    const paragraphs = en.body.root.children.filter((node) => node.type === 'paragraph');
    const children: SerializedNode[] = [];
    let words = 0;
    for (let n = 0; words < 2_000; n++) {
      const node = paragraphs[n % paragraphs.length]!;
      words += blockText(node).split(/\s+/).length;
      children.push({ ...node, $: { seg: `p${String(n).padStart(11, '0')}` } });
    }
    const source: ArticleVersion = { ...en, body: { ...en.body, root: { ...en.body.root, children } } };
    const sorani = fixtureLines('sorani-news-sample.txt');
    const badini = fixtureLines('badini-news-sample.txt');
    const translation = (lines: string[], fields: Translation['fields']): Translation => ({ fields, blocks: children.map((_, n) => `${lines[n % lines.length]!}.`) });
    const article = ArticleSchema.parse({
      ...seed,
      versions: { en: source, ckb: translate(source, 'ckb', translation(sorani, SORANI.fields)), kmr: translate(source, 'kmr', translation(badini, BADINI.fields)) },
    });
    checkArticle(article); // warm-up: regular expressions and tables
    const runs = 20;
    const start = performance.now();
    let findings: Finding[] = [];
    for (let i = 0; i < runs; i++) findings = checkArticle(article);
    const ms = (performance.now() - start) / runs;
    console.log(`checkArticle: ${words} English words × 3 languages, ${children.length} blocks each, ${findings.length} findings: ${ms.toFixed(2)} ms per run`);
    expect(findings.length).toBeGreaterThan(0);
  });
});
