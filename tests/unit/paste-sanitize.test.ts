// @vitest-environment node
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { JSDOM, VirtualConsole } from 'jsdom';
import { isPasteRefused, MAX_PASTE_DEPTH, MAX_PASTE_HTML_BYTES, pastedLinkHref, sanitizePastedHtml } from '../../renderer/editor/paste/sanitize';

const here = path.dirname(fileURLToPath(import.meta.url));
const VECTORS = readFileSync(path.resolve(here, '../fixtures/xss-vectors.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'));

// A silent console: jsdom would report the hostile stylesheets it cannot parse.
const parse = (html: string) => new JSDOM(html, { virtualConsole: new VirtualConsole() }).window.document;

function clean(html: string): Document {
  const result = sanitizePastedHtml(html, parse);
  if (isPasteRefused(result)) throw new Error(`refused: ${result.bytes} bytes`);
  return result;
}

const body = (html: string) => clean(html).body.innerHTML;

const ALLOWED = new Set(['p', 'h2', 'h3', 'blockquote', 'ul', 'ol', 'li', 'br', 'strong', 'em', 'a']);
const BLOCKS = new Set(['p', 'h2', 'h3', 'blockquote', 'ul', 'ol', 'li']);
const HTML_NS = 'http://www.w3.org/1999/xhtml';

/** Everything the paste path promises about a sanitised document. */
function expectClean(doc: Document): void {
  const root = doc.documentElement;
  expect([...root.children].map((el) => el.localName)).toEqual(['head', 'body']);
  expect(doc.head.childNodes.length).toBe(0);
  expect(root.attributes.length + doc.body.attributes.length).toBe(0);
  const stack: Node[] = [...doc.body.childNodes];
  while (stack.length > 0) {
    const node = stack.pop()!;
    expect([1, 3], `node type ${node.nodeType}`).toContain(node.nodeType); // no comments, CDATA, PIs
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    expect(el.namespaceURI).toBe(HTML_NS);
    expect(ALLOWED.has(el.localName), `<${el.localName}> is not allowed`).toBe(true);
    for (const attr of el.attributes) {
      if (attr.name === 'href') {
        expect(el.localName).toBe('a');
        expect(attr.value).toMatch(/^(https?|mailto):/i);
        expect(['http:', 'https:', 'mailto:']).toContain(new URL(attr.value).protocol);
      } else if (attr.name === 'dir') {
        expect(BLOCKS.has(el.localName), `dir on <${el.localName}>`).toBe(true);
        expect(['ltr', 'rtl']).toContain(attr.value);
      } else {
        expect.fail(`attribute ${attr.name} on <${el.localName}>`);
      }
    }
    stack.push(...el.childNodes);
  }
  const serialised = root.outerHTML;
  expect(serialised).not.toMatch(/<script/i);
  expect(serialised).not.toMatch(/\bon[a-z]+\s*=/i);
  expect(serialised).not.toMatch(/javascript:/i);
  expect(serialised).not.toMatch(/vbscript:/i);
  expect(serialised).not.toMatch(/data:/i);
}

