import type { DatabaseSync } from 'node:sqlite';
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import { foldForSearch } from '../../shared/text/search-fold';
import {
  maxDistance,
  maxLostWords,
  scoreOfDistance,
  TM_MIN_SCORE,
  weightedWordDistance,
  wordCountRange,
  wordDistance,
  wordKey,
  wordsOfFolded,
} from '../../shared/translation/tm-score';
import type { TmPairInput } from '../../shared/translation/progress';

/**
 * The translation memory (tables tm_pairs, tm_keys, tm_postings): source/target
 * pairs of finished segments, stored by the version writer (versions.ts),
 * looked up by similarity (shared/translation/tm-score.ts).
 *
 * Candidate retrieval (a lookup must stay fast on 100,000 pairs):
 * 1. Length filter: the distance is at least the difference in word counts,
 *    so a query of n words can only match pairs of ⌈0.7·n⌉ … ⌊n/0.7⌋ words.
 *    tm_postings is ordered by (key, word count), so this is an index range.
 * 2. Prefix filter on word keys (the first 5 characters of each folded word,
 *    so a suffixed form shares its word's key). Call a query word lost when
 *    the pair lacks its key. If every lost word costs at least 1 (deleted, or
 *    replaced by a word with another key), a pair scoring ≥ 70 loses at most
 *    k = ⌊0.3·n⌋ query words (maxLostWords: with L lost and m ≥ n words, the
 *    distance is at least L + (m − n) ≤ 0.3·m, so L ≤ n − 0.7·m ≤ 0.3·n).
 *    Probing the rarest keys until they cover k + 1 query words (a key counts
 *    once per word holding it) finds every such pair: it cannot lose them all.
 *    Rare keys have short posting lists, so this reads little.
 *    Limit: a substitution that changes one of a word's first five characters
 *    costs its character distance, which can be well below 1 (a typo near the
 *    start, a glued prefix like و or لە, a word under five letters taking a
 *    suffix: کورد / کوردی). Each such substitution can lose a word for less
 *    than 1, so the bound is taken with a margin of EXTRA_PROBE_WORDS: lost
 *    words allowed = k + EXTRA_PROBE_WORDS. A match with more such cheap
 *    key-changing substitutions than that can be missed.
 * 3. Probing FILTER_WORDS more words than the bound needs lets SQL demand of a
 *    candidate that it share (covered − allowed lost) of the probed words
 *    (HAVING), instead of one: the same guarantee, far fewer candidates.
 * 4. Of at most MAX_CANDIDATES (the best-sharing first), those whose keys
 *    alone, as multisets, imply more distance than 70 % allows (same margin)
 *    are dropped (keyDistanceBound); the rest are scored exactly: banded
 *    dynamic programming that stops once the distance exceeds what 70 % allows.
 */

/** Query words covered beyond the bound, for key-changing substitutions that cost less than a word. */
const EXTRA_PROBE_WORDS = 2;
/**
 * Probed words beyond the bound: a match must then share that many more of
 * them, which SQL checks, so few candidates reach JavaScript. Each costs a
 * posting list read (of ever more common keys).
 */
const FILTER_WORDS = 3;
/** Candidates scored exactly per lookup, the best-sharing first. */
const MAX_CANDIDATES = 300;
/**
 * Word-distance table cells scored per lookup at most: a 20,000-character
 * query against long candidates could otherwise take seconds (the renderer
 * is not trusted to send reasonable input). Normal segments use a fraction.
 */
const MAX_SCORED_CELLS = 2_000_000;
/** A very long query only gets as many probes; past this the bound is not kept (a segment is rarely this long). */
const MAX_PROBES = 200;

/**
 * A lower bound of the distance between the query (its keys counted in
 * `query`) and `words`, if every word whose key the other text lacks costs at
 * least 1: with `shared` words' keys in common (as multisets), at least
 * max(n, m) − shared words of the longer text are inserted, deleted or
 * replaced by a word with another key. Cheap (no dynamic programming), it
 * drops most candidates that share only a rare word or two with the query.
 */
