import type { Locale } from '../../definitions/index.js';
import { hasRole, mayAddToCase, seesAllCases, type Principal } from '../auth/index.js';
import { lightOf } from '../deadlines/index.js';
import { parseState } from '../execution/instance-row.js';
import type { Deps } from '../platform/http/deps.js';
import { readHistory } from '../store/history.js';
import { dataByStep, permissionsOf, readCaseFile, shownValue, type CaseFile, type CaseDataView } from './case-data.js';
import { hiddenFieldsOf } from './field-access.js';
import { opinionsOf } from './opinions.js';
import { timeline } from './timeline.js';
import type { InstanceRow } from '../execution/instance-row.js';
import { countersignsOf } from '../tasks/index.js';

/**
 * How a viewer sees a case's data: supervisors and administrators see every field; a handler does
 * not see the fields any step it works on hides. Phones are masked without `pii:read`.
 */
export function caseViewOf(file: CaseFile, p: Principal): CaseDataView {
  const hidden = new Set<string>();
  if (!seesAllCases(p)) {
    for (const t of file.tasks) {
      const involved =
        t.assignee === p.username ||
        t.completed_by === p.username ||
        (JSON.parse(t.candidate_users) as string[]).includes(p.username) ||
        (JSON.parse(t.candidate_groups) as string[]).some((g) => p.groups.includes(g));
      if (involved) for (const key of hiddenFieldsOf(permissionsOf(file, t.element_id))) hidden.add(key);
    }
  }
  return { hidden, maskPhones: !hasRole(p, 'pii:read') };
}

/** A case's variables as the viewer may see them (hidden fields left out, phones masked). */
export function visibleVariables(vars: Record<string, unknown>, view: CaseDataView): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(vars))
    if (!view.hidden.has(key)) out[key] = shownValue(key, undefined, value, view);
  return out;
}

async function namesOf(deps: Deps, usernames: Iterable<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set([...usernames].filter((u): u is string => !!u))];
  const rows = wanted.length
    ? ((await deps.db.knex('users').whereIn('username', wanted).select('username', 'display_name')) as Array<{
        username: string;
        display_name: string;
      }>)
    : [];
  return new Map(rows.map((r) => [r.username, r.display_name]));
}

