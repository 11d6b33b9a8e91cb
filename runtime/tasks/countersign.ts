import type { Knex } from 'knex';
import { isFeel, type ExecutableProcess, type Locale, type MultiInstanceSpec } from '../../definitions/index.js';
import { signersOf, stepOperations, type InstanceState, type SignerState, type Token } from '../../engine/index.js';
import { hasRole, type Principal } from '../auth/index.js';
import { parseState, type InstanceRow } from '../execution/instance-row.js';
import type { Deps } from '../platform/http/deps.js';
import { parseChildId } from '../platform/ids.js';
import { readHistory, type HistoryEvent, type NewHistoryEvent } from '../store/history.js';
import type { UnitOfWork } from '../execution/unit-of-work.js';
import { isCandidate } from './access.js';
import type { TaskRow } from './views.js';

/** The history event a signer's completion of a countersign task leaves: who signed and how they voted. */
export const SIGNED_EVENT = 'countersignSigned';

export interface SignedData {
  taskId: string;
  signer: unknown;
  /** 同意 (true) / 不同意 (false) when the signer's form has the `agree` field, else null. */
  agree: boolean | null;
  opinion: string;
}

/** Who the signers of a countersign step are: people (`assignee = signer`) or departments (`candidateGroups = signer`). */
export function signerKindOf(def: ExecutableProcess, elementId: string): 'users' | 'groups' | null {
  const node = def.nodes[elementId];
  if (node?.kind !== 'userTask' || !node.multiInstance) return null;
  const element = node.multiInstance.inputElement;
  const refers = (e: typeof node.task.assignee) => !!e && isFeel(e) && e.feel.trim() === element;
  if (refers(node.task.assignee)) return 'users';
  if (refers(node.task.candidateGroups)) return 'groups';
  return null;
}

/** The countersign (multi-instance body) an open task is one signer's part of. */
export function countersignBody(state: InstanceState, localTaskId: number): Token | undefined {
  const wait = state.waits[localTaskId];
  const token = wait?.token === undefined ? undefined : state.tokens[wait.token];
  if (!token?.inner) return undefined;
  const body = state.tokens[state.scopes[token.scope]?.owner ?? -1];
  return body?.mi ? body : undefined;
}

/** The signer of an open countersign task (its inner instance's input element), if it is one. */
export function signerOfTask(state: InstanceState, def: ExecutableProcess, localTaskId: number): unknown {
  const wait = state.waits[localTaskId];
  const element = def.nodes[wait?.el ?? '']?.multiInstance?.inputElement;
  if (!wait || !element || !countersignBody(state, localTaskId)) return undefined;
  return state.scopes[wait.scope]?.vars[element];
}

export interface CountersignView {
  elementId: string;
  stepName: string;
  sequential: boolean;
  /** all | any | ratio | custom, and the rule in the reader's words. */
  rule: { kind: 'all' | 'any' | 'ratio' | 'custom'; text: string };
  signerKind: 'users' | 'groups' | null;
  signers: Array<{
    id: string;
    name: string;
    state: SignerState;
    agree: boolean | null;
    opinion: string | null;
    at: string | null;
  }>;
  counts: { signed: number; agreed: number; disagreed: number; pending: number; total: number };
  canAdd: boolean;
  canRemove: boolean;
}

/** The rule of a countersign in plain words. */
export function ruleOf(spec: MultiInstanceSpec, locale: Locale): CountersignView['rule'] {
  const zh = locale === 'zh-CN';
  const order = spec.sequential ? (zh ? '依次' : 'in turn, ') : '';
  const body = spec.completionCondition && isFeel(spec.completionCondition) ? spec.completionCondition.feel.trim() : '';
  if (body === '')
    return { kind: 'all', text: zh ? `${order}全部签署后通过` : `${order}passes when everyone has signed` };
  if (/^numberOfCompletedInstances\s*>=\s*1$/.test(body))
    return { kind: 'any', text: zh ? '任一人签署即通过' : 'passes when any one has signed' };
  const ratio = /^numberOfCompletedInstances\s*\/\s*numberOfInstances\s*>=\s*(\d+)\s*\/\s*(\d+)$/.exec(body);
  if (ratio)
    return {
      kind: 'ratio',
      text: zh
        ? `${order}签署人数达到 ${ratio[1]}/${ratio[2]} 即通过`
        : `${order}passes when ${ratio[1]}/${ratio[2]} of the signers have signed`,
    };
  return { kind: 'custom', text: zh ? '按流程设定的条件通过' : 'passes on the condition the process sets' };
}

