// 同步市级更新: a township's own copy of a process, a decision table or a form, rebased onto the city's newer version
// (three-way, definitions/overlays) as a preview — nothing is written. The township deploys the result
// with `rebasedOn`, so its new version records the city's version it now builds on.
import { requireRole, requireTenantAccess } from '../auth/index.js';
import { rebaseBpmn, rebaseDmn, rebaseForm, type MergeChange, type MergeConflict } from '../../definitions/index.js';
import { ApiError } from '../platform/http/errors.js';
import type { RouteSpec } from '../platform/http/api.js';
import type { Deps } from '../platform/http/deps.js';
import { anyObject, arrayOf, idSchema, integerType, objectOf, stringType } from '../platform/http/schemas.js';
import type { DefinitionRow } from '../store/definitions.js';
import { overlayStates } from '../store/overlays.js';

const MAX_XML_CHARS = 2_000_000;
const SIDE = { enum: ['ours', 'theirs'] };
const CHANGE = objectOf({
  id: stringType,
  kind: { enum: ['added', 'removed', 'changed'] },
  name: stringType,
  type: stringType,
  properties: arrayOf(stringType),
});
const CONFLICT = objectOf({
  id: stringType,
  kind: { enum: ['changed', 'removed-upstream', 'removed-here', 'added-both'] },
  name: stringType,
  type: stringType,
  properties: arrayOf(stringType),
  /** For `removed-here`: what the owner added inside (or onto) the element the copy removed. */
  'added?': arrayOf(objectOf({ id: stringType, name: stringType, type: stringType })),
  /** For `removed-here`: what both have that the owner moved into the element the copy removed. */
  'moved?': arrayOf(objectOf({ id: stringType, name: stringType, type: stringType })),
  resolution: SIDE,
});
const VERSION_REF = objectOf({ id: stringType, tenant: stringType, version: integerType });
const PREVIEW = {
  key: stringType,
  tenant: stringType,
  /** The ancestor's version the copy was based on, and the newer one it is rebased onto. */
  basedOn: VERSION_REF,
  onto: VERSION_REF,
  applied: arrayOf(CHANGE),
  conflicts: arrayOf(CONFLICT),
};
const RESOLUTIONS = {
  type: 'object',
  maxProperties: 1000,
  propertyNames: { maxLength: 300 },
  additionalProperties: SIDE,
};

interface Rebasing {
  own: DefinitionRow;
  base: DefinitionRow;
  upstream: DefinitionRow;
}

const KIND_NAME = { process: '流程', form: '表单', decision: '决策表' } as const;

/** The tenant's own latest version of a key, the ancestor's version it was based on, and the ancestor's newer one. */
async function rebasing(
  deps: Deps,
  kind: 'process' | 'form' | 'decision',
  key: string,
  tenant: string,
): Promise<Rebasing> {
  const own = (await deps.db
    .knex('definitions')
    .where({ kind, def_key: key, tenant_id: tenant })
    .whereNull('withdrawn_at')
    .orderBy('version', 'desc')
    .first()) as DefinitionRow | undefined;
  if (!own)
    throw new ApiError(404, 'NOT_FOUND', `本单位没有${KIND_NAME[kind]}“${key}”自己的版本，沿用的是上级版本，无需同步`);
  const state = (await overlayStates(deps.db.knex, kind, [own])).get(own.id);
  if (!state)
    throw new ApiError(409, 'NOT_AN_OVERLAY', `${KIND_NAME[kind]}“${key}”是本单位自建的，不是上级版本的副本，无需同步`);
  if (!state.upstream)
    throw new ApiError(
      409,
      'NOT_BEHIND',
      `${KIND_NAME[kind]}“${key}”已基于上级最新的 v${state.basedOn.version}，无需同步`,
    );
  const base = state.basedOn.id ? await deps.definitions.byId(deps.db.knex, state.basedOn.id) : undefined;
  const upstream = await deps.definitions.byId(deps.db.knex, state.upstream.id);
  if (!base || !upstream)
    throw new ApiError(
      409,
      'BASE_MISSING',
      `上级已撤回 v${state.basedOn.version}，无法三方合并；请恢复继承，或在上级最新版本上重新调整`,
    );
  return { own, base, upstream };
}

