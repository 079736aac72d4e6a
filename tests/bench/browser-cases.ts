import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { fromBase64, toBase64 } from 'lib0/buffer';
import { versionDocName } from '../../shared/collab/doc-names';
import type { LanguageKey } from '../../shared/languages';
import type { VersionInput } from './corpus';
import { signIn } from '../browser-mode';
import { startAppHost, startStaticServer, type AppHost } from './hosts';
import { regionMap, summarizeProfile, summarizeTrace, type CpuProfile, type ProfileSummary, type TraceSummary } from './profile';
import { Typist } from '../collab-typist';
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
    baseline?: { open(langs: LanguageKey[], active: LanguageKey, mode?: 'json' | 'bound'): Promise<void>; show(lang: LanguageKey): void; close(): void };
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

type OpenMode = 'app' | 'baseline' | 'bound';

/**
 * Measured inside the page: from the moment the article is asked for (the
 * app: its URL; the baseline: its open(), from JSON or, bound, from the
 * document) to the frame in which the visible body is editable, visible and
 * holds (nearly) all its text has been produced.
 */
async function openAndWait(page: Page, args: { mode: OpenMode; id: string; lang: LanguageKey; langs: LanguageKey[]; minChars: number }): Promise<number> {
  return (await openAndWaitDetailed(page, args)).total;
}

/**
 * As openAndWait, plus when the open's requests ended (Resource Timing, ms
 * from the start): the app's getArticle (the article's rows) and
 * openDocument (the version's document); the baseline's document fetch.
 */
