import { isKurdish } from '../languages';
import type { Segment } from '../translation/segments-of';
import { finding, type FindingCode, type TextFix, type TextRange } from './findings';
import { mixedDigitNumbers } from './numbers';
import { unbalancedMarks, unfinishedEnding, type UnbalancedMark } from './punctuation';
import { arabicOnlyWords, doubledWords, gluedSentences, initialRehWords } from './words';
import { isBlank, type Placed, type VersionView } from './version-view';

/**
 * Only running text must end a sentence. Headings, pull quotes (display text,
 * like a heading) and lists (items are often fragments, and a list's own end
 * is its last item's) are exempt, as are the fields: a headline or dateline
 * has no full stop.
 */
const SENTENCE_BLOCKS = new Set(['paragraph', 'quote']);
/** Blocks that are running text: a continued quotation runs on across them. */
const TEXT_BLOCKS = new Set(['paragraph', 'quote', 'pull-quote', 'heading']);
/** Openers that English style repeats at the start of each paragraph of a quotation running on, unclosed until its last. */
const CONTINUED = new Set(['“', '«', '"']);

/** The checks that read one version's own text, segment by segment. */
export function checkText(view: VersionView): Placed[] {
  const placed: Placed[] = [];
  const kurdish = isKurdish(view.lang);
  const { lang, segments } = view;
  segments.forEach((segment, position) => {
    if (isBlank(segment.text)) return;
    const add = (code: FindingCode, params: Record<string, string | number>, range?: TextRange, fix?: TextFix) =>
      placed.push({ finding: finding(code, lang, segment.id, params, { ...(range ? { range } : {}), ...(fix ? { fix } : {}) }), position, sub: 0 });

    for (const mixed of mixedDigitNumbers(segment.text)) add('digits.mixed', { number: mixed.number, sets: mixed.sets }, mixed.range);
    if (kurdish) for (const word of arabicOnlyWords(segment.text)) add('letters.arabic-only', { word: word.word, letters: word.letters, suggestion: word.suggestion }, word.range);
    if (lang === 'ckb') for (const word of initialRehWords(segment.text)) add('letters.initial-reh', { word: word.word, suggestion: word.suggestion }, word.range, word.fix);

    if (segment.kind === 'block' && SENTENCE_BLOCKS.has(segment.blockType)) {
      const unfinished = unfinishedEnding(segment.text, segment.blockType === 'quote');
      if (unfinished) add('paragraph.unfinished', { ending: unfinished.ending }, unfinished.range);
    }

    const continues = segment.kind === 'block' && TEXT_BLOCKS.has(segment.blockType) ? nextTextBlock(segments, position) : null;
    for (const mark of marksOf(segment)) {
      // A quotation running on into the next paragraph, which opens with the same mark again.
      if (mark.kind === 'unclosed' && CONTINUED.has(mark.mark) && continues?.text.trimStart().startsWith(mark.mark)) continue;
      if (mark.kind === 'unclosed') add('marks.unclosed', { mark: mark.mark, closer: mark.partner }, mark.range);
      else add('marks.unopened', { mark: mark.mark, opener: mark.partner }, mark.range);
    }

    if (kurdish) for (const glued of gluedSentences(segment.text)) add('sentence.glued', { text: glued.text }, glued.range, glued.fix);
    for (const doubled of doubledWords(segment.text)) add('words.doubled', { word: doubled.word }, doubled.range);
  });
  return placed.sort((a, b) => a.position - b.position || (a.finding.range?.start ?? -1) - (b.finding.range?.start ?? -1));
}

/** An image's text is its caption and alt text, one per line: each is balanced on its own. */
function marksOf(segment: Segment): UnbalancedMark[] {
  if (segment.kind !== 'image') return unbalancedMarks(segment.text);
  const newline = segment.text.indexOf('\n');
  const caption = unbalancedMarks(segment.text.slice(0, newline));
  const alt = unbalancedMarks(segment.text.slice(newline + 1)).map((m) => ({ ...m, range: { start: m.range.start + newline + 1, end: m.range.end + newline + 1 } }));
  return [...caption, ...alt];
}

/** The next body block with text, if it is running text too. */
function nextTextBlock(segments: readonly Segment[], position: number): Segment | null {
  for (let i = position + 1; i < segments.length; i++) {
    const next = segments[i]!;
    if (next.kind === 'block' && isBlank(next.text)) continue;
    return next.kind === 'block' && TEXT_BLOCKS.has(next.blockType) ? next : null;
  }
  return null;
}

/**
 * Empty paragraphs (or headings, quotes) between blocks with content: they
 * show as a gap in the published page. One at the very start or end is left
 * alone: it is where the caret sat, and shows nothing between paragraphs.
 */
export function checkEmptyBlocks(view: VersionView): Placed[] {
  const placed: Placed[] = [];
  const blocks = view.segments.filter((s) => s.kind !== 'field');
  const content = blocks.map((s) => s.kind === 'image' || !isBlank(s.text));
  const first = content.indexOf(true);
  const last = content.lastIndexOf(true);
  blocks.forEach((segment, i) => {
    if (content[i] || i < first || i > last || !TEXT_BLOCKS.has(segment.blockType)) return;
    placed.push({ finding: finding('paragraph.empty', view.lang, segment.id), position: view.position.get(segment.id)!, sub: 0 });
  });
  return placed;
}
