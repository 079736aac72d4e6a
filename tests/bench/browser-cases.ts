import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import type { LanguageKey } from '../../shared/languages';
import type { VersionInput } from './corpus';
import { signIn } from '../browser-mode';
import { startAppHost, startStaticServer, type AppHost } from './hosts';
import { regionMap, summarizeProfile, summarizeTrace, type CpuProfile, type ProfileSummary, type TraceSummary } from './profile';
import { removeDir, tempDir } from './service-cases';

export const CHROMIUM_ARGS = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-sandbox', '--disable-gpu'];
const VIEWPORT = { width: 1280, height: 900 };
const BODY = '.version:not([hidden]) .body-editor';
const TRACE_CATEGORIES = ['devtools.timeline', 'v8.execute', 'disabled-by-default-v8.gc'];

interface KeyRecord {
  start: number;
  end: number;
}

interface Probe {
  keys: KeyRecord[];
  /** Event Timing entries (name, startTime, duration) of at least 16 ms, the API's smallest threshold. */
  events: [string, number, number][];
}

declare global {
  interface Window {
    __bench?: Probe;
    baseline?: { open(langs: LanguageKey[], active: LanguageKey): Promise<void>; show(lang: LanguageKey): void; close(): void };
  }
}

/**
 * Installed in every bench page before its scripts run. A keystroke starts at
 * its keydown's timeStamp (when the browser created the event, so time spent
 * queued behind a busy main thread counts) and ends when the frame after its
 * last input event (keydown, keypress, beforeinput, input) has been produced:
 * requestAnimationFrame, then a task, which runs after that frame's style,
 * layout and paint.
 */
function installProbe(): void {
  const probe: Probe = { keys: [], events: [] };
  window.__bench = probe;
  let current: KeyRecord | null = null;
  const arm = () => {
    const record = current;
    if (!record) return;
    requestAnimationFrame(() =>
      setTimeout(() => {
        record.end = Math.max(record.end, performance.now());
      }, 0),
    );
  };
  addEventListener(
    'keydown',
    (event) => {
      current = { start: event.timeStamp, end: 0 };
      probe.keys.push(current);
      arm();
    },
    true,
  );
  for (const type of ['keypress', 'beforeinput', 'input']) addEventListener(type, arm, true);
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.events.push([entry.name, entry.startTime, entry.duration]);
    }).observe({ type: 'event', durationThreshold: 16, buffered: true } as PerformanceObserverInit);
  } catch {
    // No Event Timing: the rAF figure stands alone.
  }
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

async function benchPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; cdp: CDPSession }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript(installProbe);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  return { context, page, cdp };
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

/** One key as a keyboard sends it: keyDown carrying the text (keydown, keypress, beforeinput, input), then keyUp. */
async function pressKey(cdp: CDPSession, char: string): Promise<void> {
  const extra = char === ' ' ? { code: 'Space', windowsVirtualKeyCode: 32 } : {};
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: char, text: char, unmodifiedText: char, ...extra });
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: char, ...extra });
}

/** Types `text` one character every `paceMs` (a fast typist: 40 ms is 300 characters a minute). */
async function typeAtPace(cdp: CDPSession, text: string, paceMs: number): Promise<void> {
  for (const char of text) {
    const started = performance.now();
    await pressKey(cdp, char);
    const left = paceMs - (performance.now() - started);
    if (left > 0) await sleep(left);
  }
}

/** Clicks into the middle block of the visible body, scrolled into view: typing happens inside a long document, not at its end. */
async function clickMiddle(page: Page): Promise<void> {
  const blocks = page.locator(`${BODY} > p`);
  const count = await blocks.count();
  const middle = blocks.nth(Math.floor(count / 2));
  await middle.scrollIntoViewIfNeeded();
  await middle.click();
}

export interface TypingSamples {
  latency: number[];
  /** Largest Event Timing duration per keystroke; 0 where every entry was under the API's 16 ms floor. */
  eventTiming: number[];
}