/** Every running countersign of a case, with its vote summary; `task` narrows it to that task's countersign. */
export async function countersignsOf(
  deps: Deps,
  principal: Principal,
  instance: InstanceRow,
  locale: Locale,
  task?: TaskRow,
): Promise<CountersignView[]> {
  const state = parseState(instance);
  const def = await deps.definitions.process(deps.db.knex, instance.definition_id);
  let bodies = Object.values(state.tokens).filter((t) => t.mi && def.nodes[t.el]?.kind === 'userTask');
  if (task) {
    const ref = parseChildId(task.id);
    const body = ref ? countersignBody(state, ref.localId) : undefined;
    bodies = body ? [body] : bodies.filter((b) => b.el === task.element_id);
  }
  if (bodies.length === 0) return [];
  const history = await readHistory(deps.db.knex, instance.id);
  const openTasks = (await deps.db.knex('tasks').where({ instance_id: instance.id, status: 'open' })) as TaskRow[];
  const views: CountersignView[] = [];
  for (const body of bodies) {
    const node = def.nodes[body.el]!;
    const kind = signerKindOf(def, body.el);
    const signers = signersOf(state, body);
    const names = await namesOf(
      deps.db.knex,
      kind,
      signers.map((s) => String(s.item)),
    );
    const rows = signers.map((s) => {
      const vote = s.state === 'completed' ? latestVote(history, body.el, s.item) : undefined;
      return {
        id: String(s.item),
        name: names.get(String(s.item)) ?? String(s.item),
        state: s.state,
        agree: vote?.data.agree ?? null,
        opinion: vote?.data.opinion || null,
        at: vote?.at ?? null,
      };
    });
    const live = rows.filter((r) => r.state !== 'removed');
    const ops = stepOperations(def, body.el)!;
    const mayChange =
      hasRole(principal, 'tenant-admin', 'supervisor') ||
      openTasks.some((t) => t.element_id === body.el && isCandidate(principal, t));
    views.push({
      elementId: body.el,
      stepName: node.name ?? (locale === 'zh-CN' ? '会签' : 'countersign'),
      sequential: node.multiInstance!.sequential,
      rule: ruleOf(node.multiInstance!, locale),
      signerKind: kind,
      signers: rows,
      counts: {
        signed: live.filter((r) => r.state === 'completed').length,
        agreed: live.filter((r) => r.agree === true).length,
        disagreed: live.filter((r) => r.agree === false).length,
        pending: live.filter((r) => r.state === 'active' || r.state === 'pending').length,
        total: live.length,
      },
      canAdd: instance.status === 'active' && !!kind && ops.addSigners && mayChange,
      canRemove: instance.status === 'active' && !!kind && ops.removeSigners && mayChange,
    });
  }
  return views;
}

function latestVote(history: HistoryEvent[], el: string, signer: unknown) {
  for (let i = history.length - 1; i >= 0; i--) {
    const e = history[i]!;
    const data = e.data as SignedData | null;
    if (e.type === SIGNED_EVENT && e.elementId === el && JSON.stringify(data?.signer) === JSON.stringify(signer))
      return { at: e.at, data: data! };
  }
  return undefined;
}

async function namesOf(db: Knex, kind: 'users' | 'groups' | null, ids: string[]): Promise<Map<string, string>> {
  if (!kind || ids.length === 0) return new Map();
  const rows =
    kind === 'users'
      ? ((await db('users').whereIn('username', ids).select('username as id', 'display_name as name')) as Array<{
          id: string;
          name: string;
        }>)
      : ((await db('groups').whereIn('id', ids).select('id', 'name')) as Array<{ id: string; name: string }>);
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * The vote a signer's completion of a countersign task leaves in the history (read before the
 * completion, while the signer's instance still holds its input element); undefined for other tasks.
 */
export async function signatureOf(
  unit: UnitOfWork,
  instanceId: string,
  localId: number,
  taskId: string,
  variables: Record<string, unknown>,
  opinion: string | undefined,
): Promise<NewHistoryEvent | undefined> {
  const { row, state } = (await unit.readCase(instanceId))!;
  const def = await unit.services.definitions.process(unit.tx, row.definition_id);
  const signer = signerOfTask(state, def, localId);
  if (signer === undefined) return undefined;
  const agree = typeof variables.agree === 'boolean' ? variables.agree : null;
  const data: SignedData = { taskId, signer, agree, opinion: opinion ?? '' };
  return { type: SIGNED_EVENT, elementId: state.waits[localId]!.el, data };
}

/** The vote summary of the countersign an open task belongs to (null for any other task). */
export async function taskCountersign(
  deps: Deps,
  principal: Principal,
  task: TaskRow,
  locale: Locale,
): Promise<CountersignView | null> {
  if (task.status !== 'open') return null;
  const instance = (await deps.db.knex('instances').where({ id: task.instance_id }).first()) as InstanceRow;
  const def = await deps.definitions.process(deps.db.knex, instance.definition_id);
  if (!def.nodes[task.element_id]?.multiInstance) return null;
  return (await countersignsOf(deps, principal, instance, locale, task))[0] ?? null;
}
