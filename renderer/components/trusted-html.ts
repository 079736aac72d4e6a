/**
 * The only ways HTML text reaches the page (issue 18 §6). The renderer's CSP
 * (electron/security.ts) requires Trusted Types for every HTML sink
 * (innerHTML, DOMParser…), and names the policies allowed; each has one use:
 *
 *   qelem-render  the escaped output of shared/render (a saved block as
 *                 published: every text and attribute escaped, links checked),
 *                 shown by the translation workspace's read-only blocks
 *   qelem-inert   foreign HTML (a paste, a copied fragment) parsed with
 *                 DOMParser into an inert document: no script runs, nothing
 *                 loads, and only what the caller then reads out of it counts
 *
 * Lexical's clipboard makes a policy of its own, `lexical`, for the same inert
 * parse of dropped HTML. Anything else that hands a string to an HTML sink is
 * refused by the browser.
 */

interface TrustedHtml {
  readonly __brand: 'TrustedHTML';
}

interface Policy {
  createHTML(html: string): TrustedHtml;
}

interface PolicyFactory {
  createPolicy(name: string, rules: { createHTML: (html: string) => string }): Policy;
}

const factory = (globalThis as { trustedTypes?: PolicyFactory }).trustedTypes;

// Made once, when the module loads. Without Trusted Types (Node, an older browser) strings pass as they are.
const render = factory?.createPolicy('qelem-render', { createHTML: (html) => html });
const inert = factory?.createPolicy('qelem-inert', { createHTML: (html) => html });

/** HTML made by shared/render from saved content, for dangerouslySetInnerHTML. Never anything else. */
export function renderedHtml(html: string): string {
  return (render ? render.createHTML(html) : html) as unknown as string;
}

/** Foreign HTML as an inert document (DOMParser): read from it, never put it in the page as it is. */
export function inertDocument(html: string): Document {
  return new DOMParser().parseFromString((inert ? inert.createHTML(html) : html) as unknown as string, 'text/html');
}
