import type { Knex } from 'knex';
import { newId } from '../platform/ids.js';

/** An opinion (审批意见) on a case: written at a step by its handler, or on the case page. */
export interface Opinion {
  id: string;
  taskId: string | null;
  elementId: string | null;
  stepName: string | null;
  author: string;
  body: string;
  createdAt: string;
}

interface OpinionRow {
  id: string;
  instance_id: string;
  tenant_id: string;
  task_id: string | null;
  element_id: string | null;
  step_name: string | null;
  author: string;
  body: string;
  created_at: string;
}

export interface NewOpinion {
  instanceId: string;
  tenantId: string;
  step?: { taskId: string; elementId: string; name: string | null };
  author: string;
  body: string;
  at: string;
}

/** The one writer of `case_opinions`. */
export async function addOpinion(db: Knex, o: NewOpinion): Promise<Opinion> {
  const row: OpinionRow = {
    id: newId(),
    instance_id: o.instanceId,
    tenant_id: o.tenantId,
    task_id: o.step?.taskId ?? null,
    element_id: o.step?.elementId ?? null,
    step_name: o.step?.name ?? null,
    author: o.author,
    body: o.body,
    created_at: o.at,
  };
  await db('case_opinions').insert(row);
  return opinionView(row);
}

export async function opinionsOf(db: Knex, instanceId: string): Promise<Opinion[]> {
  const rows = (await db('case_opinions')
    .where({ instance_id: instanceId })
    .orderBy([{ column: 'created_at' }, { column: 'id' }])) as OpinionRow[];
  return rows.map(opinionView);
}

function opinionView(r: OpinionRow): Opinion {
  return {
    id: r.id,
    taskId: r.task_id,
    elementId: r.element_id,
    stepName: r.step_name,
    author: r.author,
    body: r.body,
    createdAt: r.created_at,
  };
}
