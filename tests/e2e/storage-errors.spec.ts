import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { signIn, signInPrinted } from '../browser-mode';
import { createArticle, expect, expectSaved, SAMPLES, test, writeVersion } from './fixtures';

/**
 * A library whose disk turns read-only or full while a reporter writes. Browser
 * mode runs with its test-only switch (electron/host/cli.ts --test-storage-faults:
 * as root no folder can be made read-only, see there): the control file says
 * `read-only` or `full`, and SQLite itself then refuses every write with
 * SQLITE_READONLY or SQLITE_FULL; all the rest is the product's own code.
 */
async function startWithFaults(libraryDir: string, controlFile: string | null): Promise<{ url: string; child: ChildProcess }> {
  const faults = controlFile === null ? [] : ['--test-storage-faults', controlFile];
  const child = spawn(process.execPath, [resolve('out/main/web.js'), '--library', libraryDir, '--port', '0', ...faults], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { url } = await signInPrinted(child);
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
      await signIn(page, url);
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

/** Fills the file system holding `dir` to the last byte; returns the filler's path. */
function fillDisk(dir: string): string {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOSPC') throw error;
    // Then the last bytes, in smaller pieces.
    for (let size = 32 * 1024; size >= 1; size = Math.floor(size / 2)) {
      try {
        for (;;) writeSync(fd, chunk, 0, size);
      } catch {
        // full at this size: try a smaller one
      }
    }
  } finally {
    closeSync(fd);
  }
  return filler;
}

test('a real size-limited library folder (a 6 MB tmpfs) filled up while writing: the same clear error, nothing lost', async ({ browser }) => {
  const mountPoint = mkdtempSync(join(tmpdir(), 'qelem-e2e-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mountPoint], { stdio: 'pipe' });
  } catch (error) {
    rmSync(mountPoint, { recursive: true, force: true });
    test.skip(true, `mounting a size-limited tmpfs needs root with CAP_SYS_ADMIN: ${String((error as { stderr?: unknown }).stderr ?? error).trim()}`);
    return;
  }
  const libraryDir = join(mountPoint, 'library');
  let child: ChildProcess | null = null;
  const context = await browser.newContext();
  try {
    const started = await startWithFaults(libraryDir, null);
    child = started.child;
    const page = await context.newPage();
    await signIn(page, started.url);
    await createArticle(page, 'en');
    await writeVersion(page, SAMPLES.en);

    // The disk fills up (another program, a download); the reporter goes on pasting long texts. SQLite
    // writes into pages its files already have (the write-ahead log is reused from its start after a
    // checkpoint) before it needs a new one, so the first paste may still fit: pasted again until one
    // cannot be saved, which must then say so.
    const filler = fillDisk(mountPoint);
    const chunk = ` ${'Erbil Duhok Sulaimani Halabja Kirkuk '.repeat(3_000).trim()}`;
    const body = page.getByRole('textbox', { name: 'Body' });
    const status = page.locator('p[role="status"].save-status');
    await body.click();
    await page.keyboard.press('Control+End');
    let typed = '';
    for (let paste = 0; paste < 6; paste++) {
      await page.keyboard.insertText(chunk);
      typed += chunk;
      await expect.poll(async () => [FAULTS.full.message, 'Saved'].includes((await status.textContent()) ?? ''), { timeout: 15_000 }).toBe(true);
      if ((await status.textContent()) === FAULTS.full.message) break;
    }
    await expect(status).toHaveText(FAULTS.full.message);
    await expect(page.getByRole('button', { name: 'Save again' })).toBeVisible();
    await expect(body).toHaveText(`${SAMPLES.en.body}${typed}`);

    // Space freed: Save again saves it all, and a reload shows it with what was saved before.
    rmSync(filler);
    await page.getByRole('button', { name: 'Save again' }).click();
    await expectSaved(page);
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue(SAMPLES.en.headline);
    await expect(body).toHaveText(`${SAMPLES.en.body}${typed}`);
  } finally {
    await context.close();
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((ok) => child!.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    }
    execFileSync('umount', [mountPoint], { stdio: 'pipe' });
    rmSync(mountPoint, { recursive: true, force: true });
  }
});
