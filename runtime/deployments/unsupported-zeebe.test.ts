// Camunda 8 behaviour civicflow does not run is refused at deploy time, each element named — never
// deployed and run without it: task listeners (Camunda 8.6+) and conditional events (Camunda 8.9).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

const FIXTURE = readFileSync(
  join(
    import.meta.dirname,
    '..',
    '..',
    'definitions',
    'fixtures',
    'camunda-modeler',
    'task-listeners-conditional.bpmn',
  ),
  'utf8',
);

describe.each(dialects)('deploying task listeners and conditional events on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  beforeAll(async () => {
    rt = await startTestRuntime(dialect);
    admin = await rt.login('admin');
  });
  afterAll(async () => rt?.stop());

  it('refuses the deployment, naming the user task with its listeners and each conditional event once', async () => {
    const r = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: { tenant: 'city', resources: [{ name: 'permit-review.bpmn', content: FIXTURE }] },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.error.code).toBe('DEFINITION_INVALID');
    const problems = (r.body.error.problems as Array<{ code: string; elementId?: string; message: string }>).map(
      (p) => [p.code, p.elementId, p.message],
    );
    const conditional = (id: string, condition: string) => [
      'UNSUPPORTED_ELEMENT',
      id,
      `<${id}> uses ConditionalEventDefinition (condition ${condition}): conditional events, which Camunda 8.9 runs, are not supported by civicflow yet; publish a message when the condition holds and use a message event instead`,
    ];
    expect(problems).toEqual(
      expect.arrayContaining([
        [
          'UNSUPPORTED_EXTENSION',
          'Task_Review',
          '<Task_Review> uses <zeebe:TaskListeners> (creating: job "set-due-date"; assigning: job "check-assignee"; updating: job "audit-update"; completing: job "validate-outcome"; canceling: job "notify-cancel"): task listeners are not supported by civicflow yet (Zeebe runs each as a job that can deny or correct the task); remove them, or do their work in a service task after the user task',
        ],
        conditional('Event_WaitDocuments', '=documentsComplete = true'),
        conditional('Event_AddressChanged', '=addressChanged'),
      ]),
    );
    expect(problems).toHaveLength(3);
    const listed = await rt.request('GET', '/api/process-definitions?key=permit-review&tenant=city', { token: admin });
    expect(listed.body).toEqual([]);
  });
});
