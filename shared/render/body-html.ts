import { IS_BOLD, IS_CODE, IS_HIGHLIGHT, IS_ITALIC, IS_STRIKETHROUGH, IS_SUBSCRIPT, IS_SUPERSCRIPT, IS_UNDERLINE } from 'lexical';
import { LIMITS, type Body, type SerializedNode } from '../article';
import { IMAGE_TEXT_LIMITS, parseDimension, parseSha256, parseText } from '../editor/image/image-data';
import type { Direction } from '../languages';
import { articleLinkHref } from '../links';
import { bodyToPlainText } from './plain-text';

/**
 * A saved body (Lexical's serialized JSON) as publishable HTML, built as a
 * string: no DOM, so it runs the same in Node (export) and in the renderer
 * (read-only cells). Only known node types become elements, every text and
 * attribute is escaped, and nothing from the JSON is copied into markup
 * unchecked (tags come from a fixed table, links pass the link policy of
 * shared/links.ts and are written as its parser serialised them).
 *
 *   paragraph → <p>, heading → <h2>/<h3>, quote → <blockquote>,
 *   pull-quote → <aside class="pull-quote">, list → <ul>/<ol> of <li>,
 *   image → <figure><img><figcaption>caption <span class="credit">…</span>,
 *   linebreak → <br>, link → <a href>, text format bits → <strong> <em> …,
 *   an opposite-direction run → <span dir="ltr|rtl">.
 *
 * Not rendered: alignment and indent (presentational, the package's CSS
 * decides) and the case-changing format bits (Arabic script has no case).
 */

