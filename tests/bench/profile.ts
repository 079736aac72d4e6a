/**
 * Summaries of what a CPU profile and a Chromium trace spent their time on:
 * the evidence behind "what dominates" in docs/performance.md.
 */

/** The parts of a DevTools-protocol CPU profile (Profiler.Profile) read here. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/**
 * Maps a 0-based line of an unminified Rolldown bundle to the module it came
 * from: Rolldown starts every module with a `// <module path>` line.
 */
export function regionMap(bundleText: string): (line: number) => string | null {
  const starts: { line: number; module: string }[] = [];
  bundleText.split('\n').forEach((text, line) => {
    const header = /^\/\/ (?:\\0)?([\w@.][^\s]*\/[^\s]*\.(?:[cm]?[jt]sx?|json))$/.exec(text);
    if (header?.[1]) starts.push({ line, module: header[1] });
  });
  return (line) => {
    let low = 0;
    let high = starts.length - 1;
    let found: string | null = null;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const start = starts[mid] as { line: number; module: string };
      if (start.line <= line) {
        found = start.module;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  };
}

/** A module path shortened to a package name (node_modules/@lexical/list/… → @lexical/list) or a repository path. */
export function moduleGroup(path: string): string {
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
  }
  const repo = /(?:^|\/)((?:renderer|shared|electron|tests)\/.+)$/.exec(path);
  return repo?.[1] ?? path;
}

export interface ProfileSummary {
  /** Profiled wall time, ms. */
  totalMs: number;
  /** Time the thread was idle, ms. */
  idleMs: number;
  /** Self time by module or package (JS), plus "(program)" (native work: in a renderer mostly style, layout and paint) and "(garbage collector)". */
  selfByModule: { name: string; ms: number; share: number }[];
  /** Functions by self time. */
  topSelf: { name: string; ms: number; share: number }[];
  /** Functions by inclusive time (each function once per sample). */
  topInclusive: { name: string; ms: number; share: number }[];
}

/**
 * Self and inclusive time per function and per module. `locate` maps a script
 * url and a 0-based line to its module (for bundles); shares are of the busy
 * (non-idle) time.
 */
export function summarizeProfile(profile: CpuProfile, locate: (url: string, line: number) => string | null, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = new Map<number, { fn: string; module: string }>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const module = url ? moduleGroup(locate(url, lineNumber) ?? url.replace(/^.*\//, '')) : functionName.startsWith('(') ? functionName : '(native)';
    label.set(node.id, { fn: functionName || '(anonymous)', module });
  }
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const modules = new Map<string, number>();
  let idleMs = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // A sample's time is the gap to the next one.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    const id = samples[i] as number;
    const own = label.get(id);
    if (!own) continue;
    if (own.fn === '(idle)') {
      idleMs += ms;
      continue;
    }
    const key = own.module === own.fn ? own.fn : `${own.fn} [${own.module}]`;
    self.set(key, (self.get(key) ?? 0) + ms);
    modules.set(own.module, (modules.get(own.module) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = label.get(at);
      const node = byId.get(at);
      if (!frame || !node || frame.fn === '(root)') continue;
      const name = frame.module === frame.fn ? frame.fn : `${frame.fn} [${frame.module}]`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  }
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const busy = Math.max(totalMs - idleMs, 1e-9);
  const rank = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms, share: ms / busy }));
  return { totalMs, idleMs, selfByModule: rank(modules, top), topSelf: rank(self, top), topInclusive: rank(inclusive, top) };
}

/** One complete event of a Chromium trace (JSON trace format). */
interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time of the event: unlike dur, it does not grow while the thread waits for a core. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { type?: string } };
}

