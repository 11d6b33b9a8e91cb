import { actorNames, requireRole, requireTenantAccess, type Principal, requireVisibleTenant } from '../auth/index.js';
import { notFound } from '../platform/http/errors.js';
import type { DefinitionRow } from '../store/definitions.js';
import { DECISION_TRIAL, tryDecision } from './decision-trial.js';
import { rebaseRoutes } from './rebase.js';
import type { RouteSpec } from '../platform/http/api.js';
import type { Deps, RuntimeApi } from '../platform/http/deps.js';
import {
  anyObject,
  arrayOf,
  booleanType,
  idSchema,
  integerType,
  nullable,
  objectOf,
  stringOrNull,
  stringType,
  textOf,
} from '../platform/http/schemas.js';
import { overlayStates, versionsOf } from '../store/overlays.js';

const DEFINITION_FIELDS = {
  id: stringType,
  key: stringType,
  version: integerType,
  tenant: stringType,
  name: stringOrNull,
  deploymentId: stringType,
  resourceName: stringType,
  createdAt: stringType,
};
const BASE = objectOf({ tenant: stringType, key: stringType, version: integerType });
/** A list entry names its unit (an ancestor's too); for a tenant's own version of an inherited key, its base and whether the owner moved on. */
const LISTED_PROCESS = objectOf({
  ...DEFINITION_FIELDS,
  'tenantName?': stringType,
  'basedOn?': objectOf({ tenant: stringType, key: stringType, version: integerType, id: stringOrNull }),
  'behind?': booleanType,
  'upstream?': objectOf({ id: stringType, version: integerType }),
});
const VERSION = objectOf({
  id: stringType,
  version: integerType,
  name: stringOrNull,
  deployedBy: stringOrNull,
  /** Who deployed it in words: the user's display name, or the runtime (示例载入 …). */
  deployedByName: stringOrNull,
  deployedAt: stringType,
  comment: stringOrNull,
  basedOn: nullable(BASE),
  withdrawn: booleanType,
});
const MAX_COMMENT_CHARS = 500;
/** Each definition the deployment made or kept, with its name (null when it has none) for people to read. */
const DEPLOYED = arrayOf(
  objectOf({ id: stringType, key: stringType, version: integerType, tenant: stringType, name: stringOrNull }),
);
/** A form as deployed (or compiled): its JSON Schema and uiSchema. */
// `basedOn`: a tenant's copy of an inherited form records the form and version it was copied from.
const FORM_BASE = {
  type: 'object',
  required: ['tenant', 'key', 'version'],
  properties: { tenant: stringType, key: stringType, version: { type: 'integer' } },
};
const FORM_SOURCE = {
  type: 'object',
  required: ['id', 'schema'],
  properties: { id: stringType, name: stringType, schema: anyObject, uiSchema: anyObject, basedOn: FORM_BASE },
};

const MAX_RESOURCE_CHARS = 2_000_000;

