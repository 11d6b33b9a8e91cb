import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../definitions/index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const FILE = 'activities-ad-hoc.bpmn';
const XML = readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8');
const { processes } = await compileOrThrow([{ name: FILE, content: XML }]);
const inspection = processes['adhoc-inspection']!;
const agent = processes['adhoc-agent']!;

const problemsOf = async (xml: string) => {
  const r = await compile([{ name: FILE, content: xml }]);
  return r.ok ? [] : r.problems.map((p) => `${p.code} ${p.message}`);
};

describe('ad-hoc subprocesses (Zeebe semantics)', () => {
  it('activates the elements the collection lists, collects their outputs and completes when none runs', () => {
    const s = new Scenario(inspection).start({ checks: ['Task_Site', 'Task_Docs'] });
    expect(s.active).toEqual(['AdHoc_Inspect', 'Task_Docs', 'Task_Site']);
    s.completeTask('Task_Site', { result: 'ok' });
    // Elements connected by a flow run in sequence within one activation.
    s.completeJob('Task_Docs', { result: 'complete' });
    expect(s.active).toEqual(['AdHoc_Inspect', 'Task_DocsReview']);
    s.completeTask('Task_DocsReview');
    expect(s.status).toBe('completed');
    expect(s.variables.inspectionResults).toEqual(['ok', 'complete']);
    expect(s.completed).not.toContain('Task_Phone');
  });

  it('completes as soon as the completion condition holds, terminating what still runs', () => {
    const s = new Scenario(inspection).start({ checks: ['Task_Site', 'Task_Phone'] });
    s.completeJob('Task_Phone', { result: 'violation' });
    expect(s.status).toBe('completed');
    expect(s.eventsOf('elementTerminated').map((e) => e.el)).toEqual(['Task_Site']);
    expect(s.variables.inspectionResults).toEqual(['violation']);
  });

  it('with cancelRemainingInstances="false" it waits for the elements still running', async () => {
    const xml = XML.replace(
      '<bpmn:adHocSubProcess id="AdHoc_Inspect" name="按需检查">',
      '<bpmn:adHocSubProcess id="AdHoc_Inspect" name="按需检查" cancelRemainingInstances="false">',
    );
    const { processes: p } = await compileOrThrow([{ name: FILE, content: xml }]);
    const s = new Scenario(p['adhoc-inspection']!).start({ checks: ['Task_Site', 'Task_Phone'] });
    s.completeJob('Task_Phone', { result: 'violation' });
    expect(s.active).toEqual(['AdHoc_Inspect', 'Task_Site']);
    s.completeTask('Task_Site', { result: 'ok' });
    expect(s.status).toBe('completed');
    expect(s.variables.inspectionResults).toEqual(['violation', 'ok']);
  });

  it('raises an incident when the collection names something that cannot be activated', () => {
    const s = new Scenario(inspection).start({ checks: ['Task_Site', 'Task_DocsReview'] });
    expect(s.incidents.map((i) => [i.code, i.el, i.message])).toEqual([
      [
        'INVALID_VALUE',
        'AdHoc_Inspect',
        `=checks gave ["Task_Site","Task_DocsReview"]; expected a list of ids of the ad-hoc subprocess's elements (Task_Site, Task_Docs, Task_Phone)`,
      ],
    ]);
  });

  it('job worker implementation: the job result activates elements with variables; each completion asks again', () => {
    const s = new Scenario(agent).start();
    expect(s.describeWaits()).toBe('job@AdHoc_Agent');
    s.send({
      type: 'completeJob',
      jobId: s.wait('AdHoc_Agent', 'job').id,
      variables: { agent: { round: 1 } },
      result: {
        activateElements: [{ elementId: 'Tool_Lookup', variables: { toolCall: { id: 'c1', caseNo: 'A-7' } } }],
      },
    });
    expect(s.active).toEqual(['AdHoc_Agent', 'Tool_Lookup']);
    s.completeJob('Tool_Lookup', { toolCallResult: '已办结' });
    // The tool's output is collected and a new job asks the worker what next.
    expect(s.describeWaits()).toBe('job@AdHoc_Agent');
    const local = Object.values(s.state!.scopes).find((sc) => 'toolCallResults' in sc.vars)!;
    expect(local.vars.toolCallResults).toEqual([{ id: 'c1', content: '已办结' }]);
    s.send({
      type: 'completeJob',
      jobId: s.wait('AdHoc_Agent', 'job').id,
      variables: { agent: { round: 2, responseText: '案卷 A-7 已办结' } },
      result: { isCompletionConditionFulfilled: true },
    });
    expect(s.status).toBe('completed');
    expect(s.variables.agent).toEqual({ round: 2, responseText: '案卷 A-7 已办结' });
  });

  it('a job completed without a result activates nothing, so the subprocess completes', () => {
    const s = new Scenario(agent).start().completeJob('AdHoc_Agent', { agent: { responseText: 'hi' } });
    expect(s.status).toBe('completed');
    expect(s.variables.agent).toEqual({ responseText: 'hi' });
  });

  it('refuses start and end events inside an ad-hoc subprocess', async () => {
    const xml = XML.replace(
      '<bpmn:userTask id="Task_Site" name="现场检查">',
      '<bpmn:startEvent id="Start_Inner" /><bpmn:userTask id="Task_Site" name="现场检查">',
    );
    expect(await problemsOf(xml)).toEqual([
      'START_INVALID <Start_Inner> an ad-hoc subprocess cannot contain start events',
    ]);
  });
});
