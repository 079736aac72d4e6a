import { useCallback, useEffect, useState } from 'react';
import { $isEditorState, type EditorState, type LexicalEditor } from 'lexical';
import { useTranslation } from 'react-i18next';
import { versionContent, type Article, type Body, type VersionContent } from '../../shared/article';
import { isKurdish, language, type LanguageKey } from '../../shared/languages';
import { normalizeKurdish } from '../../shared/text/normalize';
import { formatDateTime } from '../../shared/text/dates';
import { uiDigits, uiLanguage } from '../i18n';
import { findUnsaved, forgetUnsaved, type JournalEntry } from './journal';
import type { Autosaver, SaveState } from './autosave';
import { useVersionAutosaver } from './useVersionAutosaver';
import { BodyEditor } from './BodyEditor';
import { VersionCounts } from './VersionCounts';
import { LeadImageFields } from './image/LeadImageFields';

interface Props {
  article: Article;
  lang: LanguageKey;
  active: boolean;
  onState: (lang: LanguageKey, state: SaveState) => void;
  /** Registers this editor's autosaver so the screen can flush or read it. */
  onAutosaver: (lang: LanguageKey, autosaver: Autosaver | null) => void;
  /** Registers this version's body editor, so the screen can apply a fix in it. */
  onBodyEditor?: (lang: LanguageKey, editor: LexicalEditor | null) => void;
}

/** A version being edited: its body as the editor's own state until it is saved. */
type Draft = Omit<VersionContent, 'body'> & { body: Body | EditorState };

function toContent(draft: Draft): VersionContent {
  return { ...draft, body: $isEditorState(draft.body) ? (draft.body.toJSON() as unknown as Body) : draft.body };
}

/** One language version: its fields and body, autosaved a moment after typing stops. */
export function VersionEditor({ article, lang, active, onState, onAutosaver, onBodyEditor }: Props) {
  const { t } = useTranslation();
  const { tag, dir, nativeName } = language(lang);
  const saved = article.versions[lang];
  const [initialContent] = useState<Draft>(() => versionContent(saved, dir));
  const [content, setContent] = useState(initialContent);
  // The body the editor starts from; a restore of unsaved text starts it again (a new key) from that text.
  const [bodySeed, setBodySeed] = useState(() => ({ body: toContent(initialContent).body, generation: 0 }));
  // Text typed here before Qelem or its window went away without saving it (journal.ts).
  const [unsaved, setUnsaved] = useState<JournalEntry | null>(null);
  const autosaver = useVersionAutosaver({
    articleId: article.id,
    lang,
    baseRevision: saved?.revision ?? 0,
    onState: (state) => onState(lang, state),
    onAutosaver: (saver) => onAutosaver(lang, saver),
  });

  // Every edit after the loaded content is handed to the autosaver, which builds the JSON only when it saves.
  useEffect(() => {
    if (content !== initialContent) autosaver.current?.update(() => toContent(content));
  }, [autosaver, content, initialContent]);

  useEffect(() => {
    let cancelled = false;
    findUnsaved(article.id, lang, saved).then(
      (entry) => !cancelled && setUnsaved(entry),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
    // Once, for the version as it was loaded: the editor is remounted when the article is reloaded.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const restoreUnsaved = (entry: JournalEntry) => {
    const restored: Draft = { ...versionContent(entry.content, dir), ...entry.content };
    setUnsaved(null);
    setContent(restored);
    setBodySeed((seed) => ({ body: toContent(restored).body, generation: seed.generation + 1 }));
    // The restored text is this window's now: its own journal and the autosave take it from here.
    void forgetUnsaved(article.id, lang);
  };
  const discardUnsaved = () => {
    setUnsaved(null);
    void forgetUnsaved(article.id, lang);
  };

  const edit = useCallback((patch: Partial<Draft>) => setContent((current) => ({ ...current, ...patch })), []);
  const editBody = useCallback((body: EditorState) => edit({ body }), [edit]);
  const registerBody = useCallback((editor: LexicalEditor | null) => onBodyEditor?.(lang, editor), [onBodyEditor, lang]);
  const kurdish = isKurdish(lang);
  const field = (name: 'headline' | 'standfirst' | 'dateline' | 'byline') => ({
    value: content[name],
    onChange: (event: { target: HTMLInputElement | HTMLTextAreaElement }) => {
      const input = event.target;
      const value = kurdish ? normalizeKurdish(input.value) : input.value;
      const caret = input.selectionStart;
      if (value !== input.value) {
        // Rewrite the field now, caret included, so React finds nothing to change and leaves the caret alone.
        const place = caret === null ? value.length : normalizeKurdish(input.value.slice(0, caret)).length;
        input.value = value;
        input.setSelectionRange(place, place);
      }
      edit({ [name]: value });
    },
  });

  return (
    // Labels, notices and the toolbar follow the interface language; only the fields carry the version's language and direction.
    <section className="version" role="tabpanel" id={`panel-${lang}`} aria-labelledby={`tab-${lang}`} hidden={!active}>
      {unsaved && (
        <div className="notice journal-offer" role="alert">
          <p>{t('journal.found', { language: nativeName, time: formatDateTime(new Date(unsaved.at).toISOString(), uiLanguage(), uiDigits()) })}</p>
          <div className="journal-actions">
            <button type="button" className="button-primary" onClick={() => restoreUnsaved(unsaved)}>
              {t('journal.restore')}
            </button>
            <button type="button" onClick={discardUnsaved}>
              {t('journal.discard')}
            </button>
          </div>
        </div>
      )}
      {!saved && content === initialContent && <p className="notice">{t('editor.newVersion', { language: nativeName })}</p>}
      <label className="field">
        <span>{t('editor.headline')}</span>
        <textarea
          className="headline"
          aria-label={t('editor.headline')}
          lang={tag}
          dir={dir}
          rows={1}
          maxLength={500}
          // A headline is one line of text that wraps: Enter moves on instead of breaking it.
          onKeyDown={(event) => {
            if (event.key === 'Enter') event.preventDefault();
          }}
          {...field('headline')}
        />
      </label>
      <label className="field">
        <span>{t('editor.standfirst')}</span>
        <textarea className="standfirst" aria-label={t('editor.standfirst')} lang={tag} dir={dir} rows={2} maxLength={2000} {...field('standfirst')} />
      </label>
      <label className="field">
        <span>{t('editor.dateline')}</span>
        <input className="dateline" type="text" aria-label={t('editor.dateline')} lang={tag} dir={dir} maxLength={200} placeholder={t('editor.datelineHint', { lng: lang })} {...field('dateline')} />
      </label>
      <label className="field">
        <span>{t('editor.byline')}</span>
        <input className="byline" type="text" aria-label={t('editor.byline')} lang={tag} dir={dir} maxLength={300} {...field('byline')} />
      </label>
      {article.meta.leadImage && (
        <LeadImageFields lang={lang} image={article.meta.leadImage} caption={content.leadImageCaption} alt={content.leadImageAlt} onChange={edit} />
      )}
      <div className="field">
        <span aria-hidden="true">{t('editor.body')}</span>
        <BodyEditor key={bodySeed.generation} lang={lang} initial={bodySeed.body} onChange={editBody} onEditor={registerBody} />
        <VersionCounts lang={lang} body={content.body} />
      </div>
    </section>
  );
}
