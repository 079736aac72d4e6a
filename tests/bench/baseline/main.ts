import { createEditor, type LexicalEditor } from 'lexical';
import { HeadingNode, QuoteNode, registerRichText } from '@lexical/rich-text';
import { createEmptyHistoryState, registerHistory } from '@lexical/history';
// The app's bundled faces (renderer/fonts.ts), so text shaping costs the same on both pages.
import '@fontsource/noto-sans/400.css';
import '@fontsource/noto-sans/700.css';
import '@fontsource/noto-sans-arabic/400.css';
import '@fontsource/noto-sans-arabic/700.css';
import '@fontsource/noto-naskh-arabic/400.css';
import '@fontsource/noto-naskh-arabic/700.css';
import './style.css';

/**
 * The baseline of the bench: a bare Lexical rich-text editor (lexical,
 * @lexical/rich-text and @lexical/history only, no React) holding the same
 * document as the app, with the same class names and text styles. The bench
 * drives it through `window.baseline`.
 */

type Lang = 'en' | 'ckb' | 'kmr';
const LANGS: Record<Lang, { tag: string; dir: 'ltr' | 'rtl' }> = {
  en: { tag: 'en', dir: 'ltr' },
  ckb: { tag: 'ckb', dir: 'rtl' },
  kmr: { tag: 'kmr-Arab', dir: 'rtl' },
};

const theme = {
  paragraph: 'q-paragraph',
  heading: { h2: 'q-h2', h3: 'q-h3' },
  quote: 'q-quote',
  text: { bold: 'q-bold', italic: 'q-italic' },
};

const mounted: { editor: LexicalEditor; section: HTMLElement; dispose: () => void }[] = [];

/** Mounts one editor per language from /docs/<lang>.json; only `active` is shown (like the app's tabs). */
async function open(langs: Lang[], active: Lang): Promise<void> {
  const host = document.getElementById('editors') as HTMLElement;
  const docs = await Promise.all(langs.map(async (lang) => [lang, await (await fetch(`./docs/${lang}.json`)).text()] as const));
  for (const [lang, json] of docs) {
    const { tag, dir } = LANGS[lang];
    const section = document.createElement('section');
    section.className = 'version';
    section.lang = tag;
    section.dir = dir;
    section.hidden = lang !== active;
    const root = document.createElement('div');
    root.className = 'body-editor';
    root.contentEditable = 'true';
    root.setAttribute('role', 'textbox');
    root.setAttribute('aria-label', 'Body');
    root.lang = tag;
    root.dir = dir;
    section.append(root);
    host.append(section);
    const editor = createEditor({
      namespace: `baseline-${lang}`,
      nodes: [HeadingNode, QuoteNode],
      theme,
      onError: (error) => {
        throw error;
      },
    });
    const unregisterRichText = registerRichText(editor);
    const unregisterHistory = registerHistory(editor, createEmptyHistoryState(), 300);
    editor.setRootElement(root);
    editor.setEditorState(editor.parseEditorState(json));
    mounted.push({
      editor,
      section,
      dispose: () => {
        unregisterRichText();
        unregisterHistory();
        editor.setRootElement(null);
        section.remove();
      },
    });
  }
}

function show(lang: Lang): void {
  for (const { section } of mounted) section.hidden = section.lang !== LANGS[lang].tag;
}

function close(): void {
  for (const { dispose } of mounted.splice(0)) dispose();
}

Object.assign(window, { baseline: { open, show, close } });
