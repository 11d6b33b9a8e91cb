/**
 * Small BPMN fixtures and helpers for the HTTP contract, isolation and bad-input tests.
 * Every fixture is a linear process `start → <steps> → end` in Camunda Modeler 8 form.
 */
import { readFileSync } from 'node:fs';
import bcrypt from 'bcryptjs';
import type { Knex } from 'knex';

export type Step =
  | { kind: 'service'; id: string; type: string; retries?: number }
  | {
      kind: 'user';
      id: string;
      name?: string;
      candidateGroups?: string;
      candidateUsers?: string;
      assignee?: string;
      formId?: string;
    }
  | { kind: 'message'; id: string; message: string; correlationKey: string };

/** One process `start → steps… → end`; message steps declare their `bpmn:message`. */
export function linearBpmn(processId: string, steps: Step[], options: { name?: string } = {}): string {
  const ids = ['Start', ...steps.map((s) => s.id), 'End'];
  const flows = ids.slice(1).map((to, i) => ({ id: `Flow_${i + 1}`, from: ids[i]!, to }));
  const incoming = (id: string) =>
    flows
      .filter((f) => f.to === id)
      .map((f) => `<bpmn:incoming>${f.id}</bpmn:incoming>`)
      .join('');
  const outgoing = (id: string) =>
    flows
      .filter((f) => f.from === id)
      .map((f) => `<bpmn:outgoing>${f.id}</bpmn:outgoing>`)
      .join('');
  const io = (id: string) => incoming(id) + outgoing(id);
  const messages: string[] = [];
  const nodes = steps.map((s) => {
    if (s.kind === 'service') {
      return `<bpmn:serviceTask id="${s.id}"><bpmn:extensionElements><zeebe:taskDefinition type="${s.type}" retries="${s.retries ?? 3}" /></bpmn:extensionElements>${io(s.id)}</bpmn:serviceTask>`;
    }
    if (s.kind === 'user') {
      const attrs = [
        s.candidateGroups ? `candidateGroups="${s.candidateGroups}"` : '',
        s.candidateUsers ? `candidateUsers="${s.candidateUsers}"` : '',
        s.assignee ? `assignee="${s.assignee}"` : '',
      ].join(' ');
      const form = s.formId ? `<zeebe:formDefinition formId="${s.formId}" />` : '';
      return `<bpmn:userTask id="${s.id}" name="${s.name ?? s.id}"><bpmn:extensionElements><zeebe:userTask /><zeebe:assignmentDefinition ${attrs} />${form}</bpmn:extensionElements>${io(s.id)}</bpmn:userTask>`;
    }
    messages.push(
      `<bpmn:message id="Message_${s.id}" name="${s.message}"><bpmn:extensionElements><zeebe:subscription correlationKey="${s.correlationKey}" /></bpmn:extensionElements></bpmn:message>`,
    );
    return `<bpmn:intermediateCatchEvent id="${s.id}">${io(s.id)}<bpmn:messageEventDefinition id="Def_${s.id}" messageRef="Message_${s.id}" /></bpmn:intermediateCatchEvent>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_${processId.replace(/\W/g, '_')}" targetNamespace="http://bpmn.io/schema/bpmn" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0">
  <bpmn:process id="${processId}" name="${options.name ?? processId}" isExecutable="true">
    <bpmn:startEvent id="Start">${outgoing('Start')}</bpmn:startEvent>
    ${nodes.join('\n    ')}
    <bpmn:endEvent id="End">${incoming('End')}</bpmn:endEvent>
    ${flows.map((f) => `<bpmn:sequenceFlow id="${f.id}" sourceRef="${f.from}" targetRef="${f.to}" />`).join('\n    ')}
  </bpmn:process>
  ${messages.join('\n  ')}
</bpmn:definitions>`;
}

/** A simple form resource with one required text field. */
export function simpleForm(id: string, field = 'note'): { name: string; content: Record<string, unknown> } {
  return {
    name: `${id}.form.json`,
    content: {
      id,
      name: id,
      schema: {
        type: 'object',
        required: [field],
        properties: { [field]: { type: 'string', title: field, minLength: 1, maxLength: 200 } },
      },
      uiSchema: {},
    },
  };
}

/** The example appeal loop's XML, optionally edited (a township's variant). */
export function appealLoopXml(edit: (xml: string) => string = (x) => x): string {
  return edit(readFileSync(new URL('../../examples/appeal/appeal-loop.bpmn', import.meta.url), 'utf8'));
}

/** Valid intake form data for the appeal loop. */
export const INTAKE = {
  applicantName: '张三',
  phone: '13800138000',
  category: '劳动纠纷',
  description: '工地拖欠三个月工资',
};

/** Tables a rejected request must never touch. */
export const GUARDED_TABLES = [
  'deployments',
  'definitions',
  'start_triggers',
  'instances',
  'tasks',
  'task_history',
  'task_candidates',
  'jobs',
  'subscriptions',
  'incidents',
  'history',
] as const;

/** Row counts of the guarded tables. */
export async function rowCounts(knex: Knex): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of GUARDED_TABLES) {
    const [row] = await knex(table).count('* as n');
    out[table] = Number((row as { n: number | string }).n);
  }
  return out;
}

/**
 * Inserts users straight into the database with one shared bcrypt hash of low cost (4), so the
 * many logins of these tests stay quick; logins still check the password with bcrypt. Users
 * created through `POST /api/users` get the production cost (tested in accounts.test.ts).
 */
export async function seedUsers(
  knex: Knex,
  password: string,
  users: Array<{ username: string; tenantId: string; roles: string[]; groups?: string[] }>,
): Promise<void> {
  const hash = await bcrypt.hash(password, 4);
  for (const u of users) {
    await knex('users').insert({
      username: u.username,
      password_hash: hash,
      display_name: u.username,
      tenant_id: u.tenantId,
      roles: JSON.stringify(u.roles),
      created_at: new Date().toISOString(),
    });
    if (u.groups?.length)
      await knex('memberships').insert(u.groups.map((g) => ({ username: u.username, group_id: g })));
  }
}
