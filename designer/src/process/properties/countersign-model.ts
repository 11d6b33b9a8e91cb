// 会签 (several people or departments sign one step) as the engine runs it: a parallel
// multi-instance user task over the signers, each instance assigned to one signer, finished
// when all, any one, or a ratio of them have signed.

export type Signers =
  | { by: 'none' }
  | { by: 'departments'; ids: string[] }
  | { by: 'users'; ids: string[] }
  | { by: 'variable'; name: string; holds: 'departments' | 'users' }
  | { by: 'custom' };

export type SignRule =
  | { rule: 'all' }
  | { rule: 'any' }
  | { rule: 'ratio'; numerator: number; denominator: number }
  | { rule: 'custom' };

/** The variable each instance's signer is in. */
export const SIGNER = 'signer';
const SIGNER_EXPR = `=${SIGNER}`;

/** What the BPMN says, as far as 会签 reads it. */
export interface CountersignXml {
  hasLoop: boolean;
  inputCollection?: string;
  inputElement?: string;
  completionCondition?: string;
  candidateGroups?: string;
  assignee?: string;
}

export function readSigners(x: CountersignXml): Signers {
  if (!x.hasLoop) return { by: 'none' };
  const collection = x.inputCollection?.trim() ?? '';
  if (x.inputElement !== SIGNER) return { by: 'custom' };
  const holds =
    x.candidateGroups?.trim() === SIGNER_EXPR ? 'departments' : x.assignee?.trim() === SIGNER_EXPR ? 'users' : null;
  if (!holds) return { by: 'custom' };
  const list = /^=\s*\[(.*)\]\s*$/s.exec(collection);
  if (list) {
    const items = [...list[1]!.matchAll(/"((?:[^"\\]|\\.)*)"\s*(,|$)/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
    return { by: holds, ids: items };
  }
  const variable = /^=\s*([\p{L}_][\p{L}\p{N}_]*)\s*$/u.exec(collection);
  return variable ? { by: 'variable', name: variable[1]!, holds } : { by: 'custom' };
}

export function readRule(condition: string | undefined): SignRule {
  const body = condition?.trim().replace(/^=/, '').trim() ?? '';
  if (body === '') return { rule: 'all' };
  if (/^numberOfCompletedInstances\s*>=\s*1$/.test(body)) return { rule: 'any' };
  const ratio = /^numberOfCompletedInstances\s*\/\s*numberOfInstances\s*>=\s*(\d+)\s*\/\s*(\d+)$/.exec(body);
  if (ratio) return { rule: 'ratio', numerator: Number(ratio[1]), denominator: Number(ratio[2]) };
  return { rule: 'custom' };
}

/** The multi-instance input collection for the signers (null: no 会签). */
export function inputCollectionOf(signers: Signers): string | null {
  switch (signers.by) {
    case 'departments':
    case 'users':
      return `=[${signers.ids.map((id) => `"${id.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(', ')}]`;
    case 'variable':
      return `=${signers.name}`;
    default:
      return null;
  }
}

/** Who each instance's task goes to. */
export function assignmentOf(signers: Signers): { candidateGroups?: string; assignee?: string } {
  const holds = signers.by === 'variable' ? signers.holds : signers.by;
  if (holds === 'departments') return { candidateGroups: SIGNER_EXPR, assignee: undefined };
  if (holds === 'users') return { assignee: SIGNER_EXPR, candidateGroups: undefined };
  return {};
}

export function completionConditionOf(rule: SignRule): string | undefined {
  switch (rule.rule) {
    case 'any':
      return '=numberOfCompletedInstances >= 1';
    case 'ratio':
      return `=numberOfCompletedInstances / numberOfInstances >= ${rule.numerator} / ${rule.denominator}`;
    default:
      return undefined;
  }
}

export function ratioProblem(numerator: number, denominator: number): boolean {
  return (
    !Number.isInteger(numerator) ||
    !Number.isInteger(denominator) ||
    numerator < 1 ||
    denominator < 1 ||
    numerator > denominator
  );
}
