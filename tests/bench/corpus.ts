import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildEditorFromExtensions } from '@lexical/extension';
import { $createHeadingNode, $createQuoteNode } from '@lexical/rich-text';
import { $createParagraphNode, $createTextNode, $getRoot, type ElementNode, type SerializedEditorState } from 'lexical';
import type { ApiInput } from '../../shared/api';
import type { Body } from '../../shared/article';
import { articleBodyExtension } from '../../shared/editor/article-editor';
import type { LanguageKey } from '../../shared/languages';
import { seededRandom, type Random } from '../seeded-random';

/**
 * Deterministic bench data built from the real fixture text in
 * tests/fixtures/text: the same seed gives
 * the same documents, word for word.
 */

/** A version's content as the API takes it (fields with defaults may be left out), with a body of known shape. */
export type VersionInput = Omit<ApiInput<'saveVersion'>['content'], 'body'> & { body: Body };

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const between = (random: Random, low: number, high: number) => low + Math.floor(random() * (high - low + 1));

/** Latin names, acronyms and numbers as they turn up inside Kurdish news sentences. */
export const LATIN_RUNS = ['ISIS', 'U.S.', '2,500', 'NATO', 'Joe Biden', 'al-Kadhimi', 'COVID-19', '15%', '2021', 'UN', 'Reuters', 'KRG', 'F-16', '$1.2 billion', 'AP Photo/Khalid Mohammed', 'PKK'];

export interface Corpus {
  /** Words of each language's fixture, in order, one array per non-empty line. */
  lines: Record<LanguageKey, string[][]>;
}

const FIXTURE_FILES: Record<LanguageKey, string> = {
  en: 'seed-article-en.txt',
  ckb: 'sorani-news-sample.txt',
  kmr: 'badini-news-sample.txt',
};

export function loadCorpus(fixturesDir: string): Corpus {
  const lines = {} as Record<LanguageKey, string[][]>;
  for (const [lang, file] of Object.entries(FIXTURE_FILES) as [LanguageKey, string][]) {
    lines[lang] = readFileSync(path.join(fixturesDir, file), 'utf8')
      .split('\n')
      .map((line) => line.trim().split(/\s+/u).filter((word) => word.length > 0))
      // The English file starts with navigation chrome ("English | سۆرانی | بادینی"): keep real sentences only.
      .filter((words) => words.length >= 4 && !words.includes('|'));
  }
  return { lines };
}

/** An endless stream of fixture words, line after line from seeded starting points, with Latin runs mixed into Kurdish text. */
function wordStream(corpus: Corpus, lang: LanguageKey, random: Random): () => string {
  const lines = corpus.lines[lang];
  let line: string[] = [];
  let at = 0;
  const latinShare = lang === 'en' ? 0 : 0.06;
  return () => {
    if (random() < latinShare) return pick(random, LATIN_RUNS);
    if (at >= line.length) {
      line = pick(random, lines);
      at = 0;
    }
    return line[at++] as string;
  };
}

/** Words as the app counts them roughly: whitespace-separated tokens (a Latin run like "Joe Biden" counts 2). */
export const tokenCount = (text: string) => text.split(/\s+/u).filter((t) => t.length > 0).length;

type Block = { kind: 'paragraph' | 'h2' | 'h3' | 'quote'; runs: { text: string; format: number }[] };

/** Blocks of about `words` words: paragraphs of 20–70 words, a subheading every 8–14 paragraphs, a quote now and then, some bold and italic runs. */
function planBlocks(corpus: Corpus, lang: LanguageKey, words: number, seed: number): Block[] {
  const random = seededRandom(seed);
  const next = wordStream(corpus, lang, random);
  const blocks: Block[] = [];
  let remaining = words;
  let untilHeading = between(random, 8, 14);
  const take = (count: number): string => {
    const taken: string[] = [];
    while (taken.length < count) {
      const word = next();
      taken.push(word);
    }
    const text = taken.join(' ');
    remaining -= tokenCount(text);
    return text;
  };
  while (remaining > 0) {
    if (untilHeading-- === 0 && remaining > 40) {
      blocks.push({ kind: random() < 0.7 ? 'h2' : 'h3', runs: [{ text: take(Math.min(remaining, between(random, 4, 9))), format: 0 }] });
      untilHeading = between(random, 8, 14);
      continue;
    }
    const size = Math.min(remaining, between(random, 20, 70));
    const kind = random() < 0.05 ? 'quote' : 'paragraph';
    if (random() < 0.2 && size > 12) {
      // A formatted run in the middle: bold (1) or italic (2).
      const head = between(random, 3, size - 8);
      const styled = between(random, 2, 5);
      blocks.push({
        kind,
        runs: [
          { text: `${take(head)} `, format: 0 },
          { text: take(styled), format: random() < 0.6 ? 1 : 2 },
          { text: ` ${take(Math.max(1, size - head - styled))}`, format: 0 },
        ],
      });
    } else {
      blocks.push({ kind, runs: [{ text: take(size), format: 0 }] });
    }
  }
  return blocks;
}

