import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BpmnModdle } from 'bpmn-moddle';
import { civicDescriptor, zeebeDescriptor } from '../../../../definitions/index.js';
import { otherUserTasks, upstreamFormIds } from './diagram-walk.js';
import type { BusinessObject } from './moddle-edit.js';

const xml = readFileSync(new URL('../../../../examples/appeal/appeal-loop.bpmn', import.meta.url), 'utf8');

describe('what comes before an element on the diagram', () => {
  it('offers the forms filled before a branch and before a step, nearest first', async () => {
    const { elementsById } = await new BpmnModdle({ zeebe: zeebeDescriptor, civic: civicDescriptor }).fromXML(xml);
    const byId = (id: string) => elementsById[id] as unknown as BusinessObject;
    expect(upstreamFormIds(byId('Flow_Labour'))).toEqual(['appeal-intake']);
    // The follow-up comes after the handling steps (their form) and the intake.
    expect(upstreamFormIds(byId('Task_FollowUp'))).toEqual(['appeal-handle', 'appeal-intake']);
    expect(upstreamFormIds(byId('Task_Receive'))).toEqual([]);
    const others = otherUserTasks(byId('Task_FollowUp')).map((t) => t.id);
    expect(others).toContain('Task_Receive');
    expect(others).not.toContain('Task_FollowUp');
  });
});
