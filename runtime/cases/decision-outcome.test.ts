import { describe, expect, it } from 'vitest';
import { outcomeOf } from './decision-outcome.js';

const referral = {
  outputs: [
    { id: 'O1', name: 'department', label: '承办部门' },
    { id: 'O2', name: 'deadline', label: '办理时限' },
    { id: 'O3', name: 'note' },
  ],
};

describe('a decision result by its table’s output columns', () => {
  it('one row: each column by its label (its name when it has none), empty columns left out', () => {
    expect(outcomeOf(referral, { department: 'dept-rs', deadline: '5 workDay', note: '首接负责' })).toEqual([
      { label: '承办部门', value: 'dept-rs' },
      { label: '办理时限', value: '5 workDay' },
      { label: 'note', value: '首接负责' },
    ]);
    expect(outcomeOf(referral, { department: 'dept-rs', deadline: null })).toEqual([
      { label: '承办部门', value: 'dept-rs' },
    ]);
  });

  it('a single output is its value; collected rows give each column its list', () => {
    expect(outcomeOf({ outputs: [{ id: 'O', name: 'days', label: '紧急天数' }] }, 3)).toEqual([
      { label: '紧急天数', value: 3 },
    ]);
    expect(
      outcomeOf(referral, [
        { department: 'dept-ga', deadline: '1 workDay' },
        { department: 'dept-sj', deadline: '7 workDay' },
      ]),
    ).toEqual([
      { label: '承办部门', value: ['dept-ga', 'dept-sj'] },
      { label: '办理时限', value: ['1 workDay', '7 workDay'] },
    ]);
    expect(outcomeOf(referral, null)).toEqual([]);
  });
});
