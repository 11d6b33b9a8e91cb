// Issue 15 §3: the API refuses what the designer marks — unknown departments and accounts, FEEL
// written with ==, a field compared with a value of another type, a decision output of the wrong
// type — and lists every problem at once, each naming its element.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appealLoopXml } from '../testing/http.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const STREET_B_REFERRAL = readFileSync(
  new URL('../../examples/appeal/variants/street-b-referral.dmn', import.meta.url),
  'utf8',
);

interface Problem {
  code: string;
  elementId?: string;
  elementName?: string;
  subject?: string;
  severity?: string;
}

describe.each(dialects)('deploy-time checks on %s', (dialect) => {
  let rt: TestRuntime;
  let towna: string;
  const deploy = (tenant: string, name: string, content: string) =>
    rt.request('POST', '/api/deployments', { token: towna, body: { tenant, resources: [{ name, content }] } });
  const problemsOf = (body: { error: { problems?: unknown } }) =>
    (body.error.problems as Problem[]).map((p) => [p.code, p.elementName, p.subject]);

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
    towna = await rt.login('towna-admin');
  });
  afterAll(async () => rt?.stop());

  it('refuses a township’s process with every mistake listed, not just the first', async () => {
    const xml = appealLoopXml((x) =>
      x
        .replace('candidateGroups="dept-rs"', 'candidateGroups="dept-xx"') // no such department
        .replace('candidateGroups="dept-zj"', 'candidateGroups="street-b-wy"') // a sibling township's: not visible to A镇
        .replace('=category = "物业纠纷"', '=category == "物业纠纷"')
        .replace(
          '<zeebe:assignmentDefinition candidateGroups="window" />',
          '<zeebe:assignmentDefinition candidateGroups="window" assignee="nobody.here" />',
        ),
    );
    const r = await deploy('town-a', 'appeal-loop.bpmn', xml);
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.error.code).toBe('DEFINITION_INVALID');
    expect(problemsOf(r.body)).toEqual(
      expect.arrayContaining([
        ['GROUP_UNKNOWN', '人社局办理', 'dept-xx'],
        ['GROUP_UNKNOWN', '住建局办理', 'street-b-wy'],
        ['FEEL_DOUBLE_EQUALS', '物业纠纷', '=category == "物业纠纷"'],
        ['USER_UNKNOWN', '受理登记', 'nobody.here'],
      ]),
    );
    expect(problemsOf(r.body)).toHaveLength(4);
    expect(
      (await rt.request('GET', '/api/process-definitions?tenant=town-a&key=appeal-loop', { token: towna })).body.every(
        (d: { tenant: string }) => d.tenant === 'city',
      ),
    ).toBe(true);
  });

  it('accepts its own departments, the city’s, and a person of its own', async () => {
    const xml = appealLoopXml((x) =>
      x
        .replace('candidateGroups="dept-rs"', 'candidateGroups="town-a-sfs"')
        .replace(
          '<zeebe:assignmentDefinition candidateGroups="window" />',
          '<zeebe:assignmentDefinition candidateGroups="window" assignee="sfs1" />',
        ),
    );
    const r = await deploy('town-a', 'appeal-loop.bpmn', xml);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });

  it('refuses a branch comparing a text field with a number', async () => {
    const r = await deploy(
      'town-a',
      'appeal-loop.bpmn',
      appealLoopXml((x) => x.replace('=category = "劳动纠纷"', '=category = 5')),
    );
    expect(r.status).toBe(422);
    expect(problemsOf(r.body)).toEqual([['FEEL_TYPE_MISMATCH', '劳动纠纷', 'category 5']]);
  });

  it('deploys with a warning-only problem (a variable nothing sets before the branch)', async () => {
    const r = await deploy(
      'town-a',
      'appeal-loop.bpmn',
      appealLoopXml((x) => x.replace('=category = "劳动纠纷"', '=priority = "高"')),
    );
    expect(r.status, JSON.stringify(r.body)).toBe(201);
  });

  it('refuses a step form that uses the intake form’s key for another kind of value, naming both forms; the same kind passes', async () => {
    const handle = JSON.parse(
      readFileSync(new URL('../../examples/appeal/appeal-handle.form.json', import.meta.url), 'utf8'),
    );
    const withPhone = (phone: object) => ({
      ...handle,
      schema: { ...handle.schema, properties: { ...handle.schema.properties, phone } },
    });
    const send = (form: object) =>
      rt.request('POST', '/api/deployments', {
        token: towna,
        body: {
          tenant: 'town-a',
          resources: [
            { name: 'appeal-loop.bpmn', content: appealLoopXml((x) => x) },
            { name: 'appeal-handle.form.json', content: form },
          ],
        },
      });
    const refused = await send(withPhone({ type: 'boolean', title: '是否电话回访' }));
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.error.problems).toEqual([
      expect.objectContaining({
        code: 'FORM_FIELD_CONFLICT',
        resource: 'appeal-loop.bpmn',
        subject: 'phone',
        args: { key: 'phone', formA: '诉求受理登记', labelA: '联系电话', formB: '部门办理', labelB: '是否电话回访' },
      }),
    ]);
    // The department confirms the citizen's phone number: one answer, asked again.
    const accepted = await send(withPhone({ type: 'string', title: '核实后的联系电话' }));
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    expect(accepted.body.warnings ?? []).toEqual([]);

    // The form alone, for the processes A镇 already runs with it: refused the same way, for each process.
    const alone = await rt.request('POST', '/api/deployments', {
      token: towna,
      body: {
        tenant: 'town-a',
        resources: [
          { name: 'appeal-handle.form.json', content: withPhone({ type: 'boolean', title: '是否电话回访' }) },
        ],
      },
    });
    expect(alone.status, JSON.stringify(alone.body)).toBe(422);
    expect(
      (alone.body.error.problems as Array<Problem & { resource: string; args: Record<string, string> }>)
        .map((p) => [p.code, p.resource, p.elementId, p.args.formB, p.args.labelB])
        .sort((a, b) => String(a[2]).localeCompare(String(b[2]))),
    ).toEqual([
      ['FORM_FIELD_CONFLICT', 'appeal-handle.form.json', 'appeal-loop', '部门办理', '是否电话回访'],
      ['FORM_FIELD_CONFLICT', 'appeal-handle.form.json', 'appeal-referral', '部门办理', '是否电话回访'],
    ]);
  });

  it('refuses a decision output that is not of its column’s type (an unquoted department id)', async () => {
    const dmn = STREET_B_REFERRAL.replace('<text>"dept-rs"</text>', '<text>dept-zz</text>');
    expect(dmn).not.toBe(STREET_B_REFERRAL);
    const r = await deploy('town-a', 'referral.dmn', dmn);
    expect(r.status).toBe(422);
    expect(problemsOf(r.body)).toEqual([['DECISION_OUTPUT_TYPE', undefined, 'dept-zz']]);
  });
});
