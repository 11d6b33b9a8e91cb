import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../definitions/index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const FILE = 'listeners-execution.bpmn';
const XML = readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8');
const { processes } = await compileOrThrow([{ name: FILE, content: XML }]);
const permit = processes['permit-review']!;

const jobTypes = (s: Scenario) => s.effects.flatMap((e) => (e.type === 'createJob' ? [e.jobType] : []));
const problemsOf = async (xml: string) => {
  const r = await compile([{ name: FILE, content: xml }]);
  return r.ok ? [] : r.problems.map((p) => `${p.code} ${p.message}`);
};

describe('execution listeners', () => {
  it('start listeners run one after the other before the element, end listeners before it is left', () => {
    const s = new Scenario(permit).start({ applicant: '张三' });
    expect(jobTypes(s)).toEqual(['load-applicant']);
    s.completeJob('Task_Check', { applicantId: 'A-1' });
    expect(jobTypes(s)).toEqual(['load-applicant', 'lock-case']);
    expect(s.wait('Task_Check').role).toBe('listener');
    s.completeJob('Task_Check');
    // Now the service task's own job.
    expect(jobTypes(s)).toEqual(['load-applicant', 'lock-case', 'check-materials']);
    expect(s.wait('Task_Check').role).toBe('self');
    s.completeJob('Task_Check', { complete: true });
    expect(jobTypes(s).at(-1)).toBe('audit-step');
    expect(s.completed).toEqual(['Start_Apply']);
    s.completeJob('Task_Check');
    expect(s.completed).toEqual(['Start_Apply', 'Task_Check']);
    expect(s.active).toEqual(['Task_Approve']);
    expect(s.variables).toMatchObject({ applicant: '张三', applicantId: 'A-1', complete: true });

    s.completeTask('Task_Approve', { approved: true });
    expect(s.active).toEqual(['Task_Approve']);
    s.completeJob('Task_Approve');
    // The end event's start listener, then the end.
    expect(s.active).toEqual(['End_Done']);
    s.completeJob('End_Done');
    expect(s.status).toBe('completed');
    expect(jobTypes(s)).toEqual([
      'load-applicant',
      'lock-case',
      'check-materials',
      'audit-step',
      'notify-applicant',
      'archive-case',
    ]);
  });

  it('a listener job out of retries is an incident; resolving it opens the listener job again, not the task', () => {
    const s = new Scenario(permit).start();
    s.send({ type: 'failJob', jobId: s.wait('Task_Check', 'job').id, retries: 0, errorMessage: 'no applicant' });
    expect(s.incidents).toHaveLength(1);
    s.send({ type: 'resolveIncident', incidentId: s.incidents[0]!.id, retries: 1 });
    expect(jobTypes(s)).toEqual(['load-applicant', 'load-applicant']);
    s.completeJob('Task_Check').completeJob('Task_Check');
    expect(jobTypes(s).at(-1)).toBe('check-materials');
  });

  it('refuses listeners where civicflow does not run them, and listeners without a type', async () => {
    const onTerminate = XML.replace(
      '<bpmn:incoming>Flow_ToDone</bpmn:incoming>\n    </bpmn:endEvent>',
      '<bpmn:incoming>Flow_ToDone</bpmn:incoming>\n      <bpmn:terminateEventDefinition id="T1" />\n    </bpmn:endEvent>',
    ).replace('eventType="start" retries="3" type="archive-case"', 'eventType="end" retries="3" type="archive-case"');
    expect(await problemsOf(onTerminate)).toEqual([
      'LISTENER_INVALID <End_Done> a terminate end event ends its scope at once; it cannot have end listeners',
    ]);
    const onProcess = XML.replace(
      'isExecutable="true">',
      'isExecutable="true"><bpmn:extensionElements><zeebe:executionListeners><zeebe:executionListener eventType="start" type="audit" /></zeebe:executionListeners></bpmn:extensionElements>',
    );
    expect(await problemsOf(onProcess)).toEqual([
      expect.stringMatching(/^LISTENER_INVALID <permit-review> execution listeners on the process itself/),
    ]);
    const untyped = XML.replace('type="audit-step"', '');
    expect(await problemsOf(untyped)).toEqual(['LISTENER_INVALID <Task_Check> end execution listener has no job type']);
  });
});
