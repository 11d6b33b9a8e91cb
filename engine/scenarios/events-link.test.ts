import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../definitions/index.js';
import { earlierUserTasks } from '../index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const FILE = 'events-link.bpmn';
const XML = readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8');
const { processes } = await compileOrThrow([{ name: FILE, content: XML }]);
const recheck = processes['appeal-recheck']!;

const problemsOf = async (xml: string) => {
  const r = await compile([{ name: FILE, content: xml }]);
  return r.ok ? [] : r.problems.map((p) => `${p.code} ${p.message}`);
};

describe('link events', () => {
  it('goes on at the catch event of the same name, with the throw event\u2019s output mappings applied', () => {
    const s = new Scenario(recheck).start({ rounds: 0 });
    s.completeTask('Task_Review', { approved: false });
    expect(s.active).toEqual(['Task_Notify']);
    expect(s.completed.slice(-3)).toEqual(['Gateway_Approved', 'Throw_Recheck', 'Catch_Recheck']);
    expect(s.variables.rounds).toBe(1);

    s.completeJob('Task_Notify').completeTask('Task_Review', { approved: false }).completeJob('Task_Notify');
    expect(s.variables.rounds).toBe(2);
    s.completeTask('Task_Review', { approved: true });
    expect(s.status).toBe('completed');
  });

  it('links within a subprocess stay in it, even under a name the process level uses too', () => {
    const s = new Scenario(recheck).start({ rounds: 0 }).completeTask('Task_Review', { approved: true });
    expect(s.completed.slice(-6)).toEqual([
      'Start_Archive',
      'Throw_Archive',
      'Catch_Archive',
      'End_Archive',
      'SubProcess_Archive',
      'End_Done',
    ]);
    expect(s.completed).not.toContain('Catch_Recheck');
    expect(s.status).toBe('completed');
  });

  it('a step after a link can be sent back to the steps before it (退回 follows the link backwards)', () => {
    expect(earlierUserTasks(recheck, 'Task_Notify')).toEqual(['Task_Review']);
  });

  it('refuses a throw without a catch of its name, and a catch no throw leads to, once each', async () => {
    const noCatch = XML.replace(
      '<bpmn:linkEventDefinition id="LinkEventDefinition_Catch" name="recheck" />',
      '<bpmn:linkEventDefinition id="LinkEventDefinition_Catch" name="other" />',
    );
    expect(await problemsOf(noCatch)).toEqual([
      'LINK_INVALID <Throw_Recheck> link throw event "recheck" has no link catch event of that name in its (sub)process',
      'UNREACHABLE <Catch_Recheck> no link throw event leads to link catch event "other", so it can never run',
    ]);
  });

  it('refuses two catch events of one name in the same (sub)process', async () => {
    const twice = XML.replace('name="转归档">', 'name="转归档">')
      .replace(
        '<bpmn:linkEventDefinition id="LinkEventDefinition_ArchiveThrow" name="recheck" />',
        '<bpmn:linkEventDefinition id="LinkEventDefinition_ArchiveThrow" name="recheck" />',
      )
      .replace(
        '<bpmn:endEvent id="End_Archive">',
        '<bpmn:intermediateCatchEvent id="Catch_Again"><bpmn:outgoing>Flow_Again</bpmn:outgoing><bpmn:linkEventDefinition id="L9" name="recheck" /></bpmn:intermediateCatchEvent><bpmn:sequenceFlow id="Flow_Again" sourceRef="Catch_Again" targetRef="End_Archive" /><bpmn:endEvent id="End_Archive"><bpmn:incoming>Flow_Again</bpmn:incoming>',
      );
    expect(await problemsOf(twice)).toEqual([
      expect.stringMatching(
        /^LINK_INVALID <Catch_Again> link catch event "recheck" has the same name as <Catch_Archive>/,
      ),
    ]);
  });
});
