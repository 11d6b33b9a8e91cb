import type { Variables } from '../commands.js';
import type { InstanceState, ScopeState } from '../state.js';

/** The scopes from `scopeId` up to the process scope. */
export function scopeChain(state: InstanceState, scopeId: number): ScopeState[] {
  const chain: ScopeState[] = [];
  let scope: ScopeState | undefined = state.scopes[scopeId];
  while (scope) {
    chain.push(scope);
    scope = scope.parent === null ? undefined : state.scopes[scope.parent];
  }
  return chain;
}

/** All variables visible from a scope; inner scopes shadow outer ones. */
export function visibleVariables(state: InstanceState, scopeId: number): Variables {
  const chain = scopeChain(state, scopeId);
  if (chain.length === 1) return chain[0]!.vars;
  const out: Variables = {};
  for (let i = chain.length - 1; i >= 0; i--) Object.assign(out, chain[i]!.vars);
  return out;
}

/**
 * Zeebe's propagation rule: a variable is written where it already exists on the way up,
 * otherwise at the process scope.
 */
export function propagateVariables(state: InstanceState, scopeId: number, variables: Variables): void {
  const chain = scopeChain(state, scopeId);
  for (const [name, value] of Object.entries(variables)) {
    const holder = chain.find((s) => Object.hasOwn(s.vars, name)) ?? chain[chain.length - 1]!;
    holder.vars[name] = value;
  }
}

/** Writes `value` at a possibly dotted path (`address.city`) inside `target`. */
export function assignPath(target: Variables, path: string, value: unknown): void {
  const parts = path.split('.');
  let obj: Variables = target;
  for (const part of parts.slice(0, -1)) {
    const next = obj[part];
    obj[part] = typeof next === 'object' && next !== null && !Array.isArray(next) ? { ...(next as Variables) } : {};
    obj = obj[part] as Variables;
  }
  obj[parts[parts.length - 1]!] = value;
}