/** Types `text` after an untimed `warmup` at the caret (clicked into the middle block first if `click`), and reads the probe. */
async function typingRound(page: Page, cdp: CDPSession, warmup: string, text: string, paceMs: number, click: boolean): Promise<TypingSamples> {
  if (click) await clickMiddle(page);
  await typeAtPace(cdp, warmup, paceMs);
  await sleep(300);
  await page.evaluate(() => {
    const probe = window.__bench as Probe;
    probe.keys.length = 0;
    probe.events.length = 0;
  });
  await typeAtPace(cdp, text, paceMs);
  await sleep(400);
  const { keys, events } = await page.evaluate(() => window.__bench as Probe);
  const latency: number[] = [];
  const eventTiming: number[] = [];
  keys.forEach((key, i) => {
    if (key.end > 0) latency.push(key.end - key.start);
    const until = keys[i + 1]?.start ?? Infinity;
    const durations = events.filter(([name, start]) => ['keydown', 'keypress', 'beforeinput', 'input'].includes(name) && start >= key.start - 0.5 && start < until - 0.5).map(([, , duration]) => duration);
    eventTiming.push(durations.length > 0 ? Math.max(...durations) : 0);
  });
  if (latency.length < keys.length) console.warn(`bench: ${keys.length - latency.length} keystrokes had no frame after them`);
  return { latency, eventTiming };
}

/**
 * Measured inside the page: from the moment the article is asked for (the
 * app: its URL; the baseline: its open()) to the frame in which the visible
 * body is editable, visible and holds (nearly) all its text has been produced.
 */
async function openAndWait(page: Page, args: { mode: 'app' | 'baseline'; id: string; lang: LanguageKey; langs: LanguageKey[]; minChars: number }): Promise<number> {
  return (await openAndWaitDetailed(page, args)).total;
}

/** As openAndWait, plus how long the article's request took (Resource Timing: getArticle, or the baseline's document fetches). */
async function openAndWaitDetailed(page: Page, args: { mode: 'app' | 'baseline'; id: string; lang: LanguageKey; langs: LanguageKey[]; minChars: number }): Promise<{ total: number; request: number }> {
  return page.evaluate(async ({ mode, id, lang, langs, minChars }) => {
    performance.clearResourceTimings();
    const started = performance.now();
    if (mode === 'app') window.location.hash = `#/article/${id}/${lang}`;
    else void window.baseline?.open(langs, lang);
    const ready = await new Promise<boolean>((resolve) => {
      const giveUp = setTimeout(() => resolve(false), 30_000);
      const check = () => {
        const body = document.querySelector<HTMLElement>('.version:not([hidden]) .body-editor');
        if (body && body.isContentEditable && (body.textContent ?? '').length >= minChars && body.checkVisibility()) {
          requestAnimationFrame(() =>
            setTimeout(() => {
              clearTimeout(giveUp);
              resolve(true);
            }, 0),
          );
        } else requestAnimationFrame(check);
      };
      check();
    });
    const total = ready ? performance.now() - started : NaN;
    const requests = performance.getEntriesByType('resource').filter((entry) => /\/api\/getArticle$|\/docs\/[a-z]+\.json$/.test(entry.name)) as PerformanceResourceTiming[];
    const request = requests.length > 0 ? Math.max(...requests.map((entry) => entry.responseEnd)) - started : NaN;
    return { total, request };
  }, args);
}

async function backToLibrary(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.location.hash = '#/';
  });
  await page.getByRole('button', { name: 'New article' }).waitFor();
  await sleep(300);
}

async function waitSaved(page: Page): Promise<void> {
  await page.locator('.save-status.save-saved').waitFor({ timeout: 20_000 });
}

async function heapUsedMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  return usedSize / 2 ** 20;
}

async function heapSamples(cdp: CDPSession, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    samples.push(await heapUsedMb(cdp));
    await sleep(100);
  }
  return samples;
}

/** Text characters of a body: what the editor's textContent holds once it is all there. */
function textLength(content: VersionInput): number {
  let length = 0;
  const walk = (node: { text?: unknown; children?: unknown }) => {
    if (typeof node.text === 'string') length += node.text.length;
    if (Array.isArray(node.children)) for (const child of node.children) walk(child as object);
  };
  walk(content.body.root);
  return length;
}

