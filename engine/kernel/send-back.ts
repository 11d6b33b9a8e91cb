import { CommandRejected, type RejectionCode } from '../commands.js';
import type { Wait } from '../state.js';
import type { Execution } from './execution.js';
import { moveTokens } from './move.js';
import { earlierUserTasks, stepOperations } from './task-operations.js';

/** The process variable listing a case's refusals (退单), so a confirmed department cannot refuse again. */
export const REFUSALS_VARIABLE = 'refusals';

export interface Refusal {
  department: string;
  elementId: string;
  reason: string;
  at: string;
}

/** 退回: to a step the definition allows (its return targets, or any earlier user task). */
export function returnTask(ctx: Execution, wait: Wait, target: string, reason: string): void {
  const ops = operationsOf(ctx, wait, 'RETURN_NOT_ALLOWED');
  if (!ops.returnTargets.includes(target)) {
    throw new CommandRejected(
      'RETURN_NOT_ALLOWED',
      `<${wait.el}> may not be returned to <${target}>; allowed: ${ops.returnTargets.map((t) => `<${t}>`).join(', ') || 'none'}`,
    );
  }
  ctx.emit('taskReturned', wait.el, { taskId: wait.id, to: target, reason });
  moveTokens(ctx, [wait.el], [target]);
}

/**
 * 退单: the case goes back to the dispatch step with the refusal recorded. A department the
 * dispatcher sent the case to again after it refused (confirmed it) must handle it.
 */
export function refuseTask(ctx: Execution, wait: Wait, department: string, reason: string): void {
  const ops = operationsOf(ctx, wait, 'REFUSE_NOT_ALLOWED');
  if (!ops.refuse || !ops.refuseTo)
    throw new CommandRejected('REFUSE_NOT_ALLOWED', `<${wait.el}> is not a referral that can be refused`);
  const root = Object.values(ctx.state.scopes).find((s) => s.parent === null)!;
  const earlier = Array.isArray(root.vars[REFUSALS_VARIABLE]) ? (root.vars[REFUSALS_VARIABLE] as Refusal[]) : [];
  if (earlier.some((r) => r.department === department && r.elementId === wait.el)) {
    throw new CommandRejected(
      'REFUSE_NOT_ALLOWED',
      `${department} refused this case before and the dispatcher confirmed it; it must be handled`,
    );
  }
  const refusal: Refusal = { department, elementId: wait.el, reason, at: ctx.env.now };
  root.vars[REFUSALS_VARIABLE] = [...earlier, refusal];
  ctx.emit('taskRefused', wait.el, { taskId: wait.id, to: ops.refuseTo, department, reason });
  moveTokens(ctx, [wait.el], [ops.refuseTo]);
}

/** 撤回: back to the step that created this task, if that step allows being taken back. */
export function withdrawTask(ctx: Execution, wait: Wait, target: string): void {
  operationsOf(ctx, wait, 'WITHDRAW_NOT_ALLOWED');
  const targetOps = stepOperations(ctx.def, target);
  if (!targetOps?.withdraw)
    throw new CommandRejected('WITHDRAW_NOT_ALLOWED', `<${target}> does not allow its completer to take it back`);
  if (!earlierUserTasks(ctx.def, wait.el).includes(target)) {
    throw new CommandRejected('WITHDRAW_NOT_ALLOWED', `<${target}> is not an earlier step of <${wait.el}>`);
  }
  ctx.emit('taskWithdrawn', wait.el, { taskId: wait.id, to: target });
  moveTokens(ctx, [wait.el], [target]);
}

/** The step's operations; a multi-instance inner task (会签) is refused: its signers are changed instead. */
function operationsOf(ctx: Execution, wait: Wait, code: RejectionCode) {
  const ops = stepOperations(ctx.def, wait.el);
  if (!ops) throw new CommandRejected(code, `<${wait.el}> is not a user task`);
  const token = wait.token === undefined ? undefined : ctx.token(wait.token);
  if (!token || token.inner)
    throw new CommandRejected(
      code,
      `<${wait.el}> is one signer's part of a countersign; add or remove signers instead`,
    );
  return ops;
}
