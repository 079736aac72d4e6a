import type { LibraryContext } from './context';
import type { ServiceMethods, TranslationMemoryMethod } from './service-methods';

/** Lookups in the translation memory (store/translation-memory.ts), which the version writer fills. */
export type TranslationMemoryService = ServiceMethods<TranslationMemoryMethod>;

export function createTranslationMemoryService(context: LibraryContext): TranslationMemoryService {
  const { memory } = context;
  return { lookupTranslationMemory: (input) => memory.lookup(input) };
}