async function traceTyping(browser: Browser, page: Page, cdp: CDPSession, warmup: string, text: string, paceMs: number): Promise<TraceSummary> {
  await clickMiddle(page);
  await typeAtPace(cdp, warmup, paceMs);
  await sleep(300);
  await browser.startTracing(page, { categories: TRACE_CATEGORIES });
  await typeAtPace(cdp, text, paceMs);
  await sleep(300);
  const trace = await browser.stopTracing();
  return summarizeTrace(trace.toString('utf8'), [...text].length);
}

async function profileTyping(page: Page, cdp: CDPSession, warmup: string, text: string, paceMs: number, locate: (url: string, line: number) => string | null): Promise<{ profile: ProfileSummary; raw: CpuProfile }> {
  await clickMiddle(page);
  await typeAtPace(cdp, warmup, paceMs);
  await sleep(300);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  await typeAtPace(cdp, text, paceMs);
  await sleep(300);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
  await cdp.send('Profiler.disable');
  return { profile: summarizeProfile(profile, locate), raw: profile };
}

export interface BrowserResults {
  keystroke: { app: TypingSamples; baseline: TypingSamples };
  open: { appCold: number; app: number[]; baselineCold: number; baseline: number[]; appRequest: number[]; trace: { app: TraceSummary; baseline: TraceSummary } };
  openThree: { app: number[]; baseline: number[] };
  /** Opens with CONTENT_VISIBILITY_CSS injected, when plan.experiments. */
  openContentVisibility: { app: number[]; baseline: number[] } | null;
  trace: { app: TraceSummary; baseline: TraceSummary };
  profile: { app: ProfileSummary; baseline: ProfileSummary; appRaw: CpuProfile; appOpen: ProfileSummary };
  heap: { app: number[]; baseline: number[]; appLibraryOnly: number[]; baselineEmpty: number[] };
  rss: { library10k: number[]; library10kPeak: number; empty: number[]; emptyPeak: number } | null;
  http: { list: number[]; search: number[]; save: number[] } | null;
  visibility: string[];
}

export interface BrowserPlan {
  repoRoot: string;
  /** The 10,000-word versions; ckb is the article typed in. */
  docs: Record<LanguageKey, VersionInput>;
  warmup: string;
  typed: string;
  /** Shorter text for the trace and profile rounds. */
  probeText: string;
  rounds: number;
  paceMs: number;
  opens: number;
  library10kDir: string | null;
  searchQuery: string;
  /** Also time opens with a candidate fix injected as a style sheet (not part of the app). */
  experiments: boolean;
}

/**
 * The candidate fix for open time, tried from outside the app: blocks far off
 * screen skip layout and paint until scrolled near (they keep an estimated size).
 */
export const CONTENT_VISIBILITY_CSS = '.body-editor > * { content-visibility: auto; contain-intrinsic-size: auto 6em; }';

