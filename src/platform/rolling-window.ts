const windowMs = 60_000;

export interface RateVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until the oldest counted request leaves the window. */
  resetSeconds: number;
}

/** A per-caller throttle over a rolling 60 s window (Cal.com's, and the JSON API's per token); refused requests are not counted. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly limit: number) {}

  hit(caller: string, nowMs: number): RateVerdict {
    let recent = this.hits.get(caller);
    if (!recent) {
      recent = [];
      this.hits.set(caller, recent);
    }
    // Oldest first: only the front can have left the window (a high limit keeps many times).
    let expired = 0;
    while (expired < recent.length && recent[expired]! <= nowMs - windowMs) expired++;
    if (expired > 0) recent.splice(0, expired);
    const allowed = recent.length < this.limit;
    if (allowed) recent.push(nowMs);
    const oldest = recent[0] ?? nowMs;
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, this.limit - recent.length),
      resetSeconds: Math.max(0, Math.ceil((oldest + windowMs - nowMs) / 1000)),
    };
  }
}
