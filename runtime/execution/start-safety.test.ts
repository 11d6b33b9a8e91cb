import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as b from '../testing/bpmn.js';
import { deploy, failTaskInsertsFor, snapshot, startCase } from '../testing/durability.js';
import type { ControlledClock } from '../platform/clock.js';
import { startTestRuntime, testDialects, type TestRuntime } from '../testing/databases.js';

const dialects = await testDialects();

/** Start → fork into an open task, a script that raises an incident, and a call of `child`; each branch ends on its own. */
function forkingParent(processId: string, child: string): string {
  const branches: b.ChainNode[] = [
    b.userTask('Task_Open'),
    b.scriptTask('Script_Limit', '=count(for i in 1..5000 return i)', 'n'),
    b.callActivity('Call_Child', child),
  ];
  const extra = branches
    .map((n) =>
      [
        `<bpmn:sequenceFlow id="To_${n.id}" sourceRef="Fork" targetRef="${n.id}" />`,
        n.xml.replace(
          '{flows}',
          `<bpmn:incoming>To_${n.id}</bpmn:incoming><bpmn:outgoing>From_${n.id}</bpmn:outgoing>`,
        ),
        `<bpmn:sequenceFlow id="From_${n.id}" sourceRef="${n.id}" targetRef="End_${n.id}" />`,
        `<bpmn:endEvent id="End_${n.id}"><bpmn:incoming>From_${n.id}</bpmn:incoming></bpmn:endEvent>`,
      ].join('\n'),
    )
    .join('\n');
  const fork: b.ChainNode = {
    id: 'Fork',
    xml: `<bpmn:parallelGateway id="Fork">{flows}${branches.map((n) => `<bpmn:outgoing>To_${n.id}</bpmn:outgoing>`).join('')}</bpmn:parallelGateway>`,
  };
  return b.chainProcess(processId, [b.start(), fork], { extra });
}

describe.each(dialects)('starting a case on %s', (dialect) => {
  let rt: TestRuntime;
  let admin: string;
  beforeAll(async () => {
    rt = await startTestRuntime(dialect, { runJobs: false, startsPerTenantPerMinute: 5 });
    admin = await rt.login('admin');
  });
  afterAll(async () => rt?.stop());

  it('a start that fails mid-way leaves no instance, no task and no incident behind', async () => {
    await deploy(rt, admin, 'city', {
      'half-child.bpmn': b.chainProcess('half-child', [b.start(), b.userTask('Task_Child_Boom'), b.end()]),
      'half-parent.bpmn': forkingParent('half-parent', 'half-child'),
    });
    const knex = rt.deps.db.knex;
    // The parent's row, its open task and its incident are written before the called child's
    // first task fails to insert: all of it must go.
    const restore = await failTaskInsertsFor(knex, dialect, 'Task_Child_Boom');
    try {
      const before = await snapshot(knex);
      const failed = await rt.request('POST', '/api/process-instances', {
        token: admin,
        body: { processKey: 'half-parent', tenant: 'city' },
      });
      expect(failed.status).toBe(500);
      expect(await snapshot(knex)).toEqual(before);
      expect(await knex('instances').where({ process_key: 'half-parent' })).toEqual([]);
      expect(await knex('tasks').where({ element_id: 'Task_Open' })).toEqual([]);
      expect(await knex('incidents').where({ element_id: 'Script_Limit' })).toEqual([]);
    } finally {
      await restore();
    }
    // Without the fault the same start commits all of it.
    const started = await startCase(rt, admin, 'half-parent');
    expect(await knex('tasks').where({ instance_id: started.id, element_id: 'Task_Open' })).toHaveLength(1);
    const incidents = await knex('incidents').where({ instance_id: started.id });
    expect(incidents.map((i: { element_id: string; code: string }) => [i.element_id, i.code])).toEqual([
      ['Script_Limit', 'EVALUATION_LIMIT'],
    ]);
    expect(await knex('instances').where({ parent_id: started.id })).toHaveLength(1);
  });

  it('each tenant has a quota of starts per minute: over it, 429 START_QUOTA_EXCEEDED, and other tenants are unaffected', async () => {
    await deploy(rt, admin, 'city', {
      'quota.bpmn': b.chainProcess('quota', [b.start(), b.userTask('Task_Q'), b.end()]),
    });
    expect(
      (
        await rt.request('POST', '/api/tenants', {
          token: admin,
          body: { id: 'quota-other', name: '另一个乡镇', parentId: 'city' },
        })
      ).status,
    ).toBe(201);
    const clock = rt.deps.clock as ControlledClock;
    clock.advance('PT1M');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (
          await rt.request('POST', '/api/process-instances', {
            token: admin,
            body: { processKey: 'quota', tenant: 'city' },
          })
        ).status,
      );
    }
    // 5 allowed in a burst (the limit for this test); one more would have refilled only after 12 s.
    expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    const refused = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'quota', tenant: 'city' },
    });
    expect(refused.body.error.code).toBe('START_QUOTA_EXCEEDED');
    expect(refused.body.error.message).toContain('每分钟最多发起 5 件');
    const other = await rt.request('POST', '/api/process-instances', {
      token: admin,
      body: { processKey: 'quota', tenant: 'quota-other' },
    });
    expect(other.status).toBe(201);
    // The quota refills with time.
    clock.advance('PT1M');
    expect(
      (
        await rt.request('POST', '/api/process-instances', {
          token: admin,
          body: { processKey: 'quota', tenant: 'city' },
        })
      ).status,
    ).toBe(201);
  });
});
