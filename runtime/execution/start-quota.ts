import { ApiError } from '../platform/http/errors.js';

/** Instance starts a tenant may make per minute unless configured otherwise. */
export const DEFAULT_STARTS_PER_MINUTE = 600;

/**
 * A token bucket per tenant, in memory: up to `perMinute` starts in a burst, refilled evenly
 * over the minute. Keeps one tenant's runaway trigger (a message loop, a scripted flood) from
 * filling the database and the job queue that every tenant shares.
 */
export class StartQuota {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(readonly perMinute: number = DEFAULT_STARTS_PER_MINUTE) {}

  /** Takes one start for `tenant` at `nowIso`, or refuses with 429 `START_QUOTA_EXCEEDED`. */
  take(tenant: string, nowIso: string): void {
    const now = Date.parse(nowIso);
    const bucket = this.buckets.get(tenant) ?? { tokens: this.perMinute, at: now };
    const refilled = Math.min(this.perMinute, bucket.tokens + (Math.max(0, now - bucket.at) * this.perMinute) / 60_000);
    if (refilled < 1) {
      this.buckets.set(tenant, { tokens: refilled, at: now });
      throw new ApiError(
        429,
        'START_QUOTA_EXCEEDED',
        `本单位每分钟最多发起 ${this.perMinute} 件，请稍后再试（tenant "${tenant}" started more than ${this.perMinute} cases in a minute; try again shortly）`,
      );
    }
    this.buckets.set(tenant, { tokens: refilled - 1, at: now });
  }
}
