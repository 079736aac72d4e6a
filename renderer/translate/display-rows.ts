import type { LanguageKey } from '../../shared/languages';
import type { Alignment, TranslationRow } from '../../shared/translation/align';
import type { Segment } from '../../shared/translation/segments-of';

/** A line of the workspace: a source segment with its translation, or a target segment no source row claims. */
export type DisplayRow =
  | { kind: 'row'; key: string; row: TranslationRow }
  | { kind: 'orphaned' | 'unlinked'; key: string; segment: Segment };

/**
 * Rows in source order; each orphaned or unlinked target segment goes right
 * after the row of the target segment before it, so it is seen where it
 * stands in the translation instead of in a list at the end.
 */
export function displayRows(alignment: Alignment, target: readonly Segment[], from: LanguageKey): DisplayRow[] {
  const extras = new Map<string, Segment[]>();
  const leading: Segment[] = [];
  const loose = new Set([...alignment.orphans, ...alignment.unlinked].map((s) => s.id));
  const rowIds = new Set(alignment.rows.map((r) => r.source.id));
  let lastRow: string | null = null;
  for (const segment of target) {
    if (segment.kind === 'field') continue;
    if (loose.has(segment.id)) {
      const list = lastRow === null ? leading : (extras.get(lastRow) ?? []);
      if (lastRow !== null) extras.set(lastRow, list);
      list.push(segment);
    } else if (segment.link && segment.link.from === from && rowIds.has(segment.link.source)) {
      lastRow = segment.link.source;
    }
  }
  const orphans = new Set(alignment.orphans.map((s) => s.id));
  const extra = (segment: Segment): DisplayRow => ({ kind: orphans.has(segment.id) ? 'orphaned' : 'unlinked', key: `t-${segment.id}`, segment });
  const rows: DisplayRow[] = [];
  let placedLeading = false;
  for (const row of alignment.rows) {
    rows.push({ kind: 'row', key: `s-${row.source.id}`, row });
    // Loose segments before any translated block go after the fields, where the body starts.
    if (!placedLeading && row.source.kind !== 'field') {
      rows.splice(rows.length - 1, 0, ...leading.map(extra));
      placedLeading = true;
    }
    for (const segment of extras.get(row.source.id) ?? []) rows.push(extra(segment));
  }
  if (!placedLeading) rows.push(...leading.map(extra));
  return rows;
}

/** Whether a row still needs the translator: what "next unfinished" jumps to. */
export function unfinished(row: DisplayRow): boolean {
  return row.kind === 'orphaned' || (row.kind === 'row' && (row.row.state === 'missing' || row.row.state === 'draft' || row.row.state === 'stale'));
}
