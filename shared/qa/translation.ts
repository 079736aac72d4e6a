import type { LanguageKey } from '../languages';
import { alignSegments, dominantSource, type TranslationRow } from '../translation/align';
import { finding, type Finding } from './findings';
import { compareNumbers } from './numbers';
import type { Placed, VersionView } from './version-view';

/**
 * A translation against its source (the language most of its links point to,
 * else the article's source language): one finding per source segment that is
 * missing (error), stale (error: the translation says something the source no
 * longer says) or a draft (warning: the translator wrote it but did not sign
 * it off; it may well be right), one per orphan (warning: kept text whose
 * source is gone, usually to be deleted), and the numbers of each row with
 * translated text. Nothing when the source version does not exist: that is
 * reported once, as a missing version.
 */
export function checkTranslation(target: VersionView, sourceLang: LanguageKey, versions: ReadonlyMap<LanguageKey, VersionView>): Placed[] {
  const from = dominantSource(target.segments, sourceLang);
  const source = versions.get(from);
  if (from === target.lang || source === undefined) return [];
  const alignment = alignSegments(from, source.segments, target.segments);
  const placed: Placed[] = [];
  const lang = target.lang;
  const at = (segment: string) => target.position.get(segment)!;

  // A body segment not translated yet sorts after the translation of the row before it.
  let lastTarget = target.segments.findIndex((s) => s.kind !== 'field') - 0.5;
  if (lastTarget < 0) lastTarget = target.segments.length - 0.5;
  alignment.rows.forEach((row, rowIndex) => {
    const sourcePlace = { lang: from, segment: row.source.id };
    if (row.state === 'missing') {
      const field = row.source.kind === 'field';
      placed.push({
        finding: finding('translation.missing', lang, field ? row.source.id : null, { from }, { source: sourcePlace }),
        position: field ? (target.position.get(row.source.id) ?? -1) : lastTarget,
        sub: field ? 0 : rowIndex + 1,
      });
      return;
    }
    for (const t of row.targets) if (t.kind !== 'field') lastTarget = Math.max(lastTarget, at(t.id));
    const first = row.targets[0]!;
    if (row.state === 'stale') {
      placed.push({ finding: finding('translation.stale', lang, first.id, { from }, { source: sourcePlace }), position: at(first.id), sub: 0 });
      return;
    }
    if (row.state === 'draft') {
      const draft = row.targets.find((t) => t.link?.status === 'draft') ?? first;
      placed.push({ finding: finding('translation.draft', lang, draft.id, { from }, { source: sourcePlace }), position: at(draft.id), sub: 0 });
    }
    for (const number of numberFindings(row, lang, from, at)) placed.push(number);
  });
  for (const orphan of alignment.orphans) {
    placed.push({ finding: finding('translation.orphan', lang, orphan.id, { from }), position: at(orphan.id), sub: 0 });
  }
  return placed;
}

/** Numbers of a translated row: pairs of a missing and an extra number read as one changed number. */
function numberFindings(row: TranslationRow, lang: LanguageKey, from: LanguageKey, at: (segment: string) => number): Placed[] {
  const { missing, extra } = compareNumbers(
    row.source.text,
    row.targets.map((t) => t.text),
  );
  const placed: Placed[] = [];
  const pairs = Math.min(missing.length, extra.length);
  const sourceAt = (range: { start: number; end: number }) => ({ lang: from, segment: row.source.id, range });
  const push = (f: Finding, segment: string) => placed.push({ finding: f, position: at(segment), sub: 0 });
  for (let i = 0; i < pairs; i++) {
    const s = missing[i]!;
    const { token, part } = extra[i]!;
    const segment = row.targets[part]!.id;
    push(finding('numbers.differ', lang, segment, { from, sourceNumber: s.text, number: token.text }, { range: { start: token.start, end: token.end }, source: sourceAt({ start: s.start, end: s.end }) }), segment);
  }
  for (const s of missing.slice(pairs)) {
    const segment = row.targets[0]!.id;
    push(finding('numbers.missing', lang, segment, { from, sourceNumber: s.text }, { source: sourceAt({ start: s.start, end: s.end }) }), segment);
  }
  for (const { token, part } of extra.slice(pairs)) {
    const segment = row.targets[part]!.id;
    push(finding('numbers.extra', lang, segment, { from, number: token.text }, { range: { start: token.start, end: token.end }, source: { lang: from, segment: row.source.id } }), segment);
  }
  return placed;
}
