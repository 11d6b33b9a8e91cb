import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InstanceState } from '../../engine/index.js';
import { parseState, serializeState } from './instance-row.js';

const appealOpen: InstanceState = {
  v: 1,
  processId: 'appeal-loop',
  status: 'active',
  next: 6,
  scopes: { '1': { id: 1, parent: null, vars: { applicantName: '张三', category: '劳动纠纷' } } },
  tokens: { '2': { id: 2, el: 'Task_HandleLabour', scope: 1, phase: 'waiting', via: 'Flow_Labour' } },
  waits: {
    '4': {
      id: 4,
      role: 'boundary',
      el: 'Timer_LabourUrge',
      scope: 1,
      token: 2,
      kind: 'timer',
      dueAt: '2026-11-28T17:22:57.557Z',
    },
    '5': { id: 5, kind: 'task', role: 'self', el: 'Task_HandleLabour', token: 2, scope: 1 },
  },
  incidents: {},
};

const row = (state: InstanceState) => ({
  state: serializeState(state),
  process_key: state.processId,
  status: state.status,
});

describe('stored instance state', () => {
  it('leaves out what the row and the map keys already say, and reads back the same state', () => {
    const stored = serializeState(appealOpen);
    expect(stored).not.toMatch(/"id"|"processId"|"status"|"incidents"|"v"/);
    expect(stored).toBe(
      '{"f":3,"n":6,"s":{"1":[null,{"applicantName":"张三","category":"劳动纠纷"}]},"t":{"2":["Task_HandleLabour",1,"w","Flow_Labour"]},' +
        '"w":{"4":["i","b","Timer_LabourUrge",2,1,"2026-11-28T17:22:57.557Z"],"5":["t","s","Task_HandleLabour",2,1]}}',
    );
    expect(stored.length).toBeLessThan(JSON.stringify(appealOpen).length * 0.6);
    expect(parseState(row(appealOpen))).toEqual(appealOpen);
  });

  it('reads rows written in the earlier form ("f":2: objects without ids)', () => {
    const v2 =
      '{"f":2,"next":6,"scopes":{"1":{"parent":null,"vars":{"applicantName":"张三","category":"劳动纠纷"}}},"tokens":{"2":{"el":"Task_HandleLabour","scope":1,"phase":"waiting","via":"Flow_Labour"}},' +
      '"waits":{"4":{"role":"boundary","el":"Timer_LabourUrge","scope":1,"token":2,"kind":"timer","dueAt":"2026-11-28T17:22:57.557Z"},"5":{"kind":"task","role":"self","el":"Task_HandleLabour","token":2,"scope":1}}}';
    expect(parseState({ state: v2, process_key: 'appeal-loop', status: 'active' })).toEqual(appealOpen);
  });

  it('keeps the object form for an entry with a field it does not know, or a value an array could not say exactly', () => {
    const odd = {
      ...appealOpen,
      tokens: {
        '2': { ...appealOpen.tokens['2']!, futureField: 1 },
        '3': { id: 3, el: 'Task_X', scope: 1, phase: 'w' },
      },
      waits: { '5': { ...appealOpen.waits['5']!, dueAt: null } },
    } as unknown as InstanceState;
    const stored = JSON.parse(serializeState(odd)) as { t: Record<string, unknown>; w: Record<string, unknown> };
    expect(stored.t['2']).toMatchObject({ futureField: 1, el: 'Task_HandleLabour' });
    expect(stored.t['3']).toMatchObject({ phase: 'w' });
    expect(stored.w['5']).toMatchObject({ dueAt: null });
    expect(parseState(row(odd))).toEqual(odd);
  });

  it('keeps incidents and reads states stored in the engine’s own form', () => {
    const failed: InstanceState = {
      ...appealOpen,
      tokens: { '2': { ...appealOpen.tokens['2']!, phase: 'incident' } },
      incidents: {
        '6': {
          id: 6,
          code: 'FEEL_ERROR',
          el: 'Gateway_Route',
          token: 2,
          message: 'no variable x',
          at: '2026-11-25T00:00:00.000Z',
        },
      },
      next: 7,
    };
    expect(parseState(row(failed))).toEqual(failed);
    expect(parseState({ state: JSON.stringify(failed), process_key: 'ignored', status: 'ignored' })).toEqual(failed);
  });

  it('round-trips any maps of entries', () => {
    const entries = fc.dictionary(
      fc.integer({ min: 1, max: 99 }).map(String),
      fc.dictionary(
        fc.constantFrom('el', 'scope', 'vars', 'parent', 'phase', 'kind', 'role', 'token', 'dueAt', 'owner', 'other'),
        fc.oneof(
          fc.constantFrom('w', 't', 'waiting', 'task', 'self', null),
          fc.jsonValue().map((v) => JSON.parse(JSON.stringify(v)) as unknown),
        ),
        { maxKeys: 6 },
      ),
    );
    fc.assert(
      fc.property(
        entries,
        entries,
        entries,
        entries,
        fc.constantFrom('active', 'completed', 'terminated'),
        (scopes, tokens, waits, incidents, status) => {
          const withIds = (m: Record<string, object>) =>
            Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { ...v, id: Number(k) }]));
          const state = {
            v: 1,
            processId: 'p',
            status,
            next: 100,
            scopes: withIds(scopes),
            tokens: withIds(tokens),
            waits: withIds(waits),
            incidents: withIds(incidents),
          } as unknown as InstanceState;
          expect(parseState(row(state))).toEqual(state);
        },
      ),
    );
  });
});
