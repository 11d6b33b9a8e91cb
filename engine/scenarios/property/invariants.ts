import type { ExecutableProcess } from '../../../definitions/index.js';
import type { InstanceState } from '../../state.js';

/** The elements a generated process waits at, and what they wait for (a user task, or a signal catch event). */
const WAIT_OF: Partial<Record<string, string>> = { userTask: 'task', intermediateCatchEvent: 'signal' };

const JOINS = new Set(['parallelGateway', 'inclusiveGateway']);

/**
 * Structural checks of an instance state against its definition. Returns what is wrong
 * (empty when the state is sound): tokens, waits and scopes must agree with each other.
 */
export function violations(def: ExecutableProcess, state: InstanceState): string[] {
  const out: string[] = [];
  const tokens = Object.values(state.tokens);
  const waits = Object.values(state.waits);
  const scopes = Object.values(state.scopes);
  const roots = scopes.filter((s) => s.parent === null);
  if (roots.length !== 1) out.push(`expected one process scope, found ${roots.length}`);

  for (const wait of waits) {
    const token = wait.token === undefined ? undefined : state.tokens[wait.token];
    const kind = def.nodes[wait.el]?.kind;
    if (wait.kind !== (kind === undefined ? undefined : WAIT_OF[kind]))
      out.push(`unexpected ${wait.kind} wait ${wait.id} at <${wait.el}>`);
    if (!token) out.push(`wait ${wait.id} at <${wait.el}> belongs to no token`);
    else if (token.el !== wait.el || token.phase !== 'waiting') {
      out.push(`wait ${wait.id} at <${wait.el}> refers to token ${token.id} at <${token.el}> (${token.phase})`);
    } else if (wait.scope !== token.scope)
      out.push(`wait ${wait.id} is in scope ${wait.scope}, its token in ${token.scope}`);
  }

  for (const token of tokens) {
    const node = def.nodes[token.el];
    if (!node) {
      out.push(`token ${token.id} stands on unknown element <${token.el}>`);
      continue;
    }
    const scope = state.scopes[token.scope];
    if (!scope) {
      out.push(`token ${token.id} at <${token.el}> is in missing scope ${token.scope}`);
      continue;
    }
    const owner = scope.owner === undefined ? undefined : state.tokens[scope.owner];
    const expectedParent = scope.parent === null ? null : owner?.el;
    if (node.parent !== expectedParent)
      out.push(
        `token ${token.id} at <${token.el}> runs in the scope of <${expectedParent ?? 'process'}>, but the element is in <${node.parent ?? 'process'}>`,
      );
    if (token.phase === 'incident' || token.phase === 'ready')
      out.push(`token ${token.id} at <${token.el}> is left ${token.phase}`);
    if (token.phase === 'joining' && !JOINS.has(node.kind))
      out.push(`token ${token.id} is joining at ${node.kind} <${token.el}>`);
    if (JOINS.has(node.kind) && node.incoming.length > 1 && token.phase !== 'joining')
      out.push(`token ${token.id} stopped at join <${token.el}> without joining`);
    if (WAIT_OF[node.kind] && waits.filter((w) => w.token === token.id).length !== 1)
      out.push(`token ${token.id} at ${node.kind} <${token.el}> has no single wait`);
    if (node.kind === 'subProcess' && (token.local === undefined || !state.scopes[token.local]))
      out.push(`subprocess token ${token.id} has no scope`);
    if (!WAIT_OF[node.kind] && node.kind !== 'subProcess' && token.phase !== 'joining')
      out.push(`token ${token.id} rests at ${node.kind} <${token.el}>`);
  }

  // No token is duplicated: one token per element and scope, except arrivals at a join (one per flow).
  const seen = new Map<string, string[]>();
  for (const t of tokens) {
    const key = `${t.scope}/${t.el}`;
    seen.set(key, [...(seen.get(key) ?? []), t.via ?? '']);
  }
  for (const [key, vias] of seen) {
    const el = key.split('/')[1]!;
    const isJoin = JOINS.has(def.nodes[el]?.kind ?? '');
    if (vias.length > 1 && !isJoin) out.push(`${vias.length} tokens at <${el}> in scope ${key.split('/')[0]}`);
    if (isJoin && new Set(vias).size !== vias.length) out.push(`two tokens arrived at join <${el}> by the same flow`);
  }

  // Every scope but the process scope belongs to a live token that points back at it.
  for (const scope of scopes) {
    if (scope.parent === null) continue;
    const owner = scope.owner === undefined ? undefined : state.tokens[scope.owner];
    const ownerNode = owner ? def.nodes[owner.el] : undefined;
    // An ad-hoc subprocess also owns one scope per activation, below its own.
    const activation =
      ownerNode?.kind === 'subProcess' && ownerNode.adHoc !== undefined && scope.parent === owner!.local;
    if (!owner || (owner.local !== scope.id && !activation))
      out.push(`scope ${scope.id} is orphaned (owner ${scope.owner ?? 'none'})`);
    if (!state.scopes[scope.parent]) out.push(`scope ${scope.id} has a missing parent ${scope.parent}`);
  }
  if (Object.keys(state.incidents).length > 0)
    out.push(
      `incidents: ${Object.values(state.incidents)
        .map((i) => `${i.code} at <${i.el}>: ${i.message}`)
        .join('; ')}`,
    );
  if (state.status === 'active' && waits.length === 0) out.push('the instance is active but waits for nothing (stuck)');
  if (state.status === 'completed' && (tokens.length > 0 || waits.length > 0 || scopes.length !== 1)) {
    out.push(`completed with ${tokens.length} tokens, ${waits.length} waits and ${scopes.length} scopes left`);
  }
  return out;
}
