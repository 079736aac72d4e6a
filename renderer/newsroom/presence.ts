import { useTranslation } from 'react-i18next';
import type { Role } from '../../shared/collab/roles';
import { useNewsroom } from './context';

/** How this window shows itself to the others in a document: a name, a colour, a role. */
export interface Presence {
  name: string;
  color: string;
  /** null: no newsroom (another window of this library). */
  role: Role | null;
}

/** Dark enough for white text on them, told apart from each other. */
const COLORS = ['#1565c0', '#ad1457', '#2e7d32', '#6a1b9a', '#e65100', '#00838f', '#4e342e', '#c62828'];

/** A colour of its own for each name, the same on every machine. */
export function colorFor(name: string): string {
  let hash = 0;
  for (const char of name) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) >>> 0;
  return COLORS[hash % COLORS.length] as string;
}

/** This window's presence: the newsroom account's name and role, else "another window". */
export function usePresence(): Presence {
  const { t } = useTranslation();
  const identity = useNewsroom().status?.identity ?? null;
  const name = identity?.name ?? t('presence.anotherWindow');
  return { name, color: colorFor(name), role: identity?.role ?? null };
}

/** Someone else in a document, as their awareness state says (anything malformed is skipped). */
export interface Person {
  name: string;
  color: string;
  role: Role | null;
}

export function personOf(state: unknown): Person | null {
  if (typeof state !== 'object' || state === null) return null;
  const { name, color, awarenessData } = state as { name?: unknown; color?: unknown; awarenessData?: { role?: unknown } };
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) return null;
  const role = awarenessData?.role;
  return {
    name,
    color: typeof color === 'string' && /^#[0-9a-f]{6}$/i.test(color) ? color : colorFor(name),
    role: role === 'reporter' || role === 'translator' || role === 'editor' ? role : null,
  };
}
