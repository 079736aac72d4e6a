import { z } from 'zod';
import type { LanguageKey } from '../languages';
import type { DocName } from './doc-names';

/**
 * Newsroom roles, and what each may do to each document. The newsroom
 * server enforces this (a document a role may not write is opened
 * read-only, and updates sent to it anyway are refused); the desktop shows
 * the same rule as a read-only editor with its reason.
 *
 * - reporter: creates articles, writes their source version, reads everything;
 * - translator: writes translation versions (not the source), reads everything;
 * - editor: writes everything (approves, exports);
 * - admin: manages accounts only, opens no document.
 */
export const ROLES = ['reporter', 'translator', 'editor', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

export type Access = 'write' | 'read' | 'none';

/** Why a role may only read a document: the key of the message the desktop shows. */
export type ReadOnlyReason = 'source-for-translators' | 'translation-for-reporters' | 'article-for-translators' | 'library-for-translators' | 'glossary-for-reporters';

/**
 * What `role` may do to `doc`. `sourceLang` is the article's source
 * language as the server knows it, null while it knows no such article yet
 * (then whoever may create articles may write its documents).
 */
export function accessTo(role: Role, doc: DocName, sourceLang: LanguageKey | null): Access {
  return readOnlyReason(role, doc, sourceLang) === null ? (role === 'admin' ? 'none' : 'write') : 'read';
}

/** The reason `role` may only read `doc`; null when it may write it (or, for admin, open nothing). */
export function readOnlyReason(role: Role, doc: DocName, sourceLang: LanguageKey | null): ReadOnlyReason | null {
  if (role === 'editor' || role === 'admin') return null;
  switch (doc.kind) {
    case 'library':
      return role === 'translator' ? 'library-for-translators' : null;
    case 'glossary':
      return role === 'reporter' ? 'glossary-for-reporters' : null;
    case 'article':
      return role === 'translator' ? 'article-for-translators' : null;
    case 'version': {
      // An article the server does not know yet is being created: only by someone who may create articles.
      if (sourceLang === null) return role === 'reporter' ? null : 'source-for-translators';
      const isSource = doc.lang === sourceLang;
      if (role === 'reporter') return isSource ? null : 'translation-for-reporters';
      return isSource ? 'source-for-translators' : null;
    }
  }
}
