import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, type LanguageKey } from '../../shared/languages';

/** Asks for the source language of a new article: one button per language, named natively. */
export function NewArticleDialog({ onChoose, onClose }: { onChoose: (lang: LanguageKey) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal(); // modal: focus is trapped, Escape closes
  }, []);

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="new-article-title" onClose={onClose}>
      <h2 id="new-article-title">{t('newArticle.title')}</h2>
      <p>{t('newArticle.prompt')}</p>
      <div className="language-choice">
        {LANGUAGES.map((lang) => (
          <button key={lang.key} type="button" lang={lang.tag} dir={lang.dir} className="button-primary" onClick={() => onChoose(lang.key)}>
            {lang.nativeName}
          </button>
        ))}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={() => ref.current?.close()}>
          {t('newArticle.cancel')}
        </button>
      </div>
    </dialog>
  );
}
