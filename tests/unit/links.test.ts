// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { JSDOM, VirtualConsole } from 'jsdom';
import { $getRoot, type TextNode } from 'lexical';
import { $isLinkNode, TOGGLE_LINK_COMMAND } from '@lexical/link';
import { externalWebUrl as mainProcessExternalWebUrl } from '../../electron/security';
import { isPasteRefused, sanitizePastedHtml } from '../../renderer/editor/paste/sanitize';
import type { Article, SerializedNode } from '../../shared/article';
import { webRendition } from '../../electron/package/image-rendition';
import { readImageHeader } from '../../electron/package/image-header';
import { buildPackage, imagesOf, type PackageImage } from '../../electron/package/package';
import { loadPackageFonts } from '../../electron/package/package-css';
import { readZip } from '../../electron/package/zip';
import { packageDocuments, seedWithImages, sha256 } from './export-package-fixtures';
import { articleLink, articleLinkHref, externalWebUrl, isArticleLink } from '../../shared/links';
import { blockToHtml } from '../../shared/render/body-html';
import { exportedImagePath } from '../../shared/editor/image/image-data';
import { buildBody, dispatch, read, setParagraphs } from './editor-harness';

function packageImages(article: Article, bytes: Buffer[]): PackageImage[] {
  const byHash = new Map(bytes.map((b) => [sha256(b), b]));
  return imagesOf(article).map((sha) => {
    const data = byHash.get(sha)!;
    const header = readImageHeader(data);
    if (!header.ok) throw new Error('fixture is not an image');
    return { sha256: sha, mime: header.mime, width: header.width, height: header.height, data, web: webRendition(data, header.mime, header.width, header.height) };
  });
}

/** URL, the href an article writes (null: refused), what the browser may open (null: refused). */
const TABLE: readonly (readonly [string, string | null, string | null])[] = [
  // Accepted, written as the URL parser serialises them.
  ['https://www.rudaw.net/english/middleeast/iraq', 'https://www.rudaw.net/english/middleeast/iraq', 'https://www.rudaw.net/english/middleeast/iraq'],
  ['http://example.org', 'http://example.org/', 'http://example.org/'],
  ['HTTPS://Example.ORG/a b', 'https://example.org/a%20b', 'https://example.org/a%20b'],
  ['HtTp://example.org/?q=1&r=2#part', 'http://example.org/?q=1&r=2#part', 'http://example.org/?q=1&r=2#part'],
  ['https://example.org/@someone', 'https://example.org/@someone', 'https://example.org/@someone'],
  ['https://کوردستان.example/هەواڵ', 'https://xn--mgbfohl0ji98e.example/%D9%87%DB%95%D9%88%D8%A7%DA%B5', 'https://xn--mgbfohl0ji98e.example/%D9%87%DB%95%D9%88%D8%A7%DA%B5'],
  ['mailto:desk@example.org', 'mailto:desk@example.org', null],
  ['MAILTO:desk@example.org?subject=Tip', 'mailto:desk@example.org?subject=Tip', null],
  // Whitespace and invisible characters at the ends, tabs and newlines inside: dropped, as a browser drops them.
  ['  https://example.org/  ', 'https://example.org/', 'https://example.org/'],
  ['\u00a0\u200b\ufeffhttps://example.org/\u200f\n', 'https://example.org/', 'https://example.org/'],
  ['https://exa\tmple.org/a\nb', 'https://example.org/ab', 'https://example.org/ab'],
  ['ht\ttps://example.org/', 'https://example.org/', 'https://example.org/'],

  // Credentials: never, in any form.
  ['https://user:pass@example.org/', null, null],
  ['https://user@example.org/', null, null],
  ['https://:pass@example.org/', null, null],
  ['http://www.bank.example@evil.example/', null, null],
  ['HTTPS://USER:PASS@EXAMPLE.ORG/', null, null],
  [' https://user:pass@example.org/ ', null, null],
  ['https://us\ter:pa\nss@example.org/', null, null],
  ['mailto:user:pass@example.org', null, null],

  // Script, data and other schemes, whatever their spelling.
  ['javascript:alert(1)', null, null],
  ['JAVASCRIPT:alert(1)', null, null],
  [' JaVaScRiPt:alert(1)', null, null],
  ['java\tscript:alert(1)', null, null],
  ['java\nscript:alert(1)', null, null],
  ['\u0001javascript:alert(1)', null, null],
  ['java\u0000script:alert(1)', null, null],
  ['jav\u200bascript:alert(1)', null, null],
  ['javascript\u00ad:alert(1)', null, null],
  ['&#106;avascript:alert(1)', null, null],
  ['javascript&colon;alert(1)', null, null],
  ['javascript://example.org/%0aalert(1)', null, null],
  ['data:text/html,<script>alert(1)</script>', null, null],
  ['DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', null, null],
  ['vbscript:msgbox(1)', null, null],
  ['VBScript:msgbox(1)', null, null],
  ['file:///etc/passwd', null, null],
  ['app://qelem/index.html', null, null],
  ['blob:https://example.org/0b8c', null, null],
  ['ftp://example.org/file', null, null],
  ['ms-settings:', null, null],
  ['tel:+9647501234567', null, null],
  ['smb://host/share', null, null],

  // Hidden characters inside: a host or scheme that reads differently than it looks.
  ['https://exa\u200bmple.org/', null, null],
  ['https://example.org/\u202egpj.exe', null, null],
  ['https://example.org/a\u0000b', null, null],
  ['https://example.org/a\u0085b', null, null],
  ['https://example.org/\u061cfile', null, null],

  // Not a complete URL: relative, protocol-relative, fragments, nothing.
  ['//evil.example/', null, null],
  ['\\\\evil.example\\share', null, null],
  ['/admin', null, null],
  ['page.html', null, null],
  ['#top', null, null],
  ['?q=1', null, null],
  ['example.org', null, null],
  ['https://', null, null],
  ['https:///', null, null],
  ['mailto:', null, null],
  ['mailto:nobody', null, null],
  ['', null, null],
  ['   ', null, null],
  ['\u200b', null, null],
  ['not a url', null, null],
];