/**
 * A body of about `words` words (exactly `words` tokens unless a Latin run of
 * two words lands on the end) serialized by the app's own editor definition,
 * so the JSON has exactly the shape the app saves (Kurdish text normalised).
 */
export function generateBody(corpus: Corpus, lang: LanguageKey, words: number, seed: number): Body {
  const blocks = planBlocks(corpus, lang, words, seed);
  const editor = buildEditorFromExtensions(articleBodyExtension(lang, null));
  editor.update(
    () => {
      const root = $getRoot().clear();
      for (const block of blocks) {
        const element: ElementNode =
          block.kind === 'paragraph' ? $createParagraphNode() : block.kind === 'quote' ? $createQuoteNode() : $createHeadingNode(block.kind);
        for (const run of block.runs) element.append($createTextNode(run.text).setFormat(run.format));
        root.append(element);
      }
    },
    { discrete: true },
  );
  const state: SerializedEditorState = editor.getEditorState().toJSON();
  editor.setRootElement(null);
  return state as unknown as Body;
}

/**
 * The same blocks as serialized JSON written directly, in the shape the
 * editor saves (see generateBody), without building an editor: fast enough
 * for the 10,000-article library. Text is not Kurdish-normalised here; search
 * folds it anyway.
 */
export function quickBody(corpus: Corpus, lang: LanguageKey, words: number, seed: number): Body {
  const text = (run: { text: string; format: number }) => ({ detail: 0, format: run.format, mode: 'normal', style: '', text: run.text, type: 'text', version: 1 });
  const children = planBlocks(corpus, lang, words, seed).map((block) => {
    const common = { children: block.runs.map(text), direction: null, format: '', indent: 0 };
    if (block.kind === 'paragraph') return { ...common, textFormat: 0, textStyle: '', type: 'paragraph', version: 1 };
    if (block.kind === 'quote') return { ...common, type: 'quote', version: 1 };
    return { ...common, tag: block.kind, type: 'heading', version: 1 };
  });
  return { root: { children, direction: lang === 'en' ? 'ltr' : 'rtl', format: '', indent: 0, type: 'root', version: 1 } };
}

const DATELINES: Record<LanguageKey, string[]> = {
  en: ['SULAIMANI [Kurdistan Region]', 'ERBIL [Kurdistan Region]', 'DUHOK [Kurdistan Region]', 'BAGHDAD'],
  ckb: ['سلێمانی [هەرێمی کوردستان]', 'هەولێر [هەرێمی کوردستان]', 'بەغدا'],
  kmr: ['دهۆک [هەرێما کوردستانێ]', 'هەولێر [هەرێما کوردستانێ]', 'زاخۆ'],
};
const BYLINES: Record<LanguageKey, string> = { en: 'Zhyan News Network', ckb: 'تۆڕی هەواڵی ژیان', kmr: 'تۆڕا نووچەیێن ژیان' };

/** Headline, standfirst, dateline and byline from fixture words, plus a body of `words` words. */
export function generateVersion(corpus: Corpus, lang: LanguageKey, words: number, seed: number, build: 'editor' | 'quick' = 'editor'): VersionInput {
  const random = seededRandom(seed ^ 0x9e3779b9);
  const next = wordStream(corpus, lang, random);
  const phrase = (count: number) => Array.from({ length: count }, next).join(' ');
  return {
    headline: phrase(between(random, 6, 12)).slice(0, 400),
    standfirst: phrase(between(random, 18, 30)).slice(0, 1_500),
    dateline: pick(random, DATELINES[lang]),
    byline: BYLINES[lang],
    body: build === 'editor' ? generateBody(corpus, lang, words, seed) : quickBody(corpus, lang, words, seed),
  };
}

/** What a reporter types in the middle of the article: fixture words with Latin runs, `length` characters. */
export function typedText(corpus: Corpus, lang: LanguageKey, length: number, seed: number): string {
  const random = seededRandom(seed);
  const next = wordStream(corpus, lang, random);
  let text = ' ';
  let n = 0;
  while ([...text].length < length) text += `${n++ % 5 === 2 ? pick(random, LATIN_RUNS) : next()} `;
  return [...text].slice(0, length).join('');
}
