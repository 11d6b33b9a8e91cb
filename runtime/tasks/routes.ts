import type { FlowNode, FormDefinition } from '../../definitions/index.js';
import { actorNames, hasRole, requireTenantAccess } from '../auth/index.js';
import { parseState, type InstanceRow } from '../execution/instance-row.js';
import { ApiError, conflict, notFound } from '../platform/http/errors.js';
import { parseChildId } from '../platform/ids.js';
import type { Queryable } from '../platform/db/tx.js';
import type { Deps, RuntimeApi } from '../platform/http/deps.js';
import {
  anyObject,
  arrayOf,
  emptyBodySchema,
  idSchema,
  limitOf,
  limitSchema,
  nullable,
  objectOf,
  stringOrNull,
  stringType,
  variablesSchema,
} from '../platform/http/schemas.js';
import { TASK_SCHEMA, taskView, type TaskRow } from './views.js';
import { actionableTask, canSeeAllTasks, visibleTask } from './access.js';
import { caseTitles } from './case-titles.js';
import { operationsView, requireNotDelegated } from './operations.js';
import { signatureOf, taskCountersign } from './countersign.js';
import { appendHistory } from '../store/history.js';
import { TASK_LIST_QUERY, orderTasks, whereLight } from '../deadlines/index.js';
import {
  isCaseTaskList,
  openTasksOfCase,
  tasksOf,
  whereCandidate,
  whereHandledBy,
  type TaskStatus,
} from './queries.js';
import { findTask } from '../store/task-row.js';
import { visibleVariables } from '../../engine/index.js';
import {
  addOpinion,
  CASE_DATA_SCHEMA,
  checkCompletion,
  requireCaseAttachments,
  indexCaseInCommand,
  OPINION_SCHEMA,
  opinionBodySchema,
  readCaseFile,
  stepForm,
  stepView,
} from '../cases/index.js';
import { claimTask, unclaimTask } from './assignment.js';
import { DRAFT_SCHEMA, draftOf, dropDrafts, saveDraft } from './drafts.js';

