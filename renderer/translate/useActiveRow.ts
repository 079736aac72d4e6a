import { useCallback, useEffect, useState } from 'react';
import { unfinished, type DisplayRow } from './display-rows';

export interface ActiveRow {
  /** The row being translated (undefined only when there are no rows). */
  active: DisplayRow | undefined;
  /** Opens a row chosen by click or keyboard, with the caret in its translation. */
  activate: (key: string) => void;
  /** Opens the row `step` rows on (only unfinished ones if asked); false when there is none, and nothing changes. */
  moveBy: (step: number, onlyUnfinished?: boolean) => boolean;
}

/**
 * Which row of the workspace is open: at first the one holding segment `at`
 * (a jump from the export checks), else the first unfinished, else the first.
 * The open row is scrolled into view and its translation focused once the rows
 * are `shown`, again when its editor starts over (`editorGeneration`).
 */
export function useActiveRow(rows: readonly DisplayRow[], at: string | null, editorGeneration: number, shown: boolean): ActiveRow {
  const [activeKey, setActiveKey] = useState<string | null>(() => rows.find((row) => row.key === `s-${at}` || row.key === `t-${at}`)?.key ?? rows.find(unfinished)?.key ?? rows[0]?.key ?? null);
  const activeIndex = Math.max(0, rows.findIndex((row) => row.key === activeKey));

  const [focusRequest, setFocusRequest] = useState(0);
  const activate = useCallback((key: string) => {
    setActiveKey(key);
    setFocusRequest((n) => n + 1);
  }, []);

  useEffect(() => {
    if (!shown) return;
    const row = document.querySelector<HTMLElement>(`[data-row="${CSS.escape(activeKey ?? '')}"]`);
    row?.scrollIntoView({ block: 'nearest' });
    const target = row?.querySelector<HTMLElement>('[contenteditable="true"], textarea, input');
    if (target && !row?.contains(document.activeElement)) target.focus();
  }, [activeKey, editorGeneration, focusRequest, shown]);

  const moveBy = (step: number, onlyUnfinished = false): boolean => {
    for (let index = activeIndex + step; index >= 0 && index < rows.length; index += step) {
      const row = rows[index];
      if (row && (!onlyUnfinished || unfinished(row))) {
        setActiveKey(row.key);
        return true;
      }
    }
    return false;
  };

  return { active: rows[activeIndex], activate, moveBy };
}
