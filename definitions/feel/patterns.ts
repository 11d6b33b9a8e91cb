import { evaluate, parseExpression, parseUnaryTests } from 'feelin';
import { linearPatternError } from '../regex/linear.js';
import { FUNCTION_PARSE_CONTEXT } from './functions.js';

/** The pattern argument of FEEL's regular-expression functions: position (0-based) and name. */
const PATTERN_ARGUMENT: Record<string, { index: number; name: string }> = {
  matches: { index: 1, name: 'pattern' },
  replace: { index: 1, name: 'pattern' },
  split: { index: 1, name: 'delimiter' },
  extract: { index: 1, name: 'pattern' },
};

type Tree = ReturnType<typeof parseExpression>;
type SyntaxNode = Tree['topNode'];

/**
 * Why the literal patterns an expression passes to `matches`, `replace` or `split` cannot run
 * on the linear-time engine (backreferences, lookaround); empty when they all can. Patterns
 * computed at run time are checked when they are used.
 */
export function feelPatternErrors(source: string, kind: 'expression' | 'unaryTests' = 'expression'): string[] {
  let tree: Tree;
  try {
    tree =
      kind === 'expression'
        ? parseExpression(source, FUNCTION_PARSE_CONTEXT, undefined)
        : parseUnaryTests(source, FUNCTION_PARSE_CONTEXT, undefined);
  } catch {
    return [];
  }
  const errors: string[] = [];
  tree.iterate({
    enter(ref) {
      if (ref.name !== 'FunctionInvocation') return undefined;
      const callee = ref.node.firstChild;
      const spec =
        callee?.name === 'VariableName' ? PATTERN_ARGUMENT[source.slice(callee.from, callee.to).trim()] : undefined;
      const literal = spec && patternLiteral(source, ref.node, spec);
      if (!literal) return undefined;
      const pattern = stringValue(source.slice(literal.from, literal.to));
      const reason = pattern === null ? null : linearPatternError(pattern);
      if (reason) errors.push(reason);
      return undefined;
    },
  });
  return errors;
}

function patternLiteral(
  source: string,
  call: SyntaxNode,
  spec: { index: number; name: string },
): SyntaxNode | undefined {
  const positional = call.getChild('PositionalParameters');
  if (positional) {
    const arg = positional.getChildren('StringLiteral').find((c) => argumentIndex(positional, c) === spec.index);
    return arg;
  }
  for (const param of call.getChild('NamedParameters')?.getChildren('NamedParameter') ?? []) {
    const name = param.getChild('ParameterName');
    const value = param.lastChild;
    if (name && value?.name === 'StringLiteral' && source.slice(name.from, name.to).trim() === spec.name) return value;
  }
  return undefined;
}

/** The position of an argument among the call's arguments (commas and comments are not arguments). */
function argumentIndex(parameters: SyntaxNode, arg: SyntaxNode): number {
  let index = 0;
  for (let c = parameters.firstChild; c && c.from < arg.from; c = c.nextSibling)
    if (!c.type.isSkipped && c.name !== ',') index++;
  return index;
}

/** The value of a FEEL string literal (its escapes decoded), or null when it is not one. */
function stringValue(literal: string): string | null {
  try {
    const { value } = evaluate(literal, {});
    return typeof value === 'string' ? value : null;
  } catch {
    return null;
  }
}
