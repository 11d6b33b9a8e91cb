import { parseExpression } from 'feelin';
import { isFeel, problem, type Expr, type ExecutableProcess, type Problem } from '../model/index.js';

/** Who and which departments exist for the deploying tenant (what it may assign to). */
export interface Directory {
  groupIds?: ReadonlySet<string>;
  usernames?: ReadonlySet<string>;
}

/**
 * User tasks that name a department (candidate group) or a person (assignee, candidate user)
 * that does not exist: the task would be created and nobody would ever see it. Only literal
 * names are checked (`dept-rs`, `=["a","b"]`); names computed at run time are checked then.
 */
export function directoryProblems(proc: ExecutableProcess, resource: string, directory: Directory): Problem[] {
  const problems: Problem[] = [];
  for (const node of Object.values(proc.nodes)) {
    if (node.kind !== 'userTask') continue;
    const element = { id: node.id, $type: 'bpmn:UserTask', name: node.name };
    const { candidateGroups, assignee, candidateUsers } = node.task;
    if (directory.groupIds) {
      for (const id of literalNames(candidateGroups)) {
        if (!directory.groupIds.has(id)) {
          problems.push(
            problem(
              resource,
              'GROUP_UNKNOWN',
              `candidate group "${id}" is not a department of this tenant or its parents; pick an existing one`,
              element,
              undefined,
              { subject: id },
            ),
          );
        }
      }
    }
    if (directory.usernames) {
      for (const name of [...literalNames(assignee), ...literalNames(candidateUsers)]) {
        if (!directory.usernames.has(name)) {
          problems.push(
            problem(
              resource,
              'USER_UNKNOWN',
              `assignee "${name}" is not a user of this tenant or its parents; pick an existing account`,
              element,
              undefined,
              { subject: name },
            ),
          );
        }
      }
    }
  }
  return problems;
}

/** `a, b` → [a, b]; `="a"` or `=["a", "b"]` → the strings; anything computed → nothing. */
export function literalNames(expr: Expr | undefined): string[] {
  if (!expr) return [];
  if (!isFeel(expr))
    return expr.static
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  let tree: ReturnType<typeof parseExpression>;
  try {
    tree = parseExpression(expr.feel, {}, undefined);
  } catch {
    return [];
  }
  const top = tree.topNode.firstChild;
  const strings = top?.name === 'StringLiteral' ? [top] : top?.name === 'List' ? top.getChildren('StringLiteral') : [];
  if (top?.name === 'List' && top.getChildren('StringLiteral').length !== countItems(top)) return [];
  return strings.map((s) => unquote(expr.feel.slice(s.from, s.to)));
}

function countItems(list: NonNullable<ReturnType<typeof parseExpression>['topNode']['firstChild']>): number {
  let n = 0;
  for (let c = list.firstChild; c; c = c.nextSibling) if (c.name !== '[' && c.name !== ']' && c.name !== ',') n++;
  return n;
}

function unquote(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return literal.slice(1, -1);
  }
}
