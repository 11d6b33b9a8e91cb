import { requireRole, requireTenantAccess, requireVisibleTenant } from '../auth/index.js';
import type { RuntimeApi } from '../platform/http/deps.js';
import { arrayOf, integerType, objectOf, stringType } from '../platform/http/schemas.js';
import { attachmentRefused, sizeText } from './errors.js';
import type { AttachmentLimits } from './policy.js';
import {
  ATTACHMENT_KINDS,
  ATTACHMENT_POLICY_SCHEMA,
  AttachmentPolicies,
  type AttachmentPolicy,
} from './tenant-policy.js';

const KINDS = arrayOf({ enum: [...ATTACHMENT_KINDS] });
const POLICY = objectOf({
  kinds: KINDS,
  maxFileBytes: integerType,
  maxPerCase: integerType,
  publicKinds: KINDS,
  publicMaxFiles: integerType,
});
const ANSWER = objectOf({
  tenant: stringType,
  effective: POLICY,
  /** Which unit set each value that is not the server's default. */
  setBy: { type: 'object', additionalProperties: stringType },
  own: { type: 'object' },
  /** The server's hard bounds: no unit may go above them. */
  bounds: objectOf({ maxFileBytes: integerType, maxPerCase: integerType, maxBytesPerTenant: integerType }),
});

/** 附件规则: a unit's attachment policy, inherited down the tree and overridable, within the server's bounds. */
export function attachmentPolicyRoutes(api: RuntimeApi, bounds: AttachmentLimits): void {
  api.add(
    {
      method: 'get',
      path: '/api/attachment-policies/:tenant',
      tag: 'cases',
      summary:
        "A unit's attachment policy: the kinds and limits that apply (with the unit that set each), its own settings and the server's bounds",
      response: ANSWER,
      async handler({ deps, principal, params }) {
        await requireVisibleTenant(principal, deps.tenants, params.tenant!);
        const policies = new AttachmentPolicies(deps.tenants, bounds);
        const { setBy, ...effective } = await policies.effective(deps.db.knex, params.tenant!);
        return {
          tenant: params.tenant,
          effective,
          setBy,
          own: await policies.own(deps.db.knex, params.tenant!),
          bounds,
        };
      },
    },
    {
      method: 'put',
      path: '/api/attachment-policies/:tenant',
      tag: 'cases',
      summary: "Replace a unit's own attachment policy (keys left out are inherited; {} inherits everything)",
      response: ANSWER,
      body: ATTACHMENT_POLICY_SCHEMA as unknown as Record<string, unknown>,
      async handler({ deps, principal, params, body, locale }) {
        const tenant = params.tenant!;
        requireRole(principal, 'tenant-admin');
        requireTenantAccess(principal, tenant);
        const own = body as Partial<AttachmentPolicy>;
        const zh = locale === 'zh-CN';
        if (own.maxFileBytes !== undefined && own.maxFileBytes > bounds.maxFileBytes)
          throw attachmentRefused('ATTACHMENT_POLICY_OVER_BOUND', locale, {
            what: zh ? '单个文件大小' : 'the size of one file',
            limit: sizeText(bounds.maxFileBytes),
          });
        if (own.maxPerCase !== undefined && own.maxPerCase > bounds.maxPerCase)
          throw attachmentRefused('ATTACHMENT_POLICY_OVER_BOUND', locale, {
            what: zh ? '每案附件数' : 'the files of one case',
            limit: String(bounds.maxPerCase),
          });
        const policies = new AttachmentPolicies(deps.tenants, bounds);
        // What the unit would end up with: the public may never attach a kind staff may not.
        const parent = await policies.effective(deps.db.knex, tenant);
        const kinds = own.kinds ?? parent.kinds;
        if (own.publicKinds?.some((k) => !kinds.includes(k)))
          throw attachmentRefused('ATTACHMENT_POLICY_PUBLIC_KIND', locale);
        await policies.save(deps.db.knex, tenant, own, principal.username, deps.clock.now());
        const { setBy, ...effective } = await policies.effective(deps.db.knex, tenant);
        return { tenant, effective, setBy, own: await policies.own(deps.db.knex, tenant), bounds };
      },
    },
  );
}