async function openAndWaitDetailed(page: Page, args: { mode: OpenMode; id: string; lang: LanguageKey; langs: LanguageKey[]; minChars: number }): Promise<{ total: number; request: number; documentRequest: number }> {
  return page.evaluate(async ({ mode, id, lang, langs, minChars }) => {
    performance.clearResourceTimings();
    const started = performance.now();
    if (mode === 'app') window.location.hash = `#/article/${id}/${lang}`;
    else void window.baseline?.open(langs, lang, mode === 'bound' ? 'bound' : 'json');
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
    const entries = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const end = (pattern: RegExp) => {
      const matching = entries.filter((entry) => pattern.test(entry.name));
      return matching.length > 0 ? Math.max(...matching.map((entry) => entry.responseEnd)) - started : NaN;
    };
    return { total, request: end(/\/api\/getArticle$|\/docs\/[a-z]+\.json$/), documentRequest: end(/\/api\/openDocument$|\/docs\/[a-z]+\.yjs$/) };
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
  /** app: the editor bound to its replica, every keystroke pushed; baseline: bare Lexical; bound: bare Lexical bound to a Y.Doc by the app's binding (nothing sent). */
  keystroke: { app: TypingSamples; baseline: TypingSamples; bound: TypingSamples };
  open: {
    appCold: number;
    app: number[];
    baselineCold: number;
    baseline: number[];
    boundCold: number;
    bound: number[];
    /** When the app's getArticle and openDocument requests ended, ms into an open. */
    appRequest: number[];
    appDocumentRequest: number[];
    trace: { app: TraceSummary; baseline: TraceSummary } | null;
  };
  openThree: { app: number[]; baseline: number[] } | null;
  /** Opens with CONTENT_VISIBILITY_CSS injected, when plan.experiments. */
  openContentVisibility: { app: number[]; baseline: number[] } | null;
  trace: { app: TraceSummary; baseline: TraceSummary; bound: TraceSummary };
  profile: { app: ProfileSummary; baseline: ProfileSummary; appRaw: CpuProfile; appOpen: ProfileSummary } | null;
  heap: { app: number[]; baseline: number[]; appLibraryOnly: number[]; baselineEmpty: number[] } | null;
  rss: { library10k: number[]; library10kPeak: number; empty: number[]; emptyPeak: number } | null;
  http: { list: number[]; search: number[] } | null;
  /** pushDocument of one keystroke over loopback HTTP, with a session of its own (an event stream), as a browser-mode page sends it. */
  httpPush: number[];
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
  /** 'documents': only keystrokes, opens and the HTTP push (--documents-only): no traces, profiles, three versions, heap or library. */
  scope: 'all' | 'documents';
}

/**
 * The candidate fix for open time, tried from outside the app: blocks far off
 * screen skip layout and paint until scrolled near (they keep an estimated size).
 */
export const CONTENT_VISIBILITY_CSS = '.body-editor > * { content-visibility: auto; contain-intrinsic-size: auto 6em; }';

export async function runBrowserCases(plan: BrowserPlan, log: (line: string) => void): Promise<BrowserResults> {
  const { repoRoot, docs } = plan;
  const everything = plan.scope === 'all';
  const libraryDir = tempDir('qelem-bench-app-');
  const docFiles = new Map<string, string | Uint8Array>(Object.entries(docs).map(([lang, content]) => [`${lang}.json`, JSON.stringify(content.body)]));
  // Whatever has started is stopped again, however far the cases got.
  let hostToStop: AppHost | null = null;
  let serverToClose: { close(): Promise<void> } | null = null;
  let browserToClose: Browser | null = null;
  try {
    const host = await startAppHost(repoRoot, libraryDir);
    hostToStop = host;
    const article = await host.api('createArticle', { sourceLang: 'ckb' });
    await host.api('saveVersion', { id: article.id, lang: 'ckb', baseRevision: 1, content: docs.ckb });
    // The version's document as the library holds it, for the bound baseline: what the app's replica opens.
    const fetched = await host.openSession();
    try {
      const opened = await host.api('openDocument', { session: fetched.session, name: versionDocName(article.id, 'ckb'), stateVector: 'AA==' });
      docFiles.set('ckb.yjs', fromBase64(opened.update));
    } finally {
      fetched.close();
    }
    const baselineServer = await startStaticServer(path.join(repoRoot, 'out/bench/baseline'), docFiles);
    serverToClose = baselineServer;
    const browser = await launchBrowser();
    browserToClose = browser;
    const minChars = Math.floor(textLength(docs.ckb) * 0.99);

    // --- The pages: the app on its library screen, the baseline and the bound baseline with no editor yet.
    const app = await benchPage(browser);
    await signIn(app.page, host.url);
    await app.page.getByRole('button', { name: 'New article' }).waitFor();
    const base = await benchPage(browser);
    await base.page.goto(baselineServer.url);
    await base.page.waitForFunction(() => window.baseline !== undefined);
    const bound = await benchPage(browser);
    await bound.page.goto(baselineServer.url);
    await bound.page.waitForFunction(() => window.baseline !== undefined);
    await sleep(500);
    const appLibraryOnly = everything ? await heapSamples(app.cdp, 3) : [];
    const baselineEmptyHeap = everything ? await heapSamples(base.cdp, 3) : [];

    // --- Case 2: opening the article, the first time (cold: that code has not run yet), then again and
    // again, app and baselines in turns.
    log('bench: opening the 10,000-word article');
    const openApp = () => openAndWait(app.page, { mode: 'app', id: article.id, lang: 'ckb', langs: ['ckb'], minChars });
    const openBase = () => openAndWait(base.page, { mode: 'baseline', id: '', lang: 'ckb', langs: ['ckb'], minChars });
    const openBound = () => openAndWait(bound.page, { mode: 'bound', id: '', lang: 'ckb', langs: ['ckb'], minChars });
    const closeBaseline = async (page: Page) => {
      await page.evaluate(() => window.baseline?.close());
      await sleep(200);
    };
    const closeBase = () => closeBaseline(base.page);
    const appCold = await openApp();
    const baselineCold = await openBase();
    const boundCold = await openBound();
    const appOpens: number[] = [];
    const baselineOpens: number[] = [];
    const boundOpens: number[] = [];
    for (let i = 0; i < plan.opens; i++) {
      await backToLibrary(app.page);
      await closeBase();
      await closeBaseline(bound.page);
      const steps = [async () => appOpens.push(await openApp()), async () => baselineOpens.push(await openBase()), async () => boundOpens.push(await openBound())];
      // A different order every time: none always goes first.
      for (let s = 0; s < steps.length; s++) await (steps[(s + i) % steps.length] as () => Promise<number>)();
    }

    // Where an open's time goes: one traced open of each, and when the app's requests end in a few more.
    let openTrace: BrowserResults['open']['trace'] = null;
    if (everything) {
      await backToLibrary(app.page);
      await browser.startTracing(app.page, { categories: TRACE_CATEGORIES });
      await openApp();
      const appOpenTrace = summarizeTrace((await browser.stopTracing()).toString('utf8'));
      await closeBase();
      await browser.startTracing(base.page, { categories: TRACE_CATEGORIES });
      await openBase();
      openTrace = { app: appOpenTrace, baseline: summarizeTrace((await browser.stopTracing()).toString('utf8')) };
    }
    const appOpenRequests: number[] = [];
    const appDocumentRequests: number[] = [];
    for (let i = 0; i < 3; i++) {
      await backToLibrary(app.page);
      const detail = await openAndWaitDetailed(app.page, { mode: 'app', id: article.id, lang: 'ckb', langs: ['ckb'], minChars });
      appOpenRequests.push(detail.request);
      appDocumentRequests.push(detail.documentRequest);
    }

    let openContentVisibility: BrowserResults['openContentVisibility'] = null;
    if (plan.experiments && everything) {
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

    // --- Case 1: typing in the middle of the article, app and baselines taking turns chunk by chunk, so
    // that load from elsewhere on this shared machine falls on all alike. The app pushes every keystroke
    // to the host as it is typed; each app chunk ends with every push acknowledged ("Saved"), so none
    // runs while a baseline is being timed.
    const chunks = [...plan.typed];
    const chunkSize = Math.ceil(chunks.length / plan.rounds);
    log(`bench: typing ${chunks.length} characters in the app and in both baselines, in ${plan.rounds} alternating chunks`);
    const sides = { app, baseline: base, bound } as const;
    const typing: Record<keyof typeof sides, TypingSamples> = { app: { latency: [], eventTiming: [] }, baseline: { latency: [], eventTiming: [] }, bound: { latency: [], eventTiming: [] } };
    const visibility: string[] = [];
    const order: (keyof typeof sides)[] = ['app', 'baseline', 'bound'];
    for (let round = 0; round < plan.rounds; round++) {
      const text = chunks.slice(round * chunkSize, (round + 1) * chunkSize).join('');
      for (let s = 0; s < order.length; s++) {
        const side = order[(s + round) % order.length] as keyof typeof sides;
        const target = sides[side];
        const samples = await typingRound(target.page, target.cdp, plan.warmup, text, plan.paceMs, round === 0);
        typing[side].latency.push(...samples.latency);
        typing[side].eventTiming.push(...samples.eventTiming);
        visibility.push(`${side}: ${await target.page.evaluate(() => `${document.visibilityState}${document.hasFocus() ? ', focused' : ''}`)}`);
        if (side === 'app') await waitSaved(app.page);
      }
    }

    // --- Where a keystroke's time goes: a trace of each side (in both scopes: the work per keystroke is
    // what issue 14's ratio is about), then a CPU profile of the app and the baseline.
    log('bench: tracing keystrokes');
    const traceApp = await traceTyping(browser, app.page, app.cdp, plan.warmup, plan.probeText, plan.paceMs);
    await waitSaved(app.page);
    const baseTrace = await traceTyping(browser, base.page, base.cdp, plan.warmup, plan.probeText, plan.paceMs);
    const boundTrace = await traceTyping(browser, bound.page, bound.cdp, plan.warmup, plan.probeText, plan.paceMs);
    const appTrace: BrowserResults['trace'] = { app: traceApp, baseline: baseTrace, bound: boundTrace };
    await bound.context.close();

    let profile: BrowserResults['profile'] = null;
    if (everything) {
      log('bench: profiling keystrokes');

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
      const appProfile = await profileTyping(profiled.page, profiled.cdp, plan.warmup, plan.probeText, plan.paceMs, locateApp);
      await waitSaved(profiled.page);
      await profiled.context.close();
      const baseFile = readdirSync(path.join(repoRoot, 'out/bench/baseline/assets')).find((file) => file.endsWith('.js'));
      const baseRegions = regionMap(baseFile ? readFileSync(path.join(repoRoot, 'out/bench/baseline/assets', baseFile), 'utf8') : '');
      const baseProfile = await profileTyping(base.page, base.cdp, plan.warmup, plan.probeText, plan.paceMs, (url, line) => (url.endsWith('.js') ? baseRegions(line) : null));
      profile = { app: appProfile.profile, baseline: baseProfile.profile, appRaw: appProfile.raw, appOpen: appOpenProfile };
    }

    // --- Case 5a: the article in all three languages; opened, every tab shown, then the heap.
    let openThree: BrowserResults['openThree'] = null;
    let heap: BrowserResults['heap'] = null;
    if (everything) {
      log('bench: the article in three languages: open times and heap');
      const current = await host.api('getArticle', { id: article.id });
      for (const lang of ['en', 'kmr'] as const) {
        await host.api('saveVersion', { id: article.id, lang, baseRevision: current.versions[lang]?.revision ?? 0, content: docs[lang] });
      }
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
      openThree = { app: threeOpens, baseline: baseThreeOpens };
      heap = { app: await heapSamples(app.cdp, 5), baseline: await heapSamples(base.cdp, 5), appLibraryOnly, baselineEmpty: baselineEmptyHeap };
    }
    await app.context.close();
    await base.context.close();

    // --- A keystroke pushed over loopback HTTP, as a browser-mode page sends it (JSON body, token, host,
    // service), the page's session held by an event stream; the keystrokes typed by a replica in the runner.
    log('bench: pushing keystrokes over loopback HTTP');
    const httpPush: number[] = [];
    const pusher = await host.openSession();
    const typist = new Typist('ckb');
    try {
      const name = versionDocName(article.id, 'ckb');
      const opened = await host.api('openDocument', { session: pusher.session, name, stateVector: 'AA==' });
      typist.receive(fromBase64(opened.update));
      typist.place(Math.floor(typist.blocks / 2), 0.5);
      const keys = [...plan.probeText];
      for (const [i, char] of keys.entries()) {
        const made = typist.key(char);
        // A mark the editor's Kurdish normalisation drops changes nothing: nothing to send.
        if (!made) continue;
        const update = toBase64(made);
        const t = performance.now();
        await host.api('pushDocument', { session: pusher.session, name, update });
        if (i >= 5) httpPush.push(performance.now() - t);
        // At most one keystroke in flight, at a typist's pace.
        await sleep(plan.paceMs);
      }
    } finally {
      typist.dispose();
      pusher.close();
    }

    // --- Case 5b and HTTP timings: browser mode on the 10,000-article library, against an empty one.
    let rss: BrowserResults['rss'] = null;
    let http: BrowserResults['http'] = null;
    if (plan.library10kDir && everything) {
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
          const timings = { list: [] as number[], search: [] as number[] };
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

    return {
      keystroke: typing,
      open: { appCold, app: appOpens, baselineCold, baseline: baselineOpens, boundCold, bound: boundOpens, appRequest: appOpenRequests, appDocumentRequest: appDocumentRequests, trace: openTrace },
      openThree,
      openContentVisibility,
      trace: appTrace,
      profile,
      heap,
      rss,
      http,
      httpPush,
      visibility,
    };
  } finally {
    await browserToClose?.close();
    await serverToClose?.close();
    await hostToStop?.stop();
    removeDir(libraryDir);
  }
}
