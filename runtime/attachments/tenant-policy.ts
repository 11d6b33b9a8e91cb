import type { Knex } from 'knex';
import type { TenantDirectory } from '../store/tenants.js';
import type { AttachmentLimits } from './policy.js';

/** The kinds of file an administrator allows, each a set of what `file-type` finds in the bytes. */
export const ATTACHMENT_KINDS = ['photo', 'pdf', 'office'] as const;
export type AttachmentKind = (typeof ATTACHMENT_KINDS)[number];

export const KIND_OF_SNIFFED: Record<string, AttachmentKind> = {
  jpg: 'photo',
  png: 'photo',
  gif: 'photo',
  webp: 'photo',
  heic: 'photo',
  bmp: 'photo',
  pdf: 'pdf',
  docx: 'office',
  xlsx: 'office',
  pptx: 'office',
  cfb: 'office',
  odt: 'office',
  ods: 'office',
  odp: 'office',
};

export const KIND_NAMES: Record<AttachmentKind, { zh: string; en: string }> = {
  photo: { zh: '照片', en: 'photos' },
  pdf: { zh: 'PDF', en: 'PDF' },
  office: { zh: 'Office 文档', en: 'Office documents' },
};

/**
 * A unit's attachment policy (附件规则): what its staff and its public intake may attach. Stored per
 * tenant in `attachment_policies` (only the keys it sets), merged down the tenant chain like the
 * deadline policy, and always within the server's hard bounds (`attachmentLimits`).
 */
export interface AttachmentPolicy {
  /** Kinds staff may attach on a case or at a step. */
  kinds: AttachmentKind[];
  /** One file, in bytes. */
  maxFileBytes: number;
  /** Files on one case. */
  maxPerCase: number;
  /** Kinds a citizen may attach to a public appeal (a subset of `kinds`). */
  publicKinds: AttachmentKind[];
  /** Files one public appeal may carry. */
  publicMaxFiles: number;
}

export type AttachmentPolicyKey = keyof AttachmentPolicy;

/** The policy of a unit nobody above has set anything for: everything the server allows, photos for the public. */
export function defaultPolicy(bounds: AttachmentLimits): AttachmentPolicy {
  return {
    kinds: [...ATTACHMENT_KINDS],
    maxFileBytes: bounds.maxFileBytes,
    maxPerCase: bounds.maxPerCase,
    publicKinds: ['photo'],
    publicMaxFiles: Math.min(9, bounds.maxPerCase),
  };
}

export const ATTACHMENT_POLICY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    kinds: { type: 'array', uniqueItems: true, maxItems: 3, items: { enum: [...ATTACHMENT_KINDS] } },
    maxFileBytes: { type: 'integer', minimum: 1024 },
    maxPerCase: { type: 'integer', minimum: 1, maximum: 100000 },
    publicKinds: { type: 'array', uniqueItems: true, maxItems: 3, items: { enum: [...ATTACHMENT_KINDS] } },
    publicMaxFiles: { type: 'integer', minimum: 0, maximum: 1000 },
  },
} as const;

/** Within the server's bounds, and the public may never attach what staff may not. */
function clamp(p: AttachmentPolicy, bounds: AttachmentLimits): AttachmentPolicy {
  const maxPerCase = Math.min(p.maxPerCase, bounds.maxPerCase);
  return {
    kinds: ATTACHMENT_KINDS.filter((k) => p.kinds.includes(k)),
    maxFileBytes: Math.min(p.maxFileBytes, bounds.maxFileBytes),
    maxPerCase,
    publicKinds: ATTACHMENT_KINDS.filter((k) => p.publicKinds.includes(k) && p.kinds.includes(k)),
    publicMaxFiles: Math.min(p.publicMaxFiles, maxPerCase),
  };
}

export class AttachmentPolicies {
  constructor(
    private readonly tenants: TenantDirectory,
    readonly bounds: AttachmentLimits,
  ) {}

  /** The policy that applies at `tenant`: the defaults, then each unit from the root down, within the bounds. */
  async effective(db: Knex, tenant: string): Promise<AttachmentPolicy & { setBy: Record<string, string> }> {
    const chain = await this.tenants.chain(tenant, db);
    const rows = (await db('attachment_policies').whereIn('tenant_id', chain)) as Array<{
      tenant_id: string;
      policy: string;
    }>;
    const policy: Record<string, unknown> = { ...defaultPolicy(this.bounds) };
    const setBy: Record<string, string> = {};
    for (const t of [...chain].reverse()) {
      const row = rows.find((r) => r.tenant_id === t);
      if (!row) continue;
      for (const [k, v] of Object.entries(JSON.parse(row.policy) as Record<string, unknown>)) {
        policy[k] = v;
        setBy[k] = t;
      }
    }
    return { ...clamp(policy as unknown as AttachmentPolicy, this.bounds), setBy };
  }

  async own(db: Knex, tenant: string): Promise<Partial<AttachmentPolicy>> {
    const row = (await db('attachment_policies').where({ tenant_id: tenant }).first()) as
      | { policy: string }
      | undefined;
    return row ? (JSON.parse(row.policy) as Partial<AttachmentPolicy>) : {};
  }

  /** Replaces the unit's own settings (keys left out are inherited); an empty policy inherits everything. */
  async save(db: Knex, tenant: string, policy: Partial<AttachmentPolicy>, actor: string, now: string): Promise<void> {
    if (Object.keys(policy).length === 0) {
      await db('attachment_policies').where({ tenant_id: tenant }).delete();
      return;
    }
    const row = { tenant_id: tenant, policy: JSON.stringify(policy), updated_by: actor, updated_at: now };
    await db('attachment_policies').insert(row).onConflict('tenant_id').merge(['policy', 'updated_by', 'updated_at']);
  }
}

/** The policy's bounds as the upload path checks them. */
export function limitsOf(p: AttachmentPolicy, bounds: AttachmentLimits): AttachmentLimits {
  return { maxFileBytes: p.maxFileBytes, maxPerCase: p.maxPerCase, maxBytesPerTenant: bounds.maxBytesPerTenant };
}
