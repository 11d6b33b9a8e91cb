import type { BoundaryEventNode, FlowNode, StartEventNode, SubProcessNode } from '../../definitions/index.js';
import type { Variables } from '../commands.js';
import type { ScopeState, Token } from '../state.js';
import type { Execution } from './execution.js';
import { terminateToken } from './lifecycle.js';

export type ThrowKind = 'error' | 'escalation';

type Catcher =
  | { via: 'boundary'; host: Token; boundary: BoundaryEventNode }
  | { via: 'eventSubProcess'; scope: number; sub: SubProcessNode; start: StartEventNode };

/**
 * Propagates an error or escalation from `from` outwards: the activity's own boundary
 * events (when it threw itself), then each enclosing scope's event subprocesses and its
 * owner's boundary events. Returns whether something caught it.
 */
export function throwEvent(
  ctx: Execution,
  from: Token,
  kind: ThrowKind,
  code: string,
  variables: Variables,
  ownBoundaries: boolean,
): boolean {
  const catcher = findCatcher(ctx, from, kind, code, ownBoundaries);
  ctx.emit(kind === 'error' ? 'errorThrown' : 'escalationThrown', from.el, { code, caught: catcher !== undefined });
  if (!catcher) return false;
  ctx.emit(kind === 'error' ? 'errorCaught' : 'escalationCaught', catcherElement(catcher), { code });
  if (catcher.via === 'boundary') {
    if (catcher.boundary.cancelActivity) terminateToken(ctx, catcher.host);
    ctx.elements.boundaryEvents.start(ctx, catcher.boundary, catcher.host.scope, variables);
  } else {
    ctx.elements.eventSubProcesses.start(ctx, catcher.scope, catcher.sub, catcher.start, variables);
  }
  return true;
}

function catcherElement(c: Catcher): string {
  return c.via === 'boundary' ? c.boundary.id : c.start.id;
}

function findCatcher(
  ctx: Execution,
  from: Token,
  kind: ThrowKind,
  code: string,
  ownBoundaries: boolean,
): Catcher | undefined {
  if (ownBoundaries && !from.inner) {
    const b = matchBoundary(ctx, ctx.node(from.el), kind, code);
    if (b) return { via: 'boundary', host: from, boundary: b };
  }
  let scopeId: number | null = from.scope;
  while (scopeId !== null) {
    const scope: ScopeState = ctx.state.scopes[scopeId]!;
    const owner = scope.owner === undefined ? undefined : ctx.token(scope.owner);
    const hostNode = owner && owner.local === scopeId ? ctx.node(owner.el) : undefined;
    const subs =
      scope.parent === null
        ? ctx.def.eventSubProcesses
        : hostNode?.kind === 'subProcess'
          ? hostNode.eventSubProcesses
          : [];
    const sub = matchEventSubProcess(ctx, subs, kind, code);
    if (sub) return { via: 'eventSubProcess', scope: scopeId, ...sub };
    if (owner && !owner.inner) {
      const b = matchBoundary(ctx, ctx.node(owner.el), kind, code);
      if (b) return { via: 'boundary', host: owner, boundary: b };
    }
    scopeId = scope.parent;
  }
  return undefined;
}

function codeOf(event: { type: string; errorCode?: string; escalationCode?: string }): string | undefined {
  return event.type === 'error' ? event.errorCode : event.escalationCode;
}

/** An exact code match wins over a catch-all (no code). */
function pick<T>(candidates: Array<[T, string | undefined]>, code: string): T | undefined {
  return candidates.find(([, c]) => c === code)?.[0] ?? candidates.find(([, c]) => c === undefined)?.[0];
}

function matchBoundary(ctx: Execution, node: FlowNode, kind: ThrowKind, code: string): BoundaryEventNode | undefined {
  const candidates = (node.boundaryEvents ?? [])
    .map((id) => ctx.node(id) as BoundaryEventNode)
    .filter((b) => b.event.type === kind)
    .map((b): [BoundaryEventNode, string | undefined] => [b, codeOf(b.event)]);
  return pick(candidates, code);
}

function matchEventSubProcess(
  ctx: Execution,
  subs: string[],
  kind: ThrowKind,
  code: string,
): { sub: SubProcessNode; start: StartEventNode } | undefined {
  const candidates: Array<[{ sub: SubProcessNode; start: StartEventNode }, string | undefined]> = [];
  for (const id of subs) {
    const sub = ctx.node(id) as SubProcessNode;
    const start = ctx.node(sub.startEvents[0]!) as StartEventNode;
    if (start.event.type === kind) candidates.push([{ sub, start }, codeOf(start.event)]);
  }
  return pick(candidates, code);
}
