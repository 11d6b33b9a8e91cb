import { parseExpression, parseUnaryTests } from 'feelin';
import { FUNCTION_PARSE_CONTEXT } from './functions.js';

/** Returns null when `source` is valid FEEL, else a short English reason. */
export function feelExpressionError(source: string): string | null {
  return syntaxError(source, () => parseExpression(source, FUNCTION_PARSE_CONTEXT, undefined));
}

/** Returns null when `source` is a valid list of FEEL unary tests (a DMN input entry), else a reason. */
export function feelUnaryTestsError(source: string): string | null {
  return syntaxError(source, () => parseUnaryTests(source, FUNCTION_PARSE_CONTEXT, undefined));
}

type Tree = ReturnType<typeof parseExpression>;

function syntaxError(source: string, parse: () => Tree): string | null {
  if (source.trim() === '') return 'expression is empty';
  let tree: Tree;
  try {
    tree = parse();
  } catch (err) {
    return (err as Error).message;
  }
  let reason: string | null = null;
  tree.iterate({
    enter(node) {
      if (reason !== null) return false;
      if (!node.type.isError) return undefined;
      const parent = node.node.parent?.type.name ?? 'Expression';
      reason =
        node.from >= source.trimEnd().length
          ? `incomplete ${describe(parent)}`
          : `unexpected "${source.slice(node.from, Math.max(node.to, node.from + 1))}" at position ${node.from + 1}`;
      return false;
    },
  });
  return reason;
}

function describe(nodeName: string): string {
  // "ArithmeticExpression" → "arithmetic expression"
  return nodeName.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
