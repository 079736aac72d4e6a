import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FONT_LICENCES } from './font-licences';

/**
 * The fonts and the one style sheet of an export package: the faces the app
 * itself bundles (renderer/fonts.ts), Noto Sans for English and for Latin
 * runs in Kurdish, Noto Naskh Arabic for Sorani and Badini (complete for
 * ڕ ڵ ۆ ێ ە ڤ ھ, kurdish-text.md), regular and bold. Only the subsets a page
 * can need go in: Latin and Latin Extended of Noto Sans; the Arabic and the
 * Latin (punctuation, digits) subsets of Naskh. The renderer bundles no
 * italic, so neither does a package: the browser slants the regular face.
 */

export interface PackageFont {
  family: 'Noto Sans' | 'Noto Naskh Arabic';
  /** File name in data/fonts/ (the fontsource file name). */
  file: string;
  weight: 400 | 700;
  /** From the fontsource style sheets: the browser fetches the file only for text in this range. */
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

// fontsource 5.3's unicode-range of each subset (a test compares them with its style sheets).
const LATIN = 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD';
const LATIN_EXT = 'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C0,U+2113,U+2C60-2C7F,U+A720-A7FF';
const ARABIC =
  'U+0600-06FF,U+0750-077F,U+0870-088E,U+0890-0891,U+0897-08E1,U+08E3-08FF,U+200C-200E,U+2010-2011,U+204F,U+2E41,U+FB50-FDFF,U+FE70-FE74,U+FE76-FEFC,U+102E0-102FB,U+10E60-10E7E,U+10EC2-10EC4,U+10EFC-10EFF,U+1EE00-1EE03,U+1EE05-1EE1F,U+1EE21-1EE22,U+1EE24,U+1EE27,U+1EE29-1EE32,U+1EE34-1EE37,U+1EE39,U+1EE3B,U+1EE42,U+1EE47,U+1EE49,U+1EE4B,U+1EE4D-1EE4F,U+1EE51-1EE52,U+1EE54,U+1EE57,U+1EE59,U+1EE5B,U+1EE5D,U+1EE5F,U+1EE61-1EE62,U+1EE64,U+1EE67-1EE6A,U+1EE6C-1EE72,U+1EE74-1EE77,U+1EE79-1EE7C,U+1EE7E,U+1EE80-1EE89,U+1EE8B-1EE9B,U+1EEA1-1EEA3,U+1EEA5-1EEA9,U+1EEAB-1EEBB,U+1EEF0-1EEF1';

interface Family {
  family: PackageFont['family'];
  npm: string;
  slug: keyof typeof FONT_LICENCES;
  subsets: readonly (readonly [string, string])[];
  kurdishOnly: boolean;
}

export const PACKAGE_FONT_FAMILIES: readonly Family[] = [
  { family: 'Noto Sans', npm: '@fontsource/noto-sans', slug: 'noto-sans', subsets: [['latin', LATIN], ['latin-ext', LATIN_EXT]], kurdishOnly: false },
  { family: 'Noto Naskh Arabic', npm: '@fontsource/noto-naskh-arabic', slug: 'noto-naskh-arabic', subsets: [['arabic', ARABIC], ['latin', LATIN]], kurdishOnly: true },
];
const WEIGHTS = [400, 700] as const;

/**
 * The package fonts, byte for byte the files the renderer bundles, from
 * wherever this build finds them: `dir` when given (a folder with the
 * fontsource packages' layout), else the renderer build beside the main
 * process (out/renderer/assets, where Vite put them under hashed names: the
 * built and packaged app), else the fontsource packages in node_modules
 * (tests, the bench). `kurdish` false leaves out Naskh (an English-only article).
 */
export function loadPackageFonts(options: { kurdish: boolean; dir?: string }): PackageFonts {
  const fonts: PackageFont[] = [];
  const licences: PackageFontLicence[] = [];
  const assets = options.dir === undefined ? rendererAssets() : null;
  for (const family of PACKAGE_FONT_FAMILIES) {
    if (family.kurdishOnly && !options.kurdish) continue;
    licences.push({ file: `${family.slug}-OFL.txt`, data: Buffer.from(FONT_LICENCES[family.slug], 'utf8') });
    for (const weight of WEIGHTS) {
      for (const [subset, unicodeRange] of family.subsets) {
        const file = `${family.slug}-${subset}-${weight}-normal.woff2`;
        fonts.push({ family: family.family, file, weight, unicodeRange, data: fs.readFileSync(fontFile(family.npm, file, options.dir, assets)) });
      }
    }
  }
  return { fonts, licences };
}

/**
 * The built renderer's assets, by the name Vite gave each file
 * (`<name>-<hash>.woff2`), or null outside a build. The main process's
 * bundle lies in out/main or a chunk folder below it, so the folder is
 * looked for a level or two up from this module.
 */
function rendererAssets(): Map<string, string> | null {
  let here: string;
  try {
    here = path.dirname(fileURLToPath(import.meta.url));
  } catch {
    return null;
  }
  for (const up of ['..', '../..']) {
    const dir = path.join(here, up, 'renderer', 'assets');
    if (!fs.existsSync(dir)) continue;
    const byName = new Map<string, string>();
    for (const name of fs.readdirSync(dir)) {
      const match = /^(.+)-[A-Za-z0-9_-]{8}\.woff2$/.exec(name);
      if (match) byName.set(`${match[1]}.woff2`, path.join(dir, name));
    }
    return byName;
  }
  return null;
}

function fontFile(npm: string, file: string, dir: string | undefined, assets: Map<string, string> | null): string {
  if (dir !== undefined) return path.join(dir, npm, 'files', file);
  const built = assets?.get(file);
  if (built) return built;
  return createRequire(import.meta.url).resolve(`${npm}/files/${file}`);
}

/** The package's style sheet, data/style.css: fonts in fonts/, logical properties only, so one sheet serves both directions. */
export function packageCss(fonts: readonly PackageFont[]): string {
  const faces = fonts
    .map(
      (font) => `@font-face {
  font-family: '${font.family}';
  font-style: normal;
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
.working-copy,
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
.working-copy {
  margin-block: 1rem 0;
  padding: 0.5rem 0.75rem;
  border: 2px solid #b3261e;
  color: #b3261e;
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
