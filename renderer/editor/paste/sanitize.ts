/**
 * Pasted HTML, reduced to what an article body can hold. The pasted document is
 * only ever read: the result is a NEW document built from an allowlist, so
 * nothing the allowlist does not name (an attribute, a namespace, a parser
 * quirk) can survive by being overlooked.
 *
 * Output: blocks p, h2, h3, blockquote, ul, ol, li; inline strong, em, a, br.
 * Attributes: `href` on a (what the link policy, shared/links.ts, allows) and
 * `dir="ltr|rtl"` on blocks. Everything else is unwrapped to its text or
 * dropped with its content.
 */

import { articleLink } from '../../../shared/links';

export const MAX_PASTE_HTML_BYTES = 2 * 1024 * 1024;
/** Source elements nested deeper than this are flattened to their text. */
export const MAX_PASTE_DEPTH = 64;

/** Input too big to parse: a 2 MB clipboard is an attack or a whole book, not a paste. */
export interface PasteRefused {
  readonly refused: 'too-large';
  /** UTF-8 bytes seen before giving up (at least limit + 1). */
  readonly bytes: number;
  readonly limit: number;
}

export type SanitizedPaste = Document | PasteRefused;

export function isPasteRefused(result: SanitizedPaste): result is PasteRefused {
  return 'refused' in result;
}

type Dir = 'ltr' | 'rtl';

interface Marks {
  bold: boolean;
  italic: boolean;
  href: string | null;
}

interface Context {
  marks: Marks;
  dir: Dir | null;
  depth: number;
  pre: boolean;
}

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** Dropped with everything inside: active content, embedded media, form controls, metadata. */
const DROP = new Set([
  'script', 'style', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'noframes', 'noembed',
  'object', 'embed', 'applet', 'param', 'svg', 'math', 'canvas', 'audio', 'video', 'source', 'track',
  'picture', 'img', 'image', 'map', 'area', 'input', 'button', 'select', 'option', 'optgroup',
  'datalist', 'textarea', 'form', 'meta', 'link', 'base', 'head', 'title', 'xml', 'xmp', 'plaintext',
  'portal', 'dialog', 'slot',
]);

/** Ends the current paragraph; the content becomes paragraphs of its own. */
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'figure', 'figcaption',
  'address', 'center', 'hgroup', 'details', 'summary', 'fieldset', 'legend', 'dl', 'dt', 'dd',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'hr', 'pre', 'listing', 'search',
  'body', 'html', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'ul', 'ol', 'menu', 'dir', 'li',
]);

export function sanitizePastedHtml(html: string, parse: (html: string) => Document): SanitizedPaste {
  const bytes = utf8LengthUpTo(html, MAX_PASTE_HTML_BYTES);
  if (bytes > MAX_PASTE_HTML_BYTES) return { refused: 'too-large', bytes, limit: MAX_PASTE_HTML_BYTES };
  const source = parse(html);
  const out = parse('<!DOCTYPE html><html><head></head><body></body></html>');
  const builder = new CleanBuilder(out);
  if (source.body) {
    const dir = dirOf(source.body) ?? (source.documentElement ? dirOf(source.documentElement) : null);
    const ctx: Context = { marks: { bold: false, italic: false, href: null }, dir, depth: 0, pre: false };
    walkChildren(source.body, ctx, builder);
  }
  builder.finish();
  return out;
}

