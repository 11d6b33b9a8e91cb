import type { Locale } from '../../definitions/index.js';

type Explain = (step: string, names: string) => string;

/** What each incident code means, for an administrator, in plain words (never the engine's English). */
const ZH: Record<string, [title: string, explain: Explain]> = {
  FEEL_ERROR: [
    '表达式无法计算',
    (s, n) =>
      `「${s}」中的计算条件无法得出结果${n ? `，请检查${n}是否缺失或填写有误` : ''}。修正后重试，或把案件移到其他环节。`,
  ],
  NO_FLOW_TAKEN: [
    '没有符合条件的去向',
    (s, n) =>
      `「${s}」的各条去向条件都不成立，案件无法继续${n ? `；条件用到${n}` : ''}。修正数据后重试，或把案件移到其他环节。`,
  ],
  DMN_NO_MATCH: [
    '决策表没有匹配的规则',
    (s, n) =>
      `「${s}」的决策表没有一条规则与案件数据相符${n ? `（用到${n}）` : ''}。修正数据后重试，或补充规则后重试。`,
  ],
  DMN_UNIQUE_VIOLATION: [
    '决策表多条规则同时匹配',
    (s) => `「${s}」的决策表要求只命中一条规则，但有多条同时成立。调整规则或数据后重试。`,
  ],
  DMN_FEEL_ERROR: [
    '决策表中的条件无法计算',
    (s, n) => `「${s}」的决策表中有条件无法计算${n ? `，请检查${n}` : ''}。修正后重试。`,
  ],
  DECISION_NOT_FOUND: ['找不到决策表', (s) => `「${s}」要用的决策表尚未发布。发布后重试。`],
  LOOP_BUDGET_EXCEEDED: [
    '循环次数超过上限',
    (s) => `案件在「${s}」一带反复流转，超过了允许的次数，已暂停。检查流程或数据后重试。`,
  ],
  EVALUATION_LIMIT: [
    '计算量超过上限',
    (s, n) => `「${s}」的计算量超过上限（列表过长或计算过于复杂）${n ? `，涉及${n}` : ''}。缩小数据后重试。`,
  ],
  JOB_NO_RETRIES: ['自动处理多次失败', (s) => `「${s}」的自动处理多次失败，已停止重试。排除原因后重试。`],
  JOB_FAILED: ['自动处理出错', (s) => `「${s}」的自动处理出错，已停止。排除原因后重试。`],
  UNHANDLED_ERROR: [
    '业务错误无人处理',
    (s) => `「${s}」报告的业务错误在流程中没有对应的处理环节。把案件移到合适的环节，或修正后重试。`,
  ],
  CALLED_INSTANCE_TERMINATED: [
    '子流程已终止',
    (s) => `「${s}」调用的子流程被终止。把案件移到其他环节，或重试以重新调用。`,
  ],
  INVALID_VALUE: ['数据不符合要求', (s, n) => `「${s}」收到的数据不符合要求${n ? `，请检查${n}` : ''}。修正后重试。`],
};
const EN: Record<string, [title: string, explain: Explain]> = {
  FEEL_ERROR: [
    'An expression could not be evaluated',
    (s, n) =>
      `An expression in "${s}" gave no result${n ? `; check whether ${n} is missing or wrong` : ''}. Fix it and retry, or move the case to another step.`,
  ],
  NO_FLOW_TAKEN: [
    'No outgoing path matched',
    (s, n) =>
      `None of the conditions leaving "${s}" holds, so the case cannot go on${n ? `; they read ${n}` : ''}. Fix the variables and retry, or move the case.`,
  ],
  DMN_NO_MATCH: [
    'No rule of the decision table matched',
    (s, n) =>
      `No rule of the decision table in "${s}" fits the case${n ? ` (it reads ${n})` : ''}. Fix the data or add a rule, then retry.`,
  ],
  DMN_UNIQUE_VIOLATION: [
    'Several rules matched',
    (s) =>
      `The decision table in "${s}" allows one matching rule, but several matched. Adjust the rules or the data and retry.`,
  ],
  DMN_FEEL_ERROR: [
    'A rule could not be evaluated',
    (s, n) => `A condition of the decision table in "${s}" gave no result${n ? `; check ${n}` : ''}. Fix it and retry.`,
  ],
  DECISION_NOT_FOUND: [
    'Decision table not found',
    (s) => `The decision table "${s}" uses is not deployed. Deploy it and retry.`,
  ],
  LOOP_BUDGET_EXCEEDED: [
    'Too many loops',
    (s) => `The case went round "${s}" more often than allowed and was stopped. Check the process or data and retry.`,
  ],
  EVALUATION_LIMIT: [
    'Too much computation',
    (s, n) =>
      `"${s}" went over the computation limit (a list too long or an expression too costly)${n ? `; it reads ${n}` : ''}. Reduce the data and retry.`,
  ],
  JOB_NO_RETRIES: [
    'Automatic step failed repeatedly',
    (s) => `The automatic step "${s}" failed until no retries were left. Remove the cause and retry.`,
  ],
  JOB_FAILED: [
    'Automatic step failed',
    (s) => `The automatic step "${s}" failed and stopped. Remove the cause and retry.`,
  ],
  UNHANDLED_ERROR: [
    'Business error not handled',
    (s) =>
      `"${s}" reported a business error no step of the process handles. Move the case to a suitable step, or fix and retry.`,
  ],
  CALLED_INSTANCE_TERMINATED: [
    'Called process ended',
    (s) => `The process "${s}" called was terminated. Move the case or retry to call it again.`,
  ],
  INVALID_VALUE: [
    'Invalid data',
    (s, n) => `"${s}" received data that does not fit${n ? `; check ${n}` : ''}. Fix it and retry.`,
  ],
};

