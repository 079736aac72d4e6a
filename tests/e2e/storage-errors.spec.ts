import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createArticle, expect, expectSaved, SAMPLES, test, writeVersion } from './fixtures';

/**
 * A library whose disk turns read-only or full while a reporter writes. Browser
 * mode runs with its test-only switch (electron/host/cli.ts --test-storage-faults:
 * as root no folder can be made read-only, see there): the control file says
 * `read-only` or `full`, and SQLite itself then refuses every write with
 * SQLITE_READONLY or SQLITE_FULL; all the rest is the product's own code.
 */
async function startWithFaults(libraryDir: string, controlFile: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [resolve('out/main/web.js'), '--library', libraryDir, '--port', '0', '--test-storage-faults', controlFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('browser mode did not start')), 15_000);
    child.once('exit', (code) => fail(new Error(`browser mode exited with ${code}`)));
    lines.on('line', (line) => {
      const match = /^QELEM_URL=(.+)$/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        ok(match[1]);
      }
    });
  });
  return { url, child };
}

const FAULTS = {
  'read-only': {
    message: 'Not saved: The library folder cannot be written. Your text is kept here until it can.',
    typed: ' The folder went read-only after this sentence.',
  },
  // Enough text that the save needs new pages in the database file, which a full disk cannot give.
  full: {
    message: 'Not saved: The disk holding the library is full. Free some space; your text is kept here until then.',
    typed: ` ${'Erbil Duhok Sulaimani Halabja Kirkuk '.repeat(600).trim()}`,
  },
} as const;

for (const [fault, { message, typed }] of Object.entries(FAULTS)) {
  test(`a ${fault} library: the save status says so with Save again, the text stays on screen, nothing saved is lost`, async ({ browser }) => {
    const libraryDir = mkdtempSync(join(tmpdir(), 'qelem-e2e-storage-'));
    const controlFile = `${libraryDir}.fault`;
    writeFileSync(controlFile, 'none');
    const { url, child } = await startWithFaults(libraryDir, controlFile);
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(url);
      await createArticle(page, 'en');
      await writeVersion(page, SAMPLES.en);

      // The disk fails; the reporter goes on typing.
      writeFileSync(controlFile, fault);
      const body = page.getByRole('textbox', { name: 'Body' });
      await body.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.insertText(typed);
      const status = page.locator('p[role="status"].save-status');
      await expect(status).toHaveText(message);
      await expect(status).toHaveClass(/save-failed/);
      const retry = page.getByRole('button', { name: 'Save again' });
      await expect(retry).toBeVisible();
      await page.screenshot({ path: `test-results/screens/storage-${fault}.png` });
      // Everything typed is still on screen; the headline saved before is untouched.
      await expect(body).toHaveText(`${SAMPLES.en.body}${typed}`);
      await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue(SAMPLES.en.headline);

      // Save again while the disk is still failing: the same clear error, nothing lost.
      await retry.click();
      await expect(status).toHaveText(message);
      await expect(body).toHaveText(`${SAMPLES.en.body}${typed}`);

      // The disk is fine again: Save again saves it all.
      writeFileSync(controlFile, 'none');
      await page.getByRole('button', { name: 'Save again' }).click();
      await expectSaved(page);

      // Reloaded: what was saved before the fault and what was typed during it are both there.
      await page.reload();
      await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue(SAMPLES.en.headline);
      await expect(body).toHaveText(`${SAMPLES.en.body}${typed}`);
      await expect(page.getByRole('button', { name: 'Restore unsaved text' })).toHaveCount(0);
    } finally {
      await context.close();
      const exited = new Promise((ok) => child.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
      rmSync(libraryDir, { recursive: true, force: true });
      rmSync(controlFile, { force: true });
    }
  });
}
