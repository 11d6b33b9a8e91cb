import { describe, expect, it } from 'vitest';
import { translate } from '../app/i18n/index.js';
import { resultRows, trialFields, trialValues, trialVariables } from './trial-inputs.js';

const model = {
  inputs: ['诉求类别', '涉及人数', '是否群体性', ''],
  inputExpressions: ['category', 'case.people', 'isGroup', 'amount * 2'],
  inputTypes: ['string', 'number', 'boolean', 'number'],
  outputs: ['承办部门', '办理时限'],
  outputNames: ['department', 'deadline'],
};
const zh = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) =>
  translate('zh-CN', key, vars);

describe('the test panel’s inputs', () => {
  it('asks for columns that read a variable, typed by the column, and leaves computed ones out', () => {
    expect(trialFields(model).map((f) => [f.label, f.path.join('.'), f.kind])).toEqual([
      ['诉求类别', 'category', 'text'],
      ['涉及人数', 'case.people', 'number'],
      ['是否群体性', 'isGroup', 'boolean'],
    ]);
  });

  it('builds the variables with their types; an empty field is null', () => {
    expect(trialVariables(trialFields(model), { 0: '环境污染', 1: '12', 2: 'false' })).toEqual({
      category: '环境污染',
      case: { people: 12 },
      isGroup: false,
    });
    expect(trialVariables(trialFields(model), {})).toEqual({ category: null, case: { people: null }, isGroup: null });
  });

  it('takes durations and date-times in words and sends the ISO text the engine reads', () => {
    const timed = {
      inputs: ['等待时长', '受理时间'],
      inputExpressions: ['wait', 'filedAt'],
      inputTypes: ['dayTimeDuration', 'dateTime'],
    };
    const fields = trialFields(timed);
    expect(fields.map((f) => f.temporal)).toEqual(['dayTime', 'dateTime']);
    expect(trialVariables(fields, { 0: '3天4小时', 1: '2026年12月31日 17:30' })).toEqual({
      wait: 'P3DT4H',
      filedAt: '2026-12-31T17:30:00+08:00',
    });
    // What does not read as one is sent as typed (the engine answers null for it).
    expect(trialVariables(fields, { 0: '5个工作日' })).toEqual({ wait: '5个工作日', filedAt: null });
  });

  it('labels the outputs by their columns, one list per collected result', () => {
    expect(resultRows(model, { department: 'dept-sh', deadline: '3 workDay' })).toEqual([
      [
        ['承办部门', 'dept-sh'],
        ['办理时限', '3 workDay'],
      ],
    ]);
    expect(resultRows(model, ['a', 'b'])).toEqual([[['承办部门', 'a']], [['承办部门', 'b']]]);
  });

  it('fills the inputs from a case’s variables, and they read back as the same variables', () => {
    const fields = trialFields(model);
    const variables = { category: '环境污染', case: { people: 12 }, isGroup: false, phone: '13500003333' };
    const values = trialValues(fields, variables, zh, 'zh-CN');
    expect(values).toEqual({ 0: '环境污染', 1: '12', 2: 'false' });
    expect(trialVariables(fields, values)).toEqual({ category: '环境污染', case: { people: 12 }, isGroup: false });
    expect(trialValues(fields, { case: null }, zh, 'zh-CN')).toEqual({});
    // A list or a record is no typed value: left empty, never shown as JSON.
    expect(trialValues(fields, { category: ['a', 'b'], isGroup: { x: 1 } }, zh, 'zh-CN')).toEqual({});
  });

  it('fills a case’s durations, date-times and times in the words the fields take, never ISO', () => {
    const timed = {
      inputs: ['等待时长', '受理时间', '来访时刻'],
      inputExpressions: ['wait', 'filedAt', 'arrivedAt'],
      inputTypes: ['dayTimeDuration', 'dateTime', 'time'],
    };
    const fields = trialFields(timed);
    const variables = { wait: 'P3DT4H', filedAt: '2026-12-31T09:30:00.000Z', arrivedAt: '17:30:00' };
    const values = trialValues(fields, variables, zh, 'zh-CN');
    expect(values).toEqual({ 0: '3天4小时', 1: '2026年12月31日 17:30', 2: '17:30' });
    expect(trialVariables(fields, values)).toEqual({
      wait: 'P3DT4H',
      filedAt: '2026-12-31T17:30:00+08:00',
      arrivedAt: '17:30:00',
    });
  });
});
