import { exprSource, type SubProcessNode } from '../../definitions/index.js';
import type { JobResult, Variables } from '../commands.js';
import type { Execution } from '../kernel/execution.js';
import { completeActivity, terminateScope } from '../kernel/lifecycle.js';
import type { Token } from '../state.js';
import { openJob } from './job.js';

/**
 * Zeebe's ad-hoc subprocess. Its inner elements run when activated — by `activeElementsCollection`
 * on entry, or by the result of its job (the job worker implementation) — each activation in
 * a scope of its own below the subprocess's. After each activation completes, `outputElement`
 * is appended to `outputCollection`, then the completion condition decides (or a new job is
 * created). It completes when the condition holds (terminating what still runs when
 * `cancelRemainingInstances`), or when nothing it activated runs any more.
 */
export function activateAdHoc(ctx: Execution, token: Token, node: SubProcessNode): void {
  const spec = node.adHoc!;
  const local = ctx.state.scopes[token.local!]!;
  if (spec.outputCollection) local.vars[spec.outputCollection] = [];
  if (node.job) {
    openJob(ctx, token, node, node.job);
    return;
  }
  if (!spec.activeElements) return;
  const r = ctx.evalOrIncident(token, spec.activeElements, 'active elements collection');
  if (!r) return;
  const ids = elementIds(ctx, token, node, r.value);
  if (!ids) return;
  for (const id of ids) startActivation(ctx, token, id, {});
}

/** The ids to activate, or undefined (incident raised) when the value is not a list of inner element ids. */
function elementIds(ctx: Execution, token: Token, node: SubProcessNode, value: unknown): string[] | undefined {
  const allowed = activatable(ctx, node);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' && allowed.includes(v))) return value;
  const what = node.adHoc?.activeElements ? exprSource(node.adHoc.activeElements) : 'the job result';
  ctx.raiseIncident(
    token,
    'INVALID_VALUE',
    `${what} gave ${JSON.stringify(value)}; expected a list of ids of the ad-hoc subprocess's elements (${allowed.join(', ')})`,
  );
  return undefined;
}

/** Inner elements that can be activated: those no sequence flow leads to. */
function activatable(ctx: Execution, node: SubProcessNode): string[] {
  return Object.values(ctx.def.nodes)
    .filter(
      (n) =>
        n.parent === node.id &&
        n.incoming.length === 0 &&
        n.kind !== 'boundaryEvent' &&
        !n.forCompensation &&
        !(n.kind === 'subProcess' && n.triggeredByEvent),
    )
    .map((n) => n.id);
}

function startActivation(ctx: Execution, owner: Token, elementId: string, variables: Variables): void {
  const scope = ctx.createScope(owner.local!, owner.id, { ...variables });
  ctx.createToken(elementId, scope.id);
}

function activations(ctx: Execution, owner: Token): number[] {
  return Object.values(ctx.state.scopes)
    .filter((s) => s.owner === owner.id && s.id !== owner.local)
    .map((s) => s.id);
}

/** The ad-hoc subprocess's job completed: its variables, then the elements the result activates. */
export function adHocJobCompleted(
  ctx: Execution,
  token: Token,
  node: SubProcessNode,
  variables: Variables,
  result: JobResult | undefined,
): void {
  // With output mappings the job's variables stay local until the subprocess completes (Zeebe).
  if ((node.io?.outputs.length ?? 0) > 0) Object.assign(ctx.state.scopes[token.local!]!.vars, variables);
  else ctx.setVariables(token.local!, variables);
  const requested = result?.activateElements ?? [];
  if (
    !elementIds(
      ctx,
      token,
      node,
      requested.map((e) => e.elementId),
    )
  )
    return;
  for (const e of requested) startActivation(ctx, token, e.elementId, e.variables ?? {});
  if (result?.isCompletionConditionFulfilled) {
    finish(ctx, token, result.isCancelRemainingInstances === true);
    return;
  }
  if (activations(ctx, token).length === 0) complete(ctx, token);
}

/** An activation ran to its end (its scope is empty): collect its output, then decide what comes next. */
export function adHocActivationDone(ctx: Execution, owner: Token, scopeId: number): void {
  const node = ctx.node(owner.el) as SubProcessNode;
  const spec = node.adHoc!;
  if (spec.outputCollection && spec.outputElement) {
    const r = ctx.evaluate(spec.outputElement, scopeId);
    if (!r.ok) {
      terminateScope(ctx, scopeId);
      ctx.raiseIncident(owner, 'FEEL_ERROR', `output element ${exprSource(spec.outputElement)} failed: ${r.message}`);
      return;
    }
    const local = ctx.state.scopes[owner.local!]!;
    const list = Array.isArray(local.vars[spec.outputCollection])
      ? (local.vars[spec.outputCollection] as unknown[])
      : [];
    local.vars[spec.outputCollection] = [...list, r.value];
  }
  terminateScope(ctx, scopeId);
  const left = activations(ctx, owner).length;
  if (owner.adHoc?.completing) {
    if (left === 0) complete(ctx, owner);
    return;
  }
  if (node.job) {
    // The worker decides again, with the outputs so far; one job at a time.
    if (!ctx.waitsOf(owner.id).some((w) => w.kind === 'job')) openJob(ctx, owner, node, node.job);
    return;
  }
  if (spec.completionCondition) {
    const c = ctx.evalOrIncident(owner, spec.completionCondition, 'completion condition');
    if (!c) return;
    if (c.value === true) {
      finish(ctx, owner, spec.cancelRemainingInstances);
      return;
    }
  }
  if (left === 0) complete(ctx, owner);
}

function finish(ctx: Execution, owner: Token, cancelRemaining: boolean): void {
  const running = activations(ctx, owner);
  if (cancelRemaining) for (const id of running) terminateScope(ctx, id);
  if (cancelRemaining || running.length === 0) complete(ctx, owner);
  else owner.adHoc = { completing: true };
}

function complete(ctx: Execution, owner: Token): void {
  delete owner.adHoc;
  completeActivity(ctx, owner);
}