describe('sanitizePastedHtml: hostile input', () => {
  it('has a corpus of at least 100 vectors', () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(100);
  });

  it.each(VECTORS.map((vector, i) => [i + 1, vector] as const))('vector %i is neutralised: %s', (_n, vector) => {
    expectClean(clean(vector));
  });

  it('keeps the text around what it drops', () => {
    expect(body('<p>before<script>alert(1)</script>after</p>')).toBe('<p>beforeafter</p>');
    expect(body('<a href="javascript:alert(1)">link text</a>')).toBe('<p>link text</p>');
    expect(body('<p onclick=alert(1) dir=rtl class=c>para</p>')).toBe('<p dir="rtl">para</p>');
    expect(body('<div>&lt;script&gt;alert(1)&lt;/script&gt;</div>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('drops media, embeds and form controls with their content, and never keeps an image', () => {
    expect(body('<p>a<img src="https://tracker.example/p.gif">b</p><video><p>fallback</p></video><canvas>c</canvas><select><option>o</option></select>')).toBe('<p>ab</p>');
  });
});

describe('pastedLinkHref', () => {
  it('keeps http, https and mailto, trimmed', () => {
    expect(pastedLinkHref(' https://www.rudaw.net/english ')).toBe('https://www.rudaw.net/english');
    expect(pastedLinkHref('HTTP://example.org/a?b=1&c=2')).toBe('HTTP://example.org/a?b=1&c=2');
    expect(pastedLinkHref('mailto:desk@example.org?subject=Tip')).toBe('mailto:desk@example.org?subject=Tip');
  });

  it('refuses other schemes, whatever their spelling', () => {
    for (const href of ['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', 'java\u0000script:x', '\u0001javascript:x', 'jav\u200Bascript:x', '&#106;avascript:x', 'javascript&colon;x', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', 'tel:123']) {
      expect(pastedLinkHref(href), href).toBeNull();
    }
  });

  it('refuses relative and protocol-relative URLs', () => {
    for (const href of ['//evil.example/', '/admin', 'page.html', '#top', '?q=1', '', '   ']) expect(pastedLinkHref(href), href).toBeNull();
  });
});

describe('sanitizePastedHtml: limits', () => {
  it('refuses more than 2 MB of HTML without parsing it', () => {
    const refuseToParse = () => {
      throw new Error('parsed');
    };
    const big = `<p>${'a'.repeat(MAX_PASTE_HTML_BYTES)}</p>`;
    const result = sanitizePastedHtml(big, refuseToParse);
    expect(isPasteRefused(result) && result.refused).toBe('too-large');
    // Counted in UTF-8: 1.1 million Kurdish letters are 2.2 MB although the string is shorter than 2 M.
    const kurdish = 'ی'.repeat(1_100_000);
    expect(kurdish.length).toBeLessThan(MAX_PASTE_HTML_BYTES);
    expect(isPasteRefused(sanitizePastedHtml(kurdish, refuseToParse))).toBe(true);
    expect(isPasteRefused(sanitizePastedHtml(`<p>${'a'.repeat(MAX_PASTE_HTML_BYTES - 7)}</p>`, parse))).toBe(false);
  });

  it('flattens nesting deeper than 64 levels and keeps the text', () => {
    // 2,000 elements deep (jsdom parses deep trees in quadratic time; browsers stop nesting at 512).
    const depth = 1_000;
    const doc = clean(`${'<div><span>'.repeat(depth)}deep text${'</span></div>'.repeat(depth)}`);
    expect(doc.body.innerHTML).toBe('<p>deep text</p>');
    const lists = clean(`${'<ul><li>level '.repeat(200)}${'</li></ul>'.repeat(200)}`);
    expectClean(lists);
    let deepest = 0;
    for (const el of lists.body.querySelectorAll('*')) {
      let d = 0;
      for (let p: Element | null = el; p && p !== lists.body; p = p.parentElement) d++;
      deepest = Math.max(deepest, d);
    }
    expect(deepest).toBeLessThanOrEqual(MAX_PASTE_DEPTH);
    expect(lists.body.textContent).toContain('level level');
  });

  it('does not nest quotes', () => {
    expect(body(`${'<blockquote>'.repeat(100)}q${'</blockquote>'.repeat(100)}`)).toBe('<blockquote><p>q</p></blockquote>');
  });
});

describe('sanitizePastedHtml: what writers paste', () => {
  it('keeps the structure of a news-agency web page', () => {
    const html = `<html><body><!--StartFragment--><article class="story" data-id="88231"><header>
      <h1 class="headline" itemprop="headline">Iraq's parliament approves 2026 budget</h1>
      <p class="byline">By <span class="author" itemprop="author">Staff reporter</span></p></header>
      <div class="article-body"><p>BAGHDAD (Agency) — Iraq's parliament on <strong>Sunday</strong> approved a budget of
      <b>153 trillion dinars</b>, the speaker's office said.</p>
      <h3 class="subhead">Oil revenue</h3>
      <p>The budget assumes an oil price of $70 a barrel.</p>
      <blockquote class="pull-quote"><p>“This is a historic day for all Iraqis,” the speaker said.</p></blockquote>
      <ul class="bullets"><li>Salaries: <em>60 percent</em></li><li>Investment: 25 percent</li></ul>
      <p>Read more at <a href="https://www.example-news.com/world/iraq-budget?utm_source=copy" target="_blank" rel="noopener" data-track="outbound">example-news.com</a>.</p>
      <figure><img src="https://cdn.example-news.com/photo.jpg" alt="Parliament in session"><figcaption>Lawmakers vote in Baghdad.</figcaption></figure>
      <div class="ad-slot"><script>loadAds()</script><iframe src="https://ads.example/slot"></iframe></div>
      </div></article><!--EndFragment--></body></html>`;
    expect(body(html)).toBe(
      "<h2>Iraq's parliament approves 2026 budget</h2>" +
        '<p>By Staff reporter</p>' +
        "<p>BAGHDAD (Agency) — Iraq's parliament on <strong>Sunday</strong> approved a budget of <strong>153 trillion dinars</strong>, the speaker's office said.</p>" +
        '<h3>Oil revenue</h3>' +
        '<p>The budget assumes an oil price of $70 a barrel.</p>' +
        '<blockquote><p>“This is a historic day for all Iraqis,” the speaker said.</p></blockquote>' +
        '<ul><li>Salaries: <em>60 percent</em></li><li>Investment: 25 percent</li></ul>' +
        '<p>Read more at <a href="https://www.example-news.com/world/iraq-budget?utm_source=copy">example-news.com</a>.</p>' +
        '<p>Lawmakers vote in Baghdad.</p>',
    );
  });

  it('reads a Word document fragment (MsoNormal, o:p, mso styles, list markers)', () => {
    const html = `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15"><link rel=File-List href="file:///C:/Users/desk/AppData/Local/Temp/msohtmlclip1/01/clip_filelist.xml"><!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]--><style><!-- p.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;} --></style></head>
<body lang=EN-GB style='tab-interval:36.0pt;word-wrap:break-word'><!--StartFragment-->
<p class=MsoTitle><span lang=EN-US>Duhok dam project<o:p></o:p></span></p>
<p class=MsoNormal><b><span lang=EN-US style='font-size:12.0pt;mso-bidi-font-weight:normal'>DUHOK</span></b><span lang=EN-US style='mso-fareast-font-family:"Times New Roman"'> – Work on the dam <i style='mso-bidi-font-style:normal'>resumed</i> this week.<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span lang=EN-US style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]><span lang=EN-US>Cost: $200 million<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span lang=EN-US style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span></span><![endif]><span lang=EN-US>Jobs: 1,500<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>1.<span>&nbsp; </span></span>First step</p>
<p class=MsoListParagraphCxSpLast style='mso-list:l1 level1 lfo2'><span style='mso-list:Ignore'>2.<span>&nbsp; </span></span>Second step</p>
<p class=MsoNormal><v:shape id="Picture_1" style='width:100pt'><v:imagedata src="file:///C:/Users/desk/image001.png" o:title=""/></v:shape></p>
<p class=MsoNormal dir=RTL style='text-align:right;direction:rtl;unicode-bidi:embed'><span lang=AR-SA dir=RTL style='font-family:"Arial",sans-serif;mso-ascii-font-family:Calibri'>کۆمپانیاکە</span></p>
<!--EndFragment--></body></html>`;
    const doc = clean(html);
    expectClean(doc);
    expect(doc.body.innerHTML).toBe(
      '<h2>Duhok dam project</h2>' +
        '<p><strong>DUHOK</strong> – Work on the dam <em>resumed</em> this week.</p>' +
        '<ul><li>Cost: $200 million</li><li>Jobs: 1,500</li></ul>' +
        '<ol><li>First step</li><li>Second step</li></ol>' +
        '<p dir="rtl">کۆمپانیاکە</p>',
    );
  });

  it('does not make a whole Google Docs paste bold', () => {
    const span = (text: string, style = '') =>
      `<span style="font-size:11pt;font-family:Arial,sans-serif;color:#000000;background-color:transparent;font-weight:400;font-style:normal;font-variant:normal;text-decoration:none;vertical-align:baseline;white-space:pre;white-space:pre-wrap;${style}">${text}</span>`;
    const html =
      '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-3f1c2a7e-7fff-9d1b-5c2e-0a1b2c3d4e5f">' +
      `<h1 dir="ltr" style="line-height:1.38;margin-top:20pt;margin-bottom:6pt;">${span('Election results', 'font-size:20pt;')}</h1>` +
      `<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;">${span('Turnout was ')}${span('44 percent', 'font-weight:700;')}${span(', the ')}${span('commission', 'font-style:italic;')}${span(' said.')}</p>` +
      '<br>' +
      '<ul style="margin-top:0;margin-bottom:0;padding-inline-start:48px;">' +
      `<li dir="ltr" style="list-style-type:disc;font-size:11pt;" aria-level="1"><p dir="ltr" style="line-height:1.38;" role="presentation">${span('Erbil: 51%')}</p></li>` +
      `<li dir="ltr" style="list-style-type:disc;font-size:11pt;" aria-level="1"><p dir="ltr" style="line-height:1.38;" role="presentation">${span('Sulaimani: 39%')}</p></li></ul>` +
      `<br><p dir="ltr" style="line-height:1.38;"><a href="https://www.example.org/results" style="text-decoration:none;">${span('Full results', 'color:#1155cc;text-decoration:underline;')}</a></p>` +
      '</b><br class="Apple-interchange-newline">';
    expect(body(html)).toBe(
      '<h2 dir="ltr">Election results</h2>' +
        '<p dir="ltr">Turnout was <strong>44 percent</strong>, the <em>commission</em> said.</p>' +
        '<ul><li dir="ltr">Erbil: 51%</li><li dir="ltr">Sulaimani: 39%</li></ul>' +
        '<p dir="ltr"><a href="https://www.example.org/results">Full results</a></p>',
    );
  });

  it('keeps the direction of a Sorani web page and its characters exactly as pasted', () => {
    // The sanitiser does not normalise: ك (U+0643) stays; the paste extension normalises afterwards.
    const html = `<div class="article-body" dir="rtl" lang="ckb" style="text-align:right">
      <h2 class="title">هەولێر: کۆبوونەوەی ئەنجومەنی وەزیران</h2>
      <p>ئەنجومەنی وەزیرانی <strong>هەرێمی كوردستان</strong> ئەمڕۆ کۆبووەوە و باسی بودجەی ساڵی ٢٠٢٦ی کرد.</p>
      <blockquote><p>«ئێمە پابەندین بە دابینکردنی مووچە»</p></blockquote>
      <ul><li>مووچەی فەرمانبەران</li><li>پڕۆژەکانی <a href="https://gov.krd/ckb/">حکومەت</a></li></ul>
      <p dir="ltr">Source: KRG</p>
      <span class="share"><a href="javascript:share()" onclick="share()">هاوبەشکردن</a></span></div>`;
    expect(body(html)).toBe(
      '<h2 dir="rtl">هەولێر: کۆبوونەوەی ئەنجومەنی وەزیران</h2>' +
        '<p dir="rtl">ئەنجومەنی وەزیرانی <strong>هەرێمی كوردستان</strong> ئەمڕۆ کۆبووەوە و باسی بودجەی ساڵی ٢٠٢٦ی کرد.</p>' +
        '<blockquote dir="rtl"><p dir="rtl">«ئێمە پابەندین بە دابینکردنی مووچە»</p></blockquote>' +
        '<ul dir="rtl"><li dir="rtl">مووچەی فەرمانبەران</li><li dir="rtl">پڕۆژەکانی <a href="https://gov.krd/ckb/">حکومەت</a></li></ul>' +
        '<p dir="ltr">Source: KRG</p>' +
        '<p dir="rtl">هاوبەشکردن</p>',
    );
  });

  it('takes direction from blocks (and a right-to-left page), never from an inline span', () => {
    expect(body('<div><span dir="ltr">ISIS</span> هێرشی کرد</div>')).toBe('<p>ISIS هێرشی کرد</p>');
    expect(body('<html dir="rtl"><body><p>سڵاو</p></body></html>')).toBe('<p dir="rtl">سڵاو</p>');
    expect(body('<p dir="auto">auto</p><p dir="RTL">upper</p>')).toBe('<p>auto</p><p dir="rtl">upper</p>');
  });

  it('keeps ZWNJ, bidi controls and no-break spaces inside text', () => {
    expect(body('<p>\u200Fده‌ستپێک\u200C ISIS\u00A0\u2067x\u2069</p>')).toBe('<p>\u200Fده‌ستپێک\u200C ISIS&nbsp;\u2067x\u2069</p>');
  });

  it('turns <br><br>, table cells and divs into paragraphs and a single <br> into a line break', () => {
    expect(body('<div>one<br>two<br><br>three</div><table><tr><td>cell 1</td><td>cell 2</td></tr></table>')).toBe(
      '<p>one<br>two</p><p>three</p><p>cell 1</p><p>cell 2</p>',
    );
  });

  it('keeps nested lists inside their item and writes mis-nested formatting well-formed', () => {
    expect(body('<ol><li>one<ul><li>one a</li></ul></li><li>two</li></ol>')).toBe('<ol><li>one<ul><li>one a</li></ul></li><li>two</li></ol>');
    expect(body('<b><p>bold para</p><i>both</i></b>')).toBe('<p><strong>bold para</strong></p><p><strong><em>both</em></strong></p>');
  });
});
