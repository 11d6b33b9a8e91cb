import type { FlowNode, NodeKind, NodeOfKind } from '../../definitions/index.js';
import type { Variables } from '../commands.js';
import type { Execution } from '../kernel/execution.js';
import type { Token, Wait } from '../state.js';

/** How one kind of element runs. Behaviours act on the state only through `Execution`. */
export interface Behaviour<N extends FlowNode = FlowNode> {
  /** A token arrived: either leave (via the lifecycle functions) or open waits. */
  activate(ctx: Execution, token: Token, node: N): void;
  /** One of the token's own waits fired (task completed, job done, message or timer arrived). */
  trigger?(ctx: Execution, token: Token, node: N, wait: Wait, variables: Variables): void;
}

export type BehaviourRegistry = { [K in NodeKind]: Behaviour<NodeOfKind<K>> };
