import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signIn, startBrowserMode } from '../browser-mode';
import { createArticle, expect, SAMPLES, test, writeVersion } from './fixtures';

const running = new Set<ChildProcess>();

/** Browser mode on `libraryDir`, stopped with SIGTERM (as the user closing it) by the returned function. */
async function host(libraryDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const { url, child } = await startBrowserMode(resolve('out/main/web.js'), libraryDir);
  running.add(child);
  return { url, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  running.delete(child);
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  child.kill('SIGTERM');
  return exited;
}

/** The finished backups in the library (not the temporary file of one being written). */
const backups = (libraryDir: string) => (existsSync(join(libraryDir, 'backups')) ? readdirSync(join(libraryDir, 'backups')).filter((n) => /^qelem-.*\.db$/.test(n)) : []);

test.describe('backups', () => {
  test('restoring the backup made at start from the Backups dialog brings back a deleted article', async ({ browser }) => {
    const libraryDir = mkdtempSync(join(tmpdir(), 'qelem-e2e-backups-'));
    const context = await browser.newContext();
    const page = await context.newPage();
    const foreign: string[] = [];
    page.on('request', (request) => {
      // The loopback host, and the sign-in pages of its runs (local files that post the token to it).
      if (!/^(http:\/\/127\.0\.0\.1:\d+\/|data:|blob:|file:\/\/\/.*\/qelem-login-[^/]+\/sign-in\.html$)/.test(request.url())) foreign.push(request.url());
    });
    try {
      // A first run of Qelem: an article written.
      const first = await host(libraryDir);
      await signIn(page, first.url);
      await createArticle(page, 'ckb');
      await writeVersion(page, SAMPLES.ckb);
      await first.stop();
      expect(backups(libraryDir)).toHaveLength(1); // the first run's start backup: an empty library

      // Qelem started again: its start backup holds the article.
      const second = await host(libraryDir);
      await expect.poll(() => backups(libraryDir).length).toBe(2);
      await signIn(page, second.url);
      const link = page.getByRole('link', { name: SAMPLES.ckb.headline });
      await expect(link).toBeVisible();

      // The article deleted: gone from the library.
      await page.getByRole('button', { name: `Delete “${SAMPLES.ckb.headline}”` }).click();
      await expect(link).toHaveCount(0);
      await expect(page.getByText('No articles yet.')).toBeVisible();

      // Backups: the newest first, made when Qelem started.
      await page.getByRole('button', { name: 'Backups' }).click();
      const dialog = page.getByRole('dialog', { name: 'Backups of the library' });
      await expect(dialog).toBeVisible();
      const rows = dialog.getByRole('row');
      await expect(rows).toHaveCount(3); // the heading row and two backups
      await expect(rows.nth(1).getByRole('cell').nth(1)).toHaveText('Qelem started');
      await page.screenshot({ path: 'test-results/screens/backups-dialog.png' });

      // Restore asks first; Cancel changes nothing.
      await rows.nth(1).getByRole('button', { name: /^Restore the backup of / }).click();
      const confirm = page.getByRole('alertdialog', { name: 'Restore this backup?' });
      await expect(confirm).toContainText('The whole library goes back to how it was on');
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await expect(confirm).toHaveCount(0);
      await expect(page.getByText('No articles yet.')).toBeVisible();

      await rows.nth(1).getByRole('button', { name: /^Restore the backup of / }).click();
      await confirm.getByRole('button', { name: 'Restore the library' }).click();
      await expect(page.getByRole('status').filter({ hasText: 'The library is back as it was on' })).toBeVisible();
      await expect(dialog).toHaveCount(0);

      // The article is back in the library, with its text.
      await expect(link).toBeVisible();
      await link.click();
      await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue(SAMPLES.ckb.headline);
      await expect(page.getByRole('textbox', { name: 'Body' })).toHaveText(SAMPLES.ckb.body);

      // The library as it was before the restore is itself a backup now.
      await page.getByRole('button', { name: 'Library' }).click();
      await page.getByRole('button', { name: 'Backups' }).click();
      await expect(dialog.getByRole('row')).toHaveCount(4);
      await expect(dialog.getByRole('row').nth(1).getByRole('cell').nth(1)).toHaveText('Before a restore');
      await dialog.getByRole('button', { name: 'Close' }).click();
      await expect(dialog).toHaveCount(0);
      await second.stop();
      expect(foreign, 'requests that left the loopback host').toEqual([]);
    } finally {
      for (const child of [...running]) await stop(child);
      await context.close();
      rmSync(libraryDir, { recursive: true, force: true });
    }
  });
});