export interface BodyHtmlOptions {
  /** The version's direction. A block gets a `dir` of its own only where the writer overrode it to the other one. */
  dir: Direction;
  /** Where an image's file is: exportedImagePath (`media/<sha256>`) in a package, mediaUrl (`/media/<sha256>`) in the app. */
  imageSrc: (sha256: string) => string;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an element and inside a double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/** The whole body; top-level blocks one per line. Wrap it in an element that carries the version's `dir` and `lang`. */
export function bodyToHtml(body: Body, options: BodyHtmlOptions): string {
  return childNodes(body.root).map((block) => blockToHtml(block, options)).join('\n');
}

/** One top-level block (or any node) of a body. */
export function blockToHtml(node: SerializedNode, options: BodyHtmlOptions): string {
  return nodeHtml(node, { options, dir: options.dir, depth: 1 });
}

interface Context {
  options: BodyHtmlOptions;
  /** The direction the surrounding element already has. */
  dir: Direction;
  depth: number;
}

// Innermost first: bold ends up outermost, <strong><em>…</em></strong>. Lexical's bit values (TEXT_TYPE_TO_FORMAT).
const FORMAT_TAGS: readonly (readonly [number, string])[] = [
  [IS_CODE, 'code'],
  [IS_SUBSCRIPT, 'sub'],
  [IS_SUPERSCRIPT, 'sup'],
  [IS_HIGHLIGHT, 'mark'],
  [IS_STRIKETHROUGH, 's'],
  [IS_UNDERLINE, 'u'],
  [IS_ITALIC, 'em'],
  [IS_BOLD, 'strong'],
];

const HEADING_TAGS = new Set(['h2', 'h3', 'h4', 'h5', 'h6']);

function nodeHtml(node: SerializedNode, context: Context): string {
  // BodySchema already refuses deeper bodies; a node handed in directly gets the same bound instead of a stack overflow.
  if (context.depth > LIMITS.bodyDepth) return '';
  switch (node.type) {
    case 'text':
    case 'tab':
      return textHtml(node);
    case 'linebreak':
      return '<br>';
    case 'paragraph':
      return blockElement('p', '', node, context);
    case 'heading': {
      // h1 is the headline's: a pasted h1 in the body becomes a subheading.
      const tag = typeof node.tag === 'string' && HEADING_TAGS.has(node.tag) ? node.tag : 'h2';
      return blockElement(tag, '', node, context);
    }
    case 'quote':
      return blockElement('blockquote', '', node, context);
    case 'pull-quote':
      return blockElement('aside', ' class="pull-quote"', node, context);
    case 'list':
      return listHtml(node, context);
    case 'listitem':
      return blockElement('li', '', node, context);
    case 'link':
    case 'autolink':
      return linkHtml(node, context);
    case 'image':
      return imageHtml(node, context.options);
    default:
      return escapeHtml(bodyToPlainText({ root: { type: 'root', children: [node] } }));
  }
}

function childNodes(node: SerializedNode | { children?: unknown }): SerializedNode[] {
  if (!Array.isArray(node.children)) return [];
  return node.children.filter((child): child is SerializedNode => typeof child === 'object' && child !== null && typeof (child as SerializedNode).type === 'string');
}

function childrenHtml(node: SerializedNode, context: Context): string {
  const inner: Context = { ...context, depth: context.depth + 1 };
  return childNodes(node)
    .map((child) => nodeHtml(child, inner))
    .join('');
}

/** The block's own direction where it differs from its surroundings' (the writer's override), else none. */
function ownDirection(node: SerializedNode, context: Context): Direction | null {
  return (node.direction === 'ltr' || node.direction === 'rtl') && node.direction !== context.dir ? node.direction : null;
}

function blockElement(tag: string, attributes: string, node: SerializedNode, context: Context): string {
  const dir = ownDirection(node, context);
  const inner = childrenHtml(node, dir ? { ...context, dir } : context);
  return `<${tag}${attributes}${dir ? ` dir="${dir}"` : ''}>${inner}</${tag}>`;
}

function textHtml(node: SerializedNode): string {
  if (typeof node.text !== 'string' || node.text === '') return '';
  let html = escapeHtml(node.text);
  const format = typeof node.format === 'number' ? node.format : 0;
  for (const [bit, tag] of FORMAT_TAGS) if (format & bit) html = `<${tag}>${html}</${tag}>`;
  // A dir attribute isolates its element exactly as <bdi> does (HTML: "explicitly directionally isolated"), but a
  // <span> is inline to every importer: Lexical's (so CMSs built on it) takes an unknown <bdi> for a block and drops
  // the spaces around it ("بە AP ی" → "بەAPی"). dir is explicit: the editor knows the run's direction; auto would guess.
  const run = runDirection(node.style);
  return run ? `<span dir="${run}">${html}</span>` : html;
}

/**
 * The direction of an opposite-direction run (opposite-run.ts stores it as
 * the style `direction: ltr; unicode-bidi: isolate;`), or null for plain
 * text. Only the direction is taken from the style: no CSS from the JSON
 * reaches the output.
 */
export function runDirection(style: unknown): Direction | null {
  if (typeof style !== 'string' || style === '') return null;
  const declarations = new Map<string, string>();
  for (const part of style.split(';')) {
    const colon = part.indexOf(':');
    if (colon > 0) declarations.set(part.slice(0, colon).trim().toLowerCase(), part.slice(colon + 1).trim().toLowerCase());
  }
  const dir = declarations.get('direction');
  return (dir === 'ltr' || dir === 'rtl') && declarations.get('unicode-bidi') === 'isolate' ? dir : null;
}

function linkHtml(node: SerializedNode, context: Context): string {
  const inner = childrenHtml(node, context);
  const href = articleLinkHref(node.url);
  return href === null ? inner : `<a href="${escapeHtml(href)}">${inner}</a>`;
}

/**
 * Lexical keeps a nested list as a list item holding only that list; in HTML
 * it belongs inside the item before it (`<li>one<ol>…</ol></li>`), or an
 * empty bullet would be drawn for the holder.
 */
function listHtml(node: SerializedNode, context: Context): string {
  const tag = node.listType === 'number' ? 'ol' : 'ul';
  const start = tag === 'ol' && typeof node.start === 'number' && Number.isInteger(node.start) && node.start !== 1 ? ` start="${node.start}"` : '';
  const dir = ownDirection(node, context);
  const inner: Context = { ...context, dir: dir ?? context.dir, depth: context.depth + 1 };
  const items: { open: string; html: string }[] = [];
  for (const child of childNodes(node)) {
    if (child.type !== 'listitem') {
      items.push({ open: '<li>', html: nodeHtml(child, inner) });
      continue;
    }
    const grandchildren = childNodes(child);
    const previous = items.at(-1);
    if (previous && grandchildren.length > 0 && grandchildren.every((g) => g.type === 'list')) {
      previous.html += childrenHtml(child, inner);
      continue;
    }
    const itemDir = ownDirection(child, inner);
    items.push({ open: itemDir ? `<li dir="${itemDir}">` : '<li>', html: childrenHtml(child, itemDir ? { ...inner, dir: itemDir } : inner) });
  }
  return `<${tag}${start}${dir ? ` dir="${dir}"` : ''}>${items.map((item) => `${item.open}${item.html}</li>`).join('')}</${tag}>`;
}

/**
 * The same markup as image-renderer.ts writes with a DOM (so image-parser
 * reads it back): an `alt` always (empty says "decorative"), the size when
 * known, and the credit in a `dir="auto"` span (usually Latin in a Kurdish
 * caption). An image without a valid SHA-256 has no file: its words stay.
 */
function imageHtml(node: SerializedNode, options: BodyHtmlOptions): string {
  const sha256 = parseSha256(node.sha256);
  const width = parseDimension(node.width);
  const height = parseDimension(node.height);
  const alt = parseText(IMAGE_TEXT_LIMITS.alt)(node.alt);
  const caption = parseText(IMAGE_TEXT_LIMITS.caption)(node.caption).trim();
  const credit = parseText(IMAGE_TEXT_LIMITS.credit)(node.credit).trim();

  let html = '<figure>';
  if (sha256) {
    html += `<img src="${escapeHtml(options.imageSrc(sha256))}" alt="${escapeHtml(alt)}"`;
    if (width > 0) html += ` width="${width}"`;
    if (height > 0) html += ` height="${height}"`;
    html += '>';
  }
  if (caption || credit) {
    html += '<figcaption>';
    if (caption) html += escapeHtml(caption);
    if (caption && credit) html += ' ';
    if (credit) html += `<span class="credit" dir="auto">${escapeHtml(credit)}</span>`;
    html += '</figcaption>';
  }
  html += '</figure>';
  return sha256 || caption || credit ? html : '';
}
