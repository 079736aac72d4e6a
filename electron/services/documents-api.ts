import { fromBase64, toBase64 } from 'lib0/buffer';
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import type { LibraryContext } from './context';
import type { DocumentMethod, ServiceMethods } from './service-methods';

/**
 * The document methods of the contract over the library's document hub
 * (documents.ts): base64 in and out, the session as the transport named it.
 */
export type DocumentService = ServiceMethods<DocumentMethod>;

export function createDocumentService({ documents }: LibraryContext): DocumentService {
  return {
    openDocument({ session, name, stateVector }: ApiParsedInput<'openDocument'>): ApiOutput<'openDocument'> {
      const opened = documents.open(session, name, fromBase64(stateVector));
      return {
        exists: opened.exists,
        update: toBase64(opened.update),
        stateVector: toBase64(opened.stateVector),
        awareness: opened.awareness === null ? null : toBase64(opened.awareness),
      };
    },
    pushDocument({ session, name, update }) {
      documents.push(session, name, fromBase64(update));
      return {};
    },
    pushAwareness({ session, name, update }) {
      documents.pushAwareness(session, name, fromBase64(update));
      return {};
    },
    closeDocument({ session, name }) {
      documents.close(session, name);
      return {};
    },
  };
}
