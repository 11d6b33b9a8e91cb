import { DateTime } from 'luxon';
import { exprSource, isFeel, type Expr, type UserTaskNode } from '../../definitions/index.js';
import type { CreateTaskEffect } from '../effects.js';
import { feelWarnings } from '../feel/evaluate.js';
import type { Execution } from '../kernel/execution.js';
import { completeActivity } from '../kernel/lifecycle.js';
import type { Token } from '../state.js';
import type { Behaviour } from './behaviour.js';

/** A human task: evaluates assignment and scheduling, then waits for `completeTask`. */
export const userTask: Behaviour<UserTaskNode> = {
  activate(ctx, token, node) {
    const t = node.task;
    let failed = false;
    const read = (expr: Expr | undefined, what: string) => {
      if (failed) return undefined;
      const r = expr ? ctx.evalOrIncident(token, expr, what) : { value: undefined };
      if (!r) failed = true;
      return r;
    };
    // An assignment that is null because its expression failed (FEEL reports why) would route
    // the task to nobody: that is an incident. An explicitly null value stays unassigned.
    const assignment = (expr: Expr | undefined, what: string) => {
      const r = read(expr, what);
      if (r?.value !== null || !expr || !isFeel(expr)) return r;
      const why = feelWarnings(expr.feel, ctx.variables(ctx.evalScope(token)), ctx.env.now);
      if (why.length === 0) return r;
      failed = true;
      ctx.raiseIncident(token, 'FEEL_ERROR', `${what} ${exprSource(expr)} evaluated to null: ${why.join('; ')}`);
      return undefined;
    };
    const assignee = assignment(t.assignee, 'assignee');
    const groups = assignment(t.candidateGroups, 'candidate groups');
    const users = assignment(t.candidateUsers, 'candidate users');
    const due = read(t.dueDate, 'due date');
    const followUp = read(t.followUpDate, 'follow-up date');
    const priority = read(t.priority, 'priority');
    const deadline = read(t.deadline, 'deadline');
    const warning = read(t.warning, 'warning');
    if (!assignee || !groups || !users || !due || !followUp || !priority || !deadline || !warning) return;

    const dueAt = instant(ctx, token, due.value, 'due date');
    const followUpAt = instant(ctx, token, followUp.value, 'follow-up date');
    if (dueAt === null || followUpAt === null) return;
    const prio = priority.value === undefined || priority.value === null ? 50 : Number(priority.value);
    if (!Number.isInteger(prio) || prio < 0 || prio > 100) {
      ctx.raiseIncident(
        token,
        'INVALID_VALUE',
        `priority ${JSON.stringify(priority.value)} is not a whole number from 0 to 100`,
      );
      return;
    }
    const effect: Omit<CreateTaskEffect, 'taskId'> = {
      type: 'createTask',
      elementId: node.id,
      candidateGroups: list(groups.value),
      candidateUsers: list(users.value),
      priority: prio,
    };
    if (node.name) effect.name = node.name;
    if (assignee.value !== undefined && assignee.value !== null && assignee.value !== '')
      effect.assignee = String(assignee.value);
    if (dueAt) effect.dueAt = dueAt;
    if (followUpAt) effect.followUpAt = followUpAt;
    if (t.formId) effect.formId = t.formId;
    if (typeof deadline.value === 'string' && deadline.value !== '') effect.deadline = deadline.value;
    if (typeof warning.value === 'string' && warning.value !== '') effect.warning = warning.value;
    if (t.calendar) effect.calendar = t.calendar;
    if (t.deadlineStart) effect.deadlineStart = t.deadlineStart;
    if (effect.deadline && !effect.dueAt && effect.deadlineStart !== 'claimed' && ctx.env.checkDeadline) {
      try {
        ctx.env.checkDeadline(ctx.env.now, effect.deadline, effect.calendar);
      } catch (err) {
        ctx.raiseIncident(token, 'INVALID_VALUE', `deadline "${effect.deadline}": ${(err as Error).message}`);
        return;
      }
    }
    ctx.openWait({ kind: 'task', role: 'self', el: node.id, token: token.id, scope: token.scope }, (id) => ({
      ...effect,
      taskId: id,
    }));
    ctx.emit('taskCreated', node.id);
  },
  trigger(ctx, token, node, _wait, variables) {
    ctx.emit('taskCompleted', node.id);
    completeActivity(ctx, token, variables);
  },
};

/** Candidate lists may be FEEL lists or comma-separated text. */
function list(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.map(String).filter((s) => s !== '');
  return String(value)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** A date-time value as a UTC ISO instant; '' when absent; null (incident raised) when invalid. */
function instant(ctx: Execution, token: Token, value: unknown, what: string): string | null {
  if (value === undefined || value === null || value === '') return '';
  const at = DateTime.fromISO(String(value), { setZone: true });
  if (!at.isValid || !String(value).includes('T')) {
    ctx.raiseIncident(token, 'INVALID_VALUE', `${what} ${JSON.stringify(value)} is not an ISO 8601 date-time`);
    return null;
  }
  return at.toUTC().toISO()!;
}
