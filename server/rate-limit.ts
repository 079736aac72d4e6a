import { createHash } from 'node:crypto';

/**
 * Slows down token guessing. Wrong tokens are counted per remote address;
 * the first `freeFailures` cost nothing, after that every attempt from the
 * address (right or wrong) first waits, twice as long per further failure up
 * to `maxDelayMs`. Attempts in the penalty also queue one behind the other
 * (never longer than `maxDelayMs`), so opening many connections at once does
 * not get more guesses through. A right token clears the address; so does
 * `windowMs` without a failure.
 *
 * A failure is a *different* wrong token: a desktop still holding a replaced
 * token sends that same token for every document it opens, on every
 * reconnect; counting each of those would put a whole newsroom behind one
 * office address in the penalty. Guessing means new tokens, and each one
 * counts.
 */
export interface RateLimitOptions {
  /** Failures that cost nothing. */
  readonly freeFailures: number;
  /** A quiet time after which an address's failures are forgotten. */
  readonly windowMs: number;
  /** The wait after the first failure past the free ones; doubles with each further failure. */
  readonly baseDelayMs: number;
  /** The longest wait, also for an attempt queued behind others. */
  readonly maxDelayMs: number;
  /** Addresses remembered at most (the oldest are dropped first). */
  readonly maxAddresses: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = {
  freeFailures: 5,
  windowMs: 15 * 60_000,
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxAddresses: 10_000,
};

/** Different wrong tokens remembered per address: past this many the delay is at its maximum anyway. */
const MAX_KEYS = 32;

/** The key `failed` counts a wrong token by: a prefix of its hash (the token itself is kept nowhere). */
export function failureKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex').slice(0, 16);
}

interface Entry {
  failures: number;
  /** Keys (hash prefixes) of the wrong tokens counted, to count each once. */
  keys: Set<string>;
  lastFailureAt: number;
  /** When the last queued attempt is let through. */
  nextSlotAt: number;
}

export class FailureLimiter {
  private readonly entries = new Map<string, Entry>();
  readonly options: RateLimitOptions;

  constructor(
    options: Partial<RateLimitOptions> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.options = { ...DEFAULT_RATE_LIMIT, ...options };
  }

  /**
   * How long an attempt from `address` made now must wait (0 outside the
   * penalty). Reserves its place in the address's queue: call once per attempt.
   */
  reserve(address: string): number {
    const entry = this.live(address);
    if (!entry) return 0;
    const delay = this.delayAfter(entry.failures);
    if (delay === 0) return 0;
    const now = this.now();
    entry.nextSlotAt = Math.min(Math.max(now, entry.nextSlotAt) + delay, now + this.options.maxDelayMs);
    return entry.nextSlotAt - now;
  }

  /** Waits as long as `reserve` says. */
  async beforeAttempt(address: string): Promise<number> {
    const wait = this.reserve(address);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return wait;
  }

  /** A wrong token from `address`; `key` names the token (a hash prefix), so that the same one counts once. */
  failed(address: string, key?: string): void {
    const now = this.now();
    const entry = this.live(address) ?? { failures: 0, keys: new Set<string>(), lastFailureAt: now, nextSlotAt: 0 };
    if (key === undefined || !entry.keys.has(key)) {
      entry.failures += 1;
      if (key !== undefined && entry.keys.size < MAX_KEYS) entry.keys.add(key);
    }
    entry.lastFailureAt = now;
    // Re-inserting keeps the map ordered by last failure, oldest first.
    this.entries.delete(address);
    this.entries.set(address, entry);
    this.prune();
  }

  succeeded(address: string): void {
    this.entries.delete(address);
  }

  /** Failures counted for `address` now. */
  failures(address: string): number {
    return this.live(address)?.failures ?? 0;
  }

  /** The wait that the next attempt after `failures` failures costs. */
  delayAfter(failures: number): number {
    const over = failures - this.options.freeFailures;
    if (over < 0) return 0;
    return Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(over, 30));
  }

  private live(address: string): Entry | undefined {
    const entry = this.entries.get(address);
    if (entry && this.now() - entry.lastFailureAt > this.options.windowMs && this.now() >= entry.nextSlotAt) {
      this.entries.delete(address);
      return undefined;
    }
    return entry;
  }

  private prune(): void {
    // Oldest last failure first (see `failed`).
    for (const address of this.entries.keys()) {
      if (this.entries.size <= this.options.maxAddresses) break;
      this.entries.delete(address);
    }
  }
}
