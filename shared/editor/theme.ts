import type { EditorThemeClasses } from 'lexical';

/** Class names the editor puts on its DOM; styled in renderer/styles.css and the export CSS. */
export const editorTheme: EditorThemeClasses = {
  paragraph: 'q-paragraph',
  heading: { h2: 'q-h2', h3: 'q-h3' },
  quote: 'q-quote',
  pullQuote: 'q-pull-quote',
  image: 'q-image',
  list: { ul: 'q-ul', ol: 'q-ol', listitem: 'q-li', nested: { listitem: 'q-li-nested' } },
  link: 'q-link',
  text: { bold: 'q-bold', italic: 'q-italic', underline: 'q-underline' },
  // Everyone else's caret and name in a shared body (@lexical/yjs reads these; the colour comes as --lexical-cursor-color).
  collaboration: { cursor: 'q-collab-caret', cursorName: 'q-collab-name' },
};
