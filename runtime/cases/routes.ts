import type { Knex } from 'knex';
import {
  actorNames,
  hasRole,
  requireRole,
  requireTenantAccess,
  requireVisibleTenant,
  seesAllCases,
  whereCaseReadable,
  type Principal,
} from '../auth/index.js';
import type { InstanceRow } from '../execution/instance-row.js';
import type { Deps, RuntimeApi } from '../platform/http/deps.js';
import {
  anyObject,
  arrayOf,
  elementIdsSchema,
  idSchema,
  limitOf,
  limitSchema,
  nullable,
  objectOf,
  stringOrNull,
  stringType,
  variablesSchema,
} from '../platform/http/schemas.js';
import { visibleInstance } from './queries.js';
import { INSTANCE_SCHEMA, instanceView } from './views.js';
import { appendHistory, readHistory } from '../store/history.js';
import { readCaseFile } from './case-data.js';
import { caseFileView, caseViewOf, visibleVariables } from './case-view.js';
import { decisionOutcomes, OUTCOME_SCHEMA } from './decision-outcome.js';
import { addOpinion } from './opinions.js';
import { printHtml } from './print.js';
import { indexCaseInCommand } from './search-index.js';
import { CASE_FIGURE_KEYS, searchCases } from './search.js';
import {
  CASE_DIAGRAM_SCHEMA,
  CASE_FILE_SCHEMA,
  CASE_PRINT_SCHEMA,
  CASE_SEARCH_SCHEMA,
  OPINION_SCHEMA,
} from './schemas.js';

/** A day (`2026-12-01`) or an instant (`2026-12-01T08:00:00.000Z`): compared with ISO timestamps as text. */
const dateSchema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}(T[0-9:.]+Z)?$' } as const;

export const opinionBodySchema = { type: 'string', minLength: 1, maxLength: 2000 } as const;

/** What another feature adds to the printed case record (the attachments' section), as HTML. */
export type PrintSection = (deps: Deps, instanceId: string) => Promise<string>;

