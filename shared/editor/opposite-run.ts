import { defineExtension, safeCast, TextNode, type LexicalEditor } from 'lexical';
import type { Direction } from '../languages';

/**
 * A run of text in the other direction inside a paragraph: "U.S.", "The
 * Associated Press" or "(KDP)" in Sorani, a Kurdish name in English. It is
 * kept as a text node of its own whose style isolates it; without that the
 * bidi algorithm hands the final stop of "U.S." to the Arabic sentence and it
 * is drawn as ".U.S". The style is stored with the body, so export isolates
 * the same runs.
 *
 * A plain style, not a node class of its own: Lexical merges and splits
 * same-styled text nodes itself and keeps the caret in place while doing so
 * (its text-entity helper lost the caret when a run grew under it).
 */
export function oppositeRunStyle(runDir: Direction): string {
  return `direction: ${runDir}; unicode-bidi: isolate;`;
}

// Latin letters (with accents) and digits; inside a run also the joiners of names and abbreviations.
const LATIN = 'A-Za-z\\u00C0-\\u024F';
const LATIN_RUN = new RegExp(`[${LATIN}][${LATIN}0-9]*(?:(?:[ .\\-'’&/:@_]+|, )[${LATIN}0-9]+)*\\.?`, 'g');
// Arabic-script letters (Kurdish included) with joiners, inside an English paragraph.
const ARABIC = '\\u0600-\\u06FF\\u0750-\\u077F\\u08A0-\\u08FF\\uFB50-\\uFDFF\\uFE70-\\uFEFF';
const ARABIC_RUN = new RegExp(`[${ARABIC}](?:[${ARABIC}\\u200C\\u200D]|[ \\-](?=[${ARABIC}]))*`, 'g');

/** Every run of the opposite script in `text`, for a version written in `versionDir`. */
export function findOppositeRuns(text: string, versionDir: Direction): { start: number; end: number }[] {
  const pattern = versionDir === 'rtl' ? LATIN_RUN : ARABIC_RUN;
  const runs: { start: number; end: number }[] = [];
  for (const match of text.matchAll(pattern)) {
    let run = match[0];
    // A stop ends the run only in an abbreviation ("U.S.", "D.C."): after a plain word it ends the sentence.
    if (run.endsWith('.') && !run.slice(0, -1).includes('.')) run = run.slice(0, -1);
    if (run.length > 0) runs.push({ start: match.index, end: match.index + run.length });
  }
  return runs;
}

/** The first run of the opposite script in `text`, or null. */
export function findOppositeRun(text: string, versionDir: Direction): { start: number; end: number } | null {
  return findOppositeRuns(text, versionDir)[0] ?? null;
}

export function registerOppositeRuns(editor: LexicalEditor, versionDir: Direction): () => void {
  const runStyle = oppositeRunStyle(versionDir === 'rtl' ? 'ltr' : 'rtl');
  const isRun = (node: unknown): boolean => node instanceof TextNode && node.getStyle() === runStyle;
  /** Whether `run` + `plain` (or `plain` + `run`) would still split at the same place: else they must be re-split together. */
  const keepsBoundary = (before: string, after: string, runIsBefore: boolean): boolean => {
    const runs = findOppositeRuns(before + after, versionDir);
    return runIsBefore
      ? runs.some((r) => r.start === 0 && r.end === before.length)
      : runs.some((r) => r.start === before.length && r.end === before.length + after.length);
  };

  return editor.registerNodeTransform(TextNode, (transformed) => {
    let node = transformed;
    if (!node.isSimpleText() || editor.isComposing()) return;
    if (isRun(node)) {
      const text = node.getTextContent();
      const match = findOppositeRun(text, versionDir);
      // Still exactly one run: nothing to do. Otherwise make it plain; the transform runs again and re-splits.
      if (!match || match.start !== 0 || match.end !== text.length) node.setStyle('');
      return;
    }
    // Plain neighbours of the same kind are one text: merged here, not left to Lexical's normalisation, which
    // does not always come first ("ک" + "A" + "0" saved as three nodes made run and plain chase each other forever).
    const plainNeighbour = (sibling: unknown): sibling is TextNode =>
      sibling instanceof TextNode && sibling.isSimpleText() && !isRun(sibling) && sibling.getFormat() === node.getFormat() && sibling.getStyle() === node.getStyle() && sibling.getMode() === node.getMode();
    // mergeWithSibling reads the text of the very object it is called on: the latest version, not the one handed in.
    const before = node.getPreviousSibling();
    if (plainNeighbour(before)) node = node.getLatest().mergeWithSibling(before);
    const after = node.getNextSibling();
    if (plainNeighbour(after)) node = node.getLatest().mergeWithSibling(after);
    const text = node.getTextContent();
    // Text typed next to a run may extend it ("U." + "S."): then make the run plain, so Lexical merges it
    // with this node (keeping the caret), and the merged text is split afresh.
    const previous = node.getPreviousSibling();
    const next = node.getNextSibling();
    let merged = false;
    if (previous instanceof TextNode && isRun(previous) && previous.getFormat() === node.getFormat() && !keepsBoundary(previous.getTextContent(), text, true)) {
      previous.setStyle('');
      merged = true;
    }
    if (next instanceof TextNode && isRun(next) && next.getFormat() === node.getFormat() && !keepsBoundary(text, next.getTextContent(), false)) {
      next.setStyle('');
      merged = true;
    }
    if (merged) return;
    const match = findOppositeRun(text, versionDir);
    if (!match) return;
    const [first, second] = node.splitText(match.start, match.end);
    const run = match.start === 0 ? first : second;
    run?.setStyle(runStyle);
  });
}

export const OppositeRunExtension = defineExtension({
  name: '@qelem/editor/OppositeRun',
  config: safeCast<{ dir: Direction }>({ dir: 'ltr' }),
  register: (editor, config) => registerOppositeRuns(editor, config.dir),
});
