import { describe, expect, it } from 'vitest';
import { isDepartmentColumn, quoted, quotedValue } from './columns.js';

describe('the columns that get pickers', () => {
  const model = {
    outputs: ['承办部门', '部门名称', '办理时限', '责任单位'],
    outputNames: ['department', 'departmentName', 'deadline', 'owner'],
    outputTypes: ['string', 'string', 'string', ''],
  };
  it('knows the department columns of the referral catalogue, not the department’s name', () => {
    expect([0, 1, 2, 3].map((c) => isDepartmentColumn(model, c))).toEqual([true, false, false, true]);
    expect(isDepartmentColumn({ ...model, outputTypes: ['number'] }, 0)).toBe(false);
  });
  it('reads and writes quoted values', () => {
    expect(quotedValue(' "dept-rs" ')).toBe('dept-rs');
    expect(quotedValue('dept-rs')).toBeNull();
    expect(quotedValue('"a", "b"')).toBeNull();
    expect(quoted('环境"污染')).toBe('"环境\\"污染"');
  });
});
