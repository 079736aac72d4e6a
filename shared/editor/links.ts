import { configExtension } from 'lexical';
import { LinkExtension } from '@lexical/link';

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/**
 * Links may point only to the web or to an e-mail address. Anything else
 * (javascript:, data:, file:, relative paths) could run script or reach the
 * local disk when the exported page is opened.
 */
export function isSafeLinkUrl(url: string): boolean {
  // Browsers ignore ASCII whitespace and control characters inside a scheme ("java\tscript:").
  let compact = '';
  for (const ch of url) if (ch > ' ' && ch !== '\u007f') compact += ch;
  let parsed: URL;
  try {
    parsed = new URL(compact);
  } catch {
    return false;
  }
  if (!SAFE_SCHEMES.has(parsed.protocol)) return false;
  return parsed.protocol === 'mailto:' ? parsed.pathname.includes('@') : parsed.hostname.length > 0;
}

/** Lexical's link support, refusing unsafe URLs in TOGGLE_LINK_COMMAND. */
export const SafeLinkExtension = configExtension(LinkExtension, {
  validateUrl: isSafeLinkUrl,
  attributes: { rel: 'noopener noreferrer', target: null },
});