/** UTF-8 length of `s`, stopping once it passes `limit` (so a 500 MB string costs nothing). */
function utf8LengthUpTo(s: string, limit: number): number {
  if (s.length > limit) return limit + 1;
  if (s.length * 3 <= limit) return s.length; // an underestimate is fine: it is below the limit either way
  let n = 0;
  for (let i = 0; i < s.length && n <= limit; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

// ---------------------------------------------------------------------------
// Reading the pasted document

function walkChildren(parent: Node, ctx: Context, b: CleanBuilder): void {
  for (let child = parent.firstChild; child; child = child.nextSibling) walkNode(child, ctx, b);
}

function walkNode(node: Node, ctx: Context, b: CleanBuilder): void {
  if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
    b.text(node.nodeValue ?? '', ctx);
    return;
  }
  if (node.nodeType !== ELEMENT_NODE) return; // comments, processing instructions, doctypes
  const el = node as Element;
  const name = elementName(el);
  if (name === null || isDropped(el, name)) return;
  if (ctx.depth >= MAX_PASTE_DEPTH) {
    flattenDeep(el, ctx, b);
    return;
  }
  // Only a block's dir says which way its paragraphs run; <span dir="ltr">ISIS</span> inside Sorani does not.
  const dir = BLOCK.has(name) ? (dirOf(el) ?? ctx.dir) : ctx.dir;
  const inner: Context = { marks: marksOf(el, name, ctx.marks), dir, depth: ctx.depth + 1, pre: ctx.pre };

  switch (name) {
    case 'br':
      b.lineBreak();
      return;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      b.heading(name === 'h1' || name === 'h2' ? 'h2' : 'h3', inner, () => walkChildren(el, inner, b));
      return;
    case 'blockquote':
      b.quote(inner, () => walkChildren(el, inner, b));
      return;
    case 'ul':
    case 'ol':
    case 'menu':
    case 'dir':
      b.list(name === 'ol' ? 'ol' : 'ul', inner, () => walkChildren(el, inner, b));
      return;
    case 'li':
      b.item(inner, () => walkChildren(el, inner, b));
      return;
    case 'pre':
    case 'listing':
      inner.pre = true;
      break;
  }

  // Word: a list item is a paragraph with class MsoListParagraph… and a marker span we drop.
  const wordList = name === 'p' ? wordListType(el) : null;
  if (wordList) {
    b.wordListItem(wordList, inner, () => walkChildren(el, inner, b));
    return;
  }
  // Word: titles are styled paragraphs, not heading elements.
  const wordHeading = name === 'p' ? wordHeadingOf(el) : null;
  if (wordHeading) {
    b.heading(wordHeading, inner, () => walkChildren(el, inner, b));
    return;
  }
  if (BLOCK.has(name)) {
    b.boundary();
    walkChildren(el, inner, b);
    b.boundary();
    return;
  }
  // Inline or unknown (span, font, o:p, st1:place, custom elements…): unwrapped to its content.
  walkChildren(el, inner, b);
}

/**
 * Beyond MAX_PASTE_DEPTH the structure is dropped and the text kept, read
 * without recursion so a 100,000-deep paste cannot overflow the stack.
 */
function flattenDeep(root: Element, ctx: Context, b: CleanBuilder): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      b.text(node.nodeValue ?? '', ctx);
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const el = node as Element;
    const name = elementName(el);
    if (name === null || isDropped(el, name)) continue;
    if (name === 'br') {
      b.lineBreak();
      continue;
    }
    if (BLOCK.has(name)) b.text(' ', ctx);
    for (let child = el.lastChild; child; child = child.previousSibling) stack.push(child);
  }
}

/** Lower-case name of an HTML element; null for SVG, MathML or any other namespace (dropped). */
function elementName(el: Element): string | null {
  if (el.namespaceURI !== HTML_NS) return null;
  return el.localName.toLowerCase();
}

function isDropped(el: Element, name: string): boolean {
  if (DROP.has(name)) return true;
  // Word's VML shapes and images (v:), document data (w:) and equations (m:).
  if (/^[vwm]:/.test(name)) return true;
  if (el.hasAttribute('hidden')) return true;
  const style = el.getAttribute('style');
  if (style) {
    // Word's list markers ("1.", "·") come as text in a span marked mso-list:Ignore.
    if (/(?:^|;)\s*mso-list\s*:\s*ignore/i.test(style)) return true;
    if (/(?:^|;)\s*display\s*:\s*none/i.test(style) || /(?:^|;)\s*mso-hide\s*:\s*all/i.test(style)) return true;
  }
  return false;
}

function cssValue(el: Element, property: string): string | null {
  const style = el.getAttribute('style');
  if (!style) return null;
  // Anchored on ; so that mso-bidi-font-weight does not read as font-weight; the last declaration wins.
  let value: string | null = null;
  for (const match of style.matchAll(new RegExp(`(?:^|;)\\s*${property}\\s*:\\s*([^;]*)`, 'gi'))) value = match[1]!;
  return value === null ? null : value.replace(/!important/i, '').trim().toLowerCase();
}

