import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../definitions/index.js';
import { CommandRejected } from '../index.js';
import { Scenario, compileOrThrow } from '../testing/scenario.js';

const FILE = 'events-signal.bpmn';
const XML = readFileSync(new URL(`./${FILE}`, import.meta.url), 'utf8');
const { processes } = await compileOrThrow([{ name: FILE, content: XML }]);
const patrol = processes['flood-patrol']!;
const warning = processes['flood-warning']!;
const shelter = processes['flood-shelter']!;

const problemsOf = async (xml: string) => {
  const r = await compile([{ name: FILE, content: xml }]);
  return r.ok ? [] : r.problems.map((p) => `${p.code} ${p.message}`);
};

describe('signal events', () => {
  it('an interrupting signal boundary event cancels the task and its other subscriptions', () => {
    const s = new Scenario(patrol).start();
    expect(
      s.effects
        .filter((e) => e.type === 'openSignalSubscription')
        .map((e) => (e as { signalName: string }).signalName)
        .sort(),
    ).toEqual(['flood-evacuate', 'flood-level-update']);
    s.signal('flood-evacuate', { level: 31.2 });
    expect(s.status).toBe('completed');
    expect(s.completed).toEqual(['Start_Patrol', 'Boundary_Evacuate', 'End_Evacuated']);
    expect(s.variables.level).toBe(31.2);
    expect(s.effects.filter((e) => e.type === 'closeSignalSubscription')).toHaveLength(1);
    expect(s.effects.some((e) => e.type === 'cancelTask')).toBe(true);
  });

  it('a non-interrupting signal boundary event starts a branch each time and stays subscribed', () => {
    const s = new Scenario(patrol).start();
    s.signal('flood-level-update', { level: 29.8 }).signal('flood-level-update', { level: 30.1 });
    expect(s.active).toEqual(['Task_Log', 'Task_Log', 'Task_Patrol']);
    expect(s.wait('Boundary_Update', 'signal').signal).toBe('flood-level-update');
    expect(s.variables.level).toBe(30.1);
  });

  it('waits at the signal catch event, then throws its signals at the throw and end events', () => {
    const s = new Scenario(patrol).start().completeTask('Task_Patrol');
    expect(s.active).toEqual(['Catch_AllClear']);
    // The boundary subscriptions closed with the task: a late evacuation signal reaches nothing.
    expect(() => s.signal('flood-evacuate')).toThrow(CommandRejected);
    s.signal('flood-all-clear', { clearedBy: '防汛办' });
    expect(s.status).toBe('completed');
    const thrown = s.effects.filter((e) => e.type === 'broadcastSignal');
    expect(thrown.map((e) => [e.elementId, e.signalName])).toEqual([
      ['Throw_PatrolDone', 'flood-patrol-done'],
      ['End_StandDown', 'flood-stand-down'],
    ]);
    expect(thrown[0]!.variables).toMatchObject({ clearedBy: '防汛办' });
    expect(s.eventsOf('signalThrown').map((e) => e.el)).toEqual(['Throw_PatrolDone', 'End_StandDown']);
  });

  it('a signal start event starts the process by its id', () => {
    expect(warning.startEvents).toEqual(['Start_Warning']);
    const s = new Scenario(warning).start({ area: '东湖' }, 'Start_Warning');
    expect(s.active).toEqual(['Task_Prepare']);
    expect(s.variables.area).toBe('东湖');
  });

  it('a signal catch event after an event-based gateway wins over the timer, which is cancelled', () => {
    const s = new Scenario(shelter).start();
    expect(
      Object.values(s.state!.waits)
        .map((w) => w.kind)
        .sort(),
    ).toEqual(['signal', 'signal', 'signal', 'timer']);
    s.signal('flood-all-clear');
    expect(s.status).toBe('completed');
    expect(s.completed).toEqual(['Start_Shelter', 'Gateway_Wait', 'Catch_ShelterClear', 'End_Closed']);
    expect(s.effects.some((e) => e.type === 'cancelTimer')).toBe(true);
  });

  it('signal event subprocesses: a non-interrupting one runs beside the process each time, an interrupting one ends it', () => {
    const s = new Scenario(shelter).start();
    s.signal('flood-level-update', { headcount: 120 }).signal('flood-level-update', { headcount: 118 });
    expect(s.active).toEqual(['EventSub_Update', 'EventSub_Update', 'Gateway_Wait', 'Task_Count', 'Task_Count']);
    s.signal('flood-evacuate');
    expect(s.status).toBe('completed');
    expect(s.completed.slice(-3)).toEqual(['Start_ShelterEvacuate', 'End_Moved', 'EventSub_Evacuate']);
    expect(Object.keys(s.state!.waits)).toEqual([]);
  });

  it('a signal no subscription waits for is rejected without changing the instance', () => {
    const s = new Scenario(patrol).start();
    expect(() => s.signal('flood-all-clear')).toThrow(/no subscription for signal "flood-all-clear"/);
    expect(s.active).toEqual(['Task_Patrol']);
  });

  it('refuses a signal event whose signal has no name', async () => {
    const unnamed = XML.replace(
      '<bpmn:signal id="Signal_AllClear" name="flood-all-clear" />',
      '<bpmn:signal id="Signal_AllClear" />',
    );
    expect(await problemsOf(unnamed)).toEqual([
      'SIGNAL_MISSING <Catch_AllClear> refers to no signal with a name',
      'SIGNAL_MISSING <Catch_ShelterClear> refers to no signal with a name',
    ]);
  });
});
