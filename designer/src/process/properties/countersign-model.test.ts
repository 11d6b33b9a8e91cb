import { evaluate } from 'feelin';
import { describe, expect, it } from 'vitest';
import {
  assignmentOf,
  completionConditionOf,
  inputCollectionOf,
  readRule,
  readSigners,
  type Signers,
} from './countersign-model.js';

describe('会签 as multi-instance settings', () => {
  it('writes departments, users or a list variable and reads them back', () => {
    const departments: Signers = { by: 'departments', ids: ['dept-rs', 'dept-zj'] };
    expect(inputCollectionOf(departments)).toBe('=["dept-rs", "dept-zj"]');
    expect(
      readSigners({
        hasLoop: true,
        inputElement: 'signer',
        inputCollection: inputCollectionOf(departments)!,
        ...assignmentOf(departments),
      }),
    ).toEqual(departments);
    const users: Signers = { by: 'users', ids: ['zhang'] };
    expect(
      readSigners({
        hasLoop: true,
        inputElement: 'signer',
        inputCollection: inputCollectionOf(users)!,
        ...assignmentOf(users),
      }),
    ).toEqual(users);
    const variable: Signers = { by: 'variable', name: 'reviewers', holds: 'users' };
    expect(
      readSigners({ hasLoop: true, inputElement: 'signer', inputCollection: '=reviewers', ...assignmentOf(variable) }),
    ).toEqual(variable);
    expect(readSigners({ hasLoop: false })).toEqual({ by: 'none' });
    expect(readSigners({ hasLoop: true, inputElement: 'item', inputCollection: '=xs' })).toEqual({ by: 'custom' });
  });

  it('finishes on all, any one or a ratio of signatures', () => {
    expect(completionConditionOf({ rule: 'all' })).toBeUndefined();
    const ratio = completionConditionOf({ rule: 'ratio', numerator: 2, denominator: 3 })!;
    expect(ratio).toBe('=numberOfCompletedInstances / numberOfInstances >= 2 / 3');
    expect(readRule(ratio)).toEqual({ rule: 'ratio', numerator: 2, denominator: 3 });
    expect(readRule(completionConditionOf({ rule: 'any' }))).toEqual({ rule: 'any' });
    expect(readRule(undefined)).toEqual({ rule: 'all' });
    expect(readRule('=approved = true')).toEqual({ rule: 'custom' });
    const done = (completed: number) =>
      evaluate(ratio.slice(1), { numberOfCompletedInstances: completed, numberOfInstances: 3 }).value;
    expect([done(1), done(2), done(3)]).toEqual([false, true, true]);
  });
});