function marksOf(el: Element, name: string, outer: Marks): Marks {
  let { bold, italic, href } = outer;
  // Google Docs wraps the whole paste in <b style="font-weight:normal">: the style wins over the tag.
  const weight = cssValue(el, 'font-weight');
  const styleBold = weight === null ? null : weight === 'bold' || weight === 'bolder' || (/^\d+$/.test(weight) && Number(weight) >= 600) ? true : weight === 'normal' || weight === 'lighter' || /^\d+$/.test(weight) ? false : null;
  if (name === 'b' || name === 'strong') bold = styleBold ?? true;
  else if (styleBold !== null) bold = styleBold;

  const fontStyle = cssValue(el, 'font-style');
  const styleItalic = fontStyle === null ? null : fontStyle === 'italic' || fontStyle.startsWith('oblique') ? true : fontStyle === 'normal' ? false : null;
  if (name === 'i' || name === 'em') italic = styleItalic ?? true;
  else if (styleItalic !== null) italic = styleItalic;

  if (name === 'a') href = pastedLinkHref(el.getAttribute('href'));
  return { bold, italic, href };
}

function dirOf(el: Element): Dir | null {
  const attr = el.getAttribute('dir')?.trim().toLowerCase();
  if (attr === 'ltr' || attr === 'rtl') return attr;
  const css = cssValue(el, 'direction');
  return css === 'ltr' || css === 'rtl' ? css : null;
}

function wordListType(el: Element): 'ul' | 'ol' | null {
  const cls = el.getAttribute('class') ?? '';
  const style = el.getAttribute('style') ?? '';
  if (!/\bMsoListParagraph/i.test(cls) && !/(?:^|;)\s*mso-list\s*:\s*l\d/i.test(style)) return null;
  const marker = el.querySelector('[style*="mso-list"]');
  const text = (marker?.textContent ?? '').replace(/[\s\u00a0]+/g, '');
  // "1." "a)" "iv." "١." are numbers; "·" "o" "§" (Symbol-font bullets) are bullets.
  return /^[0-9a-z\u0660-\u0669\u06f0-\u06f9]{1,4}[.)-]$/i.test(text) && !/^o$/i.test(text) ? 'ol' : 'ul';
}

function wordHeadingOf(el: Element): 'h2' | 'h3' | null {
  const cls = el.getAttribute('class') ?? '';
  if (/\bMsoTitle\b/.test(cls)) return 'h2';
  if (/\bMsoSubtitle\b/.test(cls)) return 'h3';
  return null;
}

// ---------------------------------------------------------------------------
// Links

/**
 * The href a pasted link keeps: the link policy's (shared/links.ts) cleaned
 * URL when it allows it, else null and the link's text stays without it.
 */
export function pastedLinkHref(raw: string | null): string | null {
  return articleLink(raw)?.url ?? null;
}

// ---------------------------------------------------------------------------
// Writing the clean document

type FrameKind = 'body' | 'quote' | 'list' | 'item' | 'heading';

interface Frame {
  kind: FrameKind;
  el: Element;
}

/**
 * Builds the clean document from a stream of text, breaks and block events.
 * Inline formatting is carried as marks on each run of text and written as
 * a > strong > em, so mis-nested or block-wrapping markup (<b><p>…</p></b>)
 * still comes out well-formed.
 */
class CleanBuilder {
  private readonly frames: Frame[];
  /** Where text goes now: a p, h2, h3 or li; null until text arrives after a block boundary. */
  private inline: Element | null = null;
  /** The last thing written into `inline` was a space or a line break (or nothing yet). */
  private atLineStart = true;
  private pendingBreak = false;
  private lastWordList: Element | null = null;
  private readonly out: Document;

  constructor(out: Document) {
    this.out = out;
    this.frames = [{ kind: 'body', el: out.body }];
  }

  private get top(): Frame {
    return this.frames[this.frames.length - 1]!;
  }

  private block(tag: string, ctx: Context): Element {
    const el = this.out.createElement(tag);
    if (ctx.dir) el.setAttribute('dir', ctx.dir);
    return el;
  }

  private setInline(el: Element | null): void {
    this.inline = el;
    this.atLineStart = true;
    this.pendingBreak = false;
  }

