import type { Locale } from '../../definitions/index.js';
import type { HistoryEvent } from '../store/history.js';
import type { Opinion } from './opinions.js';

/** One line of a case's timeline: when, who (a display name), and what, in plain words. */
export interface TimelineEntry {
  at: string;
  actor: string | null;
  text: string;
}

export interface TimelineSources {
  history: HistoryEvent[];
  opinions: Opinion[];
  extensions: Array<{
    requested_by: string;
    reason: string;
    extend_by: string;
    status: string;
    decided_by: string | null;
    decided_at: string | null;
    decision_note: string | null;
    created_at: string;
    task_id: string;
  }>;
  urges: Array<{ urged_by: string; message: string | null; created_at: string; task_id: string }>;
  supervision: Array<{
    created_by: string;
    reason: string;
    deadline: string;
    created_at: string;
    closed_at: string | null;
    closed_by: string | null;
    resolution: string | null;
    element_id: string | null;
  }>;
  stepName: (elementId: string | null) => string;
  taskStep: (taskId: string) => string;
  personName: (username: string | null) => string | null;
  /** A person's or a department's name (signers, transfer targets, copy recipients). */
  whoName?: (id: string) => string;
}

const ZH = {
  started: '登记案件',
  startedPublic: '群众提交诉求',
  arrived: (s: string) => `转至「${s}」`,
  claimed: (s: string) => `签收「${s}」`,
  unclaimed: (s: string) => `退回「${s}」待签收`,
  completed: (s: string) => `办结「${s}」`,
  timer: (s: string) => `「${s}」到时`,
  closed: '办结归档',
  terminated: '案件终止',
  incident: (s: string) => `「${s}」出现故障，待处理`,
  attachment: (s: string, name: string) => `${s ? `在「${s}」` : ''}上传附件「${name}」`,
  cancel: '撤销案件',
  move: '调整办理环节',
  reason: (r: string) => `，理由：${r}`,
  opinion: (s: string, b: string) => `${s ? `在「${s}」` : ''}填写意见：${b}`,
  extension: (s: string, d: string, r: string) => `为「${s}」申请延期 ${d}，理由：${r}`,
  approved: (by: string) => `延期申请已批准（${by}）`,
  rejected: (by: string) => `延期申请已驳回（${by}）`,
  urge: (s: string, m: string | null) => `催办「${s}」${m ? `：${m}` : ''}`,
  supervise: (s: string, r: string, d: string) => `督办${s ? `「${s}」` : ''}，时限 ${d}，理由：${r}`,
  superviseClosed: (r: string | null) => `督办结束${r ? `：${r}` : ''}`,
  returned: (s: string, to: string) => `将「${s}」退回「${to}」`,
  refused: (s: string) => `退单（「${s}」不属本部门职责），退回派单环节`,
  withdrawn: (to: string) => `撤回「${to}」`,
  transferred: (s: string, to: string) => `将「${s}」转办给 ${to}`,
  proxied: (s: string, from: string, to: string) => `离岗代理：原办理人 ${from}，代理人 ${to}，环节「${s}」`,
  delegated: (s: string, to: string) => `将「${s}」委派给 ${to}`,
  resolved: (s: string) => `委派办毕，交回「${s}」`,
  copied: (to: string) => `抄送 ${to}`,
  signersAdded: (s: string, who: string) => `「${s}」加签：${who}`,
  signersRemoved: (s: string, who: string) => `「${s}」减签：${who}`,
  replied: (b: string, files: string[]) => `整改反馈：${b}${files.length ? `（附件：${files.join('、')}）` : ''}`,
  superviseReturned: (n: string) => `督办要求重新整改：${n}`,
  superviseEscalated: (unit: string, r: string) => `升级督办：由${unit}督办（${r}）`,
  superviseOverdue: '督办单超期，列入本月通报',
  signed: (s: string, vote: boolean | null) =>
    `会签「${s}」：${vote === true ? '同意' : vote === false ? '不同意' : '已签署'}`,
};
const EN: typeof ZH = {
  started: 'registered the case',
  startedPublic: 'submitted the appeal',
  arrived: (s) => `passed to "${s}"`,
  claimed: (s) => `claimed "${s}"`,
  unclaimed: (s) => `gave "${s}" back`,
  completed: (s) => `completed "${s}"`,
  timer: (s) => `"${s}" fell due`,
  closed: 'case closed',
  terminated: 'case terminated',
  incident: (s) => `"${s}" failed and waits for an operator`,
  attachment: (s, name) => `attached "${name}"${s ? ` at "${s}"` : ''}`,
  cancel: 'cancelled the case',
  move: 'moved the case to another step',
  reason: (r) => `, reason: ${r}`,
  opinion: (s, b) => `wrote an opinion${s ? ` at "${s}"` : ''}: ${b}`,
  extension: (s, d, r) => `asked to extend "${s}" by ${d}, reason: ${r}`,
  approved: (by) => `extension approved (${by})`,
  rejected: (by) => `extension refused (${by})`,
  urge: (s, m) => `urged "${s}"${m ? `: ${m}` : ''}`,
  supervise: (s, r, d) => `put${s ? ` "${s}"` : ''} under supervision, within ${d}, reason: ${r}`,
  superviseClosed: (r) => `supervision closed${r ? `: ${r}` : ''}`,
  returned: (s, to) => `returned "${s}" to "${to}"`,
  refused: (s) => `refused "${s}" as not their business; back to dispatch`,
  withdrawn: (to) => `took "${to}" back`,
  transferred: (s, to) => `transferred "${s}" to ${to}`,
  proxied: (s, from, to) => `leave proxy: ${to} stands in for ${from} at "${s}"`,
  delegated: (s, to) => `delegated "${s}" to ${to}`,
  resolved: (s) => `handed "${s}" back after the delegation`,
  copied: (to) => `sent a copy to ${to}`,
  signersAdded: (s, who) => `added signers to "${s}": ${who}`,
  signersRemoved: (s, who) => `removed signers from "${s}": ${who}`,
  replied: (b, files) => `rectification feedback: ${b}${files.length ? ` (attached: ${files.join(', ')})` : ''}`,
  superviseReturned: (n) => `supervision returned for rectification: ${n}`,
  superviseEscalated: (unit, r) => `escalated the supervision to ${unit} (${r})`,
  superviseOverdue: 'the supervision order went overdue (listed in the monthly circular)',
  signed: (s, vote) => `signed "${s}": ${vote === true ? 'agreed' : vote === false ? 'disagreed' : 'signed'}`,
};