const CATEGORY_OF: Record<string, string> = {
  EventDispatch: 'script',
  FunctionCall: 'script',
  TimerFire: 'script',
  FireAnimationFrame: 'script',
  RunMicrotasks: 'script',
  V8Execute: 'script',
  'v8.run': 'script',
  'v8.callFunction': 'script',
  'V8.Execute': 'script',
  EvaluateScript: 'script',
  UpdateLayoutTree: 'style',
  RecalculateStyles: 'style',
  ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  PaintImage: 'paint',
  Layerize: 'paint',
  UpdateLayer: 'paint',
  UpdateLayerTree: 'paint',
  CompositeLayers: 'paint',
  Commit: 'paint',
  MinorGC: 'gc',
  MajorGC: 'gc',
  'V8.GC_SCAVENGER': 'gc',
  'V8.GC_MARK_COMPACTOR': 'gc',
  BlinkGC: 'gc',
  ParseHTML: 'parse',
  HitTest: 'other input',
};

export interface TraceSummary {
  /** Main-thread busy time per category (self time), ms per keystroke (or per whatever `units` counted). */
  perKeystroke: Record<string, number>;
  /** The same, total ms over the traced window. */
  totals: Record<string, number>;
  /** The trace events with the most self time (EventDispatch with its event type), ms per unit. */
  topEvents: { name: string; ms: number }[];
  /**
   * Main-thread CPU time (tdur of top-level tasks) from each keydown to the
   * next, ms: the work a keystroke causes, not stretched by other processes
   * holding the cores. Empty when the trace has no keydown.
   */
  cpuPerKey: number[];
}

/**
 * Self time of the renderer main thread (CrRendererMain) by category: script,
 * style, layout, paint, gc and other, divided by the number of keystrokes
 * (or of whatever else the trace covered, say one open).
 */
export function summarizeTrace(traceJson: string, keystrokes = 1): TraceSummary {
  const parsed = JSON.parse(traceJson) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mainThreads = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const complete = events.filter((e) => e.ph === 'X' && e.dur !== undefined && mainThreads.has(`${e.pid}:${e.tid}`)).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const totals: Record<string, number> = {};
  const byName = new Map<string, number>();
  // Self time: an event's duration minus the events nested inside it on the same thread.
  const byThread = new Map<string, TraceEvent[]>();
  for (const event of complete) byThread.set(`${event.pid}:${event.tid}`, [...(byThread.get(`${event.pid}:${event.tid}`) ?? []), event]);
  const keydowns = complete
    .filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown')
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const cpuPerKey = keydowns.map(() => 0);
  const keyIndex = (ts: number) => {
    let low = 0;
    let high = keydowns.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if ((keydowns[mid] as number) <= ts) {
        found = mid;
        low = mid + 1;
      } else high = mid - 1;
    }
    return found;
  };
  for (const list of byThread.values()) {
    const stack: { end: number; category: string; self: number; name: string }[] = [];
    const close = (until: number) => {
      while (stack.length > 0 && (stack[stack.length - 1] as { end: number }).end <= until) {
        const done = stack.pop() as { category: string; self: number; name: string };
        totals[done.category] = (totals[done.category] ?? 0) + done.self / 1000;
        byName.set(done.name, (byName.get(done.name) ?? 0) + done.self / 1000);
      }
    };
    for (const event of list) {
      close(event.ts);
      const dur = event.dur ?? 0;
      const parentFrame = stack[stack.length - 1];
      if (parentFrame) parentFrame.self -= dur;
      else {
        const key = keyIndex(event.ts);
        if (key >= 0) cpuPerKey[key] = (cpuPerKey[key] as number) + (event.tdur ?? dur) / 1000;
      }
      // Nested events without a category of their own count for their parent's.
      const category = CATEGORY_OF[event.name] ?? parentFrame?.category ?? 'other';
      const name = event.name === 'EventDispatch' && event.args?.data?.type ? `EventDispatch ${event.args.data.type}` : event.name;
      stack.push({ end: event.ts + dur, category, self: dur, name });
    }
    close(Infinity);
  }
  const perKeystroke: Record<string, number> = {};
  for (const [category, ms] of Object.entries(totals)) perKeystroke[category] = ms / Math.max(keystrokes, 1);
  const topEvents = [...byName]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([name, ms]) => ({ name, ms: ms / Math.max(keystrokes, 1) }));
  return { perKeystroke, totals, topEvents, cpuPerKey };
}