  text(raw: string, ctx: Context): void {
    let text = ctx.pre ? raw.replace(/\r\n?/g, '\n') : raw.replace(/[ \t\n\r\f]+/g, ' ');
    if (text === '') return;
    if (ctx.pre && text.includes('\n')) {
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        if (i > 0) this.lineBreak();
        if (line !== '') this.text(line, { ...ctx, pre: false });
      });
      return;
    }
    if (this.inline === null || this.pendingBreak) {
      if (/^[ \t]*$/.test(text)) return; // whitespace between blocks
      if (this.inline === null) this.openInline(ctx);
      else if (this.pendingBreak) {
        this.inline.appendChild(this.out.createElement('br'));
        this.atLineStart = true;
      }
      this.pendingBreak = false;
    }
    if (this.atLineStart) text = text.replace(/^ +/, '');
    if (text === '') return;
    this.atLineStart = text.endsWith(' ');
    this.appendRun(this.inline!, text, ctx.marks);
  }

  private openInline(ctx: Context): void {
    const top = this.top;
    let el: Element;
    if (top.kind === 'item' || top.kind === 'heading') {
      el = top.el; // text after a nested list continues the item
    } else if (top.kind === 'list') {
      el = this.block('li', ctx);
      top.el.appendChild(el);
    } else {
      el = this.block('p', ctx);
      top.el.appendChild(el);
    }
    this.setInline(el);
  }

  private appendRun(target: Element, text: string, marks: Marks): void {
    let parent = target;
    if (marks.href !== null) parent = this.lastOrNew(parent, 'a', marks.href);
    if (marks.bold) parent = this.lastOrNew(parent, 'strong', null);
    if (marks.italic) parent = this.lastOrNew(parent, 'em', null);
    const last = parent.lastChild;
    if (last && last.nodeType === TEXT_NODE) (last as Text).appendData(text);
    else parent.appendChild(this.out.createTextNode(text));
  }

  private lastOrNew(parent: Element, tag: string, href: string | null): Element {
    const last = parent.lastChild;
    if (last && last.nodeType === ELEMENT_NODE && (last as Element).localName === tag && (href === null || (last as Element).getAttribute('href') === href)) {
      return last as Element;
    }
    const el = this.out.createElement(tag);
    if (href !== null) el.setAttribute('href', href);
    parent.appendChild(el);
    return el;
  }

  lineBreak(): void {
    const inline = this.inline;
    // A <br> before any text, or between blocks, adds nothing.
    if (inline === null || !inline.hasChildNodes() || this.pendingBreak) return;
    if (this.top.kind === 'heading') {
      this.boundary();
      return;
    }
    const last = inline.lastChild;
    if (last && last.nodeType === ELEMENT_NODE && (last as Element).localName === 'br') {
      // <br><br> is how many web pages write a paragraph break.
      if (this.top.kind === 'item') return;
      last.remove();
      this.boundary();
      return;
    }
    inline.appendChild(this.out.createElement('br'));
    this.atLineStart = true;
  }

  /** The end of a paragraph-like element. Inside a list item or heading it is a line break or a space instead. */
  boundary(): void {
    if (this.inline === null) return;
    const kind = this.top.kind;
    if (kind === 'item') {
      if (this.inline.hasChildNodes()) this.pendingBreak = true;
      return;
    }
    if (kind === 'heading') {
      if (!this.atLineStart) {
        this.appendRun(this.inline, ' ', { bold: false, italic: false, href: null });
        this.atLineStart = true;
      }
      return;
    }
    this.setInline(null);
  }

  heading(tag: 'h2' | 'h3', ctx: Context, children: () => void): void {
    // A heading inside a quote, list or heading is just its text.
    if (this.top.kind !== 'body') {
      this.boundary();
      children();
      this.boundary();
      return;
    }
    this.setInline(null);
    const el = this.block(tag, ctx);
    this.top.el.appendChild(el);
    this.frames.push({ kind: 'heading', el });
    this.setInline(el);
    children();
    this.frames.pop();
    this.setInline(null);
  }

  quote(ctx: Context, children: () => void): void {
    // Quotes do not nest in the editor, nor sit in lists or headings.
    if (this.top.kind !== 'body') {
      this.boundary();
      children();
      this.boundary();
      return;
    }
    this.setInline(null);
    const el = this.block('blockquote', ctx);
    this.top.el.appendChild(el);
    this.frames.push({ kind: 'quote', el });
    children();
    this.frames.pop();
    this.setInline(null);
  }

  list(tag: 'ul' | 'ol', ctx: Context, children: () => void): void {
    const top = this.top;
    // Lists live at the top level or inside a list item; in a quote or heading their items are lines.
    if (top.kind === 'quote' || top.kind === 'heading') {
      this.boundary();
      children();
      this.boundary();
      return;
    }
    let parent = top.el;
    if (top.kind === 'list') {
      // <ul><ul>…</ul></ul>: the nested list belongs to the previous item (or a new one).
      const last = top.el.lastElementChild;
      parent = last && last.localName === 'li' ? last : top.el.appendChild(this.block('li', ctx));
    }
    this.setInline(null);
    const el = this.block(tag, ctx);
    parent.appendChild(el);
    this.frames.push({ kind: 'list', el });
    children();
    this.frames.pop();
    this.setInline(null);
  }

  item(ctx: Context, children: () => void): void {
    const top = this.top;
    if (top.kind === 'list') {
      const el = this.block('li', ctx);
      top.el.appendChild(el);
      this.frames.push({ kind: 'item', el });
      this.setInline(el);
      children();
      this.frames.pop();
      this.setInline(null);
      return;
    }
    // A stray <li> (outside a list, or directly inside another item) is a paragraph or a line.
    this.boundary();
    children();
    this.boundary();
  }

  wordListItem(tag: 'ul' | 'ol', ctx: Context, children: () => void): void {
    const top = this.top;
    if (top.kind !== 'body') {
      this.boundary();
      children();
      this.boundary();
      return;
    }
    let list = this.lastWordList;
    if (!list || list !== top.el.lastElementChild || list.localName !== tag || this.inline !== null) {
      list = this.block(tag, ctx);
      top.el.appendChild(list);
    }
    this.frames.push({ kind: 'list', el: list });
    this.item(ctx, children);
    this.frames.pop();
    this.lastWordList = list;
    this.setInline(null);
  }

  /** Drops empty blocks and trailing spaces and breaks, bottom-up. */
  finish(): void {
    tidy(this.out.body);
  }
}

