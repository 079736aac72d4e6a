import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The app's renderer built again without minification (electron.vite.config.ts's
 * renderer section otherwise), only for the bench's CPU profile: the profiled
 * page gets this script in place of the minified one, so functions keep their
 * names and `//#region` comments tell which module each line came from.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../../renderer', import.meta.url)),
  base: './',
  logLevel: 'warn',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../out/bench/renderer-profile', import.meta.url)),
    emptyOutDir: true,
    minify: false,
    rollupOptions: { input: fileURLToPath(new URL('../../renderer/index.html', import.meta.url)) },
  },
});
