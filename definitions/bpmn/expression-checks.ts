import { Duration, DateTime } from 'luxon';
import { cronError, cronShortestGapMs, isCronCycle } from './cron.js';
import { feelCallErrors } from '../feel/calls.js';
import { feelFacts } from '../feel/analysis.js';
import { feelPatternErrors } from '../feel/patterns.js';
import { feelExpressionError } from '../feel/syntax.js';
import {
  DEFAULT_MIN_TIMER_CYCLE_MS,
  exprSource,
  isFeel,
  type Expr,
  type ExecutableProcess,
  type FlowNode,
  type TimerSpec,
} from '../model/index.js';
import type { ProblemSink } from './problems.js';

/** Checks every expression of a process: FEEL syntax, and static timer values as ISO 8601 (cycles not too short). */
export function checkExpressions(
  proc: ExecutableProcess,
  sink: ProblemSink,
  minTimerCycleMs = DEFAULT_MIN_TIMER_CYCLE_MS,
): void {
  for (const flow of Object.values(proc.flows)) {
    if (flow.condition)
      checkFeel(flow.condition, 'condition', { id: flow.id, $type: 'bpmn:SequenceFlow', name: flow.name }, sink);
  }
  for (const node of Object.values(proc.nodes)) {
    for (const [what, expr] of namedExpressions(node)) checkFeel(expr, what, node, sink);
    const timer = timerOf(node);
    if (timer && !isFeel(timer.value)) {
      const reason =
        timer.kind === 'duration' && timer.businessTime
          ? workDurationError(timer.value.static)
          : staticTimerError(timer.kind, timer.value.static);
      if (reason) sink.add('TIMER_INVALID', `timer ${timer.kind} "${timer.value.static}" ${reason}`, node);
      else if (timer.kind === 'cycle') {
        const tooShort = timerCycleTooShort(timer.value.static, minTimerCycleMs);
        if (tooShort) sink.add('TIMER_CYCLE_TOO_SHORT', `timer cycle "${timer.value.static}" ${tooShort}`, node);
      }
    }
    const retries = 'job' in node ? node.job?.retries : undefined;
    if (retries && !isFeel(retries) && !/^\d+$/.test(retries.static.trim())) {
      sink.add('JOB_INVALID', `retries "${retries.static}" is not a whole number`, node);
    }
  }
}

function checkFeel(
  expr: Expr,
  what: string,
  element: { id?: string; $type?: string; name?: string },
  sink: ProblemSink,
): void {
  if (!isFeel(expr)) return;
  const reason = feelExpressionError(expr.feel);
  if (reason) {
    sink.add('FEEL_SYNTAX', `${what} "${exprSource(expr)}" is not valid FEEL: ${reason}`, element);
    return;
  }
  if (feelFacts(expr.feel).doubleEquals) {
    sink.add(
      'FEEL_DOUBLE_EQUALS',
      `${what} "${exprSource(expr)}" compares with "=="; FEEL compares with a single "="`,
      element,
      undefined,
      { subject: exprSource(expr) },
    );
  }
  for (const why of feelPatternErrors(expr.feel))
    sink.add('PATTERN_UNSUPPORTED', `${what} "${exprSource(expr)}": ${why}`, element);
  for (const why of feelCallErrors(expr.feel))
    sink.add('FEEL_FUNCTION_UNKNOWN', `${what} "${exprSource(expr)}" ${why}`, element);
}

function timerOf(node: FlowNode): TimerSpec | undefined {
  return 'event' in node && node.event.type === 'timer' ? node.event.timer : undefined;
}

/** All expressions a node carries, with a word saying what each one is. */
function namedExpressions(node: FlowNode): Array<[string, Expr]> {
  const out: Array<[string, Expr | undefined]> = [];
  for (const m of node.io?.inputs ?? []) out.push([`input mapping for "${m.target}"`, m.source]);
  for (const m of node.io?.outputs ?? []) out.push([`output mapping for "${m.target}"`, m.source]);
  const mi = node.multiInstance;
  if (mi)
    out.push(
      ['input collection', mi.inputCollection],
      ['output element', mi.outputElement],
      ['completion condition', mi.completionCondition],
    );
  if (node.kind === 'subProcess' && node.adHoc) {
    const a = node.adHoc;
    out.push(
      ['active elements collection', a.activeElements],
      ['completion condition', a.completionCondition],
      ['output element', a.outputElement],
    );
  }
  const timer = timerOf(node);
  if (timer) out.push([`timer ${timer.kind}`, timer.value]);
  if ('event' in node && node.event.type === 'message') {
    out.push(['message name', node.event.message.name], ['correlation key', node.event.message.correlationKey]);
  }
  if ('job' in node && node.job) out.push(['job type', node.job.type], ['job retries', node.job.retries]);
  switch (node.kind) {
    case 'userTask': {
      const t = node.task;
      out.push(
        ['assignee', t.assignee],
        ['candidate groups', t.candidateGroups],
        ['candidate users', t.candidateUsers],
      );
      out.push(
        ['due date', t.dueDate],
        ['follow-up date', t.followUpDate],
        ['priority', t.priority],
        ['deadline', t.deadline],
        ['warning', t.warning],
      );
      break;
    }
    case 'receiveTask':
      out.push(['message name', node.message.name], ['correlation key', node.message.correlationKey]);
      break;
    case 'sendTask':
      if (node.message) out.push(['message name', node.message.name], ['correlation key', node.message.correlationKey]);
      break;
    case 'businessRuleTask':
      out.push(['decision id', node.decisionId]);
      break;
    case 'scriptTask':
      out.push(['script', node.expression]);
      break;
    case 'callActivity':
      out.push(['called process id', node.processId]);
      break;
    default:
      break;
  }
  return out.filter((e): e is [string, Expr] => e[1] !== undefined);
}

