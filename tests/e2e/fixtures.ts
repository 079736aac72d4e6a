import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { signIn, startBrowserMode } from '../browser-mode';

export interface QelemHost {
  /** The URL printed by browser mode: its sign-in page (a file that posts the run's token). */
  url: string;
  /** Where the app is: `http://127.0.0.1:PORT`. */
  origin: string;
  token: string;
  libraryDir: string;
}

/** Starts browser mode (the built out/main/web.js) on a fresh temporary library. */
async function startHost(libraryDir: string): Promise<{ host: QelemHost; process: ChildProcess }> {
  const { url, origin, token, child } = await startBrowserMode(resolve('out/main/web.js'), libraryDir);
  return { host: { url, origin, token, libraryDir }, process: child };
}

export const test = base.extend<{ qelem: QelemHost; offRequests: string[] }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function asks for from this pattern
  qelem: async ({}, use) => {
    const libraryDir = mkdtempSync(join(tmpdir(), 'qelem-e2e-'));
    const { host, process: child } = await startHost(libraryDir);
    await use(host);
    const exited = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGTERM');
    await exited;
    rmSync(libraryDir, { recursive: true, force: true });
  },
  // Offline means offline: any request that leaves the loopback host fails the test.
  offRequests: async ({ context, qelem }, use) => {
    const foreign: string[] = [];
    context.on('request', (request) => {
      const url = request.url();
      // The sign-in page is a local file of this run; it posts to the host and nowhere else (its own CSP).
      if (!url.startsWith(qelem.origin) && url !== qelem.url && !url.startsWith('data:') && !url.startsWith('blob:')) foreign.push(url);
    });
    await use(foreign);
    expect(foreign, 'requests that left the loopback host').toEqual([]);
  },
  page: async ({ page, qelem, offRequests }, use) => {
    void offRequests;
    await signIn(page, qelem.url);
    await expect(page.getByRole('button', { name: 'New article' })).toBeVisible();
    await use(page);
  },
});

export { expect };

export const SAMPLES = {
  en: {
    headline: "Iraq doesn't need U.S. combat troops on its soil: Iraqi PM al-Kadhimi",
    body: 'SULAIMANI [Kurdistan Region] – Iraqi Prime Minister Mustafa al-Kadhimi said that his country no longer needs the American combat forces.',
  },
  ckb: {
    headline: 'ISIS هێشتا لە عێراق چالاکە',
    body: '2,500 سەربازی ئەمریکی لە عێراقن. ئەنجومەنی پارێزگای دیالە "تالب محەممەد" ڕایگەیاند.',
  },
  kmr: {
    headline: 'جڤاتا نوونەرێن ئیراقێ ل دۆر بوردۆمانێن ئیرانێ',
    body: 'ب مەرەما برێڤەبرنا کاروبارێن مە ل مەکتەبا سیاسی، رۆژا 2ی کانوونا ئێکێ 1982ێ بەر ب ئیرانێ ب رێ کەفتین.',
  },
} as const;

export const NATIVE = { en: 'English', ckb: 'سۆرانی', kmr: 'بادینی' } as const;

/** New article → choose its source language → the article screen. */
export async function createArticle(page: Page, lang: keyof typeof NATIVE): Promise<void> {
  await page.getByRole('button', { name: 'New article' }).click();
  await page.getByRole('dialog', { name: 'New article' }).getByRole('button', { name: NATIVE[lang] }).click();
  await expect(page.getByRole('tab', { name: NATIVE[lang] })).toHaveAttribute('aria-selected', 'true');
}

/** Types a headline and a body the way a user does, and waits for the autosave. */
export async function writeVersion(page: Page, text: { headline: string; body: string }): Promise<void> {
  await page.getByRole('textbox', { name: 'Headline' }).click();
  await page.keyboard.type(text.headline);
  await page.getByRole('textbox', { name: 'Body' }).click();
  await page.keyboard.type(text.body);
  await expectSaved(page);
}

/**
 * Waits until everything typed is saved, in any interface language. Typing marks the version
 * pending at once; the save follows a pause. A save may already have run between keystrokes,
 * so the check is "saved, and still saved after the autosave pause has passed".
 */
export async function expectSaved(page: Page): Promise<void> {
  const status = page.locator('p[role="status"].save-status');
  await expect(status).toHaveClass(/save-saved/);
  await page.waitForTimeout(1_000);
  await expect(status).toHaveClass(/save-saved/);
  if ((await page.locator('html').getAttribute('lang')) === 'en') await expect(status).toHaveText('Saved');
}
