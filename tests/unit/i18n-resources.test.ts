import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import { qelemPlugin } from '../../build/eslint/no-literal-ui-strings.js';
import { REPO_ROOT } from '../shared-fixtures';
import en from '../../renderer/i18n/locales/en.json';
import ckb from '../../renderer/i18n/locales/ckb.json';
import kmr from '../../renderer/i18n/locales/kmr.json';

type Tree = { [key: string]: string | Tree };
const LOCALES: Record<string, Tree> = { en, ckb, kmr };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const variables = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Keys the renderer asks for: literal t('a.b') calls, and prefixes of built ones like t(`state.${state}`). */
function usedKeys(): { literal: Set<string>; prefixes: Set<string> } {
  const literal = new Set<string>();
  const prefixes = new Set<string>();
  for (const file of sourceFiles(path.join(REPO_ROOT, 'renderer'))) {
    const source = fs.readFileSync(file, 'utf8');
    for (const m of source.matchAll(/\bt\(\s*'([\w.-]+)'/g)) literal.add(m[1]!);
    for (const m of source.matchAll(/\bt\(\s*`([\w.-]*)\$\{/g)) prefixes.add(m[1]!);
  }
  // The main process labels its menu from the same resources (electron/menu.ts: m.file, m.undo …).
  for (const m of fs.readFileSync(path.join(REPO_ROOT, 'electron/menu.ts'), 'utf8').matchAll(/\bm\.(\w+)/g)) literal.add(`menu.${m[1]}`);
  return { literal, prefixes };
}

describe('interface strings', () => {
  const keys = Object.fromEntries(Object.entries(LOCALES).map(([lang, tree]) => [lang, flatten(tree)]));

  it('has the same keys in English, Sorani and Badini', () => {
    const english = [...keys.en!.keys()].sort();
    for (const lang of ['ckb', 'kmr']) {
      const other = [...keys[lang]!.keys()].sort();
      expect(other.filter((k) => !english.includes(k)), `${lang}: keys English lacks`).toEqual([]);
      expect(english.filter((k) => !other.includes(k)), `${lang}: missing keys`).toEqual([]);
    }
  });

  it('uses the same interpolation variables in every language', () => {
    for (const [key, text] of keys.en!) {
      for (const lang of ['ckb', 'kmr']) expect(variables(keys[lang]!.get(key) ?? ''), `${lang} ${key}`).toEqual(variables(text));
    }
  });

  it('leaves no English in the Kurdish resources (only codes, digits and shortcuts)', () => {
    for (const lang of ['ckb', 'kmr']) {
      for (const [key, text] of keys[lang]!) {
        const latinWords = text.replace(/\{\{[^}]*\}\}/g, '').match(/[A-Za-z]{2,}/g) ?? [];
        expect(latinWords.filter((w) => !['Ctrl', 'Alt', 'Shift', 'Enter', 'CSV', 'HTML', 'SHA', 'en', 'ckb', 'kmr', 'note', 'https', 'mailto'].includes(w)), `${lang} ${key}: ${text}`).toEqual([]);
      }
    }
  });

  it('has every key the renderer asks for, and no key nobody asks for', () => {
    const { literal, prefixes } = usedKeys();
    const english = new Set([...keys.en!.keys()].map((k) => k.replace(PLURAL, '')));
    expect([...literal].filter((k) => !english.has(k)), 'missing from en.json').toEqual([]);
    const unused = [...english].filter((k) => !literal.has(k) && ![...prefixes].some((p) => p !== '' && k.startsWith(p)));
    expect(unused, 'in en.json but never used').toEqual([]);
    expect(prefixes.has(''), 'a t() call whose whole key is computed cannot be checked').toBe(false);
  });

  it('the lint rule rejects literal text and literal visible attributes in components', () => {
    const linter = new Linter({ configType: 'flat' });
    const config = [
      {
        files: ['**/*.tsx'],
        languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
        plugins: { qelem: qelemPlugin },
        rules: { 'qelem/no-literal-ui-strings': 'error' as const },
      },
    ];
    const lint = (code: string) => linter.verify(code, config, 'component.tsx').map((m) => m.ruleId);
    expect(lint('const a = <button>Delete</button>;')).toEqual(['qelem/no-literal-ui-strings']);
    expect(lint('const a = <input aria-label="Search articles" />;')).toEqual(['qelem/no-literal-ui-strings']);
    expect(lint("const a = <p>{'Saved'}</p>;")).toEqual(['qelem/no-literal-ui-strings']);
    expect(lint('const a = <p title="سڕینەوە" />;')).toEqual(['qelem/no-literal-ui-strings']);
    expect(lint('const a = <button aria-label={t("library.delete")}>{t("library.delete")}</button>;')).toEqual([]);
    expect(lint('const a = <span aria-hidden="true">|</span>;')).toEqual([]);
  });
});
