import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { layers } from './build/eslint/layers.js';
import { qelemPlugin } from './build/eslint/no-literal-ui-strings.js';

/**
 * Layers, after VS Code's: shared/ is common code (no Node, DOM or Electron),
 * renderer/ is browser code (no Node, no Electron), electron/ is the main
 * process. A wrong import fails the lint.
 *
 * The main process has floors of its own, each importing only itself and the
 * floors below (qelem/layers, build/eslint/layers.js): store/ (SQLite and the
 * library folder), package/ (the export package format: zip, BagIt, pages,
 * fonts, renditions), services/ (the API over both), then host/, main.ts,
 * ipc.ts and the rest of electron/. shared/ is below them all. No import
 * loops anywhere in electron/ or shared/, within a floor or across floors.
 */
const FLOORS = [
  { name: 'shared', folders: ['shared/'] },
  { name: 'store', folders: ['electron/store/'] },
  { name: 'package', folders: ['electron/package/'] },
  { name: 'services', folders: ['electron/services/'] },
  { name: 'host, main, ipc', folders: ['electron/'] },
];
const qelem = { rules: { ...qelemPlugin.rules, layers } };
const nodeModules = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'url'];
const forbid = (groups, message) => ({ 'no-restricted-imports': ['error', { patterns: [{ group: groups, message }] }] });

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: forbid([...nodeModules, 'electron', 'react', 'react-dom', '**/electron/**', '**/renderer/**'], 'shared/ runs everywhere: no Node, DOM, Electron or React.'),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks, qelem },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'qelem/no-literal-ui-strings': 'error',
      ...forbid([...nodeModules, 'electron', '**/electron/**'], 'renderer/ is untrusted browser code: reach the main process only through the API client.'),
    },
  },
  {
    files: ['electron/**/*.ts'],
    // The locale files are data both sides read (the main process labels its menus with them).
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['react', 'react-dom'], message: 'electron/ must not import renderer code.' },
            { regex: 'renderer/(?!i18n/locales/[^/]+\\.json$)', message: 'electron/ must not import renderer code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/**/*.ts', 'shared/**/*.ts'],
    plugins: { qelem },
    rules: { 'qelem/layers': ['error', { floors: FLOORS, noLoopsIn: ['electron/', 'shared/'] }] },
  },
  {
    files: ['server/**/*.ts'],
    rules: forbid(
      ['electron', 'react', 'react-dom', 'react/*', '**/electron/**', '**/renderer/**'],
      'server/ is the newsroom server on plain Node: no desktop (electron/), renderer or React code.',
    ),
  },
  {
    files: ['electron/host/**/*.ts'],
    rules: forbid(['electron', 'react', 'react-dom', '**/renderer/**'], 'Browser mode runs on plain Node: no Electron here.'),
  },
);
