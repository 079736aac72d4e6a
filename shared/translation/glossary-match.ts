import { isKurdish, type LanguageKey } from '../languages';
import { foldCharacters, foldWordEdges, monthSpellings } from '../text/search-fold';
import type { GlossaryTerm } from './glossary';

/** A glossary term found in a text: UTF-16 offsets into the text as given, end exclusive. */
export interface GlossaryHit {
  term: GlossaryTerm;
  start: number;
  end: number;
}

/** Text folded as foldForSearch folds it, with where each folded code unit came from. */
export interface FoldedText {
  text: string;
  /** For each code unit of `text`: the offset in the original text where its source starts… */
  starts: Int32Array;
  /** …and where it ends (exclusive). */
  ends: Int32Array;
}

const ZWNJ = 0x200c;
const BOM = 0xfeff;
const NOT_SIGN = 0x00ac;
const LAM = 0x0644;
const ALEF = 0x0627;
const FATHA = 0x064e;
const TATWEEL = 0x0640;
const MARK = /^\p{M}$/u;
const SPACE = /^\s$/u;
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;

/**
 * foldForSearch, keeping a map back to the original offsets. The text is cut
 * into clusters that Kurdish normalisation only ever rewrites as a whole — a
 * letter with its marks and tatweels (ی + hamza → ئ, legacy fatha on ل → ڵ),
 * ه with a following ZWNJ or BOM (the old spelling of ە), a letter with a
 * following ¬, لا with a fatha (→ ڵا) — and each cluster is folded by
 * foldForSearch's own character fold (foldCharacters), so the two cannot
 * drift apart. Whitespace runs become one space; the ends are trimmed. Then
 * foldForSearch's rules that look at neighbours run on the whole: the word
 * edges (one unit for one) and the month spellings (a rewritten spelling maps
 * to the whole of what it replaced). The result equals foldForSearch(text)
 * (Greek final sigma aside: lower-casing is per cluster).
 */
export function foldWithOffsets(text: string): FoldedText {
  const out: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  while (i < text.length) {
    const start = i;
    i = clusterEnd(text, i);
    const cluster = text.slice(start, i);
    if (isSpace(cluster)) {
      if (out.length === 0) continue; // leading space: trimmed
      if (out[out.length - 1] === 0x20) {
        ends[ends.length - 1] = i;
        continue;
      }
      out.push(0x20);
      starts.push(start);
      ends.push(i);
      continue;
    }
    const folded = foldCluster(cluster);
    for (let k = 0; k < folded.length; k++) {
      const c = folded.charCodeAt(k);
      // A ligature such as ﷺ folds to several words: their spaces collapse like any other.
      if (c === 0x20 && (out.length === 0 || out[out.length - 1] === 0x20)) continue;
      out.push(c);
      starts.push(start);
      ends.push(i);
    }
  }
  while (out.length > 0 && out[out.length - 1] === 0x20) {
    out.pop();
    starts.pop();
    ends.pop();
  }
  let folded = '';
  for (let k = 0; k < out.length; k += 8192) folded += String.fromCharCode(...out.slice(k, k + 8192));
  folded = foldWordEdges(folded);
  const months = monthSpellings(folded);
  if (months.length === 0) return { text: folded, starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
  let result = '';
  const newStarts: number[] = [];
  const newEnds: number[] = [];
  let at = 0;
  const keep = (to: number) => {
    result += folded.slice(at, to);
    for (let k = at; k < to; k++) {
      newStarts.push(starts[k]!);
      newEnds.push(ends[k]!);
    }
  };
  for (const edit of months) {
    keep(edit.index);
    const from = starts[edit.index]!;
    const to = ends[edit.index + edit.length - 1]!;
    result += edit.to;
    for (let k = 0; k < edit.to.length; k++) {
      newStarts.push(from);
      newEnds.push(to);
    }
    at = edit.index + edit.length;
  }
  keep(folded.length);
  return { text: result, starts: Int32Array.from(newStarts), ends: Int32Array.from(newEnds) };
}

/** End (exclusive) of the cluster starting at `i`. */
function clusterEnd(text: string, i: number): number {
  const base = text.codePointAt(i)!;
  const j = i + (base > 0xffff ? 2 : 1);
  // A space stays alone: marks after it belong to no letter, and it must collapse with its neighbours.
  if (isSpace(text.slice(i, j))) return j;
  if (!isArabicLetter(base)) return skipMarks(text, j);
  // لا + fatha: the normaliser rewrites the ل two letters back (legacy ڵا).
  if (base === LAM && text.charCodeAt(j) === ALEF) {
    const afterAlef = attachedRun(text, j + 1);
    if (hasFatha(text, j + 1, afterAlef)) return afterAlef;
  }
  const end = attachedRun(text, j);
  if (isHeh(base)) return end; // ه + ZWNJ (or BOM, ¬): the old spelling of ە
  // Trailing ZWNJs fold to nothing and change no neighbour: leave them out, so a hit ends at the letter.
  let trimmed = end;
  while (trimmed > j && text.charCodeAt(trimmed - 1) === ZWNJ) trimmed--;
  return trimmed;
}

/** Past the marks of a letter; tatweel too, which is removed and often carries the harakat. */
function skipMarks(text: string, j: number): number {
  while (j < text.length && isAttachedMark(text.charCodeAt(j))) j++;
  return j;
}

/**
 * Past what the normaliser reads together with the Arabic letter before it:
 * marks, tatweel, and ZWNJ, BOM and ¬, whose fate (kept, dropped, turned into
 * ZWNJ) depends on that letter.
 */
function attachedRun(text: string, j: number): number {
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c !== ZWNJ && c !== BOM && c !== NOT_SIGN && !isAttachedMark(c)) break;
    j++;
  }
  return j;
}