export function definitionRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'post',
      path: '/api/deployments',
      tag: 'definitions',
      summary: 'Deploy processes (.bpmn), decision tables (.dmn) and forms (.form.json, or Camunda .form) for a tenant',
      status: 201,
      response: objectOf({
        id: stringType,
        tenant: stringType,
        processes: DEPLOYED,
        decisions: DEPLOYED,
        forms: DEPLOYED,
        'warnings?': arrayOf(
          objectOf({
            resource: stringType,
            code: stringType,
            'elementId?': stringType,
            // What the warning is about: a variable, a Camunda 7 attribute (shown in the user's language).
            'subject?': stringType,
            message: stringType,
          }),
        ),
      }),
      body: {
        type: 'object',
        required: ['tenant', 'resources'],
        additionalProperties: false,
        properties: {
          tenant: idSchema,
          // Why this version: shown in the version history.
          comment: { type: 'string', maxLength: MAX_COMMENT_CHARS },
          // 同步市级更新: keys whose new versions now build on the ancestor's version named (after a rebase preview).
          rebasedOn: {
            type: 'array',
            maxItems: 50,
            items: {
              type: 'object',
              required: ['kind', 'key', 'version'],
              additionalProperties: false,
              properties: {
                kind: { enum: ['process', 'decision', 'form'] },
                key: { type: 'string', minLength: 1, maxLength: 128 },
                version: { type: 'integer', minimum: 1 },
              },
            },
          },
          resources: {
            type: 'array',
            minItems: 1,
            maxItems: 50,
            items: {
              type: 'object',
              required: ['name', 'content'],
              additionalProperties: false,
              properties: {
                name: { type: 'string', pattern: '^[^/\\\\]{1,200}\\.(bpmn|dmn|form|form\\.json)$' },
                // XML text (.bpmn, .dmn) or a form object; the length limit applies to text.
                content: { type: ['string', 'object'], maxLength: MAX_RESOURCE_CHARS },
              },
            },
          },
        },
      },
      async handler({ deps, principal, body }) {
        requireRole(principal, 'tenant-admin');
        await requireVisibleTenant(principal, deps.tenants, body.tenant);
        return deps.commands.transact(async (unit) =>
          deps.definitions.deploy(await unit.knex(), {
            tenant: body.tenant,
            resources: body.resources,
            actor: principal.username,
            ...(body.comment?.trim() ? { comment: body.comment.trim() } : {}),
            ...(body.rebasedOn ? { rebasedOn: body.rebasedOn } : {}),
            now: unit.now,
          }),
        );
      },
    },
    {
      method: 'get',
      path: '/api/process-definitions',
      tag: 'definitions',
      summary:
        "Process definitions (all versions) visible to the caller; a tenant's own version of an inherited key says its base and whether it is behind",
      response: arrayOf(LISTED_PROCESS),
      query: LIST_QUERY,
      handler: ({ deps, principal, query }) => listDefinitions(deps, principal, 'process', query),
    },
    {
      method: 'get',
      path: '/api/process-definitions/:key/versions',
      tag: 'definitions',
      summary:
        'Every version of a process deployed at a tenant, newest first: who deployed it, when, the comment, its base',
      response: arrayOf(VERSION),
      query: { required: ['tenant'], properties: { tenant: idSchema } },
      async handler({ deps, principal, params, query, locale }) {
        await requireReadableTenant(deps, principal, query.tenant!);
        const versions = await versionsOf(deps.db.knex, 'process', params.key!, query.tenant!);
        const name = await actorNames(
          deps.db.knex,
          versions.map((v) => v.deployedBy),
          locale,
        );
        return versions.map((v) => ({ ...v, deployedByName: name(v.deployedBy) }));
      },
    },
    revertRoute('process'),
    {
      method: 'get',
      path: '/api/form-definitions',
      tag: 'definitions',
      summary:
        "Form definitions (all versions) visible to the caller; a tenant's own copy of an inherited form says its base and whether it is behind",
      response: arrayOf(LISTED_PROCESS),
      query: LIST_QUERY,
      handler: ({ deps, principal, query }) => listDefinitions(deps, principal, 'form', query),
    },
    revertRoute('form'),
    {
      method: 'get',
      path: '/api/decision-definitions',
      tag: 'definitions',
      summary:
        "Decision tables (all versions) visible to the caller; a tenant's own version of an inherited table says its base and whether it is behind",
      response: arrayOf(LISTED_PROCESS),
      query: LIST_QUERY,
      handler: ({ deps, principal, query }) => listDefinitions(deps, principal, 'decision', query),
    },
    revertRoute('decision'),
    ...rebaseRoutes(),
    {
      method: 'get',
      path: '/api/decision-definitions/:id/xml',
      tag: 'definitions',
      summary: 'The DMN XML as deployed',
      response: textOf('application/xml'),
      async handler({ deps, principal, params, koa }) {
        const row = await visibleDefinition(deps, principal, params.id!, 'decision');
        koa.type = 'application/xml';
        return row.source;
      },
    },
    {
      method: 'post',
      path: '/api/decision-definitions/:id/evaluate',
      tag: 'definitions',
      summary:
        "Evaluate a deployed decision table with the given inputs (the rules screen's test panel): the rules that matched and the result",
      response: DECISION_TRIAL,
      body: {
        type: 'object',
        required: ['inputs'],
        additionalProperties: false,
        properties: { inputs: { type: 'object', maxProperties: 100 } },
      },
      async handler({ deps, principal, params, body }) {
        requireRole(principal, 'tenant-admin');
        const row = await visibleDefinition(deps, principal, params.id!, 'decision');
        return tryDecision(await deps.definitions.decision(deps.db.knex, row.id), body.inputs, deps.clock.now());
      },
    },
    {
      method: 'get',
      path: '/api/form-definitions/:id',
      tag: 'definitions',
      summary: 'One form definition, as deployed (id, name, schema, uiSchema)',
      response: objectOf({ ...DEFINITION_FIELDS, form: FORM_SOURCE }),
      async handler({ deps, principal, params }) {
        const row = await visibleDefinition(deps, principal, params.id!, 'form');
        return { ...describe(row), form: JSON.parse(row.source) };
      },
    },
    {
      method: 'get',
      path: '/api/process-definitions/:id',
      tag: 'definitions',
      summary: 'One process definition',
      response: objectOf({ ...DEFINITION_FIELDS, compiled: anyObject }),
      async handler({ deps, principal, params }) {
        const row = await visibleDefinition(deps, principal, params.id!);
        return { ...describe(row), compiled: JSON.parse(row.compiled) };
      },
    },
    {
      method: 'get',
      path: '/api/process-definitions/:id/xml',
      tag: 'definitions',
      summary: 'The BPMN XML as deployed',
      response: textOf('application/xml'),
      async handler({ deps, principal, params, koa }) {
        const row = await visibleDefinition(deps, principal, params.id!);
        koa.type = 'application/xml';
        return row.source;
      },
    },
    {
      method: 'get',
      path: '/api/forms/:key',
      tag: 'definitions',
      summary: 'The form a tenant sees under a key (own or inherited)',
      response: objectOf({ ...DEFINITION_FIELDS, form: FORM_SOURCE }),
      query: { required: ['tenant'], properties: { tenant: idSchema } },
      async handler({ deps, principal, params, query }) {
        requireTenantAccess(principal, query.tenant!);
        const row = await deps.definitions.resolve(deps.db.knex, 'form', params.key!, query.tenant!);
        if (!row) throw notFound('form', params.key!);
        return { ...describe(row), form: JSON.parse(row.compiled) };
      },
    },
  );
}

