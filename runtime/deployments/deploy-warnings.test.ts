import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';
import { linearBpmn } from '../testing/http.js';

const dialects = await testDialects();

/** A Camunda 8 file with Camunda 7 attributes the modeler left behind. */
const withLeftovers = (platform: string) =>
  linearBpmn('leftovers', [{ kind: 'service', id: 'Task_Sync', type: 'sync' }])
    .replace('<bpmn:definitions ', '<bpmn:definitions xmlns:camunda="http://camunda.org/schema/1.0/bpmn" ')
    .replace('modeler:executionPlatform="Camunda Cloud"', platform)
    .replace('<bpmn:serviceTask id="Task_Sync"', '<bpmn:serviceTask id="Task_Sync" camunda:asyncBefore="true"');

describe.each(dialects)('deploying a Camunda 8 file with Camunda 7 leftovers on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  beforeAll(async () => {
    rt = await startTestRuntime(dialect);
    admin = await rt.login('admin');
  });
  afterAll(async () => rt?.stop());

  it('deploys, ignoring them as Zeebe does, and says so in the answer', async () => {
    const r = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: {
        tenant: 'city',
        resources: [{ name: 'leftovers.bpmn', content: withLeftovers('modeler:executionPlatform="Camunda Cloud"') }],
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.warnings).toEqual([
      {
        resource: 'leftovers.bpmn',
        code: 'CAMUNDA7_IGNORED',
        elementId: 'Task_Sync',
        subject: 'camunda:asyncBefore',
        message:
          '<Task_Sync> has attribute camunda:asyncBefore, a Camunda 7 extension; Camunda 8 ignores it in a Camunda 8 file, and so does civicflow',
      },
    ]);
  });

  it('still refuses them in a Camunda 7 file, naming the attribute', async () => {
    const r = await rt.request('POST', '/api/deployments', {
      token: admin,
      body: {
        tenant: 'city',
        resources: [
          {
            name: 'c7.bpmn',
            content: withLeftovers('modeler:executionPlatform="Camunda Platform"').replace(/leftovers/g, 'c7'),
          },
        ],
      },
    });
    expect(r.status).toBe(422);
    expect(JSON.stringify(r.body)).toContain('camunda:asyncBefore');
  });
});