describe('the link policy', () => {
  it.each(TABLE)('%j → article href %j, browser %j', (url, href, browser) => {
    expect(articleLinkHref(url)).toBe(href);
    expect(isArticleLink(url)).toBe(href !== null);
    expect(externalWebUrl(url)).toBe(browser);
  });

  it('refuses what is not a string', () => {
    for (const value of [null, undefined, 42, {}, ['https://example.org/'], new URL('https://example.org/')]) {
      expect(articleLink(value)).toBeNull();
      expect(externalWebUrl(value)).toBeNull();
    }
  });

  it('keeps a link as given, only cleaned, and writes it as parsed', () => {
    expect(articleLink(' HTTP://Example.org/a?b=1&c=2 ')).toEqual({ url: 'HTTP://Example.org/a?b=1&c=2', href: 'http://example.org/a?b=1&c=2' });
    expect(articleLink('https://exa\tmple.org')).toEqual({ url: 'https://example.org', href: 'https://example.org/' });
  });

  it('never lets an href break out of its attribute', () => {
    const href = articleLinkHref('https://example.org/?q="><script>alert(1)</script>\'');
    expect(href).not.toMatch(/[<>"'\s]/);
  });

  it('is what the main process uses to open a link in the browser', () => {
    expect(mainProcessExternalWebUrl).toBe(externalWebUrl);
  });
});

describe('credentials are refused wherever a link is made or written', () => {
  const CREDENTIALS = ['https://user:pass@example.org/', 'http://editor@example.org/news'];

  it('in pasted HTML: the link is dropped, its text kept', () => {
    const parse = (html: string) => new JSDOM(html, { virtualConsole: new VirtualConsole() }).window.document;
    for (const url of CREDENTIALS) {
      const result = sanitizePastedHtml(`<p>See <a href="${url}">the report</a>.</p>`, parse);
      if (isPasteRefused(result)) throw new Error('refused');
      expect(result.body.innerHTML, url).toBe('<p>See the report.</p>');
    }
  });

  it('in exported HTML: only the text is written', () => {
    const text = (t: string): SerializedNode => ({ type: 'text', version: 1, text: t, format: 0, detail: 0, mode: 'normal', style: '' });
    for (const url of CREDENTIALS) {
      const paragraph: SerializedNode = {
        type: 'paragraph',
        version: 1,
        direction: null,
        format: '',
        indent: 0,
        textFormat: 0,
        textStyle: '',
        children: [{ type: 'link', version: 1, url, rel: null, target: null, title: null, direction: null, format: '', indent: 0, children: [text('the report')] }],
      };
      expect(blockToHtml(paragraph, { dir: 'ltr', imageSrc: exportedImagePath }), url).toBe('<p>the report</p>');
    }
  });

  it('in a whole export package: no page or ninjs item of any language names them', () => {
    const seed = seedWithImages();
    for (const url of CREDENTIALS) {
      const article = JSON.parse(JSON.stringify(seed.article).replaceAll('https://apnews.com/article/iraq-kadhimi-interview', url)) as Article;
      const zip = buildPackage({ article, documents: packageDocuments(article), images: packageImages(article, [seed.lead, seed.body]), fonts: loadPackageFonts({ kurdish: true }), digits: 'ascii', acceptance: { acceptedWarnings: [], note: '', workingCopy: false } });
      const published = readZip(zip).filter((entry) => /^data\/(en|ckb|kmr)\/(index\.html|article\.ninjs\.json)$/.test(entry.name));
      expect(published).toHaveLength(6);
      for (const entry of published) {
        const text = Buffer.from(entry.data).toString('utf8');
        for (const secret of ['user:pass@', 'editor@', '@example.org']) expect(text, `${url} in ${entry.name}`).not.toContain(secret);
      }
      // The link's words are still there, on the English page.
      expect(Buffer.from(published.find((e) => e.name === 'data/en/index.html')!.data).toString('utf8')).toContain('AP News');
    }
  });

  it('in the editor: a link command with credentials makes no link', () => {
    const editor = buildBody('en');
    setParagraphs(editor, ['the report']);
    editor.update(() => void $getRoot().getFirstDescendant<TextNode>()?.select(0, 'the report'.length), { discrete: true });
    for (const url of CREDENTIALS) dispatch(editor, TOGGLE_LINK_COMMAND, url);
    expect(read(editor, () => $getRoot().getAllTextNodes().some((node) => $isLinkNode(node.getParent())))).toBe(false);
    dispatch(editor, TOGGLE_LINK_COMMAND, 'https://example.org/report');
    expect(read(editor, () => $getRoot().getAllTextNodes().map((node) => node.getParent()).filter($isLinkNode).map((link) => link.getURL()))).toEqual(['https://example.org/report']);
  });

  it('in the main process: nothing is opened', () => {
    for (const url of CREDENTIALS) expect(mainProcessExternalWebUrl(url)).toBeNull();
  });
});