export function taskRoutes(api: RuntimeApi): void {
  api.add(
    {
      method: 'get',
      path: '/api/tasks',
      tag: 'tasks',
      summary: 'The inbox: tasks visible to the caller',
      response: arrayOf(TASK_SCHEMA),
      query: {
        properties: {
          processInstanceId: { type: 'string', maxLength: 40 },
          assignee: { type: 'string', maxLength: 64 },
          candidateGroup: { type: 'string', maxLength: 64 },
          candidateUser: { type: 'string', maxLength: 64 },
          tenant: idSchema,
          status: { enum: ['open', 'completed', 'cancelled'] },
          limit: limitSchema,
          withCase: { enum: ['true', 'false'] },
          ...TASK_LIST_QUERY,
        },
      },
      async handler({ deps, principal, query, locale }) {
        if (isCaseTaskList(query)) {
          // A case's open tasks (the case page, a client after each step): the same conditions as below, without the builder.
          const now = deps.clock.now();
          const rows = await openTasksOfCase(deps, principal, query.processInstanceId!, limitOf(query.limit));
          return rows.map((r) => taskView(r, now));
        }
        const status = (query.status ?? 'open') as TaskStatus;
        const dialect = deps.db.dialect;
        let q = tasksOf(deps.db.knex, status);
        const byCandidate = Boolean(query.candidateGroup || query.candidateUser);
        if (byCandidate) {
          const [kind, value] = query.candidateGroup
            ? (['group', query.candidateGroup] as const)
            : (['user', query.candidateUser!] as const);
          q = whereCandidate(q, dialect, status, kind, value);
        }
        if (query.tenant) requireTenantAccess(principal, query.tenant);
        const above = query.tenant ? [] : [...(principal.above ?? [])];
        // Tasks of the tenants above the caller's only when offered to the caller (A镇's 网格员核实 to 东村's grid worker).
        q = q.where((w) => {
          w.whereIn('t.tenant_id', query.tenant ? [query.tenant] : [...principal.subtree]);
          if (above.length > 0)
            w.orWhere((a) => whereHandledBy(a.whereIn('t.tenant_id', above), dialect, status, principal));
        });
        if (query.processInstanceId) q = q.where('t.instance_id', query.processInstanceId);
        if (query.assignee) q = q.where('t.assignee', query.assignee);
        // Asking for one's own group's or one's own inbox already limits the list to tasks one handles.
        const ownInbox =
          (query.candidateGroup !== undefined && principal.groups.includes(query.candidateGroup)) ||
          query.candidateUser === principal.username;
        if (!canSeeAllTasks(principal) && !ownInbox) q = whereHandledBy(q, dialect, status, principal);
        const now = deps.clock.now();
        // The open inbox of a candidate: its rows in task_candidates carry the task's created_at and
        // are keyed (kind, value, created_at, task_id), so ordering by c.created_at lets the primary
        // key hand rows over in order and the LIMIT stop early, instead of sorting every open task
        // of the group. Closed tasks have no candidate rows and sort like any other list.
        const filtered = whereLight(q, query.light, now, status);
        const inboxOrder = byCandidate && status === 'open' && (query.sort === undefined || query.sort === 'createdAt');
        const ordered = inboxOrder
          ? filtered.orderBy([
              { column: 'c.created_at', order: 'asc' },
              { column: 'c.task_id', order: 'asc' },
            ])
          : orderTasks(filtered, query.sort, now, status);
        const rows = (await ordered.limit(limitOf(query.limit))) as TaskRow[];
        if (query.withCase !== 'true') return rows.map((r) => taskView(r, now));
        const titles = await caseTitles(
          deps,
          rows.map((r) => r.instance_id),
        );
        const name = await actorNames(
          deps.db.knex,
          rows.map((r) => r.assignee),
          locale,
        );
        return rows.map((r) => ({
          ...taskView(r, now),
          caseTitle: titles.get(r.instance_id) ?? null,
          assigneeName: name(r.assignee),
        }));
      },
    },
    {
      method: 'get',
      path: '/api/tasks/:id',
      tag: 'tasks',
      summary: 'One task',
      response: TASK_SCHEMA,
      async handler({ deps, principal, params, locale }) {
        const task = await visibleTask(deps, principal, params.id!);
        const titles = await caseTitles(deps, [task.instance_id]);
        return {
          ...taskView(task, deps.clock.now()),
          caseTitle: titles.get(task.instance_id) ?? null,
          ...(await operationsView(deps, principal, task, locale)),
          countersign: await taskCountersign(deps, principal, task, locale),
        };
      },
    },
    {
      method: 'get',
      path: '/api/tasks/:id/form',
      tag: 'tasks',
      summary: 'The task form: JSON Schema, uiSchema and the current data',
      response: objectOf({
        formId: stringOrNull,
        externalForm: stringOrNull,
        schema: anyObject,
        uiSchema: anyObject,
        data: anyObject,
        caseData: CASE_DATA_SCHEMA,
        case: objectOf({ id: stringType, trackingNo: stringOrNull, tenant: stringType }),
        draft: nullable(DRAFT_SCHEMA),
      }),
      async handler({ deps, principal, params }) {
        const task = await visibleTask(deps, principal, params.id!);
        const { form, instance } = await formOf(deps, task);
        const state = parseState(instance);
        const local = parseChildId(task.id)!.localId;
        const wait = state.waits[local];
        const current = wait
          ? visibleVariables(state, wait.scope)
          : (Object.values(state.scopes).find((s) => s.parent === null)?.vars ?? {});
        const file = await readCaseFile(deps, instance);
        const shown = stepForm(
          file,
          task,
          form,
          current,
          stepView(file, task.element_id, hasRole(principal, 'pii:read')),
          deps.clock.now(),
        );
        const draft = task.status === 'open' ? await draftOf(deps.db.knex, task.id, principal.username) : null;
        return {
          formId: task.form_key,
          externalForm: externalFormOf(file.process.nodes[task.element_id]),
          schema: shown.schema,
          uiSchema: shown.uiSchema,
          data: shown.data,
          caseData: shown.caseData,
          case: { id: instance.id, trackingNo: instance.business_key, tenant: instance.tenant_id },
          draft,
        };
      },
    },
    {
      method: 'put',
      path: '/api/tasks/:id/draft',
      tag: 'tasks',
      summary: 'Save the form unfinished (暂存); checked only on completion, seen only by its holder',
      response: DRAFT_SCHEMA,
      body: { type: 'object', required: ['data'], additionalProperties: false, properties: { data: variablesSchema } },
      async handler({ deps, principal, params, body }) {
        const task = await actionableTask(deps, principal, params.id!);
        return saveDraft(deps.db.knex, {
          taskId: task.id,
          instanceId: task.instance_id,
          holder: principal.username,
          data: body.data as Record<string, unknown>,
          at: deps.clock.now(),
        });
      },
    },
    {
      method: 'get',
      path: '/api/tasks/:id/draft',
      tag: 'tasks',
      summary: "The caller's saved draft of the task form (404 when none)",
      response: DRAFT_SCHEMA,
      async handler({ deps, principal, params }) {
        const task = await visibleTask(deps, principal, params.id!);
        const draft = await draftOf(deps.db.knex, task.id, principal.username);
        if (!draft) throw notFound('draft of task', task.id);
        return draft;
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/comments',
      tag: 'tasks',
      summary: 'Write an opinion (审批意见) at this step of the case',
      status: 201,
      response: OPINION_SCHEMA,
      body: {
        type: 'object',
        required: ['body'],
        additionalProperties: false,
        properties: { body: opinionBodySchema },
      },
      async handler({ deps, principal, params, body }) {
        const task = await visibleTask(deps, principal, params.id!);
        return addOpinion(deps.db.knex, {
          instanceId: task.instance_id,
          tenantId: task.tenant_id,
          step: { taskId: task.id, elementId: task.element_id, name: task.name },
          author: principal.username,
          body: body.body,
          at: deps.clock.now(),
        });
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/claim',
      tag: 'tasks',
      summary: 'Claim a task (签收)',
      response: TASK_SCHEMA,
      body: emptyBodySchema,
      async handler({ deps, principal, params }) {
        const task = await actionableTask(deps, principal, params.id!);
        await claimTask(deps, principal, task);
        return taskView((await findTask(deps.db.knex, task.id))!, deps.clock.now());
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/unclaim',
      tag: 'tasks',
      summary: 'Give a claimed task back to its candidates',
      response: TASK_SCHEMA,
      body: emptyBodySchema,
      async handler({ deps, principal, params }) {
        const task = await actionableTask(deps, principal, params.id!);
        await unclaimTask(deps, principal, task);
        return taskView({ ...task, assignee: null }, deps.clock.now());
      },
    },
    {
      method: 'post',
      path: '/api/tasks/:id/complete',
      tag: 'tasks',
      summary: 'Complete a task with its form data',
      response: TASK_SCHEMA,
      body: {
        type: 'object',
        additionalProperties: false,
        properties: { variables: variablesSchema, opinion: opinionBodySchema },
      },
      async handler({ deps, principal, params, body, locale }) {
        const task = await actionableTask(deps, principal, params.id!);
        if (task.assignee && task.assignee !== principal.username && !hasRole(principal, 'tenant-admin')) {
          throw conflict('TASK_CLAIMED_BY_OTHER', `task is claimed by ${task.assignee}; only they can complete it`);
        }
        requireNotDelegated(task, locale);
        const canReadPii = hasRole(principal, 'pii:read');
        const completedAt = await deps.commands.transact(async (unit) => {
          const { instanceId, localId } = await unit.requireOpenTask(task.id);
          // The form is checked against the case as this transaction sees it (a cached row is
          // version-guarded at commit; a refusal is checked again on the row as stored).
          const check = async (): Promise<Record<string, unknown>> => {
            const { row, state } = (await unit.readCase(instanceId))!;
            const { form } = await formOf(deps, task, row, unit.tx);
            const file = await readCaseFile(deps, row, { db: unit.tx, state });
            const checked = checkCompletion(
              file,
              task,
              form,
              (body.variables ?? {}) as Record<string, unknown>,
              stepView(file, task.element_id, canReadPii),
              locale,
              unit.now,
            );
            await requireCaseAttachments(unit.tx, instanceId, form, checked, locale);
            return checked;
          };
          let variables: Record<string, unknown>;
          try {
            variables = await check();
          } catch (err) {
            if (!(err instanceof ApiError) || !(await unit.verifyCase(instanceId))) throw err;
            variables = await check();
          }
          const signed = await signatureOf(unit, instanceId, localId, task.id, variables, body.opinion);
          await unit.execute(instanceId, { type: 'completeTask', taskId: localId, variables }, principal.username);
          if (signed) await appendHistory(await unit.knex(), instanceId, unit.now, principal.username, [signed]);
          // The opinion, the spent drafts and the case's search row go with the completion, or not at all.
          if (body.opinion)
            await addOpinion(await unit.knex(), {
              instanceId: task.instance_id,
              tenantId: task.tenant_id,
              step: { taskId: task.id, elementId: task.element_id, name: task.name },
              author: principal.username,
              body: body.opinion,
              at: unit.now,
            });
          dropDrafts(unit.tx, task.id);
          indexCaseInCommand(unit, instanceId);
          return unit.now;
        });
        // The task as it moved to task_history (end-task writes in execution/task-writes.ts): no read back.
        return taskView(
          {
            ...task,
            status: 'completed',
            completed_at: completedAt,
            completed_by: principal.username,
            paused_at: null,
            deadline_provisional: null,
          },
          deps.clock.now(),
        );
      },
    },
  );
}

/** A form kept outside civicflow (Zeebe `externalReference`): shown as a link; the task completes without a schema. */
function externalFormOf(node: FlowNode | undefined): string | null {
  return node?.kind === 'userTask' ? (node.task.externalFormReference ?? null) : null;
}

async function formOf(
  deps: Deps,
  task: TaskRow,
  instance?: InstanceRow,
  db: Queryable = deps.db.knex,
): Promise<{ form: FormDefinition | undefined; instance: InstanceRow }> {
  instance ??= (await deps.db.knex('instances').where({ id: task.instance_id }).first()) as InstanceRow;
  if (!task.form_key) return { form: undefined, instance };
  const pinned = await deps.definitions.pins.read(db, instance.pinned);
  const formDefId =
    pinned.forms[task.form_key] ?? (await deps.definitions.resolve(db, 'form', task.form_key, task.tenant_id))?.id;
  if (!formDefId)
    throw new ApiError(
      409,
      'FORM_NOT_DEPLOYED',
      `form "${task.form_key}" is not deployed for tenant ${task.tenant_id}`,
    );
  return { form: await deps.definitions.form(db, formDefId), instance };
}
