import { configExtension } from 'lexical';
import { LinkExtension } from '@lexical/link';
import { isArticleLink } from '../links';

/** Lexical's link support, refusing in TOGGLE_LINK_COMMAND what the link policy (shared/links.ts) refuses. */
export const SafeLinkExtension = configExtension(LinkExtension, {
  validateUrl: isArticleLink,
  attributes: { rel: 'noopener noreferrer', target: null },
});
