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

  /** Takes one start for `tenant` at `nowIso` (its policy may allow `perMinute`), or refuses with 429 `START_QUOTA_EXCEEDED`. */
  take(tenant: string, nowIso: string, perMinute: number = this.perMinute): void {
    const now = Date.parse(nowIso);
    const bucket = this.buckets.get(tenant) ?? { tokens: perMinute, at: now };
    const refilled = Math.min(perMinute, bucket.tokens + (Math.max(0, now - bucket.at) * perMinute) / 60_000);
    if (refilled < 1) {
      this.buckets.set(tenant, { tokens: refilled, at: now });
      throw new ApiError(
        429,
        'START_QUOTA_EXCEEDED',
        `本单位每分钟最多发起 ${perMinute} 件，请稍后再试（tenant "${tenant}" started more than ${perMinute} cases in a minute; try again shortly）`,
      );
    }
    this.buckets.set(tenant, { tokens: refilled - 1, at: now });
  }
}
