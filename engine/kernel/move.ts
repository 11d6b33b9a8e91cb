import { CommandRejected } from '../commands.js';
import type { Token } from '../state.js';
import type { Execution } from './execution.js';
import { terminateToken } from './lifecycle.js';

/**
 * Process instance modification (退回 return, administrator jump): terminates the tokens at
 * `cancel` elements and starts new ones at `activate` elements, creating enclosing
 * subprocess scopes when they are not active. Rejects instead of leaving nothing running.
 */
export function moveTokens(ctx: Execution, cancel: string[], activate: string[]): void {
  for (const id of [...cancel, ...activate]) {
    if (!ctx.def.nodes[id])
      throw new CommandRejected('ELEMENT_NOT_FOUND', `<${id}> is not an element of process ${ctx.def.id}`);
  }
  for (const id of activate) {
    const kind = ctx.def.nodes[id]!.kind;
    if (
      kind === 'boundaryEvent' ||
      (kind === 'startEvent' && ctx.def.nodes[id]!.parent !== null && !isEmbeddedStart(ctx, id))
    ) {
      throw new CommandRejected('MOVE_INVALID', `<${id}> is a ${kind} and cannot be activated directly`);
    }
  }
  const doomed: Token[] = [];
  for (const id of cancel) {
    const tokens = Object.values(ctx.state.tokens).filter((t) => t.el === id && !t.inner);
    if (tokens.length === 0) throw new CommandRejected('ELEMENT_NOT_ACTIVE', `<${id}> has no active token to cancel`);
    doomed.push(...tokens);
  }
  // As in Zeebe, activations are applied before terminations: a token moved within a
  // subprocess keeps that subprocess instance (its boundary timers and variables).
  for (const id of activate) ctx.createToken(id, scopeFor(ctx, ctx.def.nodes[id]!.parent));
  for (const t of doomed) {
    if (!ctx.token(t.id)) continue;
    const scope = t.scope;
    terminateToken(ctx, t);
    cancelEmptyAncestors(ctx, scope);
  }
  if (!Object.values(ctx.state.scopes).some((s) => s.parent === null && ctx.tokensIn(s.id).length > 0)) {
    throw new CommandRejected('MOVE_INVALID', 'the move would leave no active element; cancel the instance instead');
  }
  ctx.emit('tokensMoved', undefined, { cancel, activate });
}

function isEmbeddedStart(ctx: Execution, startId: string): boolean {
  const parent = ctx.def.nodes[ctx.def.nodes[startId]!.parent!];
  return parent?.kind === 'subProcess' && !parent.triggeredByEvent;
}

/** A subprocess whose last inner token was cancelled is cancelled too. */
function cancelEmptyAncestors(ctx: Execution, scopeId: number): void {
  const scope = ctx.state.scopes[scopeId];
  if (!scope || scope.parent === null || ctx.tokensIn(scopeId).length > 0) return;
  const owner = scope.owner === undefined ? undefined : ctx.token(scope.owner);
  if (!owner || owner.local !== scopeId) return;
  const parentScope = owner.scope;
  terminateToken(ctx, owner);
  cancelEmptyAncestors(ctx, parentScope);
}

/** The scope to start a token in: the process scope, or an (existing or new) subprocess scope. */
function scopeFor(ctx: Execution, parentElement: string | null): number {
  if (parentElement === null) return Object.values(ctx.state.scopes).find((s) => s.parent === null)!.id;
  const existing = Object.values(ctx.state.tokens).find(
    (t) => t.el === parentElement && t.local !== undefined && !t.mi,
  );
  if (existing) return existing.local!;
  const outer = scopeFor(ctx, ctx.def.nodes[parentElement]!.parent);
  const owner: Token = { id: ctx.newId(), el: parentElement, scope: outer, phase: 'waiting' };
  ctx.state.tokens[owner.id] = owner;
  ctx.emit('elementActivated', parentElement);
  const node = ctx.node(parentElement);
  ctx.elements.boundaryEvents.openWaits(ctx, owner, node);
  owner.local = ctx.createScope(outer, owner.id).id;
  if (node.kind === 'subProcess') ctx.elements.eventSubProcesses.openWaits(ctx, owner.local, node.eventSubProcesses);
  return owner.local;
}
