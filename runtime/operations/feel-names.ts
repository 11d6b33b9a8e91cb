import { parseExpression } from 'feelin';

type Tree = ReturnType<typeof parseExpression>;

/**
 * The variables a FEEL expression reads: the first name of every path (`case.amount` → `case`),
 * function names left out. An expression that does not parse reads nothing we can name.
 */
export function feelVariableNames(source: string): string[] {
  let tree: Tree;
  try {
    tree = parseExpression(source, {}, undefined);
  } catch {
    return [];
  }
  const names = new Set<string>();
  // Names a `for`, `some`/`every` or a function definition binds are not case variables.
  const bound = new Set<string>();
  tree.iterate({
    enter(ref) {
      if (
        ref.name === 'Name' &&
        (ref.node.parent?.name === 'InExpression' || ref.node.parent?.name === 'FormalParameter')
      ) {
        bound.add(source.slice(ref.from, ref.to).trim());
        return false;
      }
      if (ref.name !== 'VariableName') return undefined;
      const parent = ref.node.parent;
      if (parent?.name === 'FunctionInvocation' && parent.firstChild?.from === ref.from) return false;
      if (parent?.name === 'PathExpression' && parent.firstChild?.from !== ref.from) return false;
      const name = source.slice(ref.from, ref.to).trim();
      if (name) names.add(name);
      return false;
    },
  });
  return [...names].filter((n) => !bound.has(n));
}

/** Every FEEL expression in a compiled element (`{ feel: "…" }` at any depth). */
export function feelSourcesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) feelSourcesIn(v, out);
  else if (value && typeof value === 'object') {
    const feel = (value as { feel?: unknown }).feel;
    if (typeof feel === 'string') out.push(feel);
    else for (const v of Object.values(value)) feelSourcesIn(v, out);
  }
  return out;
}
