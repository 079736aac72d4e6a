import { useId, useState, type ChangeEvent } from 'react';
import { normalizedInputValue } from '../fields/normalized-input';

interface Props {
  label: string;
  /** The stored value; when it changes from outside (undo), the field follows. */
  value: string;
  onChange: (value: string) => void;
  /** The language of the text (the version's), not of the interface. */
  lang: string;
  dir: 'ltr' | 'rtl' | 'auto';
  /** Sorani and Badini: Arabic-keyboard letters become Kurdish ones as they are typed. */
  normalize: boolean;
  maxLength: number;
  multiline?: boolean;
  className?: string;
  /** The label's language and direction: the interface's, when the field sits inside text in another language. */
  labelLang?: string;
  labelDir?: 'ltr' | 'rtl';
}

/**
 * A labelled one-field editor for the words around an image (caption, alt
 * text, credit). It keeps what is typed in its own state, so the caret never
 * jumps while the stored value catches up.
 */
export function ImageTextInput({ label, value, onChange, lang, dir, normalize, maxLength, multiline = false, className, labelLang, labelDir }: Props) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [stored, setStored] = useState(value);
  // A stored value that is not what was typed came from elsewhere (an undo): show it.
  if (value !== stored) {
    setStored(value);
    if (value !== draft) setDraft(value);
  }

  const change = (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const next = normalizedInputValue(event.target, normalize);
    setDraft(next);
    onChange(next);
  };

  const shared = { id, value: draft, onChange: change, lang, dir, maxLength, spellCheck: true };
  return (
    <div className={className ? `image-field ${className}` : 'image-field'}>
      <label htmlFor={id} lang={labelLang} dir={labelDir}>
        {label}
      </label>
      {multiline ? <textarea rows={2} {...shared} /> : <input type="text" {...shared} />}
    </div>
  );
}