function keyDistanceBound(query: ReadonlyMap<string, number>, words: readonly string[]): number {
  let n = 0;
  for (const count of query.values()) n += count;
  const used = new Map<string, number>();
  let shared = 0;
  for (const word of words) {
    const key = wordKey(word);
    const available = query.get(key);
    if (available === undefined) continue;
    const taken = used.get(key) ?? 0;
    if (taken < available) {
      shared++;
      used.set(key, taken + 1);
    }
  }
  return Math.max(n, words.length) - shared;
}

export interface TranslationMemory {
  /**
   * Stores pairs; a pair whose folded source equals a stored one's (same
   * languages) replaces its target. Pairs with no words or no target are
   * skipped. Returns how many were written. Run inside the caller's transaction.
   */
  store(pairs: readonly TmPairInput[], now: string): number;
  lookup(input: ApiParsedInput<'lookupTranslationMemory'>): ApiOutput<'lookupTranslationMemory'>;
}

interface CandidateRow {
  id: number;
  source_fold: string;
  updated_at: string;
}

interface PairRow {
  source_text: string;
  target_text: string;
  updated_at: string;
}

export function createTranslationMemory(db: DatabaseSync): TranslationMemory {
  const selectPairId = db.prepare('SELECT id FROM tm_pairs WHERE from_lang = ? AND to_lang = ? AND source_fold = ?');
  const updatePair = db.prepare(
    'UPDATE tm_pairs SET source_text = ?, target_text = ?, updated_at = ? WHERE id = ? AND (source_text <> ? OR target_text <> ?)',
  );
  const insertPair = db.prepare(
    'INSERT INTO tm_pairs (from_lang, to_lang, source_text, target_text, source_fold, word_count, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const countKey = db.prepare(
    `INSERT INTO tm_keys (from_lang, to_lang, key, pairs) VALUES (?, ?, ?, 1)
     ON CONFLICT (from_lang, to_lang, key) DO UPDATE SET pairs = pairs + 1 RETURNING id`,
  );
  const insertPosting = db.prepare('INSERT INTO tm_postings (key_id, word_count, pair_id) VALUES (?, ?, ?)');
  const selectKey = db.prepare('SELECT id, pairs FROM tm_keys WHERE from_lang = ? AND to_lang = ? AND key = ?');
  const selectExact = db.prepare('SELECT id, source_text, target_text, updated_at FROM tm_pairs WHERE from_lang = ? AND to_lang = ? AND source_fold = ?');
  // The probes arrive as one JSON array of {k: key id, w: query words holding it}, read once into a
  // materialised table (json_extract per posting row cost more than the join); SQLite sums the shared
  // words per pair and returns the best-sharing candidates, so posting lists never become JS objects.
  const selectCandidates = db.prepare(
    `WITH probe (key_id, words) AS MATERIALIZED (
       SELECT json_extract(value, '$.k'), json_extract(value, '$.w') FROM json_each(?)
     )
     SELECT p.id, p.source_fold, p.updated_at FROM (
       SELECT t.pair_id, sum(probe.words) AS shared
       FROM probe JOIN tm_postings t ON t.key_id = probe.key_id AND t.word_count BETWEEN ? AND ?
       GROUP BY t.pair_id
       HAVING shared >= ?
       ORDER BY shared DESC, t.pair_id DESC
       LIMIT ?
     ) c JOIN tm_pairs p ON p.id = c.pair_id`,
  );
  const selectPair = db.prepare('SELECT source_text, target_text, updated_at FROM tm_pairs WHERE id = ?');

  function storeOne(pair: TmPairInput, now: string): boolean {
    const fold = foldForSearch(pair.sourceText);
    const words = wordsOfFolded(fold);
    if (words.length === 0 || pair.targetText.trim() === '') return false;
    const existing = selectPairId.get(pair.from, pair.to, fold) as { id: number } | undefined;
    if (existing) {
      // Same words after folding: the postings stay; the newer texts replace.
      return Number(updatePair.run(pair.sourceText, pair.targetText, now, existing.id, pair.sourceText, pair.targetText).changes) > 0;
    }
    const id = insertPair.run(pair.from, pair.to, pair.sourceText, pair.targetText, fold, words.length, now).lastInsertRowid;
    for (const key of new Set(words.map(wordKey))) {
      const keyRow = countKey.get(pair.from, pair.to, key) as { id: number };
      insertPosting.run(keyRow.id, words.length, id);
    }
    return true;
  }

  return {
    store(pairs, now) {
      let written = 0;
      for (const pair of pairs) if (storeOne(pair, now)) written++;
      return written;
    },

    lookup({ from, to, text, limit }) {
      const folded = foldForSearch(text);
      if (folded === '') return { matches: [] };
      // id -> score and date; the texts are read for the matches returned only.
      const scored = new Map<number, { score: number; updatedAt: string }>();
      const exact = selectExact.get(from, to, folded) as ({ id: number } & PairRow) | undefined;
      if (exact) scored.set(exact.id, { score: 100, updatedAt: exact.updated_at });

      const words = wordsOfFolded(folded);
      const n = words.length;
      if (n > 0) {
        const range = wordCountRange(n);
        const holding = new Map<string, number>();
        for (const word of words) {
          const key = wordKey(word);
          holding.set(key, (holding.get(key) ?? 0) + 1);
        }
        const keys = [...holding].map(([key, count]) => {
          const row = selectKey.get(from, to, key) as { id: number; pairs: number } | undefined;
          return { id: row?.id ?? null, pairs: row?.pairs ?? 0, count };
        });
        keys.sort((a, b) => a.pairs - b.pairs);
        // Lost words allowed, margin included; probing FILTER_WORDS more than that plus one lets a
        // candidate be required to share FILTER_WORDS + 1 of the probed words, not just one.
        const lost = maxLostWords(n) + EXTRA_PROBE_WORDS;
        const needed = lost + 1 + FILTER_WORDS;
        const probes: { k: number; w: number }[] = [];
        let covered = 0;
        for (const key of keys) {
          if (covered >= needed || probes.length >= MAX_PROBES) break;
          covered += key.count;
          // A key no pair holds covers its words for free: no candidate has it.
          if (key.id !== null) probes.push({ k: key.id, w: key.count });
        }
        if (probes.length > 0) {
          const minShared = Math.max(1, covered - lost);
          const candidates = selectCandidates.all(JSON.stringify(probes), range.min, range.max, minShared, MAX_CANDIDATES) as unknown as CandidateRow[];
          // Substitution costs repeat across candidates (the same words recur): computed once per lookup.
          const costs = new Map<string, Map<string, number>>();
          const substitution = (a: string, b: string) => {
            let row = costs.get(a);
            if (row === undefined) costs.set(a, (row = new Map()));
            let cost = row.get(b);
            if (cost === undefined) row.set(b, (cost = wordDistance(a, b)));
            return cost;
          };
          let cells = 0;
          for (const candidate of candidates) {
            if (scored.has(candidate.id)) continue;
            const other = wordsOfFolded(candidate.source_fold);
            const allowed = maxDistance(n, other.length);
            if (keyDistanceBound(holding, other) > allowed + EXTRA_PROBE_WORDS) continue;
            // The banded table has about n · (2·allowed + 1) cells; a huge query stops at the budget, best candidates scored first.
            cells += n * (2 * Math.floor(allowed) + 1);
            if (cells > MAX_SCORED_CELLS) break;
            const distance = weightedWordDistance(words, other, allowed, substitution);
            const score = scoreOfDistance(distance, n, other.length);
            if (score >= TM_MIN_SCORE) scored.set(candidate.id, { score, updatedAt: candidate.updated_at });
          }
        }
      }

      // Best first; among equals the most recent translation.
      const best = [...scored].sort(([idA, a], [idB, b]) => b.score - a.score || (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : idB - idA));
      return {
        matches: best.slice(0, limit).map(([id, { score }]) => {
          const row = id === exact?.id ? exact : (selectPair.get(id) as unknown as PairRow);
          return { sourceText: row.source_text, targetText: row.target_text, score, updatedAt: row.updated_at };
        }),
      };
    },
  };
}
