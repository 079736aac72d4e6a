import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signIn, signInPrinted } from '../browser-mode';
import type { Page } from '@playwright/test';
import { createArticle, expect, expectSaved, SAMPLES, test, writeVersion } from './fixtures';

/**
 * The unsaved-edits journal entries (renderer/documents/unsaved.ts) of this
 * origin: each holds the Yjs updates of one document a window has not had
 * acknowledged (keystroke by keystroke, so the text is not readable in them:
 * what they hold is checked by restoring it).
 */
function journaled(page: Page): Promise<number> {
  return page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('qelem-unsaved/')).length);
}

/** The renderer of `page` crashes (Chromium's own Page.crash), as a window that dies takes no last action; then the tab is closed. */
async function crash(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const crashed = page.waitForEvent('crash');
  cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  await page.close();
}

async function typeAtEnd(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Body' }).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

test.describe('unsaved text after a crash', () => {
  test('a window that died before its save went through: its text is offered back, not to a window still open', async ({ page, context }) => {
    await createArticle(page, 'en');
    await writeVersion(page, SAMPLES.en);
    const articleUrl = page.url();

    // The library stops taking edits (as if Qelem hung): for the whole browser context, so
    // what a closing window still sends does not go through either.
    await context.route('**/api/pushDocument', (route) => route.abort());
    await typeAtEnd(page, ' Typed just before the crash.');
    await expect.poll(() => journaled(page)).toBe(1);

    // Another window on the same article, while the first still lives: nothing is offered there.
    const other = await context.newPage();
    await other.goto(articleUrl);
    await expect(other.getByRole('textbox', { name: 'Body' })).toHaveText(SAMPLES.en.body);
    await other.waitForTimeout(500);
    await expect(other.getByRole('button', { name: 'Restore unsaved text' })).toHaveCount(0);
    await other.close();

    // The window crashes: nothing runs in it any more (no beforeunload, no last save). Then the library takes saves again.
    await crash(page);
    await context.unroute('**/api/pushDocument');

    const next = await context.newPage();
    await next.goto(articleUrl);
    const body = next.getByRole('textbox', { name: 'Body' });
    await expect(body).toHaveText(SAMPLES.en.body);
    const offer = next.getByRole('alert').filter({ hasText: 'was never saved' });
    await expect(offer).toContainText('English version');
    await next.screenshot({ path: 'test-results/screens/recovery-offer.png' });
    await offer.getByRole('button', { name: 'Restore unsaved text' }).click();
    await expect(offer).toHaveCount(0);
    await expect(body).toHaveText(`${SAMPLES.en.body} Typed just before the crash.`);
    await expect(next.getByRole('textbox', { name: 'Headline' })).toHaveValue(SAMPLES.en.headline);
    await expectSaved(next);

    // Saved for good: after a reload the text is there and nothing is offered any more.
    await next.reload();
    await expect(body).toHaveText(`${SAMPLES.en.body} Typed just before the crash.`);
    await next.waitForTimeout(500);
    await expect(next.getByRole('button', { name: 'Restore unsaved text' })).toHaveCount(0);
    expect(await journaled(next)).toBe(0);
  });

  test('Discard drops the unsaved text and keeps the saved version', async ({ page, context }) => {
    await createArticle(page, 'kmr');
    await writeVersion(page, SAMPLES.kmr);
    const articleUrl = page.url();
    await context.route('**/api/pushDocument', (route) => route.abort());
    await typeAtEnd(page, ' نەپاراستی');
    await expect.poll(() => journaled(page)).toBe(1);
    await crash(page);
    await context.unroute('**/api/pushDocument');

    const next = await context.newPage();
    await next.goto(articleUrl);
    const offer = next.getByRole('alert').filter({ hasText: 'was never saved' });
    await offer.getByRole('button', { name: 'Discard' }).click();
    await expect(offer).toHaveCount(0);
    await expect(next.getByRole('textbox', { name: 'Body' })).toHaveText(SAMPLES.kmr.body);
    await next.reload();
    await expect(next.getByRole('textbox', { name: 'Body' })).toHaveText(SAMPLES.kmr.body);
    await next.waitForTimeout(500);
    await expect(next.getByRole('button', { name: 'Restore unsaved text' })).toHaveCount(0);
    expect(await journaled(next)).toBe(0);
  });
});

/** A port free now, so browser mode can come back on the same origin (the journal is per origin). */
function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port'))));
    });
  });
}

/** Browser mode (out/main/web.js) on a given port. */
async function startOn(libraryDir: string, port: number): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [resolve('out/main/web.js'), '--library', libraryDir, '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const { url } = await signInPrinted(child);
  return { url, child };
}

function stopped(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  child.kill(signal);
  return exited;
}

test('text typed when Qelem was killed before the autosave is offered back when it runs again', async ({ browser }) => {
  const libraryDir = mkdtempSync(join(tmpdir(), 'qelem-e2e-recovery-'));
  const port = await freePort();
  const context = await browser.newContext();
  const hosts: ChildProcess[] = [];
  try {
    const first = await startOn(libraryDir, port);
    hosts.push(first.child);
    const page = await context.newPage();
    await signIn(page, first.url);
    await createArticle(page, 'ckb');
    await writeVersion(page, SAMPLES.ckb);
    const articleUrl = page.url();

    // Qelem killed, then typed: the edits find no library to take them.
    await stopped(first.child, 'SIGKILL');
    await typeAtEnd(page, ' دوایین ڕستە.');
    await expect.poll(() => journaled(page)).toBe(1);
    await expect(page.locator('p[role="status"].save-status')).not.toHaveClass(/save-saved/);
    await crash(page);

    // Qelem again, on the same library and address.
    const second = await startOn(libraryDir, port);
    hosts.push(second.child);
    const next = await context.newPage();
    await signIn(next, second.url);
    await next.goto(articleUrl);
    const body = next.getByRole('textbox', { name: 'Body' });
    await expect(body).toHaveText(SAMPLES.ckb.body);
    const offer = next.getByRole('alert').filter({ hasText: 'was never saved' });
    await offer.getByRole('button', { name: 'Restore unsaved text' }).click();
    await expect(body).toHaveText(`${SAMPLES.ckb.body} دوایین ڕستە.`);
    await expectSaved(next);
    await next.reload();
    await expect(body).toHaveText(`${SAMPLES.ckb.body} دوایین ڕستە.`);
  } finally {
    for (const child of hosts) await stopped(child, 'SIGTERM');
    await context.close();
    rmSync(libraryDir, { recursive: true, force: true });
  }
});