const LIST_QUERY = {
  properties: { key: { type: 'string', maxLength: 128 }, tenant: idSchema, latest: { enum: ['true', 'false'] } },
};

/** Definitions of a kind: the caller's subtree's, or (with `tenant`) what that tenant sees — its own and its ancestors'. */
async function listDefinitions(
  deps: Deps,
  principal: Principal,
  kind: 'process' | 'form' | 'decision',
  query: Record<string, string | undefined>,
) {
  // Withdrawn versions (an override removed) are left out: the tenant inherits that key again.
  let q = deps.db
    .knex('definitions')
    .where({ kind })
    .whereNull('withdrawn_at')
    .whereIn('tenant_id', [...principal.subtree]);
  if (query.tenant) {
    requireTenantAccess(principal, query.tenant);
    q = deps.db
      .knex('definitions')
      .where({ kind })
      .whereNull('withdrawn_at')
      .whereIn('tenant_id', await deps.tenants.chain(query.tenant));
  }
  if (query.key) q = q.where({ def_key: query.key });
  const all = (await q.orderBy([{ column: 'def_key' }, { column: 'version', order: 'desc' }])) as DefinitionRow[];
  const seen = new Set<string>();
  const rows =
    query.latest === 'true'
      ? all.filter((r) => !seen.has(`${r.def_key}@${r.tenant_id}`) && seen.add(`${r.def_key}@${r.tenant_id}`))
      : all;
  const overlays = await overlayStates(deps.db.knex, kind, rows);
  const names = new Map((await deps.tenants.all()).map((t) => [t.id, t.name]));
  const named = (row: DefinitionRow) => {
    const tenantName = names.get(row.tenant_id);
    return tenantName ? { ...describe(row), tenantName } : describe(row);
  };
  return rows.map((row) => {
    const overlay = overlays.get(row.id);
    return overlay
      ? {
          ...named(row),
          basedOn: overlay.basedOn,
          behind: overlay.upstream !== null,
          ...(overlay.upstream ? { upstream: overlay.upstream } : {}),
        }
      : named(row);
  });
}

