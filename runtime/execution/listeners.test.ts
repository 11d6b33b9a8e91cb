import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inconsistencies } from '../testing/consistency.js';
import { deploy, startCase } from '../testing/durability.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();
const FIXTURE = readFileSync(new URL('../../engine/scenarios/listeners-execution.bpmn', import.meta.url), 'utf8');

describe.each(dialects)('execution listeners on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;

  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { runJobs: false });
    admin = await rt.login('admin');
    await deploy(rt, admin, 'city', { 'listeners-execution.bpmn': FIXTURE });
  });
  afterAll(async () => rt?.stop());

  /** Activates and completes the one job of `type` an external worker would fetch. */
  const work = async (type: string, variables: Record<string, unknown> = {}) => {
    const jobs = (
      await rt.request('POST', '/api/jobs/activate', { token: admin, body: { type, worker: 'w1', maxJobs: 10 } })
    ).body;
    expect(jobs).toHaveLength(1);
    expect(
      (
        await rt.request('POST', `/api/jobs/${jobs[0].id}/complete`, {
          token: admin,
          body: { worker: 'w1', variables },
        })
      ).status,
    ).toBe(200);
    return jobs[0];
  };
  const view = async (id: string) => (await rt.request('GET', `/api/process-instances/${id}`, { token: admin })).body;

  it('listener jobs are fetched and completed by workers like any job, and hold the element until done', async () => {
    const c = await startCase(rt, admin, 'permit-review', 'city', { applicant: '张三' });
    expect(
      (
        await rt.request('POST', '/api/jobs/activate', {
          token: admin,
          body: { type: 'check-materials', worker: 'w1' },
        })
      ).body,
    ).toEqual([]);
    const first = await work('load-applicant', { applicantId: 'A-1' });
    expect(first).toMatchObject({ processInstanceId: c.id, elementId: 'Task_Check' });
    await work('lock-case');
    await work('check-materials');
    expect((await view(c.id)).activeElementIds).toEqual(['Task_Check']);
    await work('audit-step');
    expect(await view(c.id)).toMatchObject({ activeElementIds: ['Task_Approve'], variables: { applicantId: 'A-1' } });
    expect(await inconsistencies(rt.deps.db.knex)).toEqual([]);
  });
});