function isAttachedMark(c: number): boolean {
  // U+FE70–FE7F: harakat presentation forms, which normalise to marks. Marks outside the BMP are not attached.
  return c === TATWEEL || (c >= 0xfe70 && c <= 0xfe7f && c !== 0xfe73) || MARK.test(String.fromCharCode(c));
}

function hasFatha(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === FATHA || c === 0xfe76 || c === 0xfe77) return true;
  }
  return false;
}

function isArabicLetter(c: number): boolean {
  return (c >= 0x0620 && c <= 0x06ff) || (c >= 0x0750 && c <= 0x077f) || (c >= 0xfb50 && c <= 0xfefc);
}

/** ه and its presentation forms: with a ZWNJ after it, the old spelling of ە. */
function isHeh(c: number): boolean {
  return c === 0x0647 || (c >= 0xfee9 && c <= 0xfeec);
}

function isSpace(cluster: string): boolean {
  // U+FEFF is \s to JavaScript but not to the normaliser (it removes it or reads it as ZWNJ).
  return cluster.length === 1 && cluster !== '\ufeff' && SPACE.test(cluster);
}

// Clusters repeat endlessly (an alphabet's worth of letters): fold each once.
const clusterCache = new Map<string, string>();

function foldCluster(cluster: string): string {
  const c = cluster.charCodeAt(0);
  if (cluster.length === 1 && c < 0x80) return c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : cluster;
  let folded = clusterCache.get(cluster);
  if (folded === undefined) {
    folded = foldCharacters(cluster);
    if (clusterCache.size > 50_000) clusterCache.clear();
    clusterCache.set(cluster, folded);
  }
  return folded;
}

function isWordChar(text: string, k: number): boolean {
  const c = text.charCodeAt(k);
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  // A low surrogate belongs to the code point that starts one unit earlier.
  const at = c >= 0xdc00 && c <= 0xdfff && k > 0 ? k - 1 : k;
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(at)!));
}

/** A glossary's terms in one language, folded into a trie once, to be matched against many texts. */
export interface GlossaryMatcher {
  readonly lang: LanguageKey;
  /** Terms with a non-empty column in `lang`. */
  readonly size: number;
  find(text: string): GlossaryHit[];
}

/**
 * Prepares the terms' `lang` column for matching. A match starts at a word
 * start; in English it also ends at a word end ("Kadhimi's" still matches
 * "Kadhimi"), in Kurdish it may run on into suffixes (کازمی in کازمییەوە).
 * Overlapping matches: the longest wins, then the leftmost. Two entries with
 * the same folded term: the first in `terms` is reported.
 */
export function prepareGlossary(terms: readonly GlossaryTerm[], lang: LanguageKey): GlossaryMatcher {
  // Trie edges in one map keyed node * 2^16 + code unit; `found[node]` is the term ending there, or -1.
  const edges = new Map<number, number>();
  const found: number[] = [-1];
  let size = 0;
  terms.forEach((term, index) => {
    const folded = foldWithOffsets(term[lang]).text;
    if (folded === '') return;
    size++;
    let node = 0;
    for (let k = 0; k < folded.length; k++) {
      const key = node * 0x10000 + folded.charCodeAt(k);
      let child = edges.get(key);
      if (child === undefined) {
        child = found.length;
        found.push(-1);
        edges.set(key, child);
      }
      node = child;
    }
    if (found[node] === -1) found[node] = index;
  });
  const suffixes = isKurdish(lang);

  function find(text: string): GlossaryHit[] {
    const folded = foldWithOffsets(text);
    const s = folded.text;
    const word = new Uint8Array(s.length + 1);
    for (let k = 0; k < s.length; k++) word[k] = isWordChar(s, k) ? 1 : 0;

    const candidates: { start: number; end: number; term: number }[] = [];
    for (let p = 0; p < s.length; p++) {
      if (p > 0 && word[p - 1]) continue; // not a word start
      let node = 0;
      for (let q = p; q < s.length; q++) {
        const child = edges.get(node * 0x10000 + s.charCodeAt(q));
        if (child === undefined) break;
        node = child;
        const term = found[node]!;
        // English: a term ending in a letter or digit must end the word there.
        if (term >= 0 && (suffixes || !word[q] || !word[q + 1])) candidates.push({ start: p, end: q + 1, term });
      }
    }

    candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || a.term - b.term);
    const taken = new Uint8Array(s.length);
    const hits: GlossaryHit[] = [];
    for (const c of candidates) {
      let free = true;
      for (let k = c.start; k < c.end && free; k++) if (taken[k]) free = false;
      if (!free) continue;
      taken.fill(1, c.start, c.end);
      hits.push({ term: terms[c.term]!, start: folded.starts[c.start]!, end: folded.ends[c.end - 1]! });
    }
    return hits.sort((a, b) => a.start - b.start);
  }

  return { lang, size, find };
}

// One prepared matcher per terms array and language: the simple entry point stays fast on
// every segment of an article. Arrays are treated as immutable: pass a new one after a change.
const prepared = new WeakMap<readonly GlossaryTerm[], Map<LanguageKey, GlossaryMatcher>>();

/** The glossary terms in a text of language `lang`, sorted by start, non-overlapping. */
export function findGlossaryTerms(text: string, lang: LanguageKey, terms: readonly GlossaryTerm[]): GlossaryHit[] {
  let byLang = prepared.get(terms);
  if (!byLang) {
    byLang = new Map();
    prepared.set(terms, byLang);
  }
  let matcher = byLang.get(lang);
  if (!matcher) {
    matcher = prepareGlossary(terms, lang);
    byLang.set(lang, matcher);
  }
  return matcher.find(text);
}
