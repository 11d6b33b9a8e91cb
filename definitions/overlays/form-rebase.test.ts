import { describe, expect, it } from 'vitest';
import { rebaseForm } from './form-rebase.js';

type Form = {
  id: string;
  name?: string;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  basedOn?: unknown;
};

const CITY_V1: Form = {
  id: 'appeal-handle',
  name: '部门办理',
  schema: {
    type: 'object',
    required: ['result', 'resolved'],
    properties: {
      result: { type: 'string', title: '办理结果', minLength: 5, maxLength: 2000 },
      resolved: { type: 'boolean', title: '是否已解决' },
      channel: { type: 'string', title: '办理方式', enum: ['电话', '上门'] },
    },
  },
  uiSchema: { result: { 'ui:widget': 'textarea' } },
};

/** A deep copy changed by `change` (the fixture stays as it is). */
const changed = (
  change: (f: Form & { schema: { properties: Record<string, Record<string, unknown>>; required: string[] } }) => void,
): Form => {
  const copy = structuredClone(CITY_V1) as Parameters<typeof change>[0];
  change(copy);
  return copy;
};

describe('rebaseForm: the city’s changes onto a township’s copy of a form', () => {
  it('takes the fields the city added and changed, keeps the township’s own changes and fields', () => {
    const ours = changed((f) => {
      f.basedOn = { tenant: 'city', key: 'appeal-handle', version: 1 };
      f.schema.properties.result!.title = '镇办理结果';
      f.schema.properties.villager = { type: 'string', title: '联系村干部' };
      f.schema.properties.channel!.enum = ['电话', '上门', '村民议事会'];
    });
    const theirs = changed((f) => {
      f.schema.properties.result!.minLength = 10;
      f.schema.properties.satisfied = { type: 'boolean', title: '群众是否满意' };
      f.schema.required.push('satisfied');
      f.schema.properties.channel!.enum = ['电话', '上门', '视频'];
      (f.uiSchema as Record<string, unknown>).satisfied = { 'ui:widget': 'radio' };
    });
    const r = rebaseForm({ base: CITY_V1, ours, theirs });
    expect(r.conflicts).toEqual([]);
    expect(r.form).not.toHaveProperty('basedOn');
    const props = (r.form.schema as { properties: Record<string, Record<string, unknown>> }).properties;
    expect(props.result).toEqual({ type: 'string', title: '镇办理结果', minLength: 10, maxLength: 2000 });
    expect(props.villager).toEqual({ type: 'string', title: '联系村干部' });
    expect(props.satisfied).toEqual({ type: 'boolean', title: '群众是否满意' });
    // Choices both sides added are both kept.
    expect(props.channel!.enum).toEqual(['电话', '上门', '村民议事会', '视频']);
    expect(Object.keys(props)).toEqual(['result', 'resolved', 'channel', 'satisfied', 'villager']);
    expect((r.form.schema as { required: string[] }).required).toEqual(['result', 'resolved', 'satisfied']);
    expect(r.form.uiSchema).toEqual({ result: { 'ui:widget': 'textarea' }, satisfied: { 'ui:widget': 'radio' } });
    expect(r.applied).toEqual(
      expect.arrayContaining([
        { id: 'result', kind: 'changed', name: '镇办理结果', type: 'field', properties: ['minLength'] },
        { id: 'satisfied', kind: 'added', name: '群众是否满意', type: 'field', properties: [] },
        { id: 'channel', kind: 'changed', name: '办理方式', type: 'field', properties: ['enum'] },
      ]),
    );
  });

  it('a label both changed differently is a conflict of that field: the township’s unless the city’s is chosen', () => {
    const ours = changed((f) => {
      f.schema.properties.result!.title = '镇办理结果';
    });
    const theirs = changed((f) => {
      f.schema.properties.result!.title = '办理情况';
      f.name = '部门办理（新）';
    });
    const r = rebaseForm({ base: CITY_V1, ours, theirs });
    expect(r.conflicts).toEqual([
      { id: 'result', kind: 'changed', name: '镇办理结果', type: 'field', properties: ['title'], resolution: 'ours' },
    ]);
    expect(r.form.name).toBe('部门办理（新）');
    const taken = rebaseForm({ base: CITY_V1, ours, theirs, resolutions: { result: 'theirs' } });
    expect((taken.form.schema as { properties: { result: { title: string } } }).properties.result.title).toBe(
      '办理情况',
    );
    expect(taken.conflicts[0]?.resolution).toBe('theirs');
  });

  it('a field the city removed but the township changed is a conflict; one it did not change goes', () => {
    const ours = changed((f) => {
      f.schema.properties.channel!.title = '镇办理方式';
    });
    const theirs = changed((f) => {
      delete f.schema.properties.channel;
      delete f.schema.properties.resolved;
      f.schema.required = ['result'];
    });
    const r = rebaseForm({ base: CITY_V1, ours, theirs });
    expect(r.conflicts.map((c) => [c.id, c.kind, c.resolution])).toEqual([['channel', 'removed-upstream', 'ours']]);
    expect(r.applied.map((c) => [c.id, c.kind])).toEqual([['resolved', 'removed']]);
    const props = (r.form.schema as { properties: Record<string, unknown> }).properties;
    expect(Object.keys(props)).toEqual(['result', 'channel']);
    expect((r.form.schema as { required: string[] }).required).toEqual(['result']);
    const gone = rebaseForm({ base: CITY_V1, ours, theirs, resolutions: { channel: 'theirs' } });
    expect(Object.keys((gone.form.schema as { properties: Record<string, unknown> }).properties)).toEqual(['result']);
  });
});
