import type { KeyboardEvent } from 'react';
import type * as Y from 'yjs';
import { useSharedText } from './shared-text';

interface Props {
  text: Y.Text;
  /** What the field is called (its accessible name). */
  label: string;
  lang: string;
  dir: 'ltr' | 'rtl';
  normalize: boolean;
  ready: boolean;
  maxLength: number;
  className?: string;
  /** A textarea of this many rows; a one-line input without. */
  rows?: number;
  placeholder?: string;
  /** One line of text that wraps: Enter moves on instead of breaking it. */
  singleLine?: boolean;
  id?: string;
}

/** A version's text field (headline, standfirst, …), its text a Y.Text of the version's document (./shared-text.ts). */
export function SharedField({ text, label, lang, dir, normalize, ready, maxLength, className, rows, placeholder, singleLine, id }: Props) {
  const { attach, ...field } = useSharedText(text, { normalize, ready });
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (singleLine && event.key === 'Enter') event.preventDefault();
    field.onKeyDown(event);
  };
  const shared = {
    id,
    className,
    'aria-label': label,
    lang,
    dir,
    maxLength,
    placeholder,
    value: field.value,
    readOnly: field.readOnly,
    onChange: field.onChange,
    onKeyDown,
    spellCheck: true,
  };
  return rows === undefined ? (
    <input ref={attach} type="text" {...shared} />
  ) : (
    <textarea ref={attach} rows={rows} {...shared} />
  );
}
