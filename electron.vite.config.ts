import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          // The Electron main process.
          index: resolve(__dirname, 'electron/main.ts'),
          // Browser mode: the same services over loopback HTTP, run with plain Node.
          web: resolve(__dirname, 'electron/host/cli.ts'),
          // The worker thread that makes web renditions of imported images (both of the above start it
          // from out/main/rendition-worker.js; electron/package/renditions.ts finds it there).
          'rendition-worker': resolve(__dirname, 'electron/package/rendition-worker.ts'),
          // The worker thread that checks a package being imported (electron/package/package-check.ts starts it).
          'package-worker': resolve(__dirname, 'electron/package/package-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload.ts') },
        // A sandboxed preload cannot load ES modules or other files: one CommonJS bundle.
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
