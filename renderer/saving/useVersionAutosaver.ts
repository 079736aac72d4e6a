import { useEffect, useRef } from 'react';
import type { ArticleVersion } from '../../shared/article';
import type { LanguageKey } from '../../shared/languages';
import { useApi } from '../api/context';
import { Autosaver, type SaveState } from './autosave';
import { createJournalWriter } from './journal';

interface Options {
  articleId: string;
  lang: LanguageKey;
  /** The revision the edits start from (0 for a version not saved yet). */
  baseRevision: number;
  onState: (state: SaveState) => void;
  /** Told of the autosaver when it starts (and null when it stops), so a screen can flush it. */
  onAutosaver?: (autosaver: Autosaver | null) => void;
}

/**
 * One autosaver per mounted version editor: it starts with the editor and,
 * when the editor goes away, writes what is pending before it stops. The
 * screen remounts editors after a reload, so the options of the first render
 * are the ones used.
 */
export function useVersionAutosaver({ articleId, lang, baseRevision, onState, onAutosaver }: Options): { current: Autosaver | null } {
  const api = useApi();
  const autosaver = useRef<Autosaver | null>(null);
  useEffect(() => {
    const saver = new Autosaver({
      baseRevision,
      save: (next, base): Promise<ArticleVersion> => api.saveVersion({ id: articleId, lang, baseRevision: base, content: next }),
      onState,
      journal: createJournalWriter(articleId, lang),
    });
    autosaver.current = saver;
    onAutosaver?.(saver);
    return () => {
      void saver.flush().finally(() => saver.dispose());
      onAutosaver?.(null);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return autosaver;
}
