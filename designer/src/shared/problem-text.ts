import type { Problem } from '../../../definitions/index.js';
import type { Locale } from '../app/i18n/index.js';

/** What each definition problem code means, for the problems panel (the API's own message, in English, follows it). */
const LABELS: Record<string, { 'zh-CN': string; en: string }> = {
  XML_INVALID: { 'zh-CN': 'BPMN 文件格式错误', en: 'The BPMN file is not valid XML' },
  XML_TOO_LARGE: { 'zh-CN': '文件过大', en: 'The file is too large' },
  UNSUPPORTED_ELEMENT: { 'zh-CN': '暂不支持的元素', en: 'Element not supported' },
  UNSUPPORTED_EXTENSION: { 'zh-CN': '暂不支持的扩展属性', en: 'Extension not supported' },
  START_INVALID: { 'zh-CN': '开始事件配置有误', en: 'Start event misconfigured' },
  START_MISSING: { 'zh-CN': '缺少开始事件', en: 'No start event' },
  PROCESS_MISSING: { 'zh-CN': '文件中没有流程', en: 'No process in the file' },
  REFERENCE_MISSING: { 'zh-CN': '引用的元素不存在', en: 'Referenced element missing' },
  DUPLICATE_ID: { 'zh-CN': '元素编号重复', en: 'Duplicate element id' },
  ID_MISSING: { 'zh-CN': '元素缺少编号', en: 'Element without id' },
  FLOW_INVALID: { 'zh-CN': '连线有误', en: 'Sequence flow misconfigured' },
  FLOW_CROSSES_SCOPE: { 'zh-CN': '连线跨越了子流程边界', en: 'Sequence flow crosses a subprocess boundary' },
  GATEWAY_INVALID: { 'zh-CN': '网关配置有误', en: 'Gateway misconfigured' },
  DEFAULT_FLOW_INVALID: { 'zh-CN': '默认连线有误', en: 'Default flow misconfigured' },
  CONDITION_MISSING: { 'zh-CN': '分支缺少条件', en: 'Branch without condition' },
  CONDITION_MISPLACED: { 'zh-CN': '条件放在了不能带条件的连线上', en: 'Condition on a flow that cannot have one' },
  FEEL_SYNTAX: { 'zh-CN': 'FEEL 表达式语法错误', en: 'FEEL expression syntax error' },
  PATTERN_UNSUPPORTED: { 'zh-CN': '文本格式规则的写法不受支持，请简化', en: 'Text pattern cannot run safely' },
  FEEL_FUNCTION_UNKNOWN: {
    'zh-CN': 'FEEL 表达式调用了不存在的函数',
    en: 'FEEL expression calls a function that does not exist',
  },
  LINK_INVALID: { 'zh-CN': '链接事件配对有误', en: 'Link events do not pair up' },
  LISTENER_INVALID: { 'zh-CN': '执行监听器配置有误', en: 'Execution listener misconfigured' },
  CAMUNDA7_IGNORED: { 'zh-CN': '已忽略 Camunda 7 的遗留属性', en: 'Camunda 7 leftovers ignored' },
  EVENT_INVALID: { 'zh-CN': '事件配置有误', en: 'Event misconfigured' },
  TIMER_INVALID: { 'zh-CN': '定时器配置有误', en: 'Timer misconfigured' },
  TIMER_CYCLE_TOO_SHORT: { 'zh-CN': '定时器重复间隔太短，请改长一些', en: 'Timer cycle repeats too often' },
  DEADLINE_INVALID: { 'zh-CN': '办理时限写法有误', en: 'Deadline misconfigured' },
  MESSAGE_MISSING: { 'zh-CN': '缺少消息定义', en: 'Message missing' },
  SIGNAL_MISSING: { 'zh-CN': '缺少信号定义', en: 'Signal missing' },
  JOB_TYPE_MISSING: { 'zh-CN': '服务任务缺少任务类型', en: 'Service task without a job type' },
  JOB_INVALID: { 'zh-CN': '服务任务配置有误', en: 'Service task misconfigured' },
  SCRIPT_INVALID: { 'zh-CN': '脚本任务配置有误', en: 'Script task misconfigured' },
  MAPPING_INVALID: { 'zh-CN': '变量映射有误', en: 'Variable mapping misconfigured' },
  MULTI_INSTANCE_INVALID: { 'zh-CN': '多实例配置有误', en: 'Multi-instance misconfigured' },
  CALLED_PROCESS_MISSING: { 'zh-CN': '调用的流程不存在', en: 'Called process missing' },
  DECISION_MISSING: { 'zh-CN': '引用的决策表不存在', en: 'Decision missing' },
  DECISION_INVALID: { 'zh-CN': '决策表有误', en: 'Decision table misconfigured' },
  DECISION_TEST_FAILED: { 'zh-CN': '测试用例「{test}」未通过：{reason}', en: 'Test case “{test}” fails: {reason}' },
  DECISION_TEST_INVALID: { 'zh-CN': '测试用例写法有误', en: 'Test case malformed' },
  FORM_MISSING: { 'zh-CN': '引用的表单不存在', en: 'Form missing' },
  FORM_INVALID: { 'zh-CN': '表单有误', en: 'Form misconfigured' },
  FORM_FIELD_DUPLICATE: { 'zh-CN': '字段键重复，请为每个字段使用不同的键', en: 'Duplicate field key' },
  FORM_FIELD_CONFLICT: {
    'zh-CN':
      '表单「{formA}」的「{labelA}」和表单「{formB}」的「{labelB}」使用同一个字段编号“{key}”，但填写的内容类型不同',
    en: 'Form “{formA}” (field “{labelA}”) and form “{formB}” (field “{labelB}”) use one field key “{key}” for different kinds of value',
  },
  FORM_SCHEMA_INVALID: { 'zh-CN': '表单结构有误', en: 'Form schema invalid' },
  FORM_UNSUPPORTED: { 'zh-CN': '暂不支持的表单写法', en: 'Form feature not supported' },
  FORM_COMPONENT_UNSUPPORTED: {
    'zh-CN': 'Camunda 表单中有无法转换的组件或规则',
    en: 'Camunda form component or rule cannot be mapped',
  },
  FORM_COMPONENT_INVALID: { 'zh-CN': 'Camunda 表单组件配置有误', en: 'Camunda form component misconfigured' },
  FORM_TOO_LARGE: { 'zh-CN': '表单过大，请拆分', en: 'Form too large' },
  FIELD_PERMISSION_INVALID: { 'zh-CN': '字段权限配置有误', en: 'Field permission misconfigured' },
  TASK_OPERATION_TARGET_UNKNOWN: {
    'zh-CN': '环节「{step}」的退回/退单目标“{target}”不是本流程的人工环节，请改为流程中已有的环节',
    en: 'Step "{step}": the return/refuse target "{target}" is not a user task of this process; name an existing step',
  },
  UNREACHABLE: { 'zh-CN': '元素无法到达', en: 'Element cannot be reached' },
  UNKNOWN_RESOURCE: { 'zh-CN': '无法识别的文件', en: 'Unknown resource' },
  DUPLICATE_RESOURCE: { 'zh-CN': '文件重复', en: 'Duplicate resource' },
  GROUP_UNKNOWN: { 'zh-CN': '部门不存在', en: 'Unknown department' },
  USER_UNKNOWN: { 'zh-CN': '办理人账号不存在', en: 'Unknown assignee' },
  FEEL_DOUBLE_EQUALS: { 'zh-CN': '条件里写了 ==', en: 'Condition uses ==' },
  FEEL_TYPE_MISMATCH: { 'zh-CN': '字段与比较的值类型不同', en: 'Field compared with a value of another type' },
  VARIABLE_UNSET: { 'zh-CN': '用到的字段此前没有填写', en: 'Variable not set before' },
  DECISION_OUTPUT_TYPE: { 'zh-CN': '决策表结果与列的类型不符', en: 'Decision output of the wrong type' },
  DECISION_INPUT_TYPE: { 'zh-CN': '决策表条件与列的类型不符', en: 'Decision condition of the wrong type' },
};

