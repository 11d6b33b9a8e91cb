import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

// POST /api/tasks/:id/complete answers the completed task without reading it back: the answer must
// be the task as stored in task_history, field for field.
describe.each(dialects)('completing a task on %s', (dialect) => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { loadExamples: true });
  });
  afterAll(async () => rt?.stop());

  it('answers the task as it was stored, deadline included, and the case is searchable by what the step set', async () => {
    const window1 = await rt.login('window1');
    const started = await rt.request('POST', '/api/process-instances', {
      token: window1,
      body: { processKey: 'appeal-loop', tenant: 'town-a' },
    });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const receive = (await rt.request('GET', `/api/tasks?processInstanceId=${started.body.id}`, { token: window1 }))
      .body[0];
    const intake = { applicantName: '赵六', phone: '13700001234', category: '劳动纠纷', description: '拖欠工资两个月' };
    const done = await rt.request('POST', `/api/tasks/${receive.id}/complete`, {
      token: window1,
      body: { variables: intake },
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.status).toBe('completed');
    expect(done.body.completedBy).toBe('window1');
    const stored = (await rt.request('GET', `/api/tasks/${receive.id}`, { token: window1 })).body;
    for (const [key, value] of Object.entries(done.body)) expect(stored[key], key).toEqual(value);
    const admin = await rt.login('admin');
    const found = (await rt.request('GET', `/api/cases?q=${encodeURIComponent('赵六')}`, { token: admin })).body as {
      items: Array<{ id: string }>;
    };
    expect(found.items.map((c) => c.id)).toContain(started.body.id);
  });
});
