import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The bench runner itself, bundled for Node 24: it imports the app's own
 * TypeScript (services, store, editor definition) with extensionless paths,
 * which Node cannot load unbundled. Dependencies stay external (node_modules).
 * Not minified, so CPU profiles of the runner name real functions.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  logLevel: 'warn',
  build: {
    ssr: fileURLToPath(new URL('./main.ts', import.meta.url)),
    outDir: 'out/bench/node',
    emptyOutDir: true,
    target: 'node24',
    minify: false,
    copyPublicDir: false,
    rollupOptions: { output: { format: 'es', entryFileNames: 'bench.js' } },
  },
});
