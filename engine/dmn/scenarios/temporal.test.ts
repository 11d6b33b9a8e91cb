import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, type DecisionTable } from '../../../definitions/index.js';
import { evaluateDecision } from '../index.js';

const xml = readFileSync(new URL('./holiday-window.dmn', import.meta.url), 'utf8');
const compiled = await compile([{ name: 'holiday-window.dmn', content: xml }]);
if (!compiled.ok) throw new Error(compiled.problems.map((p) => p.message).join('\n'));
const byId = (id: string): DecisionTable => compiled.deployment.decisions.find((d) => d.id === id)!;

describe('date inputs (typeRef="date")', () => {
  const table = byId('holiday_window');

  it.each([
    ['2026-09-30', '节前受理'],
    ['2026-10-01', '国庆假期受理'],
    ['2026-10-08', '国庆假期受理'],
    ['2026-10-09', '节后受理'],
    ['2026-10-01T23:30:00+08:00', '国庆假期受理'],
  ])('an ISO date string %s compares as a FEEL date → %s', (receivedDate, window) => {
    expect(evaluateDecision(table, { receivedDate }, '2026-10-09T09:00:00+08:00')).toMatchObject({
      ok: true,
      result: window,
    });
  });

  it('a value that is not a date becomes null and matches nothing', () => {
    expect(evaluateDecision(table, { receivedDate: '国庆' }, '2026-10-09T09:00:00+08:00')).toMatchObject({
      ok: false,
      code: 'DMN_NO_MATCH',
      message: '<holiday_window> no rule matches receivedDate = "国庆"',
    });
  });
});

describe('literal-expression decisions', () => {
  it('evaluate to the bare value of the expression', () => {
    const table = byId('deadline_days');
    expect(table.outputs[0]).toMatchObject({ name: 'days', typeRef: 'number' });
    expect(evaluateDecision(table, { urgent: true }, '2026-10-09T09:00:00+08:00')).toMatchObject({
      ok: true,
      result: 1,
    });
    expect(evaluateDecision(table, { urgent: false }, '2026-10-09T09:00:00+08:00')).toMatchObject({
      ok: true,
      result: 5,
    });
  });

  it('read the injected clock, in the business time zone', () => {
    const table = byId('received_on');
    expect(evaluateDecision(table, {}, '2026-10-08T17:30:00Z')).toMatchObject({ ok: true, result: '2026-10-09' });
  });
});