/** The case file as `GET /api/cases/:id` shows it. */
export async function caseFileView(deps: Deps, principal: Principal, instance: InstanceRow, locale: Locale) {
  const knex = deps.db.knex;
  const now = deps.clock.now();
  const file = await readCaseFile(deps, instance);
  const view = caseViewOf(file, principal);
  const [history, opinions, extensions, urges, supervision, openTasks, tenant, definition] = await Promise.all([
    readHistory(knex, instance.id),
    opinionsOf(knex, instance.id),
    knex('extension_requests').where({ instance_id: instance.id }).orderBy('created_at'),
    knex('task_urges').where({ instance_id: instance.id }).orderBy('created_at'),
    knex('supervision_orders').where({ instance_id: instance.id }).orderBy('created_at'),
    knex('tasks').where({ instance_id: instance.id }).orderBy('created_at'),
    deps.tenants.get(instance.tenant_id),
    deps.definitions.byId(knex, instance.definition_id),
  ]);
  const mentioned = mentionedIn(history);
  const groupIds = new Set([...file.tasks.flatMap((t) => JSON.parse(t.candidate_groups) as string[]), ...mentioned]);
  const groupRows = groupIds.size
    ? ((await knex('groups')
        .whereIn('id', [...groupIds])
        .select('id', 'name')) as Array<{ id: string; name: string }>)
    : [];
  const groups = new Map(groupRows.map((g) => [g.id, g.name]));
  const people = await namesOf(deps, [
    ...history.map((e) => e.actor),
    ...opinions.map((o) => o.author),
    ...file.tasks.flatMap((t) => [t.assignee, t.completed_by]),
    ...extensions.flatMap((x: { requested_by: string; decided_by: string | null }) => [x.requested_by, x.decided_by]),
    ...urges.map((u: { urged_by: string }) => u.urged_by),
    ...supervision.flatMap((s: { created_by: string; closed_by: string | null }) => [s.created_by, s.closed_by]),
    ...mentioned,
  ]);
  const personName = (u: string | null) =>
    u === null ? null : u === 'public' ? (locale === 'zh-CN' ? '群众' : 'citizen') : (people.get(u) ?? u);
  const stepName = (el: string | null) =>
    el ? (file.process.nodes[el]?.name ?? (locale === 'zh-CN' ? '流程环节' : 'a step')) : '';
  const taskStep = (taskId: string) => stepName(file.tasks.find((t) => t.id === taskId)?.element_id ?? null);
  const vars = file.variables;
  const field = (key: string) =>
    key in vars && !view.hidden.has(key) ? shownValue(key, undefined, vars[key], view) : null;
  const state = parseState(instance);

  const passes = new Map<string, number>();
  for (const e of history)
    if (e.type === 'elementCompleted' && e.elementId) passes.set(e.elementId, (passes.get(e.elementId) ?? 0) + 1);
  const active = new Set(Object.values(state.tokens).map((t) => t.el));
  const overdue = new Set(
    openTasks
      .filter((t: { due_at: string | null }) => t.due_at && now > t.due_at)
      .map((t: { element_id: string }) => t.element_id),
  );
  const incidents = new Set(Object.values(state.incidents).map((i) => i.el));
  const elements = [...new Set([...passes.keys(), ...active, ...incidents])].map((id) => ({
    id,
    state: incidents.has(id) ? 'incident' : overdue.has(id) ? 'overdue' : active.has(id) ? 'active' : 'completed',
    times: (passes.get(id) ?? 0) + (active.has(id) ? 1 : 0),
  }));

  return {
    id: instance.id,
    trackingNo: instance.business_key,
    businessKey: instance.business_key,
    tenant: { id: instance.tenant_id, name: tenant?.name ?? instance.tenant_id },
    processKey: instance.process_key,
    processName: file.process.name ?? instance.process_key,
    definitionId: instance.definition_id,
    version: definition?.version ?? 0,
    status: instance.status,
    channel: field('channel'),
    enterprise: field('enterpriseName'),
    category: field('category'),
    appellant: { name: field('applicantName'), phone: field('phone'), description: field('description') },
    createdAt: instance.created_at,
    endedAt: instance.ended_at,
    currentSteps: openTasks.map(
      (
        t: Parameters<typeof lightOf>[0] & {
          id: string;
          element_id: string;
          name: string | null;
          assignee: string | null;
          candidate_groups: string;
          due_at: string | null;
          created_at: string;
        },
      ) => ({
        taskId: t.id,
        elementId: t.element_id,
        name: t.name ?? stepName(t.element_id),
        assignee: t.assignee,
        assigneeName: t.assignee ? personName(t.assignee) : null,
        departments: (JSON.parse(t.candidate_groups) as string[]).map((g) => groups.get(g) ?? g),
        dueAt: t.due_at,
        light: lightOf(t, now),
        createdAt: t.created_at,
      }),
    ),
    steps: file.tasks.map((t) => ({
      taskId: t.id,
      elementId: t.element_id,
      name: t.name ?? stepName(t.element_id),
      status: t.status,
      departments: (JSON.parse(t.candidate_groups) as string[]).map((g) => groups.get(g) ?? g),
      handler: personName(t.completed_by ?? t.assignee),
      createdAt: t.created_at,
      completedAt: t.completed_at,
      dueAt: t.due_at,
      onTime: t.completed_at && t.due_at ? t.completed_at <= t.due_at : null,
    })),
    data: dataByStep(file, view),
    extensions: extensions.map((x: Record<string, unknown>) => ({
      taskId: x.task_id,
      step: taskStep(x.task_id as string),
      requestedBy: personName(x.requested_by as string),
      reason: x.reason,
      extendBy: x.extend_by,
      status: x.status,
      decidedBy: personName((x.decided_by as string | null) ?? null),
      decidedAt: x.decided_at,
      newDueAt: x.new_due_at,
      createdAt: x.created_at,
    })),
    urges: urges.map((u: Record<string, unknown>) => ({
      taskId: u.task_id,
      step: taskStep(u.task_id as string),
      by: personName(u.urged_by as string),
      message: u.message,
      createdAt: u.created_at,
    })),
    supervision: supervision.map((s: Record<string, unknown>) => ({
      id: s.id,
      step: stepName((s.element_id as string | null) ?? null),
      reason: s.reason,
      deadline: s.deadline,
      dueAt: s.due_at,
      status: s.status,
      by: personName(s.created_by as string),
      createdAt: s.created_at,
      closedAt: s.closed_at,
    })),
    opinions: opinions.map((o) => ({ ...o, authorName: personName(o.author) })),
    timeline: timeline(
      {
        history,
        opinions,
        extensions,
        urges,
        supervision,
        stepName,
        taskStep,
        personName,
        whoName: (id) => people.get(id) ?? groups.get(id) ?? id,
      },
      locale,
    ),
    diagram: { elements },
    countersigns: await countersignsOf(deps, principal, instance, locale),
    canAttach: instance.status === 'active' && (await mayAddToCase(knex, deps.db.dialect, principal, instance)),
  };
}

export type CaseFileView = Awaited<ReturnType<typeof caseFileView>>;

/** The people and departments the task operations of a case name (transfer targets, copies, signers). */
function mentionedIn(history: Array<{ type: string; data: unknown }>): string[] {
  const ids: string[] = [];
  for (const e of history) {
    const d = (e.data ?? {}) as Record<string, unknown>;
    if (e.type === 'taskTransferred') ids.push(String(d.toUser ?? d.toGroup ?? ''));
    if (e.type === 'taskDelegated') ids.push(String(d.delegate ?? ''));
    if (e.type === 'taskProxied') ids.push(String(d.from ?? ''), String(d.toUser ?? ''));
    if (e.type === 'caseCopied')
      ids.push(...((d.recipients as Array<{ id: string }> | undefined) ?? []).map((r) => r.id));
    if (e.type === 'signersAdded' || e.type === 'signersRemoved')
      ids.push(...((d.items as unknown[]) ?? []).map(String));
  }
  return [...new Set(ids.filter(Boolean))];
}