/** What to do, in the user's language, for the checks that say which value is wrong (`subject`). */
const SENTENCES: Record<string, { 'zh-CN': string; en: string }> = {
  DECISION_TEST_FAILED: {
    'zh-CN': '修改规则使测试用例「{subject}」得到期望的结果，或在试算中删除这个测试用例',
    en: 'Change the rules so test case "{subject}" gives its expected result, or remove the test case in the trial panel',
  },
  DECISION_TEST_INVALID: {
    'zh-CN': '测试用例「{subject}」的输入或期望结果写法有误，请在试算中重新保存',
    en: 'Test case "{subject}" has a malformed input or expected value; save it again in the trial panel',
  },
  FORM_FIELD_CONFLICT: {
    'zh-CN':
      '同一流程的各个表单共用案件数据，编号相同的字段会互相覆盖：请在其中一个表单里给这个字段换一个编号（“{subject}”以外的），或改成同一类型',
    en: 'The forms of one process share the case data, so fields with one key overwrite each other: give one of them a key other than "{subject}", or make them the same kind',
  },
  GROUP_UNKNOWN: {
    'zh-CN': '没有编号为「{subject}」的部门，请选择本级、下级或上级的部门',
    en: 'There is no department "{subject}"; pick one of this level, below or above',
  },
  USER_UNKNOWN: {
    'zh-CN': '没有用户名为「{subject}」的账号，请选择已有的账号',
    en: 'There is no account "{subject}"; pick an existing one',
  },
  FEEL_DOUBLE_EQUALS: {
    'zh-CN': '「等于」只写一个等号：把 == 改为 =',
    en: 'Write "equals" with a single =: change == to =',
  },
  FEEL_TYPE_MISMATCH: {
    'zh-CN': '比较 {subject} 的两边类型不同，这个条件永远不成立',
    en: 'The two sides of {subject} have different types; the condition is never true',
  },
  CAMUNDA7_IGNORED: {
    'zh-CN': '{subject} 是 Camunda 7 的设置，Camunda 8 与本系统都不使用它，已忽略（仅提醒，不影响部署）',
    en: '{subject} is a Camunda 7 setting; Camunda 8 and civicflow ignore it (a warning; deploying is allowed)',
  },
  VARIABLE_UNSET: {
    'zh-CN': '此处之前没有任何表单、开始变量或映射填写「{subject}」（仅提醒，不影响部署）',
    en: 'No form, start variable or mapping sets "{subject}" before this point (a warning; deploying is allowed)',
  },
  DECISION_INPUT_TYPE: {
    'zh-CN': '条件 {subject} 与这一列声明的类型不符；文字请加英文双引号，例如 "{subject}"',
    en: 'Condition {subject} is not of the column\'s type; put text in double quotes, e.g. "{subject}"',
  },
  DECISION_OUTPUT_TYPE: {
    'zh-CN': '结果 {subject} 不是这一列声明的类型；文字请加英文双引号，例如 "{subject}"',
    en: 'Output {subject} is not of the column\'s type; put text in double quotes, e.g. "{subject}"',
  },
};

const FALLBACK = { 'zh-CN': '定义有误', en: 'Definition problem' };

/** The problem in the user's language; `{name}` placeholders take the problem's `args` (the step's name, the target). */
export function problemLabel(p: Problem, locale: Locale): string {
  const text = (LABELS[p.code] ?? FALLBACK)[locale];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => p.args?.[name] ?? whole);
}

/** The problem in a sentence of the user's language when there is one for its code, else the API's (English) message. */
export function problemSentence(p: Problem, locale: Locale): string {
  const sentence = SENTENCES[p.code]?.[locale];
  return sentence && p.subject !== undefined ? sentence.replaceAll('{subject}', p.subject) : p.message;
}

export const PROBLEM_CODES = Object.keys(LABELS);
