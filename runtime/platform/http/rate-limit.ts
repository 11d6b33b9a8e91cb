import { ApiError } from './errors.js';

/**
 * A fixed window per key (the client's address): at most `limit` requests a minute, then 429.
 * Memory stays bounded under a flood of addresses by forgetting the least recently seen ones
 * first — never everyone at once, which would hand every address a fresh budget.
 */
export class RateLimit {
  /** In order of last use: the first entry is the least recently seen. */
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly maxKeys = 10_000,
  ) {}

  take(key: string, now = Date.now()): void {
    let w = this.windows.get(key);
    this.windows.delete(key);
    if (!w || now - w.start >= this.windowMs) w = { start: now, count: 0 };
    this.windows.set(key, w);
    while (this.windows.size > this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
    if (++w.count > this.limit)
      throw new ApiError(429, 'TOO_MANY_REQUESTS', 'too many requests from this address; try again in a minute');
  }
}