/** Null when a literal timer value is valid ISO 8601 for its kind, else the reason. */
export function staticTimerError(kind: TimerSpec['kind'], value: string): string | null {
  const text = value.trim();
  if (kind === 'duration') return isDuration(text) ? null : 'is not an ISO 8601 duration (e.g. PT72H or P5D)';
  if (kind === 'date')
    return isDateTime(text) ? null : 'is not an ISO 8601 date-time with offset (e.g. 2026-03-01T09:00:00+08:00)';
  if (isCronCycle(text)) return cronError(text);
  const m = /^R(\d*)\/(.+)$/.exec(text);
  if (!m)
    return 'is neither an ISO 8601 repeating interval (e.g. R3/PT10M) nor a cron expression (e.g. 0 0 9 * * MON-FRI)';
  const parts = m[2]!.split('/');
  const ok =
    (parts.length === 1 && isDuration(parts[0]!, true)) ||
    (parts.length === 2 && isDateTime(parts[0]!) && isDuration(parts[1]!, true));
  return ok
    ? null
    : 'is not an ISO 8601 repeating interval with a positive period (e.g. R3/PT10M or R/2026-03-01T09:00:00+08:00/P1D)';
}

/** Null when a valid repeating interval repeats no more often than `minMs`, else the reason. */
export function timerCycleTooShort(value: string, minMs = DEFAULT_MIN_TIMER_CYCLE_MS): string | null {
  const period = value.trim().split('/').pop()!;
  const ms = isCronCycle(value) ? cronShortestGapMs(value) : Duration.fromISO(period).toMillis();
  return ms < minMs ? `repeats every ${describeMs(ms)}; the shortest interval allowed is ${describeMs(minMs)}` : null;
}

function describeMs(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} hour${ms === 3_600_000 ? '' : 's'}`;
  if (ms % 60_000 === 0) return `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}`;
  if (ms % 1000 === 0) return `${ms / 1000} second${ms === 1000 ? '' : 's'}`;
  return `${ms} ms`;
}

/**
 * Null when a literal civic:deadline duration has the shape the business calendar reads
 * (`5 workDay`, `3 calendarDay`, `2 workHour`, `72 hour`, `15 minute`, `5个工作日`, `15日`, `十五日`,
 * `2小时`, `15分钟`, `4工作小时`); the calendar itself checks amounts at run time.
 */
export function workDurationError(value: string): string | null {
  const text = value.trim().replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const english = /^\d+(\.\d+)?\s*(calendarday|workday|workhour|hour|minute)s?$/i.test(text);
  const chinese =
    /^(\d+(\.\d+)?|[零〇一二两三四五六七八九十百]+)\s*个?\s*(工作小时|工作日|自然日|日历日|分钟|小时|日|天)$/u.test(
      text,
    );
  return english || chinese ? null : 'is not a working-unit duration (e.g. 5 workDay, 2 workHour, 15日, 5个工作日)';
}

/** `P`, `PT` and negative durations are not durations; a cycle's period must also be longer than zero. */
function isDuration(text: string, positive = false): boolean {
  const d = Duration.fromISO(text);
  return /\d/.test(text) && d.isValid && (positive ? d.toMillis() > 0 : d.toMillis() >= 0);
}

/** A date-time must say its offset (`Z`, `+08:00`, optionally a `[zone]`): local time would depend on the server. */
function isDateTime(text: string): boolean {
  return /T.*(Z|[+-]\d{2}(:?\d{2})?)(\[[^\]]+\])?$/i.test(text) && DateTime.fromISO(text, { setZone: true }).isValid;
}