const BLOCKS_OUT = new Set(['p', 'h2', 'h3', 'blockquote', 'ul', 'ol', 'li']);
const MARKS_OUT = new Set(['a', 'strong', 'em']);

function tidy(el: Element): void {
  for (let child = el.firstElementChild; child; ) {
    const next = child.nextElementSibling;
    tidy(child);
    child = next;
  }
  const name = el.localName;
  if (name === 'p' || name === 'h2' || name === 'h3' || name === 'li') trimEnd(el);
  if ((BLOCKS_OUT.has(name) && isBlank(el)) || (MARKS_OUT.has(name) && !el.hasChildNodes())) el.remove();
}

/** Removes trailing spaces, line breaks and emptied marks at the end of a block. */
function trimEnd(block: Element): void {
  for (;;) {
    let node: Node | null = block.lastChild;
    while (node && node.nodeType === ELEMENT_NODE && MARKS_OUT.has((node as Element).localName) && node.lastChild) node = node.lastChild;
    if (node === null) return;
    if (node.nodeType === TEXT_NODE) {
      const text = node.nodeValue ?? '';
      const trimmed = text.replace(/ +$/, '');
      if (trimmed !== '') {
        node.nodeValue = trimmed;
        return;
      }
    } else if (node.nodeType !== ELEMENT_NODE) {
      return;
    } else {
      const name = (node as Element).localName;
      if (name !== 'br' && !(MARKS_OUT.has(name) && !node.hasChildNodes())) return;
    }
    node.parentNode!.removeChild(node);
  }
}

/** No visible text (spaces and no-break spaces do not count) and no list inside. */
function isBlank(el: Element): boolean {
  if (el.querySelector('ul, ol')) return false;
  return (el.textContent ?? '').replace(/[\s\u00a0]+/g, '') === '';
}
