import { normalizeKurdish } from './normalize';

/**
 * A word-level diff of two versions of a text: what a translator sees when a
 * segment they translated has changed in the source.
 */
export interface DiffPart {
  kind: 'same' | 'added' | 'removed';
  /** The text as in `after` ('same', 'added') or as in `before` ('removed'). */
  text: string;
  /**
   * On a 'same' part only, when `before` spelled it differently (Arabic ك for
   * Kurdish ک, other spacing): the text as in `before`. The 'same' parts with
   * `before ?? text` and the 'removed' parts then give back `before` exactly.
   */
  before?: string;
}

// A word: letters, marks and digits of any script; a ZWNJ between two of them
// stays inside the word (Kurdish writes it mid-word). Everything else is a gap.
const WORD = /[\p{L}\p{M}\p{N}]+(?:\u200c+[\p{L}\p{M}\p{N}]+)*/gu;
const INVISIBLE = /[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
const SPACES = /\s+/g;

/** Above this many cells the LCS table (2 bytes a cell) is not worth it: the middle is shown as replaced. */
const MAX_CELLS = 4_000_000;

interface Tokens {
  texts: string[];
  /** Interned comparison keys. */
  keys: number[];
  /** Whether each token is a word (not a gap between words). */
  words: boolean[];
}

/**
 * Compares `before` and `after` word by word. Joining the 'same' and 'added'
 * texts gives `after`; joining the 'removed' texts and each 'same' part's
 * `before ?? text` gives `before`. Tokens are equal after Kurdish
 * normalisation (a spelling variant is no change), gaps also after dropping
 * invisible controls and collapsing whitespace (as the segment hash does).
 */
export function diffWords(before: string, after: string): DiffPart[] {
  const interned = new Map<string, number>();
  const a = tokenize(before, interned);
  const b = tokenize(after, interned);
  const n = a.keys.length;
  const m = b.keys.length;

  let start = 0;
  while (start < n && start < m && a.keys[start] === b.keys[start]) start++;
  let endA = n;
  let endB = m;
  while (endA > start && endB > start && a.keys[endA - 1] === b.keys[endB - 1]) {
    endA--;
    endB--;
  }

  const ops = new DiffBuilder(a, b);
  for (let k = 0; k < start; k++) ops.same(k, k);
  const rows = endA - start;
  const cols = endB - start;
  if (rows * cols > MAX_CELLS) {
    for (let i = start; i < endA; i++) ops.removed(i);
    for (let j = start; j < endB; j++) ops.added(j);
  } else {
    lcsWalk(a.keys, b.keys, start, endA, endB, ops);
  }
  for (let k = 0; k < n - endA; k++) ops.same(endA + k, endB + k);
  return ops.parts();
}

function tokenize(text: string, interned: Map<string, number>): Tokens {
  const tokens: Tokens = { texts: [], keys: [], words: [] };
  const push = (token: string, word: boolean): void => {
    const key = word ? normalizeKurdish(token) : normalizeKurdish(token.replace(INVISIBLE, '')).replace(SPACES, ' ');
    // A word key and a gap key never meet: words contain no gap characters, and vice versa.
    let id = interned.get(key);
    if (id === undefined) {
      id = interned.size;
      interned.set(key, id);
    }
    tokens.texts.push(token);
    tokens.keys.push(id);
    tokens.words.push(word);
  };
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    if (match.index > last) push(text.slice(last, match.index), false);
    push(match[0], true);
    last = match.index + match[0].length;
  }
  if (last < text.length) push(text.slice(last), false);
  return tokens;
}

/** Longest common subsequence of a[start..endA) and b[start..endB), fed to `ops` in order. */
function lcsWalk(a: readonly number[], b: readonly number[], start: number, endA: number, endB: number, ops: DiffBuilder): void {
  const rows = endA - start;
  const cols = endB - start;
  const width = cols + 1;
  // lcs[i * width + j]: LCS length of the suffixes from i and j; ≤ min(rows, cols) ≤ 2,000 under MAX_CELLS.
  const lcs = new Uint16Array((rows + 1) * width);
  for (let i = rows - 1; i >= 0; i--) {
    const ai = a[start + i];
    for (let j = cols - 1; j >= 0; j--) {
      const cell = i * width + j;
      lcs[cell] = ai === b[start + j] ? lcs[cell + width + 1]! + 1 : Math.max(lcs[cell + width]!, lcs[cell + 1]!);
    }
  }
  let i = 0;
  let j = 0;
  while (i < rows && j < cols) {
    if (a[start + i] === b[start + j]) {
      ops.same(start + i, start + j);
      i++;
      j++;
    } else if (lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!) {
      ops.removed(start + i);
      i++;
    } else {
      ops.added(start + j);
      j++;
    }
  }
  for (; i < rows; i++) ops.removed(start + i);
  for (; j < cols; j++) ops.added(start + j);
}

type Group = { same: true; text: string; before: string; hasWord: boolean } | { same: false; removed: string; added: string };

/**
 * Collects token operations into alternating same/changed groups. A gap that
 * is all that separates two replacements ("the cat" → "a dog": the space) is
 * folded into one replacement, so the reader sees phrases, not word confetti.
 */
class DiffBuilder {
  private groups: Group[] = [];

  constructor(
    private readonly a: Tokens,
    private readonly b: Tokens,
  ) {}

  same(i: number, j: number): void {
    const top = this.groups.at(-1);
    const text = this.b.texts[j]!;
    const before = this.a.texts[i]!;
    const word = this.b.words[j]!;
    if (top?.same) {
      top.text += text;
      top.before += before;
      top.hasWord ||= word;
    } else {
      this.groups.push({ same: true, text, before, hasWord: word });
    }
  }

  removed(i: number): void {
    this.change().removed += this.a.texts[i]!;
  }

  added(j: number): void {
    this.change().added += this.b.texts[j]!;
  }

  private change(): Group & { same: false } {
    const top = this.groups.at(-1);
    if (top && !top.same) return top;
    const group: Group = { same: false, removed: '', added: '' };
    this.groups.push(group);
    return group;
  }

  parts(): DiffPart[] {
    const parts: DiffPart[] = [];
    for (const group of mergeReplacements(this.groups)) {
      if (group.same) {
        parts.push(group.before === group.text ? { kind: 'same', text: group.text } : { kind: 'same', text: group.text, before: group.before });
        continue;
      }
      if (group.removed !== '') parts.push({ kind: 'removed', text: group.removed });
      if (group.added !== '') parts.push({ kind: 'added', text: group.added });
    }
    return parts;
  }
}

/** Replacement, gap without words, replacement → one replacement; chains merge in one pass. */
function mergeReplacements(groups: readonly Group[]): Group[] {
  const out: Group[] = [];
  for (const group of groups) {
    const gap = out.at(-1);
    const previous = out.at(-2);
    if (!group.same && isReplacement(group) && gap?.same && !gap.hasWord && previous && !previous.same && isReplacement(previous)) {
      out.pop();
      out[out.length - 1] = { same: false, removed: previous.removed + gap.before + group.removed, added: previous.added + gap.text + group.added };
    } else {
      out.push(group);
    }
  }
  return out;
}

function isReplacement(group: Group & { same: false }): boolean {
  return group.removed !== '' && group.added !== '';
}
