import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { SerializedEditorState } from 'lexical';
import { LexicalExtensionComposer } from '@lexical/react/LexicalExtensionComposer';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { OnChangePlugin } from '@lexical/react/LexicalOnChangePlugin';
import { articleBodyExtension } from '../../shared/editor/article-editor';
import { language, type LanguageKey } from '../../shared/languages';
import type { Body } from '../../shared/article';

interface Props {
  lang: LanguageKey;
  /** The body the editor starts from; later changes of this prop are ignored (the editor owns the text). */
  initial: Body;
  onChange: (body: Body) => void;
}

/** The Lexical body of one language version, built from the shared editor definition. */
export function BodyEditor({ lang, initial, onChange }: Props) {
  const { t } = useTranslation();
  const { tag, dir } = language(lang);
  // Built once per mount: a new extension object would recreate the editor and lose undo history.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const extension = useMemo(() => articleBodyExtension(lang, initial as unknown as SerializedEditorState), [lang]);
  return (
    <LexicalExtensionComposer extension={extension} contentEditable={null}>
      <div className="body-frame" lang={tag} dir={dir}>
        <ContentEditable
          className="body-editor"
          role="textbox"
          aria-multiline
          aria-label={t('editor.body')}
          aria-placeholder={t('editor.bodyPlaceholder')}
          placeholder={<div className="body-placeholder">{t('editor.bodyPlaceholder')}</div>}
          lang={tag}
          dir={dir}
          spellCheck
        />
      </div>
      <OnChangePlugin ignoreSelectionChange onChange={(state) => onChange(state.toJSON() as unknown as Body)} />
    </LexicalExtensionComposer>
  );
}