const describe = (r: Rebasing, key: string, tenant: string) => ({
  key,
  tenant,
  basedOn: { id: r.base.id, tenant: r.base.tenant_id, version: Number(r.base.version) },
  onto: { id: r.upstream.id, tenant: r.upstream.tenant_id, version: Number(r.upstream.version) },
});

const outcome = (r: { applied: MergeChange[]; conflicts: MergeConflict[] }) => ({
  applied: r.applied,
  conflicts: r.conflicts,
});

/** The preview route of a definition kept as XML (a process, a decision table): the same body and answer. */
function xmlRebaseRoute(
  kind: 'process' | 'decision',
  summary: string,
  merge: typeof rebaseBpmn | typeof rebaseDmn,
  unreadable: string,
): RouteSpec<Deps> {
  return {
    method: 'post',
    path: `/api/${kind}-definitions/:key/rebase`,
    tag: 'definitions',
    summary,
    response: objectOf({ ...PREVIEW, xml: stringType }),
    query: { required: ['tenant'], properties: { tenant: idSchema } },
    body: {
      type: 'object',
      additionalProperties: false,
      properties: {
        // The copy as edited in the designer (else its latest deployed version).
        ours: { type: 'string', maxLength: MAX_XML_CHARS },
        resolutions: RESOLUTIONS,
      },
    },
    async handler({ deps, principal, params, query, body }) {
      requireRole(principal, 'tenant-admin');
      requireTenantAccess(principal, query.tenant!);
      const r = await rebasing(deps, kind, params.key!, query.tenant!);
      try {
        const merged = await merge({
          base: r.base.source,
          ours: body.ours ?? r.own.source,
          theirs: r.upstream.source,
          resolutions: body.resolutions ?? {},
        });
        return { ...describe(r, params.key!, query.tenant!), xml: merged.xml, ...outcome(merged) };
      } catch (err) {
        throw new ApiError(
          422,
          'DEFINITION_INVALID',
          `${unreadable}，不能同步：${(err as Error).message}；请修正后再试`,
        );
      }
    },
  };
}

export function rebaseRoutes(): Array<RouteSpec<Deps>> {
  return [
    xmlRebaseRoute(
      'process',
      "同步市级更新 (preview, nothing written): the tenant's own copy of an inherited process with the owner's changes since its base applied where they do not conflict; conflicts per element, each on the side chosen (the copy's unless `theirs`)",
      rebaseBpmn,
      '流程图无法读取',
    ),
    xmlRebaseRoute(
      'decision',
      "同步市级更新 for a decision table (preview, nothing written): the tenant's own copy with the owner's changes since its base merged rule by rule and column by column; conflicts per rule (or column), each on the side chosen",
      rebaseDmn,
      '决策表无法读取',
    ),
    {
      method: 'post',
      path: '/api/form-definitions/:key/rebase',
      tag: 'definitions',
      summary:
        "同步市级更新 for a form (preview, nothing written): the tenant's own copy with the owner's changes since its base merged field by field; conflicts per field, each on the side chosen",
      response: objectOf({ ...PREVIEW, form: anyObject }),
      query: { required: ['tenant'], properties: { tenant: idSchema } },
      body: {
        type: 'object',
        additionalProperties: false,
        properties: {
          // The copy as edited in the designer (else its latest deployed version).
          ours: { type: 'object', required: ['id', 'schema'], properties: { id: stringType, schema: anyObject } },
          resolutions: RESOLUTIONS,
        },
      },
      async handler({ deps, principal, params, query, body }) {
        requireRole(principal, 'tenant-admin');
        requireTenantAccess(principal, query.tenant!);
        const r = await rebasing(deps, 'form', params.key!, query.tenant!);
        const merged = rebaseForm<Record<string, unknown>>({
          base: JSON.parse(r.base.source),
          ours: (body.ours as Record<string, unknown> | undefined) ?? JSON.parse(r.own.source),
          theirs: JSON.parse(r.upstream.source),
          resolutions: body.resolutions ?? {},
        });
        const form = {
          ...merged.form,
          basedOn: { tenant: r.upstream.tenant_id, key: params.key!, version: Number(r.upstream.version) },
        };
        return { ...describe(r, params.key!, query.tenant!), form, ...outcome(merged) };
      },
    },
  ];
}
