import { CommandRejected } from '../commands.js';
import type { Execution } from '../kernel/execution.js';
import { terminateScope } from '../kernel/lifecycle.js';
import { stepOperations } from '../kernel/task-operations.js';
import type { InstanceState, Token, Wait } from '../state.js';
import { advance, innerScopes, startInner } from './multi-instance.js';

/** Where each item of a countersign (会签) stands. */
export type SignerState = 'pending' | 'active' | 'completed' | 'removed';

export interface SignerView {
  item: unknown;
  state: SignerState;
}

/**
 * 加签: more signers join a running countersign (a multi-instance user task). A parallel body
 * starts their instances at once; a sequential one reaches them in turn, after the others.
 */
export function addSigners(ctx: Execution, wait: Wait, items: unknown[], reason = ''): void {
  const body = countersignOf(ctx, wait, 'add');
  const mi = body.mi!;
  if (items.length === 0) throw new CommandRejected('SIGNERS_INVALID', 'name at least one signer to add');
  const present = signersOf(ctx.state, body)
    .filter((s) => s.state !== 'removed')
    .map((s) => key(s.item));
  const seen = new Set(present);
  for (const item of items) {
    if (seen.has(key(item)))
      throw new CommandRejected('SIGNER_DUPLICATE', `${JSON.stringify(item)} is already a signer of <${body.el}>`);
    seen.add(key(item));
  }
  const cap = ctx.budget.limits.collectionItems;
  if (mi.items.length + items.length > cap)
    throw new CommandRejected('SIGNERS_INVALID', `a countersign holds at most ${cap} signers`);
  const spec = ctx.node(body.el).multiInstance!;
  const first = mi.items.length;
  mi.items.push(...items);
  if (mi.outputs) mi.outputs.push(...items.map(() => null));
  ctx.emit('signersAdded', body.el, { taskId: wait.id, items, reason });
  if (!spec.sequential) for (let i = first; i < mi.items.length; i++) startInner(ctx, body, spec);
}

/**
 * 减签: signers who have not signed leave a running countersign; a running instance of theirs
 * ends (its task is cancelled). A completed signer cannot be removed, nor the last one left;
 * the completion condition is evaluated again over the signers that remain.
 */
export function removeSigners(ctx: Execution, wait: Wait, items: unknown[], reason = ''): void {
  const body = countersignOf(ctx, wait, 'remove');
  const mi = body.mi!;
  if (items.length === 0) throw new CommandRejected('SIGNERS_INVALID', 'name at least one signer to remove');
  const signers = signersOf(ctx.state, body);
  const indices: number[] = [];
  for (const item of items) {
    const i = signers.findIndex(
      (s, idx) => s.state !== 'removed' && !indices.includes(idx) && key(s.item) === key(item),
    );
    if (i < 0) throw new CommandRejected('SIGNER_NOT_FOUND', `${JSON.stringify(item)} is not a signer of <${body.el}>`);
    if (signers[i]!.state === 'completed')
      throw new CommandRejected('SIGNER_COMPLETED', `${JSON.stringify(item)} has already signed <${body.el}>`);
    indices.push(i);
  }
  const left = signers.filter((s, i) => s.state !== 'removed' && !indices.includes(i)).length;
  if (left === 0)
    throw new CommandRejected('SIGNER_LAST', `<${body.el}> would have no signer left; at least one must remain`);
  mi.removed = [...(mi.removed ?? []), ...indices].sort((a, b) => a - b);
  for (const scope of innerScopes(ctx, body)) {
    if (indices.includes((scope.vars.loopCounter as number) - 1)) terminateScope(ctx, scope.id);
  }
  ctx.emit('signersRemoved', body.el, { taskId: wait.id, items, reason });
  advance(ctx, body, ctx.node(body.el).multiInstance!, undefined);
}

/** Each item of a running countersign and where it stands, in the order of the collection. */
export function signersOf(state: InstanceState, body: Token): SignerView[] {
  const mi = body.mi!;
  const active = new Set(
    Object.values(state.scopes)
      .filter((s) => s.owner === body.id && s.id !== body.local)
      .map((s) => (s.vars.loopCounter as number) - 1),
  );
  const removed = new Set(mi.removed ?? []);
  return mi.items.map((item, i) => ({
    item,
    state: removed.has(i) ? 'removed' : active.has(i) ? 'active' : i >= mi.started ? 'pending' : 'completed',
  }));
}

/** The multi-instance body the task is one signer's part of, if the step allows the change. */
function countersignOf(ctx: Execution, wait: Wait, change: 'add' | 'remove'): Token {
  const token = wait.token === undefined ? undefined : ctx.token(wait.token);
  const body = token?.inner ? ctx.token(ctx.state.scopes[token.scope]?.owner ?? -1) : undefined;
  if (!body?.mi || ctx.node(body.el).kind !== 'userTask')
    throw new CommandRejected('SIGNERS_NOT_ALLOWED', `<${wait.el}> is not part of a countersign`);
  const ops = stepOperations(ctx.def, body.el)!;
  if (change === 'add' ? !ops.addSigners : !ops.removeSigners)
    throw new CommandRejected(
      'SIGNERS_NOT_ALLOWED',
      `<${body.el}> does not allow ${change === 'add' ? 'adding' : 'removing'} signers`,
    );
  return body;
}

/** Items compare by value: a username, a department id or a record. */
function key(item: unknown): string {
  return JSON.stringify(item);
}
