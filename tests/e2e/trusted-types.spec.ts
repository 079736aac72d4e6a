import { expect, test } from './fixtures';

/**
 * Trusted Types (issue 18 §6): the renderer's CSP requires them for every
 * HTML sink, so a string put into innerHTML, or handed to DOMParser, is
 * refused by the browser, and only the policies the CSP names can be made.
 * The one view that writes HTML (the translation workspace's read-only
 * source blocks) still shows its blocks, through its policy, with no
 * violation on the way.
 */

async function api<T>(origin: string, token: string, method: string, input: unknown): Promise<T> {
  const response = await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
  const result = (await response.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
}

test('HTML sinks take only what a named policy made; the read-only blocks are shown through theirs', async ({ page, qelem }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Trusted ?Type|TrustedHTML|require-trusted-types-for/i.test(message.text())) violations.push(message.text());
  });
  await page.evaluate(() => {
    document.addEventListener('securitypolicyviolation', (event) => console.error(`CSP violation (Trusted Types): ${event.violatedDirective} ${event.sample}`));
  });

  const refused = await page.evaluate(() => {
    const tries: Record<string, () => unknown> = {
      innerHTML: () => (document.createElement('div').innerHTML = '<img src=x onerror=alert(1)>'),
      DOMParser: () => new DOMParser().parseFromString('<p>x</p>', 'text/html'),
      insertAdjacentHTML: () => document.body.insertAdjacentHTML('beforeend', '<b>x</b>'),
      policy: () => (window as unknown as { trustedTypes: { createPolicy: (name: string, rules: object) => unknown } }).trustedTypes.createPolicy('anything-goes', { createHTML: (s: string) => s }),
    };
    return Object.fromEntries(
      Object.entries(tries).map(([name, attempt]) => {
        try {
          attempt();
          return [name, 'allowed'];
        } catch (error) {
          return [name, (error as Error).name];
        }
      }),
    );
  });
  expect(refused).toEqual({ innerHTML: 'TypeError', DOMParser: 'TypeError', insertAdjacentHTML: 'TypeError', policy: 'TypeError' });
  violations.length = 0;

  // An English article with a link, shown read-only beside its Sorani translation.
  const paragraph = (text: string, children?: unknown[]) => ({ type: 'paragraph', version: 1, direction: null, format: '', indent: 0, textFormat: 0, textStyle: '', children: children ?? [{ type: 'text', version: 1, text, format: 0, detail: 0, mode: 'normal', style: '' }] });
  const text = (t: string, format = 0) => ({ type: 'text', version: 1, text: t, format, detail: 0, mode: 'normal', style: '' });
  const { id } = await api<{ id: string }>(qelem.origin, qelem.token, 'createArticle', { sourceLang: 'en' });
  const body = {
    root: {
      type: 'root',
      version: 1,
      direction: 'ltr',
      format: '',
      indent: 0,
      children: [
        paragraph('', [text('Read '), text('the interview', 1), text(' at '), { type: 'link', version: 1, url: 'https://apnews.com/article/iraq', rel: null, target: null, title: null, direction: null, format: '', indent: 0, children: [text('AP News')] }, text('.')]),
        paragraph('<img src=x onerror=alert(1)> is text here.'),
      ],
    },
  };
  await api(qelem.origin, qelem.token, 'saveVersion', { id, lang: 'en', baseRevision: 1, content: { headline: 'Trusted', standfirst: '', dateline: '', byline: '', leadImageCaption: '', leadImageAlt: '', body } });
  await page.goto(`${qelem.origin}/#/article/${id}/translate/ckb`);
  const views = page.locator('.block-view');
  await expect(views.first()).toBeVisible();
  await expect(views.filter({ hasText: 'AP News' }).locator('a[href="https://apnews.com/article/iraq"]')).toHaveText('AP News');
  await expect(views.filter({ hasText: 'AP News' }).locator('strong')).toHaveText('the interview');
  await expect(views.filter({ hasText: 'is text here' })).toHaveText('<img src=x onerror=alert(1)> is text here.');
  await expect(page.locator('.block-view img')).toHaveCount(0);
  expect(violations).toEqual([]);
});
