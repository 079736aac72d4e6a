/** Summaries of repeated measurements: medians and p95, never a single run. */

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

export function summarize(samples: readonly number[]): Summary {
  // One sort for both ranks, and the ends read from it: a spread of a million samples (the load cases) overflows the stack.
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(Math.max(1, Math.ceil((p / 100) * sorted.length)), sorted.length) - 1] as number;
  return {
    n: sorted.length,
    median: sorted.length ? rank(50) : NaN,
    p95: sorted.length ? rank(95) : NaN,
    min: sorted.length ? (sorted[0] as number) : NaN,
    max: sorted.length ? (sorted[sorted.length - 1] as number) : NaN,
  };
}

export const ratio = (a: number, b: number) => (b > 0 ? a / b : NaN);

/** Milliseconds since an arbitrary origin, sub-millisecond. */
export const now = () => performance.now();

/** Times `fn` once, in milliseconds. */
export async function timed(fn: () => unknown): Promise<number> {
  const start = now();
  await fn();
  return now() - start;
}

/** Wall time and this process's CPU time (user + system, all threads) of one call, in milliseconds. */
export async function timedWithCpu(fn: () => unknown): Promise<{ wall: number; cpu: number }> {
  const cpuStart = process.cpuUsage();
  const start = now();
  await fn();
  const wall = now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

export interface Paired {
  a: number[];
  b: number[];
  /** CPU time of the same calls: on a shared machine it does not grow while another process holds the core, but it leaves out waiting for the disk. */
  aCpu: number[];
  bCpu: number[];
}

/**
 * Runs `a` and `b` alternately `rounds` times after `warmup` untimed rounds,
 * so that noise from the shared machine falls on both alike.
 */
export async function alternate(rounds: number, warmup: number, a: () => unknown, b: () => unknown): Promise<Paired> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const out: Paired = { a: [], b: [], aCpu: [], bCpu: [] };
  const run = async (fn: () => unknown, wall: number[], cpu: number[]) => {
    const t = await timedWithCpu(fn);
    wall.push(t.wall);
    cpu.push(t.cpu);
  };
  for (let i = 0; i < rounds; i++) {
    // Swap the order every round: whichever goes first must not always pay for a cold cache.
    if (i % 2 === 0) {
      await run(a, out.a, out.aCpu);
      await run(b, out.b, out.bCpu);
    } else {
      await run(b, out.b, out.bCpu);
      await run(a, out.a, out.aCpu);
    }
  }
  return out;
}

/** A plain-text table: a header, a rule, the rows; each column as wide as its widest cell. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => widths.map((w, i) => (cells[i] ?? '').padEnd(w)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}