export function instanceRoutes(api: RuntimeApi, printSections: PrintSection[] = []): void {
  api.add(
    {
      method: 'get',
      path: '/api/cases',
      tag: 'cases',
      summary:
        'Find cases (案件查询): q matches the tracking number, business key, appellant, phone (or its last digits) and enterprise',
      response: CASE_SEARCH_SCHEMA,
      query: {
        properties: {
          q: { type: 'string', maxLength: 100 },
          status: { enum: ['active', 'completed', 'terminated'] },
          category: { type: 'string', maxLength: 100 },
          tenant: idSchema,
          channel: { type: 'string', maxLength: 40, description: 'a channel, or "-" for none recorded (未记录)' },
          department: { type: 'string', maxLength: 64 },
          openDepartment: {
            type: 'string',
            maxLength: 64,
            description: 'cases with an open task offered to this group (with light: that task in that light)',
          },
          level: { enum: ['0', '1', '2'], description: "the unit's level: 0 city, 1 township, 2 village and below" },
          under: { ...idSchema, description: 'the cases of this unit and every unit below it' },
          overdue: {
            enum: ['true'],
            description:
              'the cases late at some step (超期): a task marked red, past its due time, or completed after it',
          },
          figure: {
            enum: [...CASE_FIGURE_KEYS],
            description:
              "the appeals a figure of the dashboard counts (受理量, 当场答复, 不予受理, 转办, 办理中, 办结, 按时办结, 超期, 督办, 延期, 退单, 审核退回, 重办, 已回访, 满意), from the figures' own per-case facts; a case called from another counts with its appeal",
          },
          refusedBy: {
            type: 'string',
            maxLength: 64,
            description:
              'the cases this department (group) refused (退单), each once, as the figures by department count its 退单案件 (refused)',
          },
          openStep: {
            type: 'string',
            maxLength: 200,
            description:
              "cases with an open task at the step of this name, as the dashboard's steps are named (with light: that task in that light)",
          },
          process: {
            type: 'string',
            maxLength: 128,
            description:
              '流程监控: the cases in progress of this process (key); with waitingAt or stuckAt, at that element',
          },
          definition: { type: 'string', maxLength: 40, description: 'with process: only the cases of this version' },
          waitingAt: {
            type: 'string',
            maxLength: 128,
            description:
              'with process: the cases waiting at this element (a task, a timer, a message, a called case, an incident; with light: its task in that light)',
          },
          stuckAt: {
            type: 'string',
            maxLength: 128,
            description: 'with process: the cases stopped by an open incident at this element (故障)',
          },
          closedSince: { ...dateSchema, description: 'the cases completed at or after this instant (近N天办结)' },
          from: dateSchema,
          to: dateSchema,
          light: { enum: ['green', 'yellow', 'red'] },
          sort: { enum: ['createdAt', '-createdAt'] },
          page: { type: 'string', pattern: '^[1-9][0-9]{0,5}$' },
          after: { type: 'string', maxLength: 300, pattern: '^[A-Za-z0-9_-]+$' },
        },
      },
      async handler({ deps, principal, query }) {
        if (query.tenant) requireTenantAccess(principal, query.tenant);
        if (query.under) requireTenantAccess(principal, query.under);
        return searchCases(deps, principal, { ...query, page: query.page ? Number(query.page) : 1 });
      },
    },
    {
      method: 'get',
      path: '/api/cases/:id',
      tag: 'cases',
      summary:
        "The case file (一案一卷): summary, current steps, data by step under the viewer's permissions, deadlines, opinions, timeline",
      response: CASE_FILE_SCHEMA,
      async handler({ deps, principal, params, locale }) {
        return caseFileView(deps, principal, await visibleInstance(deps, principal, params.id!), locale);
      },
    },
    {
      method: 'get',
      path: '/api/cases/:id/diagram',
      tag: 'cases',
      summary: 'The BPMN XML of the exact version the case runs',
      response: CASE_DIAGRAM_SCHEMA,
      async handler({ deps, principal, params, koa }) {
        const row = await visibleInstance(deps, principal, params.id!);
        koa.type = 'application/xml';
        return (await deps.definitions.byId(deps.db.knex, row.definition_id))!.source;
      },
    },
    {
      method: 'get',
      path: '/api/cases/:id/print',
      tag: 'cases',
      summary: 'The case record (办结单) as HTML for printing',
      response: CASE_PRINT_SCHEMA,
      async handler({ deps, principal, params, koa }) {
        const instance = await visibleInstance(deps, principal, params.id!);
        const view = await caseFileView(deps, principal, instance, 'zh-CN');
        const extra: string[] = [];
        for (const section of printSections) extra.push(await section(deps, instance.id));
        koa.type = 'text/html; charset=utf-8';
        return printHtml(view, extra.join(''));
      },
    },
    {
      method: 'post',
      path: '/api/cases/:id/opinions',
      tag: 'cases',
      summary: 'Write an opinion (审批意见) on the case',
      status: 201,
      response: OPINION_SCHEMA,
      body: {
        type: 'object',
        required: ['body'],
        additionalProperties: false,
        properties: { body: opinionBodySchema },
      },
      async handler({ deps, principal, params, body }) {
        const row = await visibleInstance(deps, principal, params.id!);
        return addOpinion(deps.db.knex, {
          instanceId: row.id,
          tenantId: row.tenant_id,
          author: principal.username,
          body: body.body,
          at: deps.clock.now(),
        });
      },
    },
    {
      method: 'post',
      path: '/api/process-instances',
      tag: 'instances',
      summary: 'Start a case from the process a tenant sees under a key',
      status: 201,
      response: INSTANCE_SCHEMA,
      body: {
        type: 'object',
        required: ['processKey', 'tenant'],
        additionalProperties: false,
        properties: {
          processKey: { type: 'string', minLength: 1, maxLength: 128 },
          tenant: idSchema,
          businessKey: { type: 'string', maxLength: 200 },
          variables: variablesSchema,
          startEventId: { type: 'string', maxLength: 128 },
        },
      },
      async handler({ deps, principal, body }) {
        await requireVisibleTenant(principal, deps.tenants, body.tenant);
        const row = await deps.commands.transact(async (unit) => {
          const started = await unit.startLatest({
            processKey: body.processKey,
            tenant: body.tenant,
            businessKey: body.businessKey ?? null,
            variables: body.variables ?? {},
            actor: principal.username,
            ...(body.startEventId ? { startEventId: body.startEventId } : {}),
          });
          indexCaseInCommand(unit, started.id);
          return started;
        });
        return instanceView(row, (await deps.definitions.byId(deps.db.knex, row.definition_id))!.version);
      },
    },
    {
      method: 'get',
      path: '/api/process-instances',
      tag: 'instances',
      summary: 'Cases visible to the caller',
      response: arrayOf(INSTANCE_SCHEMA),
      query: {
        properties: {
          tenant: idSchema,
          status: { enum: ['active', 'completed', 'terminated'] },
          processKey: { type: 'string', maxLength: 128 },
          businessKey: { type: 'string', maxLength: 200 },
          parentId: { type: 'string', maxLength: 40 },
          limit: limitSchema,
        },
      },
      async handler({ deps, principal, query }) {
        let q = whereCaseReadable(
          deps.db.knex('instances').whereIn('tenant_id', [...principal.subtree]),
          deps.db.knex,
          deps.db.dialect,
          'instances.id',
          principal,
        );
        if (query.tenant) q = q.where({ tenant_id: query.tenant });
        if (query.status) q = q.where({ status: query.status });
        if (query.processKey) q = q.where({ process_key: query.processKey });
        if (query.businessKey) q = q.where({ business_key: query.businessKey });
        if (query.parentId) q = q.where({ parent_id: query.parentId });
        const rows = (await q.orderBy('created_at', 'desc').limit(limitOf(query.limit))) as InstanceRow[];
        return Promise.all(
          rows.map(async (r) => guarded(deps, principal, r, instanceView(r, await versionOf(deps, r)))),
        );
      },
    },
    {
      method: 'get',
      path: '/api/process-instances/:id',
      tag: 'instances',
      summary: 'Where a case stands',
      response: INSTANCE_SCHEMA,
      async handler({ deps, principal, params }) {
        const row = await visibleInstance(deps, principal, params.id!);
        return guarded(deps, principal, row, instanceView(row, await versionOf(deps, row)));
      },
    },
    {
      method: 'get',
      path: '/api/process-instances/:id/history',
      tag: 'instances',
      summary:
        'The audit trail of a case, in order (each actor also by their display name, a decision step by its outcome)',
      response: objectOf({
        events: arrayOf(
          objectOf({
            type: stringType,
            elementId: stringOrNull,
            at: stringType,
            actor: stringOrNull,
            actorName: stringOrNull,
            data: nullable(anyObject),
            /** A decision step's result by the table's output labels (departments by name). */
            'outcome?': OUTCOME_SCHEMA,
          }),
        ),
      }),
      async handler({ deps, principal, params, locale }) {
        const row = await visibleInstance(deps, principal, params.id!);
        const events = await readHistory(deps.db.knex, params.id!);
        const name = await actorNames(
          deps.db.knex,
          events.map((e) => e.actor),
          locale,
        );
        const outcome = await decisionOutcomes(deps, row, events);
        return {
          events: events.map((e) => {
            const decided = outcome(e);
            return { ...e, actorName: name(e.actor), ...(decided ? { outcome: decided } : {}) };
          }),
        };
      },
    },
    {
      method: 'post',
      path: '/api/process-instances/:id/cancel',
      tag: 'instances',
      summary: 'Cancel a case (撤销)',
      response: INSTANCE_SCHEMA,
      body: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 500 } } },
      async handler({ deps, principal, params, body }) {
        requireRole(principal, 'tenant-admin', 'supervisor');
        await visibleInstance(deps, principal, params.id!);
        await deps.commands.transact(async (unit) => {
          await unit.execute(params.id!, { type: 'cancelInstance' }, principal.username);
          if (body.reason)
            await note(await unit.knex(), params.id!, unit.now, principal.username, {
              action: 'cancel',
              reason: body.reason,
            });
        });
        return reload(deps, params.id!);
      },
    },
    {
      method: 'post',
      path: '/api/process-instances/:id/move',
      tag: 'instances',
      summary: 'Move tokens: return a case to an earlier step, or jump (administrators)',
      response: INSTANCE_SCHEMA,
      body: {
        type: 'object',
        required: ['cancel', 'activate', 'reason'],
        additionalProperties: false,
        properties: {
          cancel: elementIdsSchema,
          activate: elementIdsSchema,
          reason: { type: 'string', minLength: 1, maxLength: 500 },
        },
      },
      async handler({ deps, principal, params, body }) {
        requireRole(principal, 'tenant-admin');
        await visibleInstance(deps, principal, params.id!);
        await deps.commands.transact(async (unit) => {
          await unit.execute(
            params.id!,
            { type: 'moveTokens', cancel: body.cancel, activate: body.activate },
            principal.username,
          );
          await note(await unit.knex(), params.id!, unit.now, principal.username, {
            action: 'move',
            reason: body.reason,
          });
        });
        return reload(deps, params.id!);
      },
    },
    {
      method: 'post',
      path: '/api/process-instances/:id/variables',
      tag: 'instances',
      summary: 'Set process variables (administrators)',
      response: INSTANCE_SCHEMA,
      body: {
        type: 'object',
        required: ['variables'],
        additionalProperties: false,
        properties: { variables: variablesSchema },
      },
      async handler({ deps, principal, params, body }) {
        requireRole(principal, 'tenant-admin');
        await visibleInstance(deps, principal, params.id!);
        await deps.commands.transact(async (unit) => {
          await unit.execute(params.id!, { type: 'setVariables', variables: body.variables }, principal.username);
          indexCaseInCommand(unit, params.id!);
        });
        return reload(deps, params.id!);
      },
    },
  );
}

/** A case's variables under the same rules as its case file: fields hidden from the viewer's steps left out, phones masked. */
async function guarded(deps: Deps, principal: Principal, row: InstanceRow, view: ReturnType<typeof instanceView>) {
  if (seesAllCases(principal) && hasRole(principal, 'pii:read')) return view;
  return { ...view, variables: visibleVariables(view.variables, caseViewOf(await readCaseFile(deps, row), principal)) };
}

async function versionOf(deps: Deps, row: InstanceRow): Promise<number> {
  return (await deps.definitions.byId(deps.db.knex, row.definition_id))?.version ?? 0;
}

async function reload(deps: Deps, id: string) {
  const row = (await deps.db.knex('instances').where({ id }).first()) as InstanceRow;
  return instanceView(row, await versionOf(deps, row));
}

async function note(
  db: Knex,
  instanceId: string,
  at: string,
  actor: string,
  data: Record<string, unknown>,
): Promise<void> {
  await appendHistory(db, instanceId, at, actor, [{ type: 'note', data }]);
}