/** "3 workDay" → "3 个工作日" (or "3 working days"). */
export function durationText(spec: string, locale: Locale): string {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(workDay|workHour|day|hour)s?\s*$/i.exec(spec);
  if (!m) return spec;
  const units: Record<string, [string, string]> = {
    workday: [' 个工作日', ' working days'],
    workhour: [' 个工作小时', ' working hours'],
    day: [' 天', ' days'],
    hour: [' 小时', ' hours'],
  };
  const [zh, en] = units[m[2]!.toLowerCase()]!;
  return `${m[1]}${locale === 'zh-CN' ? zh : en}`;
}

/** The case's timeline in plain words, in time order; never element ids or raw data. */
export function timeline(src: TimelineSources, locale: Locale): TimelineEntry[] {
  const w = locale === 'zh-CN' ? ZH : EN;
  const out: TimelineEntry[] = [];
  const add = (at: string, actor: string | null, text: string) => out.push({ at, actor: src.personName(actor), text });
  const who = (id: string) => src.whoName?.(id) ?? src.personName(id) ?? id;
  const names = (ids: unknown[] | undefined) =>
    (ids ?? []).map((id) => who(String(id))).join(locale === 'zh-CN' ? '、' : ', ');
  for (const e of src.history) {
    const step = src.stepName(e.elementId);
    const data = (e.data ?? {}) as Record<string, unknown>;
    switch (e.type) {
      case 'instanceStarted':
        add(e.at, e.actor, e.actor === 'public' ? w.startedPublic : w.started);
        break;
      case 'taskCreated':
        add(e.at, null, w.arrived(step));
        break;
      case 'taskClaimed':
        add(e.at, e.actor, w.claimed(step));
        break;
      case 'taskUnclaimed':
        add(e.at, e.actor, w.unclaimed(step));
        break;
      case 'taskCompleted':
        add(e.at, e.actor, w.completed(step));
        break;
      case 'timerFired':
        add(e.at, null, w.timer(step));
        break;
      case 'instanceCompleted':
        add(e.at, null, w.closed);
        break;
      case 'instanceTerminated':
        add(e.at, e.actor, w.terminated);
        break;
      case 'incidentRaised':
        add(e.at, null, w.incident(step));
        break;
      case 'attachmentAdded':
        add(e.at, e.actor, w.attachment(e.elementId ? step : '', String(data.fileName ?? '')));
        break;
      case 'taskReturned':
        add(e.at, e.actor, `${w.returned(step, src.stepName(String(data.to ?? '')))}${reasonOf(data, w)}`);
        break;
      case 'taskRefused':
        add(e.at, e.actor, `${w.refused(step)}${reasonOf(data, w)}`);
        break;
      case 'taskWithdrawn':
        add(e.at, e.actor, w.withdrawn(src.stepName(String(data.to ?? ''))));
        break;
      case 'taskTransferred':
        add(
          e.at,
          e.actor,
          `${w.transferred(step, who(String(data.toUser ?? data.toGroup ?? '')))}${reasonOf(data, w)}`,
        );
        break;
      case 'taskProxied':
        add(e.at, e.actor, w.proxied(step, who(String(data.from ?? '')), who(String(data.toUser ?? ''))));
        break;
      case 'taskDelegated':
        add(e.at, e.actor, `${w.delegated(step, who(String(data.delegate ?? '')))}${reasonOf(data, w)}`);
        break;
      case 'taskResolved':
        add(e.at, e.actor, w.resolved(step));
        break;
      case 'caseCopied':
        add(e.at, e.actor, w.copied(names((data.recipients as Array<{ id: string }> | undefined)?.map((r) => r.id))));
        break;
      case 'signersAdded':
      case 'signersRemoved':
        add(
          e.at,
          e.actor,
          `${(e.type === 'signersAdded' ? w.signersAdded : w.signersRemoved)(step, names(data.items as string[]))}${reasonOf(data, w)}`,
        );
        break;
      case 'supervisionReplied':
        add(e.at, e.actor, w.replied(String(data.body ?? ''), (data.files as string[] | undefined) ?? []));
        break;
      case 'supervisionReturned':
        add(e.at, e.actor, w.superviseReturned(String(data.note ?? '')));
        break;
      case 'supervisionEscalated':
        add(e.at, e.actor, w.superviseEscalated(String(data.unitName ?? ''), String(data.reason ?? '')));
        break;
      case 'supervisionOverdue':
        add(e.at, null, w.superviseOverdue);
        break;
      case 'countersignSigned':
        add(e.at, e.actor, w.signed(step, typeof data.agree === 'boolean' ? data.agree : null));
        break;
      case 'note': {
        const action = data.action === 'cancel' ? w.cancel : data.action === 'move' ? w.move : null;
        if (action) add(e.at, e.actor, `${action}${typeof data.reason === 'string' ? w.reason(data.reason) : ''}`);
        break;
      }
      default:
        break;
    }
  }
  for (const o of src.opinions) add(o.createdAt, o.author, w.opinion(o.stepName ?? '', o.body));
  for (const x of src.extensions) {
    add(
      x.created_at,
      x.requested_by,
      w.extension(src.taskStep(x.task_id), durationText(x.extend_by, locale), x.reason),
    );
    if (x.decided_at && x.status !== 'pending') {
      const by = src.personName(x.decided_by) ?? '';
      add(
        x.decided_at,
        x.decided_by,
        `${x.status === 'approved' ? w.approved(by) : w.rejected(by)}${x.decision_note ? w.reason(x.decision_note) : ''}`,
      );
    }
  }
  for (const u of src.urges) add(u.created_at, u.urged_by, w.urge(src.taskStep(u.task_id), u.message));
  for (const s of src.supervision) {
    add(
      s.created_at,
      s.created_by,
      w.supervise(src.stepName(s.element_id), s.reason, durationText(s.deadline, locale)),
    );
    if (s.closed_at) add(s.closed_at, s.closed_by, w.superviseClosed(s.resolution));
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

function reasonOf(data: Record<string, unknown>, w: typeof ZH): string {
  return typeof data.reason === 'string' && data.reason ? w.reason(data.reason) : '';
}