/** A variable the incident involves: `label` is what the case's forms call it, null when no form field holds it. */
export interface InvolvedVariable {
  name: string;
  label: string | null;
}

/**
 * The incident's short title and a sentence saying what happened and what to do. Variables are named
 * by their form label (「申请金额」); one without a label by its name, said to be a variable (变量「amount」).
 */
export function incidentText(
  code: string,
  step: string,
  variables: InvolvedVariable[],
  locale: Locale,
): { title: string; explanation: string } {
  const table = locale === 'zh-CN' ? ZH : EN;
  const [title, explain] =
    table[code] ??
    (locale === 'zh-CN'
      ? ['案件处理中断', (s: string) => `「${s}」处理中断，需要管理员处理。`]
      : ['Case stopped', (s: string) => `"${s}" stopped and needs an administrator.`]);
  const names = variables
    .map(({ name, label }) =>
      locale === 'zh-CN' ? (label ? `「${label}」` : `变量「${name}」`) : label ? `"${label}" (${name})` : `"${name}"`,
    )
    .join(locale === 'zh-CN' ? '、' : ', ');
  return { title, explanation: explain(step, names) };
}

const KIND_ZH: Record<string, string> = {
  exclusiveGateway: '分支判断',
  inclusiveGateway: '分支判断',
  parallelGateway: '并行分支',
  eventBasedGateway: '事件分支',
  userTask: '办理环节',
  serviceTask: '自动处理',
  businessRuleTask: '规则判断',
  scriptTask: '计算环节',
  callActivity: '子流程',
  subProcess: '子流程',
  sendTask: '发送消息',
  receiveTask: '等待消息',
};
const KIND_EN: Record<string, string> = {
  exclusiveGateway: 'decision',
  inclusiveGateway: 'decision',
  parallelGateway: 'parallel split',
  eventBasedGateway: 'event decision',
  userTask: 'task',
  serviceTask: 'automatic step',
  businessRuleTask: 'rule decision',
  scriptTask: 'calculation',
  callActivity: 'sub-process',
  subProcess: 'sub-process',
  sendTask: 'message',
  receiveTask: 'waiting for a message',
};

/** A step's name as people read it: its name, else what kind of step it is (never its element id). */
export function stepLabel(node: { name?: string; kind: string } | undefined, locale: Locale): string {
  if (node?.name?.trim()) return node.name.trim();
  const kinds = locale === 'zh-CN' ? KIND_ZH : KIND_EN;
  const kind = node ? kinds[node.kind] : undefined;
  return kind
    ? locale === 'zh-CN'
      ? `未命名的${kind}`
      : `unnamed ${kind}`
    : locale === 'zh-CN'
      ? '未命名环节'
      : 'unnamed step';
}
