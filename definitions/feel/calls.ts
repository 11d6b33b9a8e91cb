import { parseExpression, parseUnaryTests } from 'feelin';
import { FUNCTION_PARSE_CONTEXT, KNOWN_FUNCTIONS, REFUSED_FUNCTIONS } from './functions.js';

type Tree = ReturnType<typeof parseExpression>;

/**
 * Why the functions an expression calls by name cannot run: a name that is neither a FEEL
 * built-in, a Camunda extension the engine supplies, nor defined in the expression itself (a
 * context entry, a parameter, an iteration variable). Empty when every call can run. FEEL would
 * answer null for such a call, so it is refused before the process is deployed.
 */
export function feelCallErrors(source: string, kind: 'expression' | 'unaryTests' = 'expression'): string[] {
  let tree: Tree;
  try {
    tree =
      kind === 'expression'
        ? parseExpression(source, FUNCTION_PARSE_CONTEXT, undefined)
        : parseUnaryTests(source, FUNCTION_PARSE_CONTEXT, undefined);
  } catch {
    return [];
  }
  const local = new Set<string>();
  const called: string[] = [];
  const text = (from: number, to: number) => source.slice(from, to).trim().replace(/\s+/g, ' ');
  tree.iterate({
    enter(ref) {
      const node = ref.node;
      if (
        ref.name === 'Key' ||
        ref.name === 'ParameterName' ||
        (ref.name === 'Name' && node.parent?.name === 'InExpression')
      ) {
        local.add(text(node.from, node.to).replace(/^"(.*)"$/, '$1'));
      } else if (ref.name === 'FunctionInvocation') {
        const callee = node.firstChild;
        if (callee?.name === 'VariableName') called.push(text(callee.from, callee.to));
      }
      return undefined;
    },
  });
  const errors: string[] = [];
  for (const name of new Set(called)) {
    if (local.has(name) || KNOWN_FUNCTIONS.has(name)) continue;
    errors.push(REFUSED_FUNCTIONS[name] ?? `calls ${name}(), which is not a FEEL function civicflow knows`);
  }
  return errors;
}
