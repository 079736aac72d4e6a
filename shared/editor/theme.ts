import type { EditorThemeClasses } from 'lexical';

/** Class names the editor puts on its DOM; styled in renderer/styles.css and the export CSS. */
export const editorTheme: EditorThemeClasses = {
  paragraph: 'q-paragraph',
  heading: { h2: 'q-h2', h3: 'q-h3' },
  quote: 'q-quote',
  text: { bold: 'q-bold', italic: 'q-italic', underline: 'q-underline' },
};
