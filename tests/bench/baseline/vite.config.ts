import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The baseline page: a bare Lexical rich-text editor (lexical, @lexical/rich-text,
 * @lexical/history; no React), with the app's fonts, served by the bench's own
 * static server. Built to out/bench/baseline.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL('../../../out/bench/baseline', import.meta.url)),
    emptyOutDir: true,
    // Readable in the bench's CPU profile; Lexical's own prebuilt production files stay as they are.
    minify: false,
  },
});
