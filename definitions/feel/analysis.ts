import { parseExpression } from 'feelin';

type Tree = ReturnType<typeof parseExpression>;
type SyntaxNode = Tree['topNode'];

/** The type of a value a definition can know before run time. */
export type StaticType = 'string' | 'number' | 'boolean' | 'date';

/** A comparison of a variable (or a path into one) with a literal: `category = "物业纠纷"`, `amount > 5000`. */
export interface LiteralComparison {
  /** The variable's name, e.g. `category`; for `a.b` it is `a`. */
  variable: string;
  /** The full path compared, e.g. `a.b`. */
  path: string;
  literal: string;
  literalType: StaticType;
}

/** What an expression reads: the variables it refers to by name, its literal comparisons, and whether it writes `==`. */
export interface FeelFacts {
  variables: string[];
  comparisons: LiteralComparison[];
  doubleEquals: boolean;
}

const NO_FACTS: FeelFacts = { variables: [], comparisons: [], doubleEquals: false };

/** The facts of a syntactically valid FEEL expression (none when it does not parse). */
export function feelFacts(source: string): FeelFacts {
  let tree: Tree;
  try {
    tree = parseExpression(source, {}, undefined);
  } catch {
    return NO_FACTS;
  }
  const variables = new Set<string>();
  const comparisons: LiteralComparison[] = [];
  const bound = boundNames(tree, source);
  let doubleEquals = false;
  tree.iterate({
    enter(ref) {
      const node = ref.node;
      if (ref.name === 'VariableName' && !isCallee(node) && !isPathTail(node)) {
        const name = text(source, node).trim();
        if (!bound.has(name)) variables.add(name);
      }
      if (ref.name === 'Comparison') {
        // `a == "x"` parses as `a = (= "x")`: a comparison whose right side is itself a unary test.
        const op = node.getChild('CompareOp');
        if (op && text(source, op) === '=' && op.nextSibling?.name === 'SimplePositiveUnaryTest') doubleEquals = true;
        const found = literalComparison(source, node);
        if (found && !bound.has(found.variable)) comparisons.push(found);
      }
      return undefined;
    },
  });
  return { variables: [...variables], comparisons, doubleEquals };
}

/** The static type of a literal FEEL expression (`"x"`, `5`, `true`, `date("…")`), else undefined. */
export function literalType(source: string): StaticType | undefined {
  let tree: Tree;
  try {
    tree = parseExpression(source, {}, undefined);
  } catch {
    return undefined;
  }
  const top = tree.topNode.firstChild;
  if (!top || top.nextSibling) return undefined;
  return typeOfNode(top, source);
}

/**
 * The type an expression certainly has when it is not a literal: arithmetic with `-`, `*`, `/`,
 * `**` gives a number (or null), a comparison or `and`/`or` a boolean. Undefined when unknown.
 */
export function expressionType(source: string): StaticType | 'null' | undefined {
  let tree: Tree;
  try {
    tree = parseExpression(source, {}, undefined);
  } catch {
    return undefined;
  }
  const top = tree.topNode.firstChild;
  if (!top || top.nextSibling) return undefined;
  if (top.name === 'null') return 'null';
  const literal = typeOfNode(top, source);
  if (literal) return literal;
  if (top.name === 'ArithmeticExpression') {
    const op = top.getChild('ArithOp');
    return op && text(source, op) !== '+' ? 'number' : undefined;
  }
  if (top.name === 'Comparison' || top.name === 'Disjunction' || top.name === 'Conjunction') return 'boolean';
  return undefined;
}

function typeOfNode(node: SyntaxNode, source: string): StaticType | undefined {
  switch (node.name) {
    case 'StringLiteral':
      return 'string';
    case 'NumericLiteral':
      return 'number';
    case 'BooleanLiteral':
      return 'boolean';
    case 'DateTimeLiteral':
      return /^\s*date\s*\(/.test(text(source, node)) ? 'date' : undefined;
    default:
      return undefined;
  }
}

function literalComparison(source: string, comparison: SyntaxNode): LiteralComparison | undefined {
  const left = comparison.firstChild;
  const op = left?.nextSibling;
  const right = op?.nextSibling;
  if (!left || !op || op.name !== 'CompareOp' || !right || right.nextSibling) return undefined;
  const pair = variableOf(left, source) ? [left, right] : variableOf(right, source) ? [right, left] : undefined;
  if (!pair) return undefined;
  const [variableNode, literalNode] = pair as [SyntaxNode, SyntaxNode];
  const type = typeOfNode(literalNode, source);
  const variable = variableOf(variableNode, source)!;
  return type
    ? { variable: variable.root, path: variable.path, literal: text(source, literalNode).trim(), literalType: type }
    : undefined;
}

/** `a` or `a.b.c` (a path of names from a variable), else undefined. */
function variableOf(node: SyntaxNode, source: string): { root: string; path: string } | undefined {
  if (node.name === 'VariableName') return { root: text(source, node).trim(), path: text(source, node).trim() };
  if (node.name !== 'PathExpression') return undefined;
  const first = node.firstChild;
  if (!first) return undefined;
  const inner = variableOf(first, source);
  return inner ? { root: inner.root, path: text(source, node).replace(/\s+/g, '') } : undefined;
}

/** Names bound inside the expression (`for x in`, `some x in`, function parameters, context keys): not variables of the case. */
function boundNames(tree: Tree, source: string): Set<string> {
  const names = new Set<string>();
  tree.iterate({
    enter(ref) {
      if (ref.name === 'InExpression' || ref.name === 'FormalParameter' || ref.name === 'ContextEntry') {
        const name = ref.node.getChild('Name') ?? ref.node.getChild('Key')?.getChild('Name');
        if (name) names.add(text(source, name).trim());
      }
      return undefined;
    },
  });
  return names;
}

/** `count` in `count(items)`: a function, not a variable. */
function isCallee(node: SyntaxNode): boolean {
  return node.parent?.name === 'FunctionInvocation' && node.parent.firstChild?.from === node.from;
}

/** `b` in `a.b` is a PathName, never a VariableName; only the root of a path is read from the case. */
function isPathTail(node: SyntaxNode): boolean {
  return node.parent?.name === 'PathExpression' && node.parent.firstChild?.from !== node.from;
}

function text(source: string, node: { from: number; to: number }): string {
  return source.slice(node.from, node.to);
}
