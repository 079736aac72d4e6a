import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * The fonts and the one style sheet of an export package. The faces are the
 * app's own (renderer/fonts.ts): Noto Sans for English and for Latin runs in
 * Kurdish, Noto Naskh Arabic for Sorani and Badini (complete for ڕ ڵ ۆ ێ ە ڤ ھ,
 * kurdish-text.md). Only the subsets the pages can need go in: Latin and
 * Latin Extended of Noto Sans (upright and italic), the Arabic and Latin
 * (punctuation, digits) subsets of Naskh, regular and bold.
 */

export interface PackageFont {
  family: 'Noto Sans' | 'Noto Naskh Arabic';
  /** File name in data/fonts/. */
  file: string;
  weight: 400 | 700;
  style: 'normal' | 'italic';
  /** From the fontsource CSS: the browser fetches the file only for text in this range. */
  unicodeRange: string;
  data: Buffer;
}

/** A font family's licence, which the SIL OFL requires to travel with the fonts. */
export interface PackageFontLicence {
  file: string;
  data: Buffer;
}

export interface PackageFonts {
  fonts: PackageFont[];
  licences: PackageFontLicence[];
}

interface Family {
  family: PackageFont['family'];
  npm: string;
  slug: string;
  subsets: readonly string[];
  styles: readonly PackageFont['style'][];
  kurdishOnly: boolean;
}

const FAMILIES: readonly Family[] = [
  { family: 'Noto Sans', npm: '@fontsource/noto-sans', slug: 'noto-sans', subsets: ['latin', 'latin-ext'], styles: ['normal', 'italic'], kurdishOnly: false },
  { family: 'Noto Naskh Arabic', npm: '@fontsource/noto-naskh-arabic', slug: 'noto-naskh-arabic', subsets: ['arabic', 'latin'], styles: ['normal'], kurdishOnly: true },
];
const WEIGHTS = [400, 700] as const;

/**
 * Reads the package fonts from the fontsource packages in node_modules (they
 * are what the renderer bundles), or from `dir` when given: a folder holding
 * the same `<package>/files/*.woff2` and `<package>/<weight>.css` layout.
 * `kurdish` false leaves out the Naskh faces (an English-only article).
 */
export function loadPackageFonts(options: { kurdish: boolean; dir?: string }): PackageFonts {
  const fonts: PackageFont[] = [];
  const licences: PackageFontLicence[] = [];
  for (const family of FAMILIES) {
    if (family.kurdishOnly && !options.kurdish) continue;
    const root = familyDir(family.npm, options.dir);
    licences.push({ file: `${family.slug}-OFL.txt`, data: fs.readFileSync(path.join(root, 'LICENSE')) });
    for (const weight of WEIGHTS) {
      const css = fs.readFileSync(path.join(root, `${weight}.css`), 'utf8') + (family.styles.includes('italic') ? fs.readFileSync(path.join(root, `${weight}-italic.css`), 'utf8') : '');
      for (const style of family.styles) {
        for (const subset of family.subsets) {
          const file = `${family.slug}-${subset}-${weight}-${style}.woff2`;
          fonts.push({ family: family.family, file, weight, style, unicodeRange: unicodeRangeOf(css, file), data: fs.readFileSync(path.join(root, 'files', file)) });
        }
      }
    }
  }
  return { fonts, licences };
}

function familyDir(npm: string, dir: string | undefined): string {
  if (dir !== undefined) return path.join(dir, npm);
  // Resolved from this module: node_modules of the app (the bundled main process, the bench, the tests).
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve(`${npm}/package.json`));
}

/** The unicode-range of the @font-face that loads `file`, from a fontsource style sheet. */
function unicodeRangeOf(css: string, file: string): string {
  for (const block of css.split('@font-face')) {
    if (!block.includes(`/${file})`)) continue;
    const range = /unicode-range:\s*([^;}]+)/.exec(block)?.[1]?.trim();
    if (range && /^[U+0-9A-Fa-f,\s?-]+$/.test(range)) return range;
  }
  throw new Error(`No unicode-range for ${file} in the fontsource style sheet`);
}

/** The package's style sheet, data/style.css: fonts in fonts/, logical properties only, so one sheet serves both directions. */
export function packageCss(fonts: readonly PackageFont[]): string {
  const faces = fonts
    .map(
      (font) => `@font-face {
  font-family: '${font.family}';
  font-style: ${font.style};
  font-weight: ${font.weight};
  font-display: swap;
  src: url(fonts/${font.file}) format('woff2');
  unicode-range: ${font.unicodeRange};
}`,
    )
    .join('\n');
  return `/* Qelem export: one sheet for every language page. Logical properties (inline/block, start/end) mirror with dir. */
${faces}
:root {
  color-scheme: light;
  --ink: #1d1f23;
  --muted: #5b616b;
  --line: #d6d9de;
  --accent: #0b5cad;
}
html {
  font-family: 'Noto Sans', sans-serif;
  color: var(--ink);
  background: #ffffff;
  line-height: 1.6;
  font-size: 112.5%;
}
/* Naskh has no Latin letters: Latin names inside Kurdish text fall through to Noto Sans. */
[lang='ckb'],
[lang='kmr-Arab'] {
  font-family: 'Noto Naskh Arabic', 'Noto Sans', serif;
  line-height: 1.9;
}
[lang='en'] {
  font-family: 'Noto Sans', sans-serif;
  line-height: 1.6;
}
body {
  margin: 0;
}
nav.languages,
article {
  max-inline-size: 42rem;
  margin-inline: auto;
  padding-inline: 1.25rem;
}
nav.languages {
  padding-block: 1rem 0;
  font-size: 0.9rem;
}
nav.languages ul {
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem 1.25rem;
  margin: 0;
  padding: 0;
  list-style: none;
}
nav.languages [aria-current='page'] {
  font-weight: 700;
}
article {
  padding-block-end: 3rem;
}
h1 {
  font-size: 2rem;
  line-height: 1.3;
  margin-block: 1rem 0.75rem;
}
h2 {
  font-size: 1.35rem;
  margin-block: 2rem 0.5rem;
}
h3 {
  font-size: 1.15rem;
  margin-block: 1.5rem 0.5rem;
}
.standfirst {
  font-size: 1.2rem;
  color: var(--muted);
  margin-block: 0 1rem;
}
.meta {
  display: flex;
  flex-wrap: wrap;
  gap: 0.25rem 1rem;
  margin-block: 0 1.5rem;
  padding-block-start: 0.5rem;
  border-block-start: 1px solid var(--line);
  font-size: 0.9rem;
  color: var(--muted);
}
.dateline {
  font-weight: 700;
  color: var(--ink);
}
figure {
  margin-block: 1.5rem;
  margin-inline: 0;
}
figure img {
  display: block;
  inline-size: 100%;
  block-size: auto;
  background: var(--line);
}
figcaption {
  padding-block-start: 0.4rem;
  font-size: 0.9rem;
  color: var(--muted);
}
.credit {
  font-size: 0.8rem;
  white-space: nowrap;
}
blockquote {
  margin-block: 1.25rem;
  margin-inline: 0;
  padding-inline-start: 1rem;
  border-inline-start: 4px solid var(--line);
}
aside.pull-quote {
  margin-block: 1.5rem;
  padding-block: 0.75rem;
  border-block: 2px solid var(--ink);
  font-size: 1.35rem;
  font-weight: 700;
}
ul,
ol {
  padding-inline-start: 1.5rem;
}
a {
  color: var(--accent);
}
`;
}
