import { createEditor, type LexicalEditor } from 'lexical';
import { HeadingNode, QuoteNode, registerRichText } from '@lexical/rich-text';
import { createEmptyHistoryState, registerHistory } from '@lexical/history';
import * as Y from 'yjs';
import { bindBody } from '../../../shared/collab/body-binding';
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
 *
 * A second mode, `bound`, is the same bare editor opened from the version's
 * Yjs document instead of its JSON: the state the app's library holds
 * (/docs/<lang>.yjs), applied to a Y.Doc bound to the editor by the app's own
 * binding (shared/collab/body-binding.ts, undo by Y.UndoManager in place of
 * Lexical's history), as the app's body editor is bound to its replica; no
 * React, nothing sent anywhere. It tells what the binding costs by itself.
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

type Mode = 'json' | 'bound';

/** Mounts one editor per language from /docs/<lang>.json (or, bound, /docs/<lang>.yjs); only `active` is shown (like the app's tabs). */
async function open(langs: Lang[], active: Lang, mode: Mode = 'json'): Promise<void> {
  const host = document.getElementById('editors') as HTMLElement;
  const docs = await Promise.all(
    langs.map(async (lang) => {
      const response = await fetch(`./docs/${lang}.${mode === 'bound' ? 'yjs' : 'json'}`);
      return [lang, mode === 'bound' ? new Uint8Array(await response.arrayBuffer()) : await response.text()] as const;
    }),
  );
  for (const [lang, data] of docs) {
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
    let unregisterHistory = () => undefined as void;
    editor.setRootElement(root);
    if (typeof data === 'string') {
      unregisterHistory = registerHistory(editor, createEmptyHistoryState(), 300);
      editor.setEditorState(editor.parseEditorState(data));
    } else {
      // As the app's DocumentBinding: bound while empty, then the document applied (the binding renders what arrives).
      const doc = new Y.Doc();
      const body = bindBody(editor, doc, { undo: true });
      Y.applyUpdate(doc, data, 'remote');
      unregisterHistory = () => {
        body.dispose();
        doc.destroy();
      };
    }
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
