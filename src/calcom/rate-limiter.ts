import { createHash } from "node:crypto";

/**
 * Keeps one API key under Cal.com's limit (120 requests per 60 s). Cal.com locks a
 * key that bursts past it for 60 s, so the client waits instead of sending a request that would
 * be throttled.
 */
export interface RateLimiter {
  /**
   * Waits until one more request may be sent and counts it. Resolves false, without waiting,
   * when that would take longer than `maxWaitMs` (a caller on the phone cannot wait a minute).
   */
  acquire(maxWaitMs: number): Promise<boolean>;
  /** Takes Cal.com's own count from `X-RateLimit-Remaining-*` / `X-RateLimit-Reset-*`. */
  observe(headers: Headers): void;
}

export interface RateLimiterOptions {
  limit?: number;
  windowMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

export const defaultRateLimit = { limit: 120, windowMs: 60_000 };

export const realSleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

/**
 * The unit of `X-RateLimit-Reset-*` is unverified: values above 1000 are read as
 * milliseconds, smaller ones as seconds.
 */
export function resetToMs(value: number): number {
  return value > 1000 ? value : value * 1000;
}

/** A rolling window of send times, plus whatever the server last said about the remaining budget. */
export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const limit = options.limit ?? defaultRateLimit.limit;
  const windowMs = options.windowMs ?? defaultRateLimit.windowMs;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  const sent: number[] = [];
  // Cal.com's view wins when it is stricter: other processes may share the key.
  let server: { remaining: number; resetAt: number } | null = null;

  function waitNeeded(at: number): number {
    while (sent.length > 0 && sent[0]! <= at - windowMs) sent.shift();
    const windowWait = sent.length >= limit ? sent[sent.length - limit]! + windowMs - at : 0;
    if (server && at >= server.resetAt) server = null;
    const serverWait = server && server.remaining <= 0 ? server.resetAt - at : 0;
    return Math.max(windowWait, serverWait, 0);
  }

  return {
    async acquire(maxWaitMs) {
      const deadline = now() + maxWaitMs;
      // Re-check after every sleep: concurrent callers may have taken the freed slot.
      for (;;) {
        const at = now();
        const wait = waitNeeded(at);
        if (wait === 0) {
          sent.push(at);
          if (server) server.remaining -= 1;
          return true;
        }
        if (at + wait > deadline) return false;
        await sleep(wait);
      }
    },
    observe(headers) {
      let remaining: number | null = null;
      let resetMs: number | null = null;
      for (const [name, value] of headers) {
        const match = /^x-ratelimit-(remaining|reset)-(.+)$/.exec(name);
        const n = Number(value);
        if (!match || value.trim() === "" || !Number.isFinite(n)) continue;
        if (match[1] === "remaining") remaining = Math.min(remaining ?? n, n);
        else resetMs = Math.max(resetMs ?? 0, resetToMs(n));
      }
      if (remaining === null) return;
      // A blocked key stays blocked for 60 s: without a reset hint assume a full window, and never
      // trust a hint to wait longer than one.
      server = { remaining, resetAt: now() + Math.min(resetMs ?? windowMs, windowMs) };
    },
  };
}

/** The limiter for one API key at one Cal.com host; `limit` is per minute. */
export type RateLimiterRegistry = (
  baseUrl: string,
  apiKey: string | null,
  limit?: number,
) => RateLimiter;

/**
 * One limiter per API key and host, created on first use; all clients for that key share it
 * (a key can have a custom limit on Cal.com's side, so the limit is part of the identity).
 */
export function createRateLimiterRegistry(): RateLimiterRegistry {
  const registry = new Map<string, RateLimiter>();
  return (baseUrl, apiKey, limit = defaultRateLimit.limit) => {
    // Keyed by a digest so the map never holds the key itself.
    const keyId = apiKey ? createHash("sha256").update(apiKey).digest("hex") : "anonymous";
    const id = `${new URL(baseUrl).origin}|${keyId}|${limit}`;
    let limiter = registry.get(id);
    if (!limiter) {
      limiter = createRateLimiter({ limit });
      registry.set(id, limiter);
    }
    return limiter;
  };
}

/** The process-wide registry: every client of this process shares a key's budget. */
export const sharedRateLimiter: RateLimiterRegistry = createRateLimiterRegistry();
