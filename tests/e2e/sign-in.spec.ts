import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { startBrowserMode } from '../browser-mode';
import { createArticle, expect, test } from './fixtures';

/**
 * Browser mode's sign-in leaves the run's token nowhere in the browser's
 * profile (issue 18 §5): before, the `?token=` address was recorded in the
 * History database (and the session and cache files) although the redirect
 * dropped it from the address bar. A real, persistent Chromium profile signs
 * in from the printed QELEM_URL, uses the app, and is closed; then its
 * History database (a copy, read with node:sqlite) and every other file of
 * the profile are searched for the token.
 */

const CHROMIUM = process.env.QELEM_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-gpu', '--no-sandbox'];

/** Every row of every table of a SQLite database, as text. */
function everyRow(file: string): { tables: string[]; text: string } {
  const db = new DatabaseSync(file, { readOnly: true, readBigInts: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    const text = tables
      .map((name) =>
        (db.prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`).all() as Record<string, unknown>[])
          .map((row) => JSON.stringify(row, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('latin1') : typeof value === 'bigint' ? String(value) : value)))
          .join('\n'),
      )
      .join('\n');
    return { tables, text };
  } finally {
    db.close();
  }
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => {
    try {
      return statSync(join(dir, name)).isFile();
    } catch {
      return false;
    }
  });
}

test('signing in from the printed address leaves the token out of the browser history, session and cache', async () => {
  const libraryDir = mkdtempSync(join(tmpdir(), 'qelem-e2e-signin-'));
  const profileDir = mkdtempSync(join(tmpdir(), 'qelem-e2e-profile-'));
  let child: ChildProcess | null = null;
  try {
    const started = await startBrowserMode(resolve('out/main/web.js'), libraryDir);
    child = started.child;
    // What is printed names a file of this run, readable by its user only: no token in it.
    expect(started.url).toMatch(/^file:\/\/\/.*\/qelem-login-[^/]+\/sign-in\.html$/);
    expect(started.url).not.toContain(started.token);
    expect(statSync(fileURLToPath(started.url)).mode & 0o777).toBe(0o600);

    const context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, args: ARGS, headless: true });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(started.url);
    await expect(page.getByRole('button', { name: 'New article' })).toBeVisible();
    expect(page.url()).toBe(`${started.origin}/`);
    // Using the app: an article created and reloaded, as a day's work would.
    await createArticle(page, 'en');
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Headline' })).toBeVisible();
    await context.close();

    const historyFile = join(profileDir, 'Default', 'History');
    expect(existsSync(historyFile), 'the profile has a History database').toBe(true);
    const copy = join(profileDir, 'History-copy');
    copyFileSync(historyFile, copy);
    const history = everyRow(copy);
    expect(history.tables).toContain('urls');
    // The visits are there (the sign-in page, the app), the token is not.
    expect(history.text).toContain(`${started.origin}/`);
    expect(history.text).not.toContain(started.token);
    rmSync(copy);
    const holding = filesUnder(profileDir).filter((name) => readFileSync(join(profileDir, name)).includes(started.token));
    expect(holding, 'profile files holding the token').toEqual([]);
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((ok) => child!.once('exit', ok));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(libraryDir, { recursive: true, force: true });
    rmSync(profileDir, { recursive: true, force: true });
  }
});

test('the sign-in page goes away with the run, and an address with the token in it signs nobody in', async ({ browser }) => {
  const libraryDir = mkdtempSync(join(tmpdir(), 'qelem-e2e-signin-'));
  const started = await startBrowserMode(resolve('out/main/web.js'), libraryDir);
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(`${started.origin}/?token=${started.token}`);
    expect(response?.status()).toBe(401);
    await context.close();
  } finally {
    const exited = new Promise((ok) => started.child.once('exit', ok));
    started.child.kill('SIGTERM');
    await exited;
    expect(existsSync(fileURLToPath(started.url))).toBe(false);
    rmSync(libraryDir, { recursive: true, force: true });
  }
});
