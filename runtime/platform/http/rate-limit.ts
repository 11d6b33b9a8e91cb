import { ApiError } from './errors.js';

/** A fixed window per key (the client's address): at most `limit` requests a minute, then 429. */
export class RateLimit {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  take(key: string, now = Date.now()): void {
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.windows.clear(); // bounded memory under a flood of addresses
      this.windows.set(key, { start: now, count: 1 });
      return;
    }
    if (++w.count > this.limit) throw new ApiError(429, 'TOO_MANY_REQUESTS', 'too many requests from this address; try again in a minute');
  }
}
