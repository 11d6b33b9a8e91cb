// Issue 16 §2: the rules screen's test panel asks the server to evaluate a deployed decision
// table with typed inputs; the engine's own DMN code answers the matched rules and the result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

describe.each(dialects)('evaluating a decision table on %s', (dialect) => {
  let rt: TestRuntime;
  let towna: string;
  let referralId: string;
  const evaluate = (id: string, inputs: Record<string, unknown>, token = towna) =>
    rt.request('POST', `/api/decision-definitions/${id}/evaluate`, { token, body: { inputs } });

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    towna = await rt.login('towna-admin');
    referralId = (
      await rt.request('GET', '/api/decision-definitions?tenant=town-a&key=referral&latest=true', { token: towna })
    ).body[0].id;
  });
  afterAll(async () => rt?.stop());

  it('answers the rule that matched, its annotation and the outputs', async () => {
    const r = await evaluate(referralId, { category: '环境污染' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.ok).toBe(true);
    expect(r.body.matched).toEqual([{ number: 4, ruleId: 'Rule_04', annotation: '废气、废水、噪声' }]);
    expect(r.body.result).toMatchObject({ department: 'dept-sh', deadline: '3 workDay' });
  });

  it('a category the catalogue does not list falls to its last rule (FIRST hit policy)', async () => {
    const r = await evaluate(referralId, { category: '不存在的类别' });
    expect(r.status).toBe(200);
    expect(r.body.matched).toEqual([
      { number: 14, ruleId: 'Rule_Other', annotation: '其他：综治中心综合组兜底（首接负责）' },
    ]);
  });

  it('is for administrators only, and another tenant’s table is not found', async () => {
    const clerk = await rt.login('window1');
    expect((await evaluate(referralId, { category: '环境污染' }, clerk)).status).toBe(403);
    expect((await evaluate('no-such-definition', {})).status).toBe(404);
  });
});