export async function runBrowserCases(plan: BrowserPlan, log: (line: string) => void): Promise<BrowserResults> {
  const { repoRoot, docs } = plan;
  const libraryDir = tempDir('qelem-bench-app-');
  const docJson = new Map<string, string>(Object.entries(docs).map(([lang, content]) => [lang, JSON.stringify(content.body)]));
  // Whatever has started is stopped again, however far the cases got.
  let hostToStop: AppHost | null = null;
  let serverToClose: { close(): Promise<void> } | null = null;
  let browserToClose: Browser | null = null;
  try {
    const host = await startAppHost(repoRoot, libraryDir);
    hostToStop = host;
    const baselineServer = await startStaticServer(path.join(repoRoot, 'out/bench/baseline'), docJson);
    serverToClose = baselineServer;
    const browser = await launchBrowser();
    browserToClose = browser;
    const article = await host.api('createArticle', { sourceLang: 'ckb' });
    await host.api('saveVersion', { id: article.id, lang: 'ckb', baseRevision: 1, content: docs.ckb });
    const minChars = Math.floor(textLength(docs.ckb) * 0.99);

    // --- Both pages: the app on its library screen, the baseline with no editor yet.
    const app = await benchPage(browser);
    await signIn(app.page, host.url);
    await app.page.getByRole('button', { name: 'New article' }).waitFor();
    const base = await benchPage(browser);
    await base.page.goto(baselineServer.url);
    await base.page.waitForFunction(() => window.baseline !== undefined);
    await sleep(500);
    const appLibraryOnly = await heapSamples(app.cdp, 3);
    const baselineEmptyHeap = await heapSamples(base.cdp, 3);

    // --- Case 2: opening the article, the first time (cold: that code has not run yet), then again and
    // again, app and baseline in turns.
    log('bench: opening the 10,000-word article');
    const openApp = () => openAndWait(app.page, { mode: 'app', id: article.id, lang: 'ckb', langs: ['ckb'], minChars });
    const openBase = () => openAndWait(base.page, { mode: 'baseline', id: '', lang: 'ckb', langs: ['ckb'], minChars });
    const closeBase = async () => {
      await base.page.evaluate(() => window.baseline?.close());
      await sleep(200);
    };
    const appCold = await openApp();
    const baselineCold = await openBase();
    const appOpens: number[] = [];
    const baselineOpens: number[] = [];
    for (let i = 0; i < plan.opens; i++) {
      await backToLibrary(app.page);
      await closeBase();
      if (i % 2 === 0) {
        appOpens.push(await openApp());
        baselineOpens.push(await openBase());
      } else {
        baselineOpens.push(await openBase());
        appOpens.push(await openApp());
      }
    }

    // Where an open's time goes: one traced open of each, and when the app's request ends in a few more.
    await backToLibrary(app.page);
    await browser.startTracing(app.page, { categories: TRACE_CATEGORIES });
    await openApp();
    const appOpenTrace = summarizeTrace((await browser.stopTracing()).toString('utf8'));
    await closeBase();
    await browser.startTracing(base.page, { categories: TRACE_CATEGORIES });
    await openBase();
    const baseOpenTrace = summarizeTrace((await browser.stopTracing()).toString('utf8'));
    const appOpenRequests: number[] = [];
    for (let i = 0; i < 3; i++) {
      await backToLibrary(app.page);
      appOpenRequests.push((await openAndWaitDetailed(app.page, { mode: 'app', id: article.id, lang: 'ckb', langs: ['ckb'], minChars })).request);
    }

    let openContentVisibility: BrowserResults['openContentVisibility'] = null;
    if (plan.experiments) {
      log('bench: experiment: opens with content-visibility: auto on the body blocks');
      openContentVisibility = { app: [], baseline: [] };
      // A constructed style sheet: the app's CSP (style-src 'self') refuses inline <style>, not the CSSOM.
      for (const page of [app.page, base.page]) {
        await page.evaluate((css) => {
          const sheet = new CSSStyleSheet();
          sheet.replaceSync(css);
          document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        }, CONTENT_VISIBILITY_CSS);
      }
      for (let i = 0; i < plan.opens; i++) {
        await backToLibrary(app.page);
        openContentVisibility.app.push(await openApp());
        await closeBase();
        openContentVisibility.baseline.push(await openBase());
      }
      // Back to the app as it is for everything else.
      await app.page.goto(`${host.origin}/`);
      await app.page.getByRole('button', { name: 'New article' }).waitFor();
      await openApp();
      await base.page.reload();
      await base.page.waitForFunction(() => window.baseline !== undefined);
      await openBase();
    }

    // --- Case 1: typing in the middle of the article, app and baseline taking turns chunk by chunk, so
    // that load from elsewhere on this shared machine falls on both alike. Each app chunk ends with its
    // autosave done, so the save never runs while the baseline is being timed.
    const chunks = [...plan.typed];
    const chunkSize = Math.ceil(chunks.length / plan.rounds);
    log(`bench: typing ${chunks.length} characters in the app and in the baseline, in ${plan.rounds} alternating chunks`);
    const appTyping: TypingSamples = { latency: [], eventTiming: [] };
    const baseTyping: TypingSamples = { latency: [], eventTiming: [] };
    const visibility: string[] = [];
    for (let round = 0; round < plan.rounds; round++) {
      const text = chunks.slice(round * chunkSize, (round + 1) * chunkSize).join('');
      const order = round % 2 === 0 ? ['app', 'baseline'] : ['baseline', 'app'];
      for (const side of order) {
        const target = side === 'app' ? app : base;
        const samples = await typingRound(target.page, target.cdp, plan.warmup, text, plan.paceMs, round === 0);
        const into = side === 'app' ? appTyping : baseTyping;
        into.latency.push(...samples.latency);
        into.eventTiming.push(...samples.eventTiming);
        visibility.push(`${side}: ${await target.page.evaluate(() => `${document.visibilityState}${document.hasFocus() ? ', focused' : ''}`)}`);
        if (side === 'app') await waitSaved(app.page);
      }
    }

    // --- Where a keystroke's time goes: a trace of both, and a CPU profile of both.
    log('bench: tracing and profiling keystrokes');
    const appTrace = await traceTyping(browser, app.page, app.cdp, plan.warmup, plan.probeText, plan.paceMs);
    await waitSaved(app.page);
    const baseTrace = await traceTyping(browser, base.page, base.cdp, plan.warmup, plan.probeText, plan.paceMs);

    // The app profiled with an unminified build of the same renderer, so functions have their names.
    const profiled = await benchPage(browser);
    const profileAssets = path.join(repoRoot, 'out/bench/renderer-profile/assets');
    const profileJsFile = readdirSync(profileAssets).find((file) => /^index-.*\.js$/.test(file));
    if (!profileJsFile) throw new Error('out/bench/renderer-profile has no index-*.js: the profile build is missing');
    const profileJs = readFileSync(path.join(profileAssets, profileJsFile), 'utf8');
    await profiled.context.route(/\/assets\/index-[^/]+\.js$/, (route) => route.fulfill({ status: 200, contentType: 'text/javascript; charset=utf-8', body: profileJs }));
    await signIn(profiled.page, host.url);
    await profiled.page.getByRole('button', { name: 'New article' }).waitFor();
    await openAndWait(profiled.page, { mode: 'app', id: article.id, lang: 'ckb', langs: ['ckb'], minChars });
    const appRegions = regionMap(profileJs);
    const locateApp = (url: string, line: number) => (/\/assets\/index-[^/]+\.js$/.test(url) ? appRegions(line) : null);
    // One open profiled (after a first one has warmed the code up).
    await backToLibrary(profiled.page);
    await profiled.cdp.send('Profiler.enable');
    await profiled.cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await profiled.cdp.send('Profiler.start');
    await openAndWait(profiled.page, { mode: 'app', id: article.id, lang: 'ckb', langs: ['ckb'], minChars });
    const { profile: rawOpenProfile } = (await profiled.cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    await profiled.cdp.send('Profiler.disable');
    const appOpenProfile = summarizeProfile(rawOpenProfile, locateApp, 25);
    const appProfile = await profileTyping(profiled.page, profiled.cdp, plan.warmup, plan.probeText, plan.paceMs, (url, line) => (/\/assets\/index-[^/]+\.js$/.test(url) ? appRegions(line) : null));
    await waitSaved(profiled.page);
    await profiled.context.close();
    const baseFile = readdirSync(path.join(repoRoot, 'out/bench/baseline/assets')).find((file) => file.endsWith('.js'));
    const baseRegions = regionMap(baseFile ? readFileSync(path.join(repoRoot, 'out/bench/baseline/assets', baseFile), 'utf8') : '');
    const baseProfile = await profileTyping(base.page, base.cdp, plan.warmup, plan.probeText, plan.paceMs, (url, line) => (url.endsWith('.js') ? baseRegions(line) : null));

    // --- Case 5a: the article in all three languages; opened, every tab shown, then the heap.
    log('bench: the article in three languages: open times and heap');
    let current = await host.api('getArticle', { id: article.id });
    for (const lang of ['en', 'kmr'] as const) {
      await host.api('saveVersion', { id: article.id, lang, baseRevision: current.versions[lang]?.revision ?? 0, content: docs[lang] });
    }
    current = await host.api('getArticle', { id: article.id });
    const threeOpens: number[] = [];
    const baseThreeOpens: number[] = [];
    const threeRuns = Math.max(3, Math.ceil(plan.opens / 2));
    for (let i = 0; i < threeRuns; i++) {
      await backToLibrary(app.page);
      threeOpens.push(await openAndWait(app.page, { mode: 'app', id: article.id, lang: 'ckb', langs: ['ckb'], minChars }));
      await base.page.evaluate(() => window.baseline?.close());
      await sleep(200);
      baseThreeOpens.push(await openAndWait(base.page, { mode: 'baseline', id: '', lang: 'ckb', langs: ['ckb', 'en', 'kmr'], minChars }));
    }
    for (const lang of ['en', 'kmr', 'ckb'] as const) {
      await app.page.locator(`#tab-${lang}`).click();
      await app.page.locator(`#panel-${lang} .body-editor`).waitFor({ state: 'visible' });
      await base.page.evaluate((shown) => window.baseline?.show(shown), lang);
      await sleep(300);
    }
    await sleep(500);
    const appHeap = await heapSamples(app.cdp, 5);
    const baseHeap = await heapSamples(base.cdp, 5);
    await app.context.close();
    await base.context.close();

    // --- Case 5b and HTTP timings: browser mode on the 10,000-article library, against an empty one.
    let rss: BrowserResults['rss'] = null;
    let http: BrowserResults['http'] = null;
    if (plan.library10kDir) {
      log('bench: browser mode on the 10,000-article library');
      const measureHost = async (dir: string, timeHttp: boolean) => {
        const big = await startAppHost(repoRoot, dir);
        try {
          const page = await benchPage(browser);
          await signIn(page.page, big.url);
          await page.page.getByRole('button', { name: 'New article' }).waitFor();
          // The library as a user meets it: the first page listed, then a search typed into the box.
          await page.page.getByRole('searchbox').fill(plan.searchQuery);
          await page.page.locator('.count, .empty').first().waitFor();
          await sleep(1_000);
          const timings = { list: [] as number[], search: [] as number[], save: [] as number[] };
          if (timeHttp) {
            for (let i = 0; i < 20; i++) {
              let t = performance.now();
              await big.api('listArticles', {});
              timings.list.push(performance.now() - t);
              t = performance.now();
              await big.api('searchArticles', { query: plan.searchQuery });
              timings.search.push(performance.now() - t);
            }
          } else {
            await big.api('listArticles', {});
            await big.api('searchArticles', { query: plan.searchQuery });
          }
          const samples: number[] = [];
          for (let i = 0; i < 5; i++) {
            samples.push(big.memory().rssMb);
            await sleep(200);
          }
          await page.context.close();
          return { samples, peak: big.memory().peakMb, timings };
        } finally {
          await big.stop();
        }
      };
      const emptyDir = tempDir('qelem-bench-empty-');
      try {
        const large = await measureHost(plan.library10kDir, true);
        const empty = await measureHost(emptyDir, false);
        rss = { library10k: large.samples, library10kPeak: large.peak, empty: empty.samples, emptyPeak: empty.peak };
        http = large.timings;
      } finally {
        removeDir(emptyDir);
      }
    }

    // Autosave over loopback HTTP, as the renderer sends it (JSON body, token, host, service).
    if (http) {
      let revision = current.versions.ckb?.revision ?? 0;
      for (let i = 0; i < 15; i++) {
        const t = performance.now();
        revision = (await host.api('saveVersion', { id: article.id, lang: 'ckb', baseRevision: revision, content: docs.ckb })).revision;
        http.save.push(performance.now() - t);
      }
    }

    return {
      keystroke: { app: appTyping, baseline: baseTyping },
      open: { appCold, app: appOpens, baselineCold, baseline: baselineOpens, appRequest: appOpenRequests, trace: { app: appOpenTrace, baseline: baseOpenTrace } },
      openThree: { app: threeOpens, baseline: baseThreeOpens },
      openContentVisibility,
      trace: { app: appTrace, baseline: baseTrace },
      profile: { app: appProfile.profile, baseline: baseProfile.profile, appRaw: appProfile.raw, appOpen: appOpenProfile },
      heap: { app: appHeap, baseline: baseHeap, appLibraryOnly, baselineEmpty: baselineEmptyHeap },
      rss,
      http,
      visibility,
    };
  } finally {
    await browserToClose?.close();
    await serverToClose?.close();
    await hostToStop?.stop();
    removeDir(libraryDir);
  }
}
