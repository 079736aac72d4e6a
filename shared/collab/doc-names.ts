import { z } from 'zod';
import { isLanguageKey, type LanguageKey } from '../languages';

/**
 * Every shared document has a name, the same in the library, on the
 * newsroom server and in packages:
 * - `article/<id>`: article-wide data (./article-doc.ts);
 * - `article/<id>/<lang>`: one language version (./version-doc.ts);
 * - `library`: the newsroom's list of articles (./library-doc.ts);
 * - `glossary`: the newsroom's termbase (./glossary-doc.ts).
 */
const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const NAME = new RegExp(`^article/(${UUID})(?:/(en|ckb|kmr))?$`);

export type ArticleDocName = { kind: 'article'; articleId: string } | { kind: 'version'; articleId: string; lang: LanguageKey };
export type DocName = ArticleDocName | { kind: 'library' } | { kind: 'glossary' };

export const LIBRARY_DOC = 'library';
export const GLOSSARY_DOC = 'glossary';

export function articleDocName(articleId: string): string {
  return `article/${articleId}`;
}

export function versionDocName(articleId: string, lang: LanguageKey): string {
  return `article/${articleId}/${lang}`;
}

/** What a name names; null for anything that is not a document name. */
export function parseDocName(name: string): DocName | null {
  if (name === LIBRARY_DOC) return { kind: 'library' };
  if (name === GLOSSARY_DOC) return { kind: 'glossary' };
  return parseArticleDocName(name);
}

/** An article's or a version's document name; null for anything else. */
export function parseArticleDocName(name: string): ArticleDocName | null {
  const match = NAME.exec(name);
  if (!match) return null;
  const [, articleId, lang] = match as unknown as [string, string, string | undefined];
  if (lang === undefined) return { kind: 'article', articleId };
  return isLanguageKey(lang) ? { kind: 'version', articleId, lang } : null;
}

/** The documents a window edits through the main process: an article's and its versions'. */
export const DocNameSchema = z.string().max(64).regex(NAME, 'Not the name of a Qelem article document');