function describe(row: DefinitionRow) {
  return {
    id: row.id,
    key: row.def_key,
    version: row.version,
    tenant: row.tenant_id,
    name: row.name,
    deploymentId: row.deployment_id,
    resourceName: row.resource_name,
    createdAt: row.created_at,
  };
}

/** A tenant whose definitions the caller may read: in its subtree, or an ancestor (whose versions it inherits). */
async function requireReadableTenant(deps: Deps, principal: Principal, tenant: string): Promise<void> {
  if (principal.subtree.has(tenant)) return;
  if (!(await deps.tenants.chain(principal.tenant)).includes(tenant)) requireTenantAccess(principal, tenant);
}

async function visibleDefinition(
  deps: Deps,
  principal: Principal,
  id: string,
  kind: 'process' | 'form' | 'decision' = 'process',
): Promise<DefinitionRow> {
  const row = await deps.definitions.byId(deps.db.knex, id);
  if (!row || row.kind !== kind) throw notFound(`${kind} definition`, id);
  // Definitions of an ancestor tenant are visible too: a township runs the city's template.
  const visible =
    principal.subtree.has(row.tenant_id) || (await deps.tenants.chain(principal.tenant)).includes(row.tenant_id);
  if (!visible) throw notFound(`${kind} definition`, id);
  return row;
}

const REVERT_SUMMARY = {
  process:
    "恢复继承: remove a tenant's own versions of a process it inherits; running cases keep theirs, new cases start the inherited one",
  decision:
    "恢复继承: remove a tenant's own versions of a decision table it inherits; its cases are referred by the inherited table again",
  form: "恢复继承: remove a tenant's own versions of a form it inherits; new cases and tasks ask the inherited form again",
};

/** 恢复继承 for a process, a decision table or a form: the tenant's own versions withdrawn, the inherited one in force again. */
function revertRoute(kind: 'process' | 'decision' | 'form'): RouteSpec<Deps> {
  return {
    method: 'delete',
    path: `/api/${kind}-definitions/:key/override`,
    tag: 'definitions',
    summary: REVERT_SUMMARY[kind],
    response: objectOf({
      key: stringType,
      tenant: stringType,
      inherits: objectOf({ id: stringType, tenant: stringType, version: integerType }),
    }),
    query: { required: ['tenant'], properties: { tenant: idSchema } },
    async handler({ deps, principal, params, query }) {
      requireRole(principal, 'tenant-admin');
      requireTenantAccess(principal, query.tenant!);
      const key = params.key!;
      const inherited = await deps.commands.transact(async (unit) =>
        deps.definitions.withdrawOverride(await unit.knex(), {
          kind,
          key,
          tenant: query.tenant!,
          actor: principal.username,
          now: unit.now,
        }),
      );
      return {
        key,
        tenant: query.tenant!,
        inherits: { id: inherited.id, tenant: inherited.tenant_id, version: inherited.version },
      };
    },
  };
}
