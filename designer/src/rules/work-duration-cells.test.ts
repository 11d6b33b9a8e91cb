import { describe, expect, it } from 'vitest';
import { isWorkDurationColumn, readWorkDuration, writeWorkDuration } from './work-duration-cells.js';

const table = (outputs: string[], names: string[], rows: string[][]) => ({
  outputs,
  outputNames: names,
  outputTypes: outputs.map(() => 'string'),
  rows: rows.map((o) => ({ id: null, description: '', inputs: [], outputs: o, inputIds: [], outputIds: [] })),
});

describe('time-limit cells', () => {
  it('read and write the stored working duration', () => {
    expect(readWorkDuration('"5 workDay"')).toEqual({ amount: 5, unit: 'workDay' });
    expect(readWorkDuration(' "36 hour" ')).toEqual({ amount: 36, unit: 'hour' });
    expect(readWorkDuration('"dept-rs"')).toBeNull();
    expect(readWorkDuration('5')).toBeNull();
    expect(writeWorkDuration(3, 'workDay')).toBe('"3 workDay"');
    expect(writeWorkDuration(15, 'calendarDay')).toBe('"15 calendarDay"');
    expect(writeWorkDuration(2.5, 'workDay')).toBeNull();
    expect(writeWorkDuration(-1, 'hour')).toBeNull();
  });

  it('knows a time-limit column by its name, its label or what its cells hold, never a department column', () => {
    expect(isWorkDurationColumn(table(['办理时限'], ['x'], []), 0)).toBe(true);
    expect(isWorkDurationColumn(table(['时长'], ['timeLimit'], []), 0)).toBe(true);
    expect(isWorkDurationColumn(table(['处理'], ['x'], [['"10 workDay"']]), 0)).toBe(true);
    expect(isWorkDurationColumn(table(['承办部门'], ['department'], [['"dept-rs"']]), 0)).toBe(false);
    expect(isWorkDurationColumn({ ...table(['办理时限'], ['x'], []), outputTypes: ['number'] }, 0)).toBe(false);
  });
});
