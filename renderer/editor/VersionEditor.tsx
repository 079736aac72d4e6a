import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { EditorState, LexicalEditor } from 'lexical';
import { useTranslation } from 'react-i18next';
import * as Y from 'yjs';
import type { Article } from '../../shared/article';
import { fieldText } from '../../shared/collab/version-doc';
import { isKurdish, language, type LanguageKey } from '../../shared/languages';
import { formatDateTime } from '../../shared/text/dates';
import type { DocumentReplica } from '../documents/replica';
import { findUnsaved, forgetUnsaved } from '../documents/unsaved';
import { useVersionReplica } from '../documents/useVersionReplica';
import { useReadOnlyReason } from '../newsroom/context';
import { uiDigits, uiLanguage } from '../i18n';
import { BodyEditor } from './BodyEditor';
import { SharedField } from './fields/SharedField';
import { LeadImageFields } from './image/LeadImageFields';
import { VersionCounts } from './VersionCounts';

interface Props {
  article: Article;
  lang: LanguageKey;
  active: boolean;
  /** This version's document (null once it goes), for the screen's save status and its flushes. */
  onReplica: (lang: LanguageKey, replica: DocumentReplica | null) => void;
  /** Registers this version's body editor, so the screen can apply a fix in it. */
  onBodyEditor?: (lang: LanguageKey, editor: LexicalEditor | null) => void;
}

/** Restoring unsaved edits of a window that is gone: a merge, so an origin of its own (sent like any edit). */
const RESTORED = Symbol('restored');

/** Counting a long article takes milliseconds: the counts get the body once typing pauses, not on every key. */
const COUNT_PAUSE_MS = 400;

/**
 * One language version: its fields and body, each bound to the version's
 * shared document, so what is typed here and in any other window on it ends
 * up in both. Every edit is sent to the library as it is made.
 *
 * Memo: the article screen renders again on every save-state change (twice
 * per keystroke), which concerns none of the three versions' editors.
 */
export const VersionEditor = memo(function VersionEditor({ article, lang, active, onReplica, onBodyEditor }: Props) {
  const { t } = useTranslation();
  const { tag, dir, nativeName } = language(lang);
  const { replica, ready } = useVersionReplica(article.id, lang);
  // The newsroom's roles: a version this account may only read is shown, not edited, and says why.
  const readOnly = useReadOnlyReason({ kind: 'version', articleId: article.id, lang }, article.sourceLang);
  const editable = ready && readOnly === null;
  // The body for the counts: the first state at once, later ones once typing pauses. Kept off the
  // keystroke's path: a new state on every key rendered this whole version (fields and all) again.
  const [body, setBody] = useState<EditorState | null>(null);
  const bodyTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const bodyShown = useRef(false);
  const onBodyChange = useCallback((state: EditorState) => {
    if (!bodyShown.current) {
      bodyShown.current = true;
      setBody(state);
      return;
    }
    if (bodyTimer.current !== null) clearTimeout(bodyTimer.current);
    bodyTimer.current = setTimeout(() => {
      bodyTimer.current = null;
      setBody(state);
    }, COUNT_PAUSE_MS);
  }, []);
  useEffect(
    () => () => {
      if (bodyTimer.current !== null) clearTimeout(bodyTimer.current);
    },
    [],
  );
  // Edits to this version that a window which went away never got acknowledged (unsaved.ts).
  const [unsaved, setUnsaved] = useState<{ update: Uint8Array; at: number } | null>(null);

  // The screen follows the replica's saving state itself: re-rendering this version on every change of it (twice per keystroke) would be wasted.
  useEffect(() => onReplica(lang, replica), [onReplica, lang, replica]);
  useEffect(() => () => onReplica(lang, null), [onReplica, lang]);

  useEffect(() => {
    if (!ready) return;
    let cancelled = false;
    findUnsaved(replica.name, replica.doc).then(
      (found) => !cancelled && setUnsaved(found),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [ready, replica]);

  const restoreUnsaved = (found: { update: Uint8Array }) => {
    setUnsaved(null);
    // Merged into the document like any edit: whatever happened since stays.
    Y.applyUpdate(replica.doc, found.update, RESTORED);
    void forgetUnsaved(replica.name);
  };
  const discardUnsaved = () => {
    setUnsaved(null);
    void forgetUnsaved(replica.name);
  };

  const registerBody = useCallback((editor: LexicalEditor | null) => onBodyEditor?.(lang, editor), [onBodyEditor, lang]);
  const kurdish = isKurdish(lang);
  const field = (name: 'headline' | 'standfirst' | 'dateline' | 'byline') => ({
    text: fieldText(replica.doc, name),
    label: t(`editor.${name}`),
    lang: tag,
    dir,
    normalize: kurdish,
    ready: editable,
    className: name,
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
      {readOnly && (
        <p className="notice read-only-notice" role="note">
          {t(`readOnly.${readOnly}`)}
        </p>
      )}
      {ready && !readOnly && !article.versions[lang] && !replica.created && <p className="notice">{t('editor.newVersion', { language: nativeName })}</p>}
      <label className="field">
        <span>{t('editor.headline')}</span>
        <SharedField {...field('headline')} rows={1} maxLength={500} singleLine />
      </label>
      <label className="field">
        <span>{t('editor.standfirst')}</span>
        <SharedField {...field('standfirst')} rows={2} maxLength={2000} />
      </label>
      <label className="field">
        <span>{t('editor.dateline')}</span>
        <SharedField {...field('dateline')} maxLength={200} placeholder={t('editor.datelineHint', { lng: lang })} />
      </label>
      <label className="field">
        <span>{t('editor.byline')}</span>
        <SharedField {...field('byline')} maxLength={300} />
      </label>
      {article.meta.leadImage && <LeadImageFields lang={lang} image={article.meta.leadImage} doc={replica.doc} ready={editable} />}
      <div className="field">
        <span aria-hidden="true">{t('editor.body')}</span>
        <BodyEditor lang={lang} replica={replica} onChange={onBodyChange} onEditor={registerBody} editable={readOnly === null} />
        {body && <VersionCounts lang={lang} body={body} />}
      </div>
    </section>
  );
});
