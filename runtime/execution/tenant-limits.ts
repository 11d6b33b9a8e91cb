import { DEFAULT_MIN_TIMER_CYCLE_MS } from '../../definitions/index.js';
import { DEFAULT_EVALUATION_LIMITS, type EvaluationLimits } from '../../engine/index.js';
import type { Queryable } from '../platform/db/tx.js';
import type { TenantDirectory } from '../store/tenants.js';
import { DEFAULT_STARTS_PER_MINUTE } from './start-quota.js';

/** What one tenant's expressions, timers and starts may do; each setting optional (inherited, else the default). */
export interface LimitSettings {
  /** Most items in one collection an expression iterates or a multi-instance runs over. */
  collectionItems?: number;
  /** Most units of expression work in one command. */
  steps?: number;
  /** Shortest interval a timer cycle may repeat at, in seconds (refused at deploy and at run time). */
  minTimerCycleSeconds?: number;
  /** Instance starts per minute. */
  startsPerMinute?: number;
}

/**
 * The limits policy (`CIVICFLOW_LIMITS`): settings for every tenant, and per tenant for it and
 * the tenants below it (the nearest tenant up the tree that sets a value wins), e.g.
 * `{"default":{"collectionItems":1000},"tenants":{"town-a":{"startsPerMinute":1200}}}`.
 */
export interface LimitPolicy {
  default?: LimitSettings;
  tenants?: Record<string, LimitSettings>;
}

export interface Limits {
  evaluation: EvaluationLimits;
  minTimerCycleMs: number;
  startsPerMinute: number;
}

const KEYS = ['collectionItems', 'steps', 'minTimerCycleSeconds', 'startsPerMinute'] as const;

/** A tenant's limits under the policy. Without per-tenant settings no tenant tree is read (the command path stays as fast). */
export class TenantLimits {
  private readonly base: Limits;
  private readonly perTenant: Map<string, LimitSettings>;

  constructor(
    private readonly tenants: TenantDirectory,
    policy: LimitPolicy = {},
  ) {
    this.base = apply(
      {
        evaluation: DEFAULT_EVALUATION_LIMITS,
        minTimerCycleMs: DEFAULT_MIN_TIMER_CYCLE_MS,
        startsPerMinute: DEFAULT_STARTS_PER_MINUTE,
      },
      checked(policy.default ?? {}, 'default'),
    );
    this.perTenant = new Map(Object.entries(policy.tenants ?? {}).map(([id, s]) => [id, checked(s, id)]));
  }

  async of(tenant: string, db?: Queryable): Promise<Limits> {
    if (this.perTenant.size === 0) return this.base;
    const merged: LimitSettings = {};
    // Nearest first: a township's setting beats the city's.
    for (const id of await this.tenants.chain(tenant, db)) {
      const own = this.perTenant.get(id);
      if (!own) continue;
      for (const key of KEYS) if (merged[key] === undefined && own[key] !== undefined) merged[key] = own[key];
    }
    return apply(this.base, merged);
  }
}

function apply(base: Limits, s: LimitSettings): Limits {
  return {
    evaluation: {
      collectionItems: s.collectionItems ?? base.evaluation.collectionItems,
      steps: s.steps ?? base.evaluation.steps,
    },
    minTimerCycleMs: s.minTimerCycleSeconds !== undefined ? s.minTimerCycleSeconds * 1000 : base.minTimerCycleMs,
    startsPerMinute: s.startsPerMinute ?? base.startsPerMinute,
  };
}

function checked(s: LimitSettings, where: string): LimitSettings {
  for (const key of Object.keys(s)) {
    const value = (s as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (!(KEYS as readonly string[]).includes(key))
      throw new Error(`limits policy "${where}": unknown setting "${key}" (known: ${KEYS.join(', ')})`);
    if (typeof value !== 'number' || !(value > 0))
      throw new Error(`limits policy "${where}": ${key} must be a positive number`);
  }
  return s;
}

/** `CIVICFLOW_LIMITS` (JSON, see `LimitPolicy`); a malformed value stops the start rather than running unlimited. */
export function limitPolicyFromEnv(text: string | undefined): LimitPolicy | undefined {
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new Error(`CIVICFLOW_LIMITS is not JSON: ${(err as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('CIVICFLOW_LIMITS must be an object like {"default":{…},"tenants":{"town-a":{…}}}');
  return parsed as LimitPolicy;
}
