/**
 * Fixtures for the deadline tests: a one-task process with civic deadlines (Camunda Modeler 8
 * form) and a small org (city → town-a → town-a-east, town-b) with handlers, a leader, a
 * dispatcher, a supervisor and township administrators.
 */
import { expect } from 'vitest';
import type { TestRuntime } from './databases.js';

export interface DeadlineTaskOptions {
  deadline?: string;
  warning?: string;
  start?: 'created' | 'claimed';
  calendar?: string;
  candidateGroups?: string;
  /** Boundary timers on the task, each counting `duration` in working units (civic:deadline). */
  timers?: Array<{ id: string; duration: string; interrupting?: boolean }>;
}

const attr = (name: string, value: string | undefined) =>
  value === undefined ? '' : ` ${name}="${value.replace(/"/g, '&quot;')}"`;

export function deadlineProcess(processId: string, o: DeadlineTaskOptions = {}): string {
  const civic = o.deadline
    ? `<civic:deadline${attr('duration', o.deadline)}${attr('warning', o.warning)}${attr('start', o.start)}${attr('calendar', o.calendar)} />`
    : '';
  const timers = (o.timers ?? [])
    .map(
      (t) => `
    <bpmn:boundaryEvent id="${t.id}" cancelActivity="${t.interrupting ? 'true' : 'false'}" attachedToRef="Task_Handle">
      <bpmn:extensionElements><civic:deadline duration="${t.duration}" /></bpmn:extensionElements>
      <bpmn:outgoing>Flow_${t.id}</bpmn:outgoing>
      <bpmn:timerEventDefinition id="Def_${t.id}" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="Flow_${t.id}" sourceRef="${t.id}" targetRef="End_${t.id}" />
    <bpmn:endEvent id="End_${t.id}"><bpmn:incoming>Flow_${t.id}</bpmn:incoming></bpmn:endEvent>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" xmlns:civic="https://civicflow.dev/schema/civic/1.0" id="Definitions_${processId.replace(/\W/g, '_')}" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">
  <bpmn:process id="${processId}" name="${processId}" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_Handle" />
    <bpmn:userTask id="Task_Handle" name="部门办理">
      <bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition candidateGroups="${o.candidateGroups ?? 'dept-rs'}" />${civic}</bpmn:extensionElements>
      <bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Handle" targetRef="End" />
    <bpmn:endEvent id="End"><bpmn:incoming>Flow_2</bpmn:incoming></bpmn:endEvent>${timers}
  </bpmn:process>
</bpmn:definitions>`;
}

export interface Org {
  admin: string;
  login(user: string): Promise<string>;
}

/** Tenants, groups and users for the deadline tests (password `deadline-pass-1` for everyone). */
export async function setupOrg(rt: TestRuntime): Promise<Org> {
  const admin = await rt.login('admin');
  const ok = async (path: string, body: unknown) => {
    const r = await rt.request('POST', path, { token: admin, body });
    expect(r.status, `${path} ${JSON.stringify(r.body)}`).toBe(201);
  };
  await ok('/api/tenants', { id: 'town-a', name: 'A镇', parentId: 'city' });
  await ok('/api/tenants', { id: 'town-a-east', name: '东村', parentId: 'town-a' });
  await ok('/api/tenants', { id: 'town-b', name: 'B镇', parentId: 'city' });
  for (const [id, tenantId] of [
    ['dept-rs', 'city'],
    ['dispatch', 'city'],
    ['town-b-office', 'town-b'],
  ] as const)
    await ok('/api/groups', { id, name: id, tenantId });
  const users: Array<[string, string, string[], string[]]> = [
    ['rs1', 'city', ['dept-rs'], ['staff']],
    ['rs2', 'city', ['dept-rs'], ['staff']],
    ['rs-lead', 'city', ['dept-rs'], ['staff']],
    ['dispatcher1', 'city', ['dispatch'], ['staff']],
    ['sup1', 'city', [], ['supervisor']],
    ['towna-admin', 'town-a', [], ['tenant-admin']],
    ['townb-admin', 'town-b', [], ['tenant-admin']],
    ['townb-staff', 'town-b', ['town-b-office'], ['staff']],
  ];
  for (const [username, tenantId, groups, roles] of users)
    await ok('/api/users', { username, password: 'deadline-pass-1', displayName: username, tenantId, groups, roles });
  const leaders = await rt.request('PUT', '/api/groups/dept-rs/leaders', {
    token: admin,
    body: { usernames: ['rs-lead'] },
  });
  expect(leaders.status).toBe(200);
  const tokens = new Map<string, string>();
  return {
    admin,
    async login(user) {
      if (!tokens.has(user)) tokens.set(user, await rt.login(user, 'deadline-pass-1'));
      return tokens.get(user)!;
    },
  };
}

export async function deploy(
  rt: TestRuntime,
  token: string,
  tenant: string,
  processId: string,
  options: DeadlineTaskOptions,
): Promise<void> {
  const r = await rt.request('POST', '/api/deployments', {
    token,
    body: { tenant, resources: [{ name: `${processId}.bpmn`, content: deadlineProcess(processId, options) }] },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

/** Starts a case and returns its task (as `GET /api/tasks` shows it). */
export async function startCase(
  rt: TestRuntime,
  token: string,
  tenant: string,
  processKey: string,
): Promise<{ instanceId: string; task: any }> {
  const r = await rt.request('POST', '/api/process-instances', { token, body: { processKey, tenant } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  const tasks = await rt.request('GET', `/api/tasks?processInstanceId=${r.body.id}`, { token });
  expect(tasks.body).toHaveLength(1);
  return { instanceId: r.body.id as string, task: tasks.body[0] };
}

/** Shanghai wall-clock time as a UTC ISO instant: `sh('2026-02-12 10:00')`. */
export function sh(local: string): string {
  return new Date(`${local.replace(' ', 'T')}:00+08:00`).toISOString();
}
