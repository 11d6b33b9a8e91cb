// Issue 16 §2: saved test cases deploy with their table, and a table that breaks one is refused
// with a problem naming the test case.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const REFERRAL = readFileSync(new URL('../../examples/appeal/referral.dmn', import.meta.url), 'utf8');

/** The referral catalogue with saved test cases: name → category → expected department. */
function withTests(xml: string, tests: Array<[string, string, string]>): string {
  const cases = tests
    .map(
      ([name, category, department]) =>
        `<civicflow:testCase name="${name}"><civicflow:input name="category">"${category}"</civicflow:input><civicflow:expect name="department">"${department}"</civicflow:expect></civicflow:testCase>`,
    )
    .join('');
  return xml
    .replace('<definitions ', '<definitions xmlns:civicflow="https://civicflow.dev/schema/dmn/tests" ')
    .replace(/(<decision id="referral"[^>]*>)/, `$1<extensionElements>${cases}</extensionElements>`);
}

describe.each(dialects)('saved decision test cases on %s', (dialect) => {
  let rt: TestRuntime;
  let towna: string;
  const deploy = (content: string) =>
    rt.request('POST', '/api/deployments', {
      token: towna,
      body: { tenant: 'town-a', resources: [{ name: 'referral.dmn', content }] },
    });

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    towna = await rt.login('towna-admin');
  });
  afterAll(async () => rt?.stop());

  const tests: Array<[string, string, string]> = [
    ['欠薪转人社', '劳动纠纷', 'dept-rs'],
    ['噪声转生态环境', '环境污染', 'dept-sh'],
  ];

  it('refuses a table that breaks a test case, naming it, and deploys nothing', async () => {
    const broken = withTests(REFERRAL.replace('<text>"dept-sh"</text>', '<text>"dept-zz"</text>'), tests);
    const r = await deploy(broken);
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.error.problems).toEqual([
      expect.objectContaining({
        code: 'DECISION_TEST_FAILED',
        elementId: 'referral',
        subject: '噪声转生态环境',
        args: { test: '噪声转生态环境', reason: '期望「承办部门」为 "dept-sh"，实际为 "dept-zz"' },
        // The same as data, for the designer to say in words (the departments by name).
        testFailure: { kind: 'mismatch', output: 'department', expected: 'dept-sh', actual: ['dept-zz'] },
      }),
    ]);
    const own = (await rt.request('GET', '/api/decision-definitions?tenant=town-a&key=referral', { token: towna }))
      .body as Array<{ tenant: string }>;
    expect(own.every((d) => d.tenant === 'city')).toBe(true);
  });

  it('deploys a table that passes its test cases, and the cases stay in the deployed XML', async () => {
    const r = await deploy(withTests(REFERRAL, tests));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const xml = (await rt.request('GET', `/api/decision-definitions/${r.body.decisions[0].id}/xml`, { token: towna }))
      .body as string;
    expect(xml).toContain('name="欠薪转人社"');
  });

  it('refuses a malformed test case', async () => {
    const r = await deploy(
      withTests(REFERRAL, tests).replace('"劳动纠纷"</civicflow:input>', '劳动纠纷</civicflow:input>'),
    );
    expect(r.status).toBe(422);
    expect(r.body.error.problems).toEqual([
      expect.objectContaining({ code: 'DECISION_TEST_INVALID', subject: '欠薪转人社' }),
    ]);
  });
});
